package ai.koales.ksp.domain.stream;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * External producers' tokens (edges.md §3.1, §3.2): the lowercase hex HMAC-SHA256 of the stream id
 * (UTF-8), keyed with the UTF-8 bytes of the producer secret. A token is static per stream, which
 * is acceptable on a trusted network (edges.md §8 Q13). Comparison is constant time.
 */
public final class ProducerTokens {

  private static final String HMAC = "HmacSHA256";

  private ProducerTokens() {}

  /** The token a producer must present for {@code streamId}. */
  public static String tokenFor(String secret, String streamId) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      return HexFormat.of().formatHex(mac.doFinal(streamId.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Whether {@code presented} is the token of {@code streamId}. No secret (null or empty) refuses
   * every producer; a length mismatch is false without comparing content.
   */
  public static boolean verify(String secret, String streamId, String presented) {
    if (secret == null || secret.isEmpty() || presented == null || streamId == null) {
      return false;
    }
    byte[] expected = tokenFor(secret, streamId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, given);
  }
}
