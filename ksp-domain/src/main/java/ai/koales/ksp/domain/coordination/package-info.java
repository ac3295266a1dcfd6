/**
 * Coordination (coordination.md §1.1-§1.6, §2, §3.1, §3.3, §4.1-§4.3): runs seeded with a DAG of
 * atoms, dependency-gated claims with leases, heartbeats, release and fail, stale rescue, chaining,
 * consent, gears and formulas, and the built-in agents that execute atoms.
 *
 * <p>{@link ai.koales.ksp.domain.coordination.Coordinator} is the coordinator as a domain service
 * over ports; {@link ai.koales.ksp.domain.coordination.Run} and {@link
 * ai.koales.ksp.domain.coordination.ExecutionBead} are its aggregates and own their state machines;
 * {@link ai.koales.ksp.domain.coordination.BuiltinAgent} executes one claimed atom through an
 * {@link ai.koales.ksp.domain.coordination.AtomRunner}. Invariants this package owns:
 *
 * <ul>
 *   <li>BR-KSP-11: every change of a run first locks the run; lock order run → beads, never two
 *       runs.
 *   <li>INV-C1: a claim is a compare-and-set READY → IN_PROGRESS; of racing claimers exactly one
 *       wins and the attempt count rises once.
 *   <li>INV-C2: only a bead whose parents are all DONE is claimed (Q2: FAILED parents block, unless
 *       the run was initialised with {@code continueOnFailure}).
 *   <li>INV-C3 / P7 / P14: release, fail, heartbeat and consent need the holder's current lease
 *       token and IN_PROGRESS; DONE and FAILED are terminal. A refused call changes nothing.
 *   <li>INV-C4 / P15: exactly one insert-only audit row per effective transition (verdicts {@code
 *       claimed}, {@code done}, {@code failed}, {@code rescued}, {@code timed_out}), none for
 *       refusals.
 *   <li>INV-C5 / P10: chaining has one owner, the transaction that made a bead ready; at most one
 *       dispatch per bead and ready epoch (key {@code {runId}:{beadId}:{attempt}}); a fail chains
 *       nothing unless the run continues on failure (P5); the first dispatch sends only roots (Q3).
 *   <li>INV-C6: seeding inserts only missing beads and edges, keeps createdAt, and is atomic.
 *   <li>I4: every tool call is audited before the allow-list check; a tool outside the directive's
 *       permitted tools fails the bead before the tool runs.
 *   <li>P1: a claim opens a real knowing-state session and records its execution bead through it;
 *       the outcome is recorded against that bead (P13: durably, after commit).
 *   <li>P8: a READY bead whose payload is not a valid directive is quarantined (FAILED with {@code
 *       {error: 'invalid-directive', issues}}) instead of dispatched.
 * </ul>
 *
 * <p>Where the spec is silent, or where this package reads it deliberately:
 *
 * <ul>
 *   <li>Run ids follow the stream-id rule ({@code [A-Za-z0-9_-]{1,128}}) because a run's stream id
 *       defaults to its id; a run id belongs to the org that initialised it (another org's init is
 *       409 {@code run-conflict}, its other calls 404 {@code run-not-found}).
 *   <li>The stale sweep is one cluster-wide periodic job rather than a timer per run, so
 *       re-initialising a run never postpones it (P12).
 *   <li><b>Init is mandatory (BR-KSP-16, scenario 10).</b> The original accepted seeds and
 *       transitions on a run that was never initialised and then skipped the audit and loop closure
 *       silently. Here seeding, claiming and every other call on a run that was not initialised is
 *       404 {@code run-not-found} and changes nothing, so scenario 10's precondition (a bead held
 *       in an uninitialised run) cannot arise. Reasons: every call of the public API names its org
 *       ({@code /orgs/{org}/runs/…}), so the "run context" the original could lack is always known;
 *       an unaudited mode would contradict INV-C4 (one audit row per effective transition); and a
 *       claim must open a real session for its {@code sessionId} (P1, api.md "A claim"), which a
 *       run without loop closure could not give. What the invariant protects still holds: init is
 *       idempotent and precedes every audited transition.
 *   <li><b>Formulas and molecules (§1.3, AP8).</b> A seed may name the formula its molecule
 *       follows; the formula must be registered and every bead's gear must be one of its gears, and
 *       the first such seed binds the molecule to it for later seeds ({@link
 *       ai.koales.ksp.domain.coordination.GearMolecule}). Out of scope: a formula's typed edges are
 *       not enforced on bead dependencies (edge typing is open upstream, §1.2: every bead edge is a
 *       barrier); a molecule's id is the molecule id its beads carry ({@code WG-…} for compiled
 *       runs), not a separate {@code MOLECULE-} id, and its bead ids and status are derived from
 *       its beads rather than stored; Mediation's compile references gears per atom and binds no
 *       formula, because a CommissionRequest (§1.7) names none.
 * </ul>
 */
package ai.koales.ksp.domain.coordination;
