package ai.koales.ksp.domain.gateway;

import ai.koales.ksp.domain.bead.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The envelope signature of edges.md §3.4 (the original never verified it): HMAC-SHA256, keyed with
 * the gateway signing key (its base64-decoded bytes), over the RFC 8785 canonical JSON of the
 * OutboundEnvelope decoded from {@code work_graph} without its top-level {@code signature} member;
 * it must equal the proto's {@code signature} bytes, compared in constant time. No key configured
 * means every signed submission is refused (fail closed, §3.11).
 *
 * <p>RFC 8785 is {@link CanonicalJson} (keys sorted by UTF-16 code units at every depth, arrays in
 * order, no whitespace, numbers as ECMAScript prints doubles, minimal string escapes), plus the
 * I-JSON rule RFC 8785 requires of its input: strings are well-formed UTF-16 (no lone surrogate).
 */
public final class EnvelopeSignature {

  /** The member of the OutboundEnvelope that describes the signature and is not signed itself. */
  public static final String SIGNATURE_MEMBER = "signature";

  private EnvelopeSignature() {}

  /** The exact text that is signed. */
  public static String signedText(Map<String, ?> outbound) {
    Map<String, Object> unsigned = new LinkedHashMap<>(outbound);
    unsigned.remove(SIGNATURE_MEMBER);
    requireIJson(unsigned);
    return CanonicalJson.of(unsigned);
  }

  /** The signature of {@code outbound} with {@code key} (for signers and tests). */
  public static byte[] sign(byte[] key, Map<String, ?> outbound) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(signedText(outbound).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * Passes when {@code signature} is the signature of {@code outbound} with {@code key}; otherwise
   * {@link EnvelopeSignatureException} (Connect {@code unauthenticated}).
   *
   * @param key the signing key's bytes; null or empty when none is configured
   */
  public static void verify(byte[] key, Map<String, ?> outbound, byte[] signature) {
    if (key == null || key.length == 0) {
      throw new EnvelopeSignatureException(
          "no envelope signing key is configured: signed submissions are refused");
    }
    if (signature == null || signature.length == 0) {
      throw new EnvelopeSignatureException("envelope.signature is missing");
    }
    byte[] expected;
    try {
      expected = sign(key, outbound);
    } catch (IllegalArgumentException notCanonicalizable) {
      throw new EnvelopeSignatureException(
          "envelope.work_graph has no RFC 8785 canonical form: " + notCanonicalizable.getMessage());
    }
    if (!MessageDigest.isEqual(expected, signature)) {
      throw new EnvelopeSignatureException(
          "envelope.signature is not the HMAC-SHA256 of the work graph's RFC 8785 canonical JSON"
              + " (without its \"signature\" member)");
    }
  }

  private static void requireIJson(Object value) {
    if (value instanceof String s) {
      requireWellFormed(s);
    } else if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getKey() instanceof String k) {
          requireWellFormed(k);
        }
        requireIJson(e.getValue());
      }
    } else if (value instanceof Collection<?> c) {
      c.forEach(EnvelopeSignature::requireIJson);
    }
  }

  private static void requireWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException("a string holds a lone UTF-16 surrogate (not I-JSON)");
      }
    }
  }
}
