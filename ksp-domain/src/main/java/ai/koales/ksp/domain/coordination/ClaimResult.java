package ai.koales.ksp.domain.coordination;

import java.util.Optional;

/** A claim attempt: its outcome, and the claim when it is {@link ClaimOutcome#CLAIMED}. */
public record ClaimResult(
    ClaimOutcome outcome, String runId, String beadId, BeadStatus beadStatus, Claim claim) {

  public static ClaimResult claimed(Claim c) {
    return new ClaimResult(ClaimOutcome.CLAIMED, c.runId(), c.beadId(), BeadStatus.IN_PROGRESS, c);
  }

  public static ClaimResult refused(
      ClaimOutcome outcome, String runId, String beadId, BeadStatus beadStatus) {
    return new ClaimResult(outcome, runId, beadId, beadStatus, null);
  }

  public Optional<Claim> claimed() {
    return Optional.ofNullable(claim);
  }

  /** The claim, or the refusal as the exception the public API answers with. */
  public Claim orThrow() {
    return switch (outcome) {
      case CLAIMED -> claim;
      case ALREADY_CLAIMED -> throw new AlreadyClaimedException(beadId);
      case NOT_READY -> throw new NotReadyException(beadId);
      case TERMINAL -> throw new BeadTerminalException(beadId, beadStatus);
      case NOT_FOUND -> throw new ExecutionBeadNotFoundException(runId, beadId);
    };
  }
}
