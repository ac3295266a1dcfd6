package ai.koales.ksp.domain.loop;

import java.util.List;
import java.util.Map;

/** Decides whether an amendment may be adopted (core.md §4.5). */
public interface AmendmentVerifier {

  /**
   * Verifies {@code change} of amendment {@code amendmentId} against the specification {@code
   * claims} its divergences concern.
   */
  VerificationResult verify(String amendmentId, Map<String, Object> change, List<String> claims);
}
