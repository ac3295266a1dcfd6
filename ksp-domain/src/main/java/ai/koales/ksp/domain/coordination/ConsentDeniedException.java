package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * I4 (fail-closed consent): the atom called a tool outside its directive's permitted tools. The
 * call was audited first; the atom is aborted (its bead FAILED) before the tool runs (scenario 19,
 * the original's {@code ConsentDeniedError(tool, atom)}).
 */
public class ConsentDeniedException extends KspException {

  private static final long serialVersionUID = 1L;

  private final String toolName;
  private final String atomId;

  public ConsentDeniedException(String toolName, String atomId) {
    super(
        "consent-denied",
        FailureKind.FORBIDDEN,
        "ConsentDeniedError(" + toolName + ", " + atomId + "): tool not permitted");
    this.toolName = toolName;
    this.atomId = atomId;
  }

  public String toolName() {
    return toolName;
  }

  public String atomId() {
    return atomId;
  }
}
