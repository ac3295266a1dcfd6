package ai.koales.ksp.web.platform;

/** The four roles of the public contract, read from the token's {@code groups} claim. */
public final class Roles {
  /** Everything, in every org. */
  public static final String ADMIN = "ksp-admin";

  /** Governance writes, approvals, adoption, runs. */
  public static final String OPERATOR = "ksp-operator";

  /** Sessions, claims, executions, outcomes. */
  public static final String AGENT = "ksp-agent";

  /** Reads. */
  public static final String VIEWER = "ksp-viewer";

  public static final String[] ALL = {ADMIN, OPERATOR, AGENT, VIEWER};

  private Roles() {}
}
