package ai.koales.ksp.domain.mediation;

import ai.koales.ksp.domain.bead.BeadId;

/**
 * The one place run ids are minted (coordination.md Q1): {@code RUN-} + the lowercase hex SHA-256
 * of {@code orgId:workGraphId:dispositionEventId}. The same commission always names the same run,
 * so a replay after a crash finds the run it already seeded (NFR-02).
 */
public final class RunIds {

  private RunIds() {}

  public static String of(String orgId, String workGraphId, String dispositionEventId) {
    return "RUN-" + BeadId.hash(orgId + ":" + workGraphId + ":" + dispositionEventId);
  }
}
