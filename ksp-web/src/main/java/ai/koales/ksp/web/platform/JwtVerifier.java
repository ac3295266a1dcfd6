package ai.koales.ksp.web.platform;

import ai.koales.ksp.persistence.platform.JsonValues;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a compact JWS bearer token the way MicroProfile JWT does, from the same configuration
 * keys, for tokens that reach KSP outside an {@code Authorization} header (WebSocket {@code
 * access_token} or first message, GraphQL {@code connection_init}). Neither the MicroProfile JWT
 * API nor Payara offers a public parser for such tokens, hence this class.
 *
 * <p>Rules: the header's {@code alg} must be the configured one ({@code RS256} by default, or
 * {@code ES256}; {@code none} and HMAC never); the signature must verify with the configured key
 * ({@code mp.jwt.verify.publickey}: PEM, base64 DER, JWK or JWKS; or {@code
 * mp.jwt.verify.publickey.location}: a file, {@code http(s)} or classpath URL holding one of those,
 * JWKS keys chosen by {@code kid}); {@code iss} must equal {@code mp.jwt.verify.issuer}; {@code
 * exp} is required and, with {@code mp.jwt.verify.clock.skew} seconds of leeway (default 60), in
 * the future; {@code aud} must contain one of {@code mp.jwt.verify.audiences} when that is set;
 * with {@code mp.jwt.verify.token.age}, {@code iat} must be that recent.
 */
public final class JwtVerifier {

  /** What MicroProfile JWT's configuration says. */
  public record Settings(
      String issuer,
      String publicKey,
      String publicKeyLocation,
      String algorithm,
      Set<String> audiences,
      Duration clockSkew,
      Duration tokenAge) {}

