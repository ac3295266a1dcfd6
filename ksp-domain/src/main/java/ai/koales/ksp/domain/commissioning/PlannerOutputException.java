package ai.koales.ksp.domain.commissioning;

/** A planner answered with something that is not a JSON object (or not at all). */
public class PlannerOutputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PlannerOutputException(String message) {
    super(message);
  }

  public PlannerOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
