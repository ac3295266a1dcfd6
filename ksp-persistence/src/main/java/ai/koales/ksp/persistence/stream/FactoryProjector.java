package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.DomainEvent;
import ai.koales.ksp.domain.stream.FactoryProjection;
import ai.koales.ksp.domain.stream.FactoryProjection.Artifact;
import ai.koales.ksp.domain.stream.FactoryProjection.Edge;
import ai.koales.ksp.domain.stream.FactoryProjection.Projected;
import ai.koales.ksp.domain.stream.FactoryProjection.Report;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

/**
 * Writes the factory read model ({@code artifacts}, {@code artifact_edges}, {@code
 * verification_reports}) from KSP's own session events as they are appended ({@link
 * FactoryProjection}), in the appending transaction: a row exists exactly when the event that
 * reports it is in the stream. Rows are written once (the first report of an id wins; an edge once
 * per source, target and relation), so a retried drain writes nothing twice. Each artifact and edge
 * carries the stream's org, which decides who may read it.
 */
@ApplicationScoped
public class FactoryProjector {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  /**
   * Projects {@code e}, an internal event of stream {@code e.streamId()} of org {@code orgId};
   * returns the {@code artifactWrites} event to append after it when it reported an artifact and
   * the stream's assembly is known.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public Optional<DomainEvent> project(BufferedEvent e, String orgId, String assemblyId) {
    Projected projected = FactoryProjection.of(e);
    projected.report().ifPresent(r -> report(e.streamId(), r));
    if (projected.artifact().isEmpty()) {
      return Optional.empty();
    }
    Artifact a = projected.artifact().get();
    if (em.find(ArtifactRow.class, a.id()) == null) {
      em.persist(
          new ArtifactRow(
              a.id(),
              e.streamId(),
              a.kind(),
              a.contentRef(),
              a.contentHash(),
              a.createdAt(),
              JsonValues.write(a.metadata()),
              orgId));
    }
    for (Edge edge : a.edges()) {
      edge(edge, orgId);
    }
    return assemblyId == null
        ? Optional.empty()
        : Optional.of(
            FactoryProjection.artifactWrite(
                e.streamId(), a, e.scopeRunId(), assemblyId, e.occurredAt()));
  }

  /**
   * The assembly whose {@code artifactWrites} a stream's artifacts belong to: the factory
   * session's, else the one its events were scoped to (runs made directly through mediation: their
   * work graph), else none.
   */
  @Transactional(Transactional.TxType.MANDATORY)
  public String assemblyOf(String streamId, String scopedTo) {
    SessionStateRow session = em.find(SessionStateRow.class, streamId);
    return session != null ? session.toView().assemblyId() : scopedTo;
  }

  private void report(String sessionId, Report r) {
    if (em.find(VerificationReportRow.class, r.reportId()) == null) {
      em.persist(
          new VerificationReportRow(
              r.reportId(),
              sessionId,
              r.kind(),
              r.verdict(),
              r.score(),
              r.notes(),
              r.producedAt(),
              r.artifactId()));
    }
  }

  private void edge(Edge edge, String orgId) {
    boolean known =
        !em.createQuery(
                "SELECT e.id FROM FactoryArtifactEdgeRow e WHERE e.sourceId = :s"
                    + " AND e.targetId = :t AND e.rel = :r",
                Long.class)
            .setParameter("s", edge.sourceId())
            .setParameter("t", edge.targetId())
            .setParameter("r", edge.rel())
            .setMaxResults(1)
            .getResultList()
            .isEmpty();
    if (!known) {
      em.persist(new FactoryArtifactEdgeRow(edge.sourceId(), edge.targetId(), edge.rel(), orgId));
    }
  }
}
