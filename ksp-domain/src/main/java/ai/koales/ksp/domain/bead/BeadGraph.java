package ai.koales.ksp.domain.bead;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The bead graphs of all orgs, as the domain needs them (a port; core.md §4.1). Writes join the
 * caller's transaction and are serialised per org; an implementation invalidates the knowing-state
 * cache after the transaction commits (INV-BG-006), never before.
 */
public interface BeadGraph {

  /**
   * Stores the bead with its parent edges and its audit bead with the {@code audits} edge, plus a
   * {@code supersedes} edge when the write supersedes a bead; all or nothing. Writing a bead that
   * already exists is a no-op returning the same id. Throws {@link UnknownParentException} when a
   * parent is not in the org, {@link InvalidSupersedeException} / {@link
   * AlreadySupersededException} for a bad supersede.
   */
  WriteResult write(BeadWrite write);

  Optional<Bead> find(String orgId, String beadId);

  /** The id of the audit bead of {@code beadId}, if any. */
  Optional<String> auditOf(String orgId, String beadId);

  /** The bead that supersedes {@code beadId}, if one does. */
  Optional<String> supersededBy(String orgId, String beadId);

  /** The subject's trust head: its newest trust bead without an incoming {@code supersedes}. */
  Optional<Bead> currentTrust(String orgId, String subjectId);

  /** Every subject's trust head, of {@code subject_type = subjectType} when that is not null. */
  List<Bead> trustHeads(String orgId, String subjectType);

  /** Policy beads of these scopes that nothing supersedes, newest first. */
  List<Bead> policyCandidates(String orgId, Collection<String> scopes);

  /** Consent beads of the role that nothing supersedes or revokes, newest first. */
  List<Bead> consentCandidates(String orgId, String roleId);

  /** PENDING amendment beads that nothing supersedes, newest first (core.md §4.1, the FIX). */
  List<Bead> openAmendments(String orgId);

  /**
   * Beads of {@code type} that name one of {@code parentIds} as a parent, oldest first (e.g. the
   * amendments proposed from a run's outcome beads).
   */
  List<Bead> childrenOf(String orgId, Collection<String> parentIds, BeadType type);

  /** The subject's trust beads and the amendments that target them, oldest first (Q10). */
  List<Bead> trustLineage(String orgId, String subjectId);

  /** The outcome of a write: ids, and whether the bead was new. */
  record WriteResult(BeadId beadId, BeadId auditBeadId, boolean created) {}
}
