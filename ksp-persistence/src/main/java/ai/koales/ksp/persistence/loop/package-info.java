/**
 * Loop closure on the platform (core.md §4.4): {@link ai.koales.ksp.persistence.loop.LoopClosure}
 * is what agents, REST and the coordinator call; each bridge point is one JTA transaction across
 * the artifact graph and the bead graph ({@link ai.koales.ksp.persistence.loop.BridgePoints}), so
 * observers see all of it or none of it (INV-LC-004). Cache invalidation runs after the commit and
 * before the call returns (INV-LC-006); BP6 runs after that and cannot fail an adoption
 * (INV-LC-007, 008). Partition locks are always taken artifact graph first, bead graph second.
 */
package ai.koales.ksp.persistence.loop;
