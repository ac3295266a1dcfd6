/**
 * Loop closure: the bridge points BP1-BP6 that turn outcomes into adopted specification changes
 * (core.md §1.5, §4.4, §4.5), and the factory injectables behind ports: {@link
 * ai.koales.ksp.domain.loop.DivergenceDetector}, {@link
 * ai.koales.ksp.domain.loop.HypothesisBuilder}, {@link ai.koales.ksp.domain.loop.AmendmentVerifier}
 * (with its {@link ai.koales.ksp.domain.loop.CoherenceScorer} and optional {@link
 * ai.koales.ksp.domain.loop.PatternCheck}) and the optional {@link
 * ai.koales.ksp.domain.loop.SpecificationIngester} of BP6.
 *
 * <p>Invariants: INV-LC-001 the artifact graph and the bead graph never call each other (this
 * context links them through bridge fields); INV-LC-003 BP2 writes the artifact node before the
 * bead and both are idempotent ({@link ai.koales.ksp.domain.loop.LoopIds}: node ids derive from
 * their inputs, so a retried bridge point writes nothing new); INV-LC-004 each bridge point is all
 * or nothing; INV-LC-005 every adoption records an ElucidationArtifact; INV-LC-006/008 the cache is
 * invalidated before BP5 returns and before BP6 runs; INV-LC-007 a BP6 failure never fails an
 * adoption.
 *
 * <p>An amendment must stay adoptable: BP4 refuses a change whose adopted successor would break its
 * schema ({@link ai.koales.ksp.domain.loop.Adoption#violations}), and BP5 refuses to adopt an
 * amendment whose target another bead already supersedes ({@link
 * ai.koales.ksp.domain.loop.AmendmentTargetSupersededException}), which can still be rejected.
 */
package ai.koales.ksp.domain.loop;
