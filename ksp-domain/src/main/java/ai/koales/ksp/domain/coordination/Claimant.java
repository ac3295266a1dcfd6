package ai.koales.ksp.domain.coordination;

/** Who claims: an external agent over HTTP, or one of the server's built-in agents. */
public enum Claimant {
  EXTERNAL_AGENT(ExecutorKind.EXTERNAL),
  BUILTIN_AGENT(ExecutorKind.BUILTIN);

  private final ExecutorKind executes;

  Claimant(ExecutorKind executes) {
    this.executes = executes;
  }

  public ExecutorKind executes() {
    return executes;
  }
}
