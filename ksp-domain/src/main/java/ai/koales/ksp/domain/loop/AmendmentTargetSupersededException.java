package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.Map;

/**
 * BP5 would adopt an amendment whose target bead another bead already supersedes (e.g. a second
 * amendment proposed against the same trust bead, after the first was adopted). Adopting it would
 * fork the target's history, so it is refused and nothing is written; the amendment stays open, to
 * be rejected (BP5 with a failing verification) or proposed again against the current head (BP4
 * with {@code targetBeadId}).
 */
public class AmendmentTargetSupersededException extends KspException {

  private static final long serialVersionUID = 1L;

  private final String amendmentBeadId;
  private final String targetBeadId;
  private final String currentHeadBeadId;

  public AmendmentTargetSupersededException(
      String amendmentBeadId, String targetBeadId, String currentHeadBeadId) {
    super(
        "amendment-target-superseded",
        FailureKind.CONFLICT,
        "amendment "
            + amendmentBeadId
            + " targets bead "
            + targetBeadId
            + ", which is already superseded; the current head is "
            + currentHeadBeadId
            + ". Reject this amendment (verification.passed = false) or propose it again with"
            + " targetBeadId "
            + currentHeadBeadId);
    this.amendmentBeadId = amendmentBeadId;
    this.targetBeadId = targetBeadId;
    this.currentHeadBeadId = currentHeadBeadId;
  }

  @Override
  public Map<String, Object> extensions() {
    return Map.of(
        "amendmentBeadId",
        amendmentBeadId,
        "targetBeadId",
        targetBeadId,
        "currentHeadBeadId",
        currentHeadBeadId);
  }
}
