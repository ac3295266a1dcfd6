package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.bead.BeadValidationException;
import java.util.Locale;

/**
 * The status an outcome bead records (core.md §1.1), validated rather than cast (§6 item 12: the
 * original stored {@code complete}). Executors' words are mapped: {@code done} is SUCCESS, {@code
 * failed} is FAILURE.
 */
public enum OutcomeStatus {
  SUCCESS,
  PARTIAL,
  FAILURE,
  DISPUTED;

  public static OutcomeStatus parse(String field, String value) {
    if (value != null) {
      String v = value.trim().toUpperCase(Locale.ROOT);
      switch (v) {
        case "DONE":
          return SUCCESS;
        case "FAILED":
          return FAILURE;
        default:
          for (OutcomeStatus s : values()) {
            if (s.name().equals(v)) {
              return s;
            }
          }
      }
    }
    throw new BeadValidationException(
        field,
        "must be one of SUCCESS, PARTIAL, FAILURE, DISPUTED (or done, failed); got " + value);
  }
}
