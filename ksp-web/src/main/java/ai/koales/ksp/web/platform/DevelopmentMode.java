package ai.koales.ksp.web.platform;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * At startup, writes fresh development tokens when no issuer is configured and says where they are;
 * otherwise says which issuer tokens must come from.
 *
 * <p>The key pair is created once and kept; the tokens are written anew at every start, so they are
 * always valid for 30 days from the last start and tokens handed out earlier stay valid too (same
 * key). With an issuer configured, a {@code tokens.json} left by an earlier development run is
 * deleted: its tokens are refused now, and a file that looks like working credentials would only
 * mislead.
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
      removeStaleTokens(DevelopmentKeyConfigSource.dataDir(config));
      if (DevelopmentKeyConfigSource.isDevelopmentIssuer(
          config.getOptionalValue(DevelopmentKeyConfigSource.ISSUER_KEY, String.class))) {
        LOG.severe(
            "KSP: mp.jwt.verify.publickey.location is set but mp.jwt.verify.issuer is not, so every"
                + " bearer token is refused. Set mp.jwt.verify.issuer (MP_JWT_VERIFY_ISSUER) to"
                + " the issuer of that key.");
        return;
      }
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

  private static void removeStaleTokens(Path dataDir) {
    Path stale = dataDir.resolve("dev").resolve("tokens.json");
    try {
      if (Files.deleteIfExists(stale)) {
        LOG.info(() -> "Deleted " + stale + ": development mode is off, its tokens are refused.");
      }
    } catch (IOException e) {
      LOG.warning(() -> "Could not delete the stale development tokens " + stale + ": " + e);
    }
  }

  /** Whether this server runs on development keys. */
  public boolean isActive() {
    return tokensFile != null;
  }

  public Path tokensFile() {
    return tokensFile;
  }
}
