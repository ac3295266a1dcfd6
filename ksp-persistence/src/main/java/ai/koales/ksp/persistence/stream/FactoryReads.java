package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.ArtifactEdge;
import ai.koales.ksp.domain.stream.BufferedEvent;
import ai.koales.ksp.domain.stream.Lineage;
import ai.koales.ksp.domain.stream.SessionPageRequest;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.persistence.stream.ArtifactRow.ArtifactView;
import ai.koales.ksp.persistence.stream.SessionStateRow.SessionView;
import ai.koales.ksp.persistence.stream.VerificationReportRow.ReportView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The factory read model GraphQL serves (edges.md §1.7, §1.8, §2.4): sessions, their artifacts and
 * verification reports, the artifact lineage, and a session's durable event log. Reads take no
 * lock. List queries apply the org rule in SQL: a reader sees sessions of its orgs and sessions
 * that belong to no org.
 */
@ApplicationScoped
public class FactoryReads {

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Transactional
  public Optional<SessionView> session(String sessionId) {
    SessionStateRow row = em.find(SessionStateRow.class, sessionId);
    return Optional.ofNullable(row).map(SessionStateRow::toView);
  }

  /** One page of an assembly's sessions in session id order (edges.md §2.4). */
  @Transactional
  public List<SessionView> sessions(
      String assemblyId, String status, SessionPageRequest page, StreamReader reader) {
    StringBuilder q =
        new StringBuilder("SELECT s FROM SessionStateRow s WHERE s.assemblyId = :assembly");
    if (status != null) {
      q.append(" AND s.status = :status");
    }
    if (page.afterSessionId() != null) {
      q.append(" AND s.sessionId > :after");
    }
    orgRule(q, reader);
    q.append(" ORDER BY s.sessionId");
    TypedQuery<SessionStateRow> query =
        em.createQuery(q.toString(), SessionStateRow.class)
            .setParameter("assembly", assemblyId)
            .setMaxResults(page.limit());
    if (status != null) {
      query.setParameter("status", status);
    }
    if (page.afterSessionId() != null) {
      query.setParameter("after", page.afterSessionId());
    }
    orgParameter(query, reader);
    return query.getResultList().stream().map(SessionStateRow::toView).toList();
  }

  /** A work order's sessions, oldest first. */
  @Transactional
  public List<SessionView> sessionsByWorkOrder(String workOrderId, StreamReader reader) {
    StringBuilder q =
        new StringBuilder("SELECT s FROM SessionStateRow s WHERE s.workOrderId = :wo");
    orgRule(q, reader);
    q.append(" ORDER BY s.createdAt, s.sessionId");
    TypedQuery<SessionStateRow> query =
        em.createQuery(q.toString(), SessionStateRow.class).setParameter("wo", workOrderId);
    orgParameter(query, reader);
    return query.getResultList().stream().map(SessionStateRow::toView).toList();
  }

  @Transactional
  public Optional<ArtifactView> artifact(String id) {
    return Optional.ofNullable(em.find(ArtifactRow.class, id)).map(ArtifactRow::toView);
  }

  /** A session's artifacts of the given kinds (all when empty), by creation time. */
  @Transactional
  public List<ArtifactView> artifactsOf(String sessionId, Collection<String> kinds) {
    String q =
        "SELECT a FROM ArtifactRow a WHERE a.sessionId = :s"
            + (kinds.isEmpty() ? "" : " AND a.kind IN :kinds")
            + " ORDER BY a.createdAt, a.id";
    TypedQuery<ArtifactRow> query =
        em.createQuery(q, ArtifactRow.class).setParameter("s", sessionId);
    if (!kinds.isEmpty()) {
      query.setParameter("kinds", List.copyOf(kinds));
    }
    return query.getResultList().stream().map(ArtifactRow::toView).toList();
  }

  /** A session's verification reports, by production time. */
  @Transactional
  public List<ReportView> reportsOf(String sessionId) {
    return em
        .createQuery(
            "SELECT r FROM VerificationReportRow r WHERE r.sessionId = :s"
                + " ORDER BY r.producedAt, r.reportId",
            VerificationReportRow.class)
        .setParameter("s", sessionId)
        .getResultList()
        .stream()
        .map(VerificationReportRow::toView)
        .toList();
  }

