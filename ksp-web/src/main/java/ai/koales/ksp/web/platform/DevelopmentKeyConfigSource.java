package ai.koales.ksp.web.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies MicroProfile JWT with the development issuer and public key when nobody configured an
 * issuer (api.md "Development mode").
 *
 * <p>It has the lowest ordinal, so an issuer set anywhere else (system property, environment
 * variable {@code MP_JWT_VERIFY_ISSUER}, a config file) wins. Only when the effective issuer is
 * still the development one does it hand out the public key, creating the key pair under {@code
 * {ksp.data-dir}/dev/} on first use; with a real issuer configured no development key is ever
 * created.
 */
public class DevelopmentKeyConfigSource implements ConfigSource {

  static final String ISSUER_KEY = "mp.jwt.verify.issuer";
  static final String PUBLIC_KEY_KEY = "mp.jwt.verify.publickey";
  static final String PUBLIC_KEY_LOCATION_KEY = "mp.jwt.verify.publickey.location";
  static final String DATA_DIR_KEY = "ksp.data-dir";
  static final String DEFAULT_DATA_DIR = "./data";

  /** Below every standard source (system properties 400, env 300, config files 100). */
  static final int ORDINAL = 1;

  private static final ThreadLocal<Boolean> RESOLVING = ThreadLocal.withInitial(() -> false);

  @Override
  public Set<String> getPropertyNames() {
    return Set.of(ISSUER_KEY, PUBLIC_KEY_KEY);
  }

  @Override
  public Map<String, String> getProperties() {
    String key = getValue(PUBLIC_KEY_KEY);
    return key == null
        ? Map.of(ISSUER_KEY, DevelopmentKeys.ISSUER)
        : Map.of(ISSUER_KEY, DevelopmentKeys.ISSUER, PUBLIC_KEY_KEY, key);
  }

  @Override
  public String getValue(String name) {
    if (ISSUER_KEY.equals(name)) {
      return DevelopmentKeys.ISSUER;
    }
    if (!PUBLIC_KEY_KEY.equals(name) || RESOLVING.get()) {
      return null;
    }
    RESOLVING.set(true);
    try {
      Config config = ConfigProvider.getConfig();
      if (!isActive(config)) {
        return null;
      }
      return DevelopmentKeys.loadOrCreate(dataDir(config)).publicKeyBase64();
    } finally {
      RESOLVING.set(false);
    }
  }

  @Override
  public int getOrdinal() {
    return ORDINAL;
  }

  @Override
  public String getName() {
    return "ksp-development-keys";
  }

  /**
   * Development mode is on exactly when the effective issuer is the development issuer and nobody
   * configured where the issuer's key is: a key location without an issuer is a half-done
   * production setup, and handing out a development key then would shadow the configured one.
   */
  public static boolean isActive(Config config) {
    return isActive(
        config.getOptionalValue(ISSUER_KEY, String.class),
        config.getOptionalValue(PUBLIC_KEY_LOCATION_KEY, String.class));
  }

  static boolean isActive(Optional<String> issuer, Optional<String> publicKeyLocation) {
    return isDevelopmentIssuer(issuer) && publicKeyLocation.isEmpty();
  }

  static boolean isDevelopmentIssuer(Optional<String> issuer) {
    return issuer.filter(DevelopmentKeys.ISSUER::equals).isPresent();
  }

  public static Path dataDir(Config config) {
    return Path.of(config.getOptionalValue(DATA_DIR_KEY, String.class).orElse(DEFAULT_DATA_DIR));
  }
}
