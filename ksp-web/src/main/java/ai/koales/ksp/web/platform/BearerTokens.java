package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Verifies a bearer token that did not arrive in an {@code Authorization} header MicroProfile JWT
 * handles itself: a WebSocket's {@code access_token} or first message, a GraphQL {@code
 * connection_init} payload. The checks are MicroProfile JWT's, from its configuration ({@link
 * JwtVerifier}), and the token must carry a KSP role.
 */
@ApplicationScoped
public class BearerTokens {

  @Inject Clock clock;

  private volatile JwtVerifier verifier;

  /**
   * The identity of {@code token} (with or without the {@code Bearer } prefix); {@code
   * unauthorized} when missing or invalid, {@code forbidden} without a KSP role.
   */
  public Identity verify(String token) {
    String raw = strip(token);
    if (raw == null) {
      throw new KspException(
          "unauthorized", FailureKind.UNAUTHENTICATED, "A valid bearer token is required.");
    }
    Map<String, Object> claims;
    try {
      claims = verifier().verify(raw);
    } catch (JwtVerifier.InvalidTokenException e) {
      throw new KspException(
          "unauthorized",
          FailureKind.UNAUTHENTICATED,
          "The bearer token is not valid: " + e.getMessage() + ".");
    }
    Set<String> groups = strings(claims.get("groups"));
    Set<String> roles =
        Arrays.stream(Roles.ALL).filter(groups::contains).collect(Collectors.toSet());
    if (roles.isEmpty()) {
      throw new KspException(
          "forbidden", FailureKind.FORBIDDEN, "The token carries no KSP role (groups claim).");
    }
    Object subject = claims.get("upn");
    if (subject == null) {
      subject = claims.get("preferred_username");
    }
    if (subject == null) {
      subject = claims.get("sub");
    }
    return new Identity(
        subject == null ? "" : subject.toString(),
        roles,
        Caller.orgsClaim(claims.get(Caller.ORGS_CLAIM)));
  }

  private JwtVerifier verifier() {
    JwtVerifier v = verifier;
    if (v == null) {
      Config c = ConfigProvider.getConfig();
      v =
          new JwtVerifier(
              new JwtVerifier.Settings(
                  c.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse(null),
                  c.getOptionalValue("mp.jwt.verify.publickey", String.class).orElse(null),
                  c.getOptionalValue("mp.jwt.verify.publickey.location", String.class).orElse(null),
                  c.getOptionalValue("mp.jwt.verify.publickey.algorithm", String.class)
                      .orElse("RS256"),
                  c.getOptionalValue("mp.jwt.verify.audiences", String.class)
                      .map(a -> Set.of(a.split("\\s*,\\s*")))
                      .orElse(Set.of()),
                  Duration.ofSeconds(
                      c.getOptionalValue("mp.jwt.verify.clock.skew", Long.class).orElse(60L)),
                  c.getOptionalValue("mp.jwt.verify.token.age", Long.class)
                      .map(Duration::ofSeconds)
                      .orElse(null)),
              clock);
      verifier = v;
    }
    return v;
  }

  private static Set<String> strings(Object claim) {
    if (claim instanceof Collection<?> c) {
      return c.stream().map(String::valueOf).collect(Collectors.toCollection(LinkedHashSet::new));
    }
    return claim == null ? Set.of() : new LinkedHashSet<>(List.of(claim.toString()));
  }

  /** The token without a {@code Bearer } prefix, or null when blank. */
  static String strip(String token) {
    if (token == null) {
      return null;
    }
    String t = token.trim();
    if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
      t = t.substring(7).trim();
    }
    return t.isEmpty() ? null : t;
  }
}
