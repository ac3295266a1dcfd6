package ai.koales.ksp.domain.mediation;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to compile and seed a run (coordination.md §1.7). Malformed requests are 400 {@code
 * invalid-request} naming each field; nothing is written.
 */
public record CommissionRequest(
    String runId,
    String orgId,
    String workGraphId,
    String workGraphVersion,
    String eluciationArtifactId,
    List<String> d1ArtifactRefs,
    String dispositionEventId,
    Double stalenessThresholdHours) {

  public static CommissionRequest of(
      String runId,
      String orgId,
      String workGraphId,
      String workGraphVersion,
      String eluciationArtifactId,
      List<String> d1ArtifactRefs,
      String dispositionEventId,
      Double stalenessThresholdHours) {
    List<FieldViolation> v = new ArrayList<>();
    if (runId == null || !runId.startsWith("RUN-") || !Ids.isValidId(runId)) {
      v.add(new FieldViolation("runId", "must start with RUN- and match " + Ids.ID.pattern()));
    }
    Ids.requireOrgId("orgId", orgId);
    id(v, "workGraphId", workGraphId);
    id(v, "workGraphVersion", workGraphVersion);
    id(v, "eluciationArtifactId", eluciationArtifactId);
    id(v, "dispositionEventId", dispositionEventId);
    if (d1ArtifactRefs == null) {
      v.add(
          new FieldViolation(
              "d1ArtifactRefs", "is required (an array of work-graph atom references)"));
    } else {
      for (int i = 0; i < d1ArtifactRefs.size(); i++) {
        if (!Ids.isValidId(d1ArtifactRefs.get(i))) {
          v.add(new FieldViolation("d1ArtifactRefs[" + i + "]", "must match " + Ids.ID.pattern()));
        }
      }
    }
    if (stalenessThresholdHours != null && !(stalenessThresholdHours > 0)) {
      v.add(new FieldViolation("stalenessThresholdHours", "must be greater than 0"));
    }
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-request", v);
    }
    return new CommissionRequest(
        runId,
        orgId,
        workGraphId,
        workGraphVersion,
        eluciationArtifactId,
        List.copyOf(d1ArtifactRefs),
        dispositionEventId,
        stalenessThresholdHours == null ? 24.0 : stalenessThresholdHours);
  }

  private static void id(List<FieldViolation> v, String field, String value) {
    if (value == null || value.isBlank()) {
      v.add(new FieldViolation(field, "is required"));
    } else if (!Ids.isValidId(value)) {
      v.add(new FieldViolation(field, "must match " + Ids.ID.pattern()));
    }
  }

  public String moleculeId() {
    return "WG-" + workGraphId;
  }
}
