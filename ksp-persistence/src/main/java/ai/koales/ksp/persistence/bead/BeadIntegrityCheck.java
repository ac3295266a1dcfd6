package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.domain.bead.BeadWrite;
import ai.koales.ksp.domain.bead.CanonicalJson;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.persistence.platform.JsonValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tamper-evident audit of an org's bead graph (INV-BG-002 checked, and more): reads every
 * stored row and its edges as they are in the database, never through a cache, and reports each
 * bead whose stored form disagrees with what the write path would have stored. The kinds of
 * finding:
 *
 * <ul>
 *   <li>{@code id}: the stored type, content and parents do not hash to the bead id.
 *   <li>{@code content-form}: the content is not a JSON object in canonical form.
 *   <li>{@code parent-edges}: the {@code parent} edges differ from the hashed parents.
 *   <li>{@code column}: a query column (status, subject_id, trust_score, ...) differs from the
 *       content it was copied from, so queries would answer from a value nobody wrote.
 *   <li>{@code missing-audit}: a non-audit bead without its audit bead and {@code audits} edge, or
 *       an audit bead without its edge (INV-BG-007).
 *   <li>{@code audit-mismatch}: the audit bead and what it audits disagree (type, actor, time,
 *       edge), or a bead is audited twice.
 *   <li>{@code supersedes}: a {@code supersedes} edge that the write path would have refused
 *       (another type, subject, scope or role, not a parent, an amendment step outside core.md §3,
 *       a missing target), or a bead superseded twice (two heads).
 *   <li>{@code revokes}: a consent whose {@code revokes} names no consent of its role.
 * </ul>
 *
 * The rules of replacing a bead are the write path's own ({@link BeadWrite#supersedeViolation},
 * {@link BeadWrite#revokeViolation}), so the check and the write cannot drift apart.
 */
@ApplicationScoped
public class BeadIntegrityCheck {

  static final int BATCH = 500;

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  /** What {@link #run} found. */
  public record Report(long checked, List<Mismatch> mismatches) {}

  /** One finding: the bead it is about, its kind (see the class comment) and what is wrong. */
  public record Mismatch(String beadId, String kind, String reason) {}

  /** Checks every bead of {@code orgId}, in batches of {@value #BATCH} in bead id order. */
  @Transactional(Transactional.TxType.SUPPORTS)
  public Report run(String orgId) {
    Ids.requireOrgId("org", orgId);
    List<Mismatch> mismatches = new ArrayList<>();
    long checked = 0;
    String after = "";
    while (true) {
      List<BeadRow> rows =
          em.createQuery(
                  "SELECT b FROM BeadRow b WHERE b.orgId = :org AND b.beadId > :after ORDER BY b.beadId",
                  BeadRow.class)
              .setParameter("org", orgId)
              .setParameter("after", after)
              .setMaxResults(BATCH)
              .getResultList();
      if (rows.isEmpty()) {
        break;
      }
      checked += rows.size();
      new Batch(orgId, rows).check(mismatches);
      after = rows.get(rows.size() - 1).beadId();
      em.clear();
    }
    return new Report(checked, mismatches);
  }

  /** The edges of one relation, both ways, of the beads of a batch. */
  private static final class Edges {
    final Map<String, List<String>> out = new HashMap<>();
    final Map<String, List<String>> in = new HashMap<>();

    List<String> out(String id) {
      return out.getOrDefault(id, List.of());
    }

    List<String> in(String id) {
      return in.getOrDefault(id, List.of());
    }
  }

  /** A stored row read back: its content parsed (null when it is not JSON) and as a domain bead. */
  private record Stored(BeadRow row, BeadType type, Map<String, Object> content, Bead bead) {

    static Stored of(BeadRow row) {
      BeadType type = BeadType.fromWireName(row.beadType()).orElse(null);
      Map<String, Object> content;
      try {
        content = JsonValues.parseObject(row.content());
      } catch (RuntimeException e) {
        content = null;
      }
      Bead bead = null;
      if (type != null && content != null && BeadId.isWellFormed(row.beadId())) {
        bead =
            new Bead(
                row.orgId(),
                new BeadId(row.beadId()),
                type,
                hashedParents(row),
                row.writtenBy(),
                row.ts(),
                content);
      }
      return new Stored(row, type, content, bead);
    }
  }

  private static List<String> hashedParents(BeadRow r) {
    return r.parentIds().isEmpty() ? List.of() : Arrays.asList(r.parentIds().split(","));
  }

  private final class Batch {
    final String org;
    final List<BeadRow> rows;
    final Map<String, Set<String>> parents = new HashMap<>();
    final Map<String, Edges> edges =
        Map.of(BeadEdgeRow.AUDITS, new Edges(), BeadEdgeRow.SUPERSEDES, new Edges());
    final Map<String, Stored> partners = new HashMap<>();
    List<Mismatch> out;

    Batch(String org, List<BeadRow> rows) {
      this.org = org;
      this.rows = rows;
    }

    void check(List<Mismatch> mismatches) {
      out = mismatches;
      loadEdges(rows.get(0).beadId(), rows.get(rows.size() - 1).beadId());
      List<Stored> stored = rows.stream().map(Stored::of).toList();
      loadPartners(stored);
      for (Stored s : stored) {
        checkRow(s);
      }
    }

    /**
     * Every edge leaving a bead of the batch, and every audits / supersedes edge arriving at one.
     * The batch is a run of consecutive ids, so a range on the id is exactly the batch.
     */
    private void loadEdges(String from, String to) {
      for (BeadEdgeRow e :
          em.createQuery(
                  "SELECT e FROM BeadEdgeRow e WHERE e.orgId = :org AND e.childId >= :from AND e.childId <= :to",
                  BeadEdgeRow.class)
              .setParameter("org", org)
              .setParameter("from", from)
              .setParameter("to", to)
              .getResultList()) {
        if (BeadEdgeRow.PARENT.equals(e.rel())) {
          parents.computeIfAbsent(e.childId(), k -> new HashSet<>()).add(e.parentId());
        } else if (edges.containsKey(e.rel())) {
          edges
              .get(e.rel())
              .out
              .computeIfAbsent(e.childId(), k -> new ArrayList<>())
              .add(e.parentId());
        }
      }
      for (BeadEdgeRow e :
          em.createQuery(
                  "SELECT e FROM BeadEdgeRow e WHERE e.orgId = :org AND e.rel IN ('audits', 'supersedes')"
                      + " AND e.parentId >= :from AND e.parentId <= :to",
                  BeadEdgeRow.class)
              .setParameter("org", org)
              .setParameter("from", from)
              .setParameter("to", to)
              .getResultList()) {
        edges
            .get(e.rel())
            .in
            .computeIfAbsent(e.parentId(), k -> new ArrayList<>())
            .add(e.childId());
      }
    }

    /** The other ends the checks compare with: audit beads, audited, superseded, revoked beads. */
    private void loadPartners(List<Stored> stored) {
      Set<String> ids = new LinkedHashSet<>();
      for (Stored s : stored) {
        String id = s.row().beadId();
        ids.addAll(edges.get(BeadEdgeRow.AUDITS).in(id));
        ids.addAll(edges.get(BeadEdgeRow.AUDITS).out(id));
        ids.addAll(edges.get(BeadEdgeRow.SUPERSEDES).out(id));
        if (s.type() == BeadType.AUDIT) {
          ids.addAll(hashedParents(s.row()));
        }
        if (s.type() == BeadType.CONSENT && s.content() != null) {
          Object revokes = s.content().get("revokes");
          if (revokes instanceof String r) {
            ids.add(r);
          }
        }
      }
      for (Stored s : stored) {
        if (ids.remove(s.row().beadId())) {
          partners.put(s.row().beadId(), s);
        }
      }
      List<String> missing = new ArrayList<>(ids);
      for (int i = 0; i < missing.size(); i += BATCH) {
        for (BeadRow r :
            em.createQuery(
                    "SELECT b FROM BeadRow b WHERE b.orgId = :org AND b.beadId IN :ids",
                    BeadRow.class)
                .setParameter("org", org)
                .setParameter("ids", missing.subList(i, Math.min(missing.size(), i + BATCH)))
                .getResultList()) {
          partners.put(r.beadId(), Stored.of(r));
        }
      }
    }

    private void report(String beadId, String kind, String reason) {
      out.add(new Mismatch(beadId, kind, reason));
    }

    private void checkRow(Stored s) {
      BeadRow r = s.row();
      String id = r.beadId();
      String recomputed = BeadId.hash(r.beadType() + r.content() + r.parentIds().replace(",", ""));
      if (!recomputed.equals(id)) {
        report(
            id,
            "id",
            "stored type, content and parents hash to " + recomputed + ", not to the bead id");
      }
      if (s.content() == null) {
        report(id, "content-form", "stored content is not a JSON object");
      } else if (!CanonicalJson.of(s.content()).equals(r.content())) {
        report(id, "content-form", "stored content is not in canonical form");
      }
      if (s.type() == null) {
        report(id, "id", "stored type '" + r.beadType() + "' is not a bead type");
        return;
      }
      List<String> hashed = hashedParents(r);
      Set<String> parentEdges = parents.getOrDefault(id, Set.of());
      if (s.type() != BeadType.AUDIT && !new HashSet<>(hashed).equals(parentEdges)) {
        report(
            id,
            "parent-edges",
            "parent edges "
                + new TreeSet<>(parentEdges)
                + " differ from the hashed parents "
                + hashed);
      }
      if (s.content() == null) {
        return;
      }
      List<String> columns = r.columns().differencesFrom(BeadRow.Columns.of(s.type(), s.content()));
      if (!columns.isEmpty()) {
        report(id, "column", String.join("; ", columns));
      }
      if (s.type() == BeadType.AUDIT) {
        checkAudit(s);
      } else {
        checkAudited(s);
      }
      checkSupersedes(s);
      checkRevokes(s);
    }

    /** An audit bead: one audits edge, to the bead it names, whose type it records. */
    private void checkAudit(Stored a) {
      String id = a.row().beadId();
      Map<String, Object> c = a.content();
      Object audited = c.get("audited_bead_id");
      List<String> targets = edges.get(BeadEdgeRow.AUDITS).out(id);
      if (targets.isEmpty()) {
        report(id, "missing-audit", "audit bead has no audits edge to " + audited);
      } else if (targets.size() > 1 || !targets.get(0).equals(audited)) {
        report(
            id,
            "audit-mismatch",
            "audits edges to " + new TreeSet<>(targets) + ", but the audit names " + audited);
      }
      if (!hashedParents(a.row()).equals(List.of(String.valueOf(audited)))) {
        report(
            id,
            "audit-mismatch",
            "hashed parents " + hashedParents(a.row()) + " are not the audited bead " + audited);
      }
      if (!Objects.equals(a.row().writtenBy(), c.get("actor_id"))
          || !(c.get("ts") instanceof Number ts && ts.longValue() == a.row().ts())) {
        report(
            id,
            "audit-mismatch",
            "stored written_by '"
                + a.row().writtenBy()
                + "' and ts "
                + a.row().ts()
                + " differ from the audit's actor_id '"
                + c.get("actor_id")
                + "' and ts "
                + c.get("ts"));
      }
      Stored target = audited instanceof String t ? partners.get(t) : null;
      if (target != null
          && target.type() != null
          && !target.type().wireName().equals(c.get("audited_type"))) {
        report(
            id,
            "audit-mismatch",
            "the audit records audited_type "
                + c.get("audited_type")
                + " but "
                + audited
                + " is a "
                + target.type().wireName()
                + " bead");
      }
    }

    /**
     * A non-audit bead: audited exactly once (INV-BG-007), by an audit bead whose actor and time
     * are this bead's written_by and ts (the envelope is not hashed; its audit is).
     */
    private void checkAudited(Stored s) {
      String id = s.row().beadId();
      List<String> auditors = edges.get(BeadEdgeRow.AUDITS).in(id);
      if (auditors.isEmpty()) {
        report(id, "missing-audit", "no audit bead audits it (INV-BG-007)");
        return;
      }
      if (auditors.size() > 1) {
        report(
            id,
            "audit-mismatch",
            "audited by " + auditors.size() + " beads: " + new TreeSet<>(auditors));
      }
      for (String auditorId : auditors) {
        Stored a = partners.get(auditorId);
        if (a == null || a.content() == null) {
          continue; // the audit's own row is reported when its batch is checked
        }
        if (a.type() != BeadType.AUDIT) {
          report(
              id,
              "audit-mismatch",
              "its audits edge comes from " + auditorId + ", a " + a.row().beadType() + " bead");
          continue;
        }
        Map<String, Object> c = a.content();
        if (!Objects.equals(s.row().writtenBy(), c.get("actor_id"))
            || !(c.get("ts") instanceof Number ts && ts.longValue() == s.row().ts())) {
          report(
              id,
              "audit-mismatch",
              "stored written_by '"
                  + s.row().writtenBy()
                  + "' and ts "
                  + s.row().ts()
                  + " differ from its audit "
                  + auditorId
                  + " (actor_id '"
                  + c.get("actor_id")
                  + "', ts "
                  + c.get("ts")
                  + ")");
        }
      }
    }

    /** Supersedes edges leaving the bead (its rules) and arriving at it (one successor at most). */
    private void checkSupersedes(Stored s) {
      String id = s.row().beadId();
      Edges sup = edges.get(BeadEdgeRow.SUPERSEDES);
      List<String> successors = sup.in(id);
      if (successors.size() > 1) {
        report(
            id,
            "supersedes",
            "superseded by "
                + successors.size()
                + " beads "
                + new TreeSet<>(successors)
                + "; a bead has at most one successor");
      }
      List<String> targets = sup.out(id);
      if (targets.size() > 1) {
        report(
            id, "supersedes", "supersedes " + targets.size() + " beads " + new TreeSet<>(targets));
      }
      for (String target : targets) {
        Stored older = partners.get(target);
        if (older == null) {
          report(id, "supersedes", "supersedes " + target + ", which is not a bead of this org");
        } else if (s.bead() != null && older.bead() != null) {
          BeadWrite.supersedeViolation(s.bead(), older.bead())
              .ifPresent(why -> report(id, "supersedes", "supersedes " + target + ": " + why));
        }
      }
    }

    private void checkRevokes(Stored s) {
      if (s.type() != BeadType.CONSENT || s.bead() == null) {
        return;
      }
      Object revokes = s.content().get("revokes");
      if (revokes instanceof String target) {
        Stored revoked = partners.get(target);
        if (revoked != null && revoked.bead() == null) {
          return; // unreadable: its own row is reported
        }
        BeadWrite.revokeViolation(s.bead(), target, revoked == null ? null : revoked.bead())
            .ifPresent(why -> report(s.row().beadId(), "revokes", why));
      }
    }
  }
}
