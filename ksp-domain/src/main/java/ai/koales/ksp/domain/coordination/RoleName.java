package ai.koales.ksp.domain.coordination;

import java.util.Locale;
import java.util.Optional;

/**
 * The roles an atom can be executed in (coordination.md §1.3 RoleName); BR-KSP-19: the role comes
 * only from the directive (filled from the gear at compile time), never guessed from a skill name.
 */
public enum RoleName {
  PLANNER,
  CODER,
  CRITIC,
  TESTER,
  VERIFIER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role spelled exactly {@code wireName} (lower case), if any. */
  public static Optional<RoleName> parse(Object wireName) {
    if (!(wireName instanceof String s)) {
      return Optional.empty();
    }
    for (RoleName r : values()) {
      if (r.wireName().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  public static String allowed() {
    return "planner, coder, critic, tester, verifier";
  }
}
