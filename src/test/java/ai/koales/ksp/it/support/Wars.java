package ai.koales.ksp.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The built WAR ({@code ksp.it.war}) as the deployment of a class that tests in the container. */
public final class Wars {

  static final String CONFIG = "WEB-INF/classes/META-INF/microprofile-config.properties";

  private Wars() {}

  /** The WAR the build produced, unchanged. */
  public static WebArchive built() {
    return ShrinkWrap.createFromZipFile(
        WebArchive.class, new File(System.getProperty("ksp.it.war")));
  }

  /**
   * The built WAR with {@code properties} appended to its MicroProfile Config file: a key given
   * here overrides the packaged value (the later line wins).
   */
  public static WebArchive withConfig(String properties) throws IOException {
    WebArchive war = built();
    String config;
    try (InputStream in = war.get(CONFIG).getAsset().openStream()) {
      config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    war.delete(CONFIG);
    war.add(new StringAsset(config + "\n" + properties + "\n"), CONFIG);
    return war;
  }
}
