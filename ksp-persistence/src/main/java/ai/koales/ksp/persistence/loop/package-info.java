/**
 * Loop closure on the platform (core.md §4.4): {@link ai.koales.ksp.persistence.loop.LoopClosure}
 * is what agents, REST and the coordinator call; each bridge point is one JTA transaction across
 * the artifact graph and the bead graph ({@link ai.koales.ksp.persistence.loop.BridgePoints}), so
 * observers see all of it or none of it (INV-LC-004). Cache invalidation runs after the commit and
 * before the call returns (INV-LC-006); BP6 runs after that and cannot fail an adoption
 * (INV-LC-007, 008). Partition locks are always taken artifact graph first, bead graph second; BP5
 * takes both before it reads anything, so of two concurrent adoptions of one amendment the second
 * waits and is then refused with {@code amendment-already-resolved}.
 *
 * <p>Readings of the spec made here:
 *
 * <ul>
 *   <li><b>Several amendments of one bead.</b> A trace with two divergences gives two amendments
 *       (BP4), and both may target the same trust bead T. Adopting the first supersedes T; adopting
 *       the second would supersede T a second time and fork its history, which the bead graph
 *       forbids. BP5 therefore checks the target before it writes anything: when the verification
 *       passes and T is already superseded, the adoption is refused with 409 {@code
 *       amendment-target-superseded} (naming the current head) and nothing is written. The
 *       amendment stays open and can still be rejected (BP5 with a failing verification: the
 *       REJECTED bead supersedes PENDING, the target is untouched), or proposed again against the
 *       head (BP4 with {@code targetBeadId}). The original never got that far: it wrote no {@code
 *       supersedes} edges at all (core.md §6 item 6).
 *   <li><b>Unadoptable proposals.</b> BP4 adopts the proposed change on trial (the target's
 *       successor content against its schema) before it writes anything, and refuses a change that
 *       could never be adopted with 400 {@code bead-validation} naming {@code
 *       proposedChange.<member>}. A change that breaks no schema but makes no sense (it changes
 *       nothing, or the subject) is proposed, and the verifier rejects it at BP5.
 *   <li><b>Idempotent repeats.</b> BP2-BP4 report whether they wrote their bead ({@code created});
 *       a repeat that finds what the first call wrote is answered 200 with the same body (api.md
 *       "Conventions"). BP2's bead is built from what its Execution node recorded the first time,
 *       so a retry with the same {@code idempotencyKey} but other wording finds the same bead.
 *   <li><b>Unanchored nodes.</b> A divergence tied to no specification (BP4) or an Amendment node
 *       that modifies none (BP5) is 422 {@code unanchored-divergence} / {@code
 *       unanchored-amendment}; {@code no-active-specification} stays the graph endpoint's 404.
 * </ul>
 */
package ai.koales.ksp.persistence.loop;
