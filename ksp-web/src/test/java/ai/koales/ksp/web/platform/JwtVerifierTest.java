package ai.koales.ksp.web.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

  static final String ISSUER = "https://idp.example.test";
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  static final KeyPair RSA = generate("RSA", null);
  static final KeyPair OTHER = generate("RSA", null);

  static KeyPair generate(String alg, String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
      if (curve != null) {
        g.initialize(new ECGenParameterSpec(curve));
      } else {
        g.initialize(2048);
      }
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(KeyPair k) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(k.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  static JwtVerifier verifier(String key, String alg, Set<String> audiences) {
    return new JwtVerifier(
        new JwtVerifier.Settings(ISSUER, key, null, alg, audiences, Duration.ofSeconds(60), null),
        CLOCK);
  }

  static String token(String alg, PrivateKey key, String claims) throws Exception {
    String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"k1\"}";
    String input =
        B64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature s =
        Signature.getInstance(
            alg.equals("ES256") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + B64.encodeToString(s.sign());
  }

  static String claims(String iss, long exp) {
    return "{\"iss\":\""
        + iss
        + "\",\"sub\":\"ann\",\"groups\":[\"ksp-viewer\"],\"exp\":"
        + exp
        + "}";
  }

  @Test
  void aTokenSignedByTheConfiguredKeyFromTheIssuerIsAccepted() throws Exception {
    String t = token("RS256", RSA.getPrivate(), claims(ISSUER, NOW.getEpochSecond() + 600));
    assertThat(verifier(pem(RSA), "RS256", Set.of()).verify(t)).containsEntry("sub", "ann");
    String derOnly = Base64.getEncoder().encodeToString(RSA.getPublic().getEncoded());
    assertThat(verifier(derOnly, "RS256", Set.of()).verify(t)).containsKey("groups");
  }

  @Test
  void aForgedExpiredOrForeignTokenIsRefused() throws Exception {
    JwtVerifier v = verifier(pem(RSA), "RS256", Set.of());
    String forged = token("RS256", OTHER.getPrivate(), claims(ISSUER, NOW.getEpochSecond() + 600));
    assertThatThrownBy(() -> v.verify(forged)).hasMessageContaining("signature");
    String expired = token("RS256", RSA.getPrivate(), claims(ISSUER, NOW.getEpochSecond() - 61));
    assertThatThrownBy(() -> v.verify(expired)).hasMessageContaining("expired");
    String withinSkew = token("RS256", RSA.getPrivate(), claims(ISSUER, NOW.getEpochSecond() - 30));
    assertThat(v.verify(withinSkew)).isNotEmpty();
    String foreign =
        token("RS256", RSA.getPrivate(), claims("https://evil", NOW.getEpochSecond() + 600));
    assertThatThrownBy(() -> v.verify(foreign)).hasMessageContaining("issuer");
    String good = token("RS256", RSA.getPrivate(), claims(ISSUER, NOW.getEpochSecond() + 600));
    String[] p = good.split("\\.");
    String tampered =
        p[0]
            + "."
            + B64.encodeToString(claims(ISSUER, NOW.getEpochSecond() + 99999).getBytes())
            + "."
            + p[2];
    assertThatThrownBy(() -> v.verify(tampered)).hasMessageContaining("signature");
    assertThatThrownBy(() -> v.verify("a.b")).isInstanceOf(JwtVerifier.InvalidTokenException.class);
  }

  @Test
  void algNoneAndHmacAreNeverAccepted() throws Exception {
    JwtVerifier v = verifier(pem(RSA), "RS256", Set.of());
    String body = B64.encodeToString(claims(ISSUER, NOW.getEpochSecond() + 600).getBytes());
    String none = B64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + body + ".";
    assertThatThrownBy(() -> v.verify(none)).hasMessageContaining("algorithm");
    String hs = B64.encodeToString("{\"alg\":\"HS256\"}".getBytes()) + "." + body + ".c2ln";
    assertThatThrownBy(() -> v.verify(hs)).hasMessageContaining("algorithm");
  }

  @Test
  void audiencesAreCheckedWhenConfigured() throws Exception {
    String claims =
        "{\"iss\":\""
            + ISSUER
            + "\",\"aud\":[\"ksp\",\"x\"],\"exp\":"
            + (NOW.getEpochSecond() + 60)
            + "}";
    String t = token("RS256", RSA.getPrivate(), claims);
    assertThat(verifier(pem(RSA), "RS256", Set.of("ksp")).verify(t)).isNotEmpty();
    assertThatThrownBy(() -> verifier(pem(RSA), "RS256", Set.of("other")).verify(t))
        .hasMessageContaining("audience");
  }

  @Test
  void jwksKeysAreChosenByKidAndEs256Works() throws Exception {
    KeyPair ec = generate("EC", "secp256r1");
    ECPublicKey pub = (ECPublicKey) ec.getPublic();
    RSAPublicKey rsa = (RSAPublicKey) RSA.getPublic();
    String jwks =
        "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\""
            + B64.encodeToString(unsigned(rsa.getModulus()))
            + "\",\"e\":\""
            + B64.encodeToString(unsigned(rsa.getPublicExponent()))
            + "\"},{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\",\"x\":\""
            + B64.encodeToString(fixed(pub.getW().getAffineX()))
            + "\",\"y\":\""
            + B64.encodeToString(fixed(pub.getW().getAffineY()))
            + "\"}]}";
    String t = token("ES256", ec.getPrivate(), claims(ISSUER, NOW.getEpochSecond() + 600));
    assertThat(verifier(jwks, "ES256", Set.of()).verify(t)).containsEntry("sub", "ann");
    assertThatThrownBy(() -> verifier(jwks, "RS256", Set.of()).verify(t))
        .hasMessageContaining("algorithm");
  }

  static byte[] unsigned(BigInteger v) {
    byte[] b = v.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  static byte[] fixed(BigInteger v) {
    byte[] b = unsigned(v);
    byte[] out = new byte[32];
    System.arraycopy(b, 0, out, 32 - b.length, b.length);
    return out;
  }
}
