package ai.koales.ksp.web.platform;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * At startup, writes fresh development tokens when no issuer is configured and says where they are;
 * otherwise says which issuer tokens must come from.
 */
@Singleton
@Startup
public class DevelopmentMode {

  private static final Logger LOG = Logger.getLogger(DevelopmentMode.class.getName());

  private volatile Path tokensFile;

  @PostConstruct
  void start() {
    Config config = ConfigProvider.getConfig();
    if (!DevelopmentKeyConfigSource.isActive(config)) {
      LOG.info(
          () ->
              "KSP accepts bearer tokens from issuer "
                  + config
                      .getOptionalValue(DevelopmentKeyConfigSource.ISSUER_KEY, String.class)
                      .orElse("?")
                  + " (development mode is off)");
      return;
    }
    DevelopmentKeys keys = DevelopmentKeys.loadOrCreate(DevelopmentKeyConfigSource.dataDir(config));
    tokensFile = keys.writeTokens(Clock.systemUTC().instant());
    LOG.warning(
        () ->
            "KSP development mode: no JWT issuer is configured, so tokens are signed by a local key."
                + " Development tokens for each role (valid 30 days): "
                + tokensFile
                + " - set mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER) for production.");
  }

  /** Whether this server runs on development keys. */
  public boolean isActive() {
    return tokensFile != null;
  }

  public Path tokensFile() {
    return tokensFile;
  }
}
