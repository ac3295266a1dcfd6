package ai.koales.ksp.domain.gateway;

/**
 * The policy decision point a submission must pass (edges.md §2.1 step 5, §2.2). An implementation
 * never throws and never retries: whatever goes wrong is a denial with its reason (fail closed,
 * §3.11).
 */
@FunctionalInterface
public interface PolicyDecisionPoint {

  PolicyDecision evaluate(PolicyRequest request);
}
