/**
 * Bead graph and knowing-state sessions (core.md §1.1, §1.2, §1.4, §2, §3, §4.1, §4.2).
 *
 * <p>A {@link ai.koales.ksp.domain.bead.Bead} is a write-once node of an org's DAG; its id is the
 * SHA-256 of its type, canonical content and sorted parents ({@link
 * ai.koales.ksp.domain.bead.BeadId}). Invariants this package owns:
 *
 * <ul>
 *   <li>INV-BG-001: beads are never updated or deleted; a change is a new bead with a {@code
 *       supersedes} edge to the one it replaces, of the same type and about the same subject, scope
 *       or role ({@link ai.koales.ksp.domain.bead.BeadWrite#supersedeViolation}); a bead is
 *       superseded at most once.
 *   <li>INV-BG-002: a stored id equals the recomputed hash; a client id that differs is refused
 *       ({@link ai.koales.ksp.domain.bead.BeadIntegrityException}).
 *   <li>INV-BG-003 / I2: an execution bead is written only by a session that has retrieved its
 *       knowing state ({@link ai.koales.ksp.domain.bead.SessionNotInitializedException}); that is
 *       checked before anything in the execution's content is read, so the order of §4.2 holds
 *       whatever the content.
 *   <li>INV-BG-005: a consent's {@code revokes} names an existing consent of the same {@code
 *       role_id} ({@link ai.koales.ksp.domain.bead.BeadWrite#revokeViolation}), else 422 {@code
 *       invalid-supersede}.
 *   <li>INV-BG-007: every non-audit bead is written together with its content-addressed audit bead
 *       ({@link ai.koales.ksp.domain.bead.BeadWrite}).
 *   <li>INV-BG-008 / I4 (fail closed): a retrieval failure, or an org without a policy, sets the
 *       session's autonomy floor to SUGGEST; an execution above the floor is refused ({@link
 *       ai.koales.ksp.domain.bead.AutonomyDegradedException}). There is no in-session recovery.
 *   <li>INV-BG-006: the knowing-state cache is never authoritative; it is invalidated after each
 *       committed trust, policy or consent write ({@link ai.koales.ksp.domain.bead.CacheKeys}), and
 *       its keys are injective (no caller-chosen role or category can land on another's key).
 * </ul>
 *
 * <p>Readings of the spec this package makes deliberately:
 *
 * <ul>
 *   <li><b>The amendment bead's state machine</b> (§3) is enforced on every supersede: PENDING →
 *       APPROVED | REJECTED, APPROVED → SUPERSEDED, nothing after REJECTED or SUPERSEDED, and
 *       {@code target_bead_id} / {@code target_type} never change. PENDING → PENDING is not a step
 *       of §3: a different proposal is a new amendment.
 *   <li><b>Trusted subjects are heads, one per subject</b> (§4.1 "APPROVED, non-superseded" read
 *       with §3 "trust head = trust bead with no incoming supersedes"): for each subject the newest
 *       non-superseded trust bead is its head, and the subject is trusted when that head is
 *       APPROVED. An older, unlinked APPROVED bead of a subject whose newest bead is SUSPENDED does
 *       not make it trusted. The category filter applies to the head's own {@code subject_type}.
 *   <li><b>evaluateTrust is not capped by the session's floor.</b> §4.2 defines its autonomy from
 *       the head's score alone (≥0.9 FULL, ≥0.7 BOUNDED, ≥0.5 PROPOSE, else SUGGEST); Q4's
 *       "requested ≤ floor" is the execution write's rule and is enforced there. A degraded session
 *       may thus learn that a subject earns EXECUTE_FULL and still be refused an EXECUTE_FULL
 *       execution.
 *   <li><b>The newest consent decides</b> (§4.1 "newest ACTIVE" read fail-closed): among the role's
 *       consent beads that nothing supersedes or revokes, the newest one is the role's consent;
 *       when it is REVOKED or expired the role has none, even if an older ACTIVE consent exists. A
 *       REVOKED bead therefore ends a grant even without {@code revokes}, and an expiry never
 *       resurrects an older grant.
 *   <li><b>Validity windows bound the cache</b> (Q6): a cached knowing state or consent lives at
 *       most until the next {@code effective_at} / {@code expires_at} among the beads that decided
 *       it ({@link ai.koales.ksp.domain.bead.KnowingStateSnapshot#cacheTtl}), so a policy or
 *       consent never stays in force in the cache after its window ends.
 *   <li><b>Role ids and categories are key segments</b>: role ids follow the org-id rule (no {@code
 *       ':'}, core.md §6 item 16) and a category contains neither {@code ':'} nor {@code '*'}; the
 *       REST boundary refuses others with 400 {@code invalid-request} naming the field.
 * </ul>
 */
package ai.koales.ksp.domain.bead;