  /** Why a token was refused; the message is safe to show. */
  public static final class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidTokenException(String message) {
      super(message);
    }
  }

  private static final Duration REMOTE_KEYS_TTL = Duration.ofMinutes(10);

  private final Settings settings;
  private final Clock clock;
  private volatile List<Jwk> keys;
  private volatile long keysLoadedAt;

  public JwtVerifier(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The token's claims, when it is valid. */
  public Map<String, Object> verify(String token) throws InvalidTokenException {
    if (settings.issuer() == null) {
      throw new InvalidTokenException("no JWT issuer is configured");
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new InvalidTokenException("not a compact JWS");
    }
    Map<String, Object> header = json(parts[0]);
    Map<String, Object> claims = json(parts[1]);
    String alg = String.valueOf(header.get("alg"));
    String expected = settings.algorithm() == null ? "RS256" : settings.algorithm();
    if (!expected.equals(alg)) {
      throw new InvalidTokenException("algorithm " + alg + " is not accepted");
    }
    byte[] signature = b64(parts[2]);
    byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
    Object kid = header.get("kid");
    if (!verifiesWithAnyKey(alg, kid == null ? null : kid.toString(), input, signature)) {
      throw new InvalidTokenException("the signature does not verify");
    }
    checkClaims(claims);
    return claims;
  }

  private void checkClaims(Map<String, Object> claims) throws InvalidTokenException {
    if (!settings.issuer().equals(claims.get("iss"))) {
      throw new InvalidTokenException("the issuer is not accepted");
    }
    long now = clock.millis() / 1000;
    long skew = settings.clockSkew() == null ? 60 : settings.clockSkew().toSeconds();
    Long exp = number(claims.get("exp"));
    if (exp == null || exp + skew <= now) {
      throw new InvalidTokenException("the token has expired");
    }
    Long iat = number(claims.get("iat"));
    if (settings.tokenAge() != null
        && (iat == null || iat + settings.tokenAge().toSeconds() + skew < now)) {
      throw new InvalidTokenException("the token is too old");
    }
    if (settings.audiences() != null && !settings.audiences().isEmpty()) {
      Object aud = claims.get("aud");
      Collection<?> given =
          aud instanceof Collection<?> c ? c : aud == null ? List.of() : List.of(aud);
      if (given.stream().map(String::valueOf).noneMatch(settings.audiences()::contains)) {
        throw new InvalidTokenException("the audience is not accepted");
      }
    }
  }

  private boolean verifiesWithAnyKey(String alg, String kid, byte[] input, byte[] signature)
      throws InvalidTokenException {
    List<Jwk> candidates = keys(false);
    if (kid != null && candidates.stream().noneMatch(k -> kid.equals(k.kid())) && isRemote()) {
      candidates = keys(true);
    }
    for (Jwk k : candidates) {
      if (kid != null && k.kid() != null && !kid.equals(k.kid())) {
        continue;
      }
      if (verifies(alg, k.key(), input, signature)) {
        return true;
      }
    }
    return false;
  }

  private static boolean verifies(String alg, PublicKey key, byte[] input, byte[] signature) {
    try {
      Signature s;
      byte[] sig = signature;
      switch (alg) {
        case "RS256" -> s = Signature.getInstance("SHA256withRSA");
        case "RS384" -> s = Signature.getInstance("SHA384withRSA");
        case "RS512" -> s = Signature.getInstance("SHA512withRSA");
        case "ES256" -> {
          s = Signature.getInstance("SHA256withECDSAinP1363Format");
        }
        default -> {
          return false;
        }
      }
      s.initVerify(key);
      s.update(input);
      return s.verify(sig);
    } catch (GeneralSecurityException | ClassCastException wrongKeyType) {
      return false;
    }
  }

  private boolean isRemote() {
    String loc = settings.publicKeyLocation();
    return settings.publicKey() == null && loc != null && loc.startsWith("http");
  }

  private List<Jwk> keys(boolean reload) throws InvalidTokenException {
    List<Jwk> k = keys;
    long age = clock.millis() - keysLoadedAt;
    if (k == null || reload || (isRemote() && age > REMOTE_KEYS_TTL.toMillis())) {
      synchronized (this) {
        k = parseKeys(keyText());
        keys = k;
        keysLoadedAt = clock.millis();
      }
    }
    return k;
  }

  private String keyText() throws InvalidTokenException {
    if (settings.publicKey() != null && !settings.publicKey().isBlank()) {
      return settings.publicKey();
    }
    String loc = settings.publicKeyLocation();
    if (loc == null || loc.isBlank()) {
      throw new InvalidTokenException("no JWT verification key is configured");
    }
    try {
      if (loc.startsWith("http://") || loc.startsWith("https://")) {
        HttpResponse<String> r =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                    HttpRequest.newBuilder(URI.create(loc)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new InvalidTokenException("the verification key could not be fetched");
        }
        return r.body();
      }
      if (loc.startsWith("file:")) {
        return Files.readString(Path.of(URI.create(loc)));
      }
      String resource = loc.startsWith("classpath:") ? loc.substring(10) : loc;
      try (InputStream in =
          Thread.currentThread()
              .getContextClassLoader()
              .getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
        if (in == null) {
          throw new InvalidTokenException("the verification key location is not readable");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new InvalidTokenException("the verification key could not be read");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidTokenException("interrupted while fetching the verification key");
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("the verification key location is not a URL");
    }
  }

  /** A key with its optional JWK id. */
  record Jwk(String kid, PublicKey key) {}

  @SuppressWarnings("unchecked")
  static List<Jwk> parseKeys(String text) throws InvalidTokenException {
    String t = text.trim();
    try {
      if (t.startsWith("{")) {
        Map<String, Object> json = JsonValues.parseObject(t);
        List<Jwk> out = new ArrayList<>();
        if (json.get("keys") instanceof List<?> list) {
          for (Object o : list) {
            if (o instanceof Map<?, ?> m) {
              jwk((Map<String, Object>) m).ifPresent(out::add);
            }
          }
        } else {
          jwk(json).ifPresent(out::add);
        }
        return out;
      }
      String b64 = t.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
      byte[] der = Base64.getDecoder().decode(b64);
      X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
      try {
        return List.of(new Jwk(null, KeyFactory.getInstance("RSA").generatePublic(spec)));
      } catch (GeneralSecurityException notRsa) {
        return List.of(new Jwk(null, KeyFactory.getInstance("EC").generatePublic(spec)));
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new InvalidTokenException("the configured verification key is not readable");
    }
  }

  private static Optional<Jwk> jwk(Map<String, Object> m) throws GeneralSecurityException {
    String kid = m.get("kid") == null ? null : m.get("kid").toString();
    if ("RSA".equals(m.get("kty"))) {
      BigInteger n = new BigInteger(1, b64Url(String.valueOf(m.get("n"))));
      BigInteger e = new BigInteger(1, b64Url(String.valueOf(m.get("e"))));
      return Optional.of(
          new Jwk(kid, KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e))));
    }
    if ("EC".equals(m.get("kty")) && "P-256".equals(m.get("crv"))) {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      ECPoint w =
          new ECPoint(
              new BigInteger(1, b64Url(String.valueOf(m.get("x")))),
              new BigInteger(1, b64Url(String.valueOf(m.get("y")))));
      return Optional.of(
          new Jwk(kid, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec))));
    }
    return Optional.empty();
  }

  private static Map<String, Object> json(String part) throws InvalidTokenException {
    try {
      return JsonValues.parseObject(new String(b64(part), StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new InvalidTokenException("not a JWT");
    }
  }

  private static byte[] b64(String part) throws InvalidTokenException {
    try {
      return b64Url(part);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("not base64url");
    }
  }

  private static byte[] b64Url(String s) {
    return Base64.getUrlDecoder().decode(s);
  }

  private static Long number(Object v) {
    return v instanceof Number n ? n.longValue() : null;
  }
}