  /**
   * The org an artifact belongs to for readers: the org of the stream it was reported on, else
   * (rows written by others) its session's org; null when neither is known.
   */
  @Transactional
  public Optional<String> artifactOrg(ArtifactView a) {
    if (a.orgId() != null) {
      return Optional.of(a.orgId());
    }
    return session(a.sessionId()).map(SessionView::orgId);
  }

  /**
   * The forward lineage of an artifact (edges.md §2.4), in one snapshot, over the edges {@code
   * reader} may see: an edge of another org, or one that touches an artifact of another org, is
   * neither returned nor walked through, whatever the root (known or not).
   */
  @Transactional
  public List<ArtifactEdge> lineage(String rootId, int depth, StreamReader reader) {
    return Lineage.walk(rootId, depth, sources -> edgesFrom(sources, reader));
  }

  /** A session's permanent event log, ascending. */
  @Transactional
  public List<BufferedEvent> sessionLog(String sessionId) {
    return em
        .createQuery(
            "SELECT l FROM SessionEventLogRow l WHERE l.sessionId = :s ORDER BY l.seq",
            SessionEventLogRow.class)
        .setParameter("s", sessionId)
        .getResultList()
        .stream()
        .map(EventColumns::toEvent)
        .toList();
  }

  private List<ArtifactEdge> edgesFrom(Set<String> sources, StreamReader reader) {
    StringBuilder q =
        new StringBuilder("SELECT e FROM FactoryArtifactEdgeRow e WHERE e.sourceId IN :sources");
    if (!unrestricted(reader)) {
      q.append(
          reader.orgs().isEmpty()
              ? " AND e.orgId IS NULL"
              : " AND (e.orgId IS NULL OR e.orgId IN :orgs)");
    }
    q.append(" ORDER BY e.id");
    TypedQuery<FactoryArtifactEdgeRow> query =
        em.createQuery(q.toString(), FactoryArtifactEdgeRow.class)
            .setParameter("sources", List.copyOf(sources));
    orgParameter(query, reader);
    List<ArtifactEdge> edges =
        query.getResultList().stream().map(FactoryArtifactEdgeRow::toEdge).toList();
    if (unrestricted(reader) || edges.isEmpty()) {
      return edges;
    }
    Set<String> endpoints = new HashSet<>();
    edges.forEach(
        e -> {
          endpoints.add(e.sourceId());
          endpoints.add(e.targetId());
        });
    Set<String> hidden = new HashSet<>();
    for (ArtifactRow row :
        em.createQuery("SELECT a FROM ArtifactRow a WHERE a.id IN :ids", ArtifactRow.class)
            .setParameter("ids", List.copyOf(endpoints))
            .getResultList()) {
      ArtifactView a = row.toView();
      if (!reader.mayRead(artifactOrg(a).orElse(null))) {
        hidden.add(a.id());
      }
    }
    List<ArtifactEdge> out = new ArrayList<>();
    for (ArtifactEdge e : edges) {
      if (!hidden.contains(e.sourceId()) && !hidden.contains(e.targetId())) {
        out.add(e);
      }
    }
    return out;
  }

  private static void orgRule(StringBuilder q, StreamReader reader) {
    if (!unrestricted(reader)) {
      q.append(
          reader.orgs().isEmpty()
              ? " AND s.orgId IS NULL"
              : " AND (s.orgId IS NULL OR s.orgId IN :orgs)");
    }
  }

  private static void orgParameter(TypedQuery<?> query, StreamReader reader) {
    if (!unrestricted(reader) && !reader.orgs().isEmpty()) {
      query.setParameter("orgs", List.copyOf(reader.orgs()));
    }
  }

  private static boolean unrestricted(StreamReader reader) {
    return reader.allOrgs() || reader.orgs().contains(StreamReader.ANY_ORG);
  }
}
