package ai.koales.ksp.persistence.gateway;

import ai.koales.ksp.persistence.platform.ConfigValues;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The gateway's configuration (keys {@code ksp.gateway.*}; defaults and comments in {@code
 * microprofile-config.properties}), read and checked once: a signing key that is not base64 or a
 * PDP URL that is not http(s) stops the gateway with a message naming the key. Secrets are never
 * logged.
 */
@ApplicationScoped
public class GatewaySettings {

  private static final Logger LOG = Logger.getLogger(GatewaySettings.class.getName());

  private byte[] signingKey;
  private boolean signatureRequired;
  private URI pdpUrl;
  private String pdpApiKey;
  private Set<String> permittedActors;
  private int maxRequestBytes;

  @PostConstruct
  void read() {
    Config c = ConfigProvider.getConfig();
    signingKey =
        c.getOptionalValue("ksp.gateway.signing-key", String.class)
            .filter(s -> !s.isBlank())
            .map(GatewaySettings::base64)
            .orElse(null);
    signatureRequired =
        c.getOptionalValue("ksp.gateway.signature-required", Boolean.class).orElse(true);
    if (!signatureRequired) {
      LOG.warning(
          "ksp.gateway.signature-required=false: the Connect gateway accepts unsigned envelopes");
    }
    pdpUrl =
        c.getOptionalValue("ksp.gateway.pdp.url", String.class)
            .filter(s -> !s.isBlank())
            .map(GatewaySettings::httpUrl)
            .orElse(null);
    pdpApiKey =
        c.getOptionalValue("ksp.gateway.pdp.api-key", String.class)
            .filter(s -> !s.isBlank())
            .orElse(null);
    Set<String> actors = new LinkedHashSet<>();
    for (String a :
        c.getOptionalValue("ksp.gateway.pdp.permitted-actors", String.class)
            .orElse("")
            .split(",")) {
      if (!a.isBlank()) {
        actors.add(a.trim());
      }
    }
    permittedActors = Set.copyOf(actors);
    maxRequestBytes = ConfigValues.positive(c, "ksp.gateway.max-request-bytes", 1 << 20);
  }

  /** Read at deployment, so that a bad value stops it, and say how the gateway is set up. */
  void atStartup(@Observes @Initialized(ApplicationScoped.class) Object deployed) {
    LOG.info(
        () ->
            "Connect gateway: envelope signing key "
                + (signingKey == null
                    ? "not configured (signed submissions are refused)"
                    : "configured")
                + "; PDP "
                + (pdpUrl != null
                    ? pdpUrl + "/evaluate"
                    : "built in, permitting actor types " + permittedActors));
  }

  private static byte[] base64(String value) {
    String v = value.replaceAll("\\s", "");
    try {
      return v.indexOf('-') >= 0 || v.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(v)
          : Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("ksp.gateway.signing-key must be base64 (its key bytes)");
    }
  }

  private static URI httpUrl(String value) {
    try {
      URI u = URI.create(value.trim());
      if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return u;
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("ksp.gateway.pdp.url must be an http(s) URL: " + value);
    }
  }

  /** The envelope signing key's bytes; empty when none is configured (signed submits refused). */
  public Optional<byte[]> signingKey() {
    return Optional.ofNullable(signingKey).map(byte[]::clone);
  }

  /** Whether envelope signatures are checked (edges.md §8 Q6: a flag, required by default). */
  public boolean signatureRequired() {
    return signatureRequired;
  }

  /** The external PDP's base URL ({@code POST {url}/evaluate}); empty: the configured actors. */
  public Optional<URI> pdpUrl() {
    return Optional.ofNullable(pdpUrl);
  }

  public Optional<String> pdpApiKey() {
    return Optional.ofNullable(pdpApiKey);
  }

  /** The actor types the built-in PDP permits (none by default: every submit is denied). */
  public Set<String> permittedActors() {
    return permittedActors;
  }

  /** The largest request body the gateway reads. */
  public int maxRequestBytes() {
    return maxRequestBytes;
  }
}
