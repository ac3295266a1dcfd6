package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.RunBeadsQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The {@link RunBeadsQuery} until the coordination context exists: it knows no run, so GraphQL
 * {@code beads(runId)} answers [] (edges.md §2.4: unknown run gives []). It answers nothing ONLY
 * because no execution beads are stored anywhere yet; delete this class when coordination provides
 * its adapter.
 */
@ApplicationScoped
public class UnwiredRunBeadsQuery implements RunBeadsQuery {

  @Override
  public Optional<RunBeads> beadsOf(String runId) {
    return Optional.empty();
  }
}
