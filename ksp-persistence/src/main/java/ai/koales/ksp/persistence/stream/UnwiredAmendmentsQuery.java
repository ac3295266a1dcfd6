package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.AmendmentsQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The {@link AmendmentsQuery} until the bead and loop contexts exist: it knows no run, so GraphQL
 * {@code amendments(runId)} answers []. It answers nothing ONLY because no amendments are stored
 * anywhere yet; delete this class when those contexts provide their adapter.
 */
@ApplicationScoped
public class UnwiredAmendmentsQuery implements AmendmentsQuery {

  @Override
  public Optional<RunAmendments> amendmentsOf(String runId) {
    return Optional.empty();
  }
}
