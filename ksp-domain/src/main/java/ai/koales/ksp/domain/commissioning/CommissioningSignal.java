package ai.koales.ksp.domain.commissioning;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What starts a commissioning session (coordination.md §1.8): which repository and work graph, the
 * disposition event that decided it and the elucidation artifact behind it. A session is named by
 * {@code sessionId}, or else by the disposition event (as the gateway does), so the same signal
 * sent twice is one session. Human approval is required unless the signal says otherwise (edges
 * Q10).
 */
public record CommissioningSignal(
    String sessionId,
    String orgId,
    String repoId,
    String workGraphId,
    String workGraphVersion,
    String dispositionEventId,
    String elucidationArtifactId,
    String issuedAt,
    boolean requireHumanApproval) {

  /** Session ids are also stream ids (edges.md §2.3). */
  public static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  /**
   * Validates everything before anything is stored; 400 {@code invalid-signal} naming each field.
   */
  public static CommissioningSignal of(
      String sessionId,
      String orgId,
      String repoId,
      String workGraphId,
      String workGraphVersion,
      String dispositionEventId,
      String elucidationArtifactId,
      String issuedAt,
      Boolean requireHumanApproval) {
    List<FieldViolation> v = new ArrayList<>();
    Ids.requireOrgId("orgId", orgId);
    required(v, "repoId", repoId);
    required(v, "dispositionEventId", dispositionEventId);
    required(v, "elucidationArtifactId", elucidationArtifactId);
    optionalId(v, "workGraphId", workGraphId);
    optionalId(v, "workGraphVersion", workGraphVersion);
    if (issuedAt == null || issuedAt.isBlank()) {
      v.add(new FieldViolation("issuedAt", "is required (RFC 3339 date-time)"));
    } else {
      try {
        OffsetDateTime.parse(issuedAt);
      } catch (DateTimeParseException e) {
        v.add(
            new FieldViolation(
                "issuedAt", "must be an RFC 3339 date-time such as 2026-06-10T00:00:00Z"));
      }
    }
    String session = sessionId != null ? sessionId : dispositionEventId;
    if (session != null && !SESSION_ID.matcher(session).matches()) {
      v.add(
          new FieldViolation(
              sessionId != null ? "sessionId" : "dispositionEventId",
              "names the session (and its event stream), so it must match "
                  + SESSION_ID.pattern()));
    }
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-signal", v);
    }
    return new CommissioningSignal(
        session,
        orgId,
        repoId,
        workGraphId,
        workGraphVersion,
        dispositionEventId,
        elucidationArtifactId,
        issuedAt,
        requireHumanApproval == null || requireHumanApproval);
  }

  private static void required(List<FieldViolation> v, String field, String value) {
    if (value == null || value.isBlank()) {
      v.add(new FieldViolation(field, "is required"));
    } else if (!Ids.isValidId(value)) {
      v.add(new FieldViolation(field, "must match " + Ids.ID.pattern()));
    }
  }

  private static void optionalId(List<FieldViolation> v, String field, String value) {
    if (value != null && !Ids.isValidId(value)) {
      v.add(new FieldViolation(field, "must match " + Ids.ID.pattern()));
    }
  }

  /** The signal as stored in the session row (signalJson) and as the planner sees it. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sessionId", sessionId);
    m.put("orgId", orgId);
    m.put("repoId", repoId);
    m.put("workGraphId", workGraphId);
    m.put("workGraphVersion", workGraphVersion);
    m.put("dispositionEventId", dispositionEventId);
    m.put("elucidationArtifactId", elucidationArtifactId);
    m.put("issuedAt", issuedAt);
    m.put("requireHumanApproval", requireHumanApproval);
    return m;
  }

  public static CommissioningSignal fromMap(Map<String, ?> m) {
    return new CommissioningSignal(
        str(m.get("sessionId")),
        str(m.get("orgId")),
        str(m.get("repoId")),
        str(m.get("workGraphId")),
        str(m.get("workGraphVersion")),
        str(m.get("dispositionEventId")),
        str(m.get("elucidationArtifactId")),
        str(m.get("issuedAt")),
        !Boolean.FALSE.equals(m.get("requireHumanApproval")));
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
