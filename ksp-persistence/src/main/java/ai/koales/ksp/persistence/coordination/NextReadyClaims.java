package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.ClaimOutcome;
import ai.koales.ksp.domain.coordination.ClaimResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;

/**
 * "Give me the next ready bead" across the org's external runs (api.md {@code POST /claims}). Each
 * attempt is one transaction; when the candidate it chose was taken or quarantined between the
 * choice and the lock, it tries again with a fresh choice, a bounded number of times.
 */
@ApplicationScoped
public class NextReadyClaims {

  static final int ATTEMPTS = 16;

  @Inject CoordinationService coordination;

  /** The claim, or empty when nothing is ready for these roles. */
  public Optional<ClaimResult> claimNext(String orgId, String agentId, Set<String> roles) {
    for (int i = 0; i < ATTEMPTS; i++) {
      ClaimResult r = coordination.claimNextOnce(orgId, agentId, roles);
      if (r.outcome() == ClaimOutcome.CLAIMED) {
        return Optional.of(r);
      }
      if (r.outcome() == ClaimOutcome.NOT_FOUND) {
        return Optional.empty();
      }
    }
    // Every candidate was taken under our feet: under that much contention, report "nothing".
    return Optional.empty();
  }
}
