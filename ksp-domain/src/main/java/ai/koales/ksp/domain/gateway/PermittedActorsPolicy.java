package ai.koales.ksp.domain.gateway;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The policy decision point used when no external PDP is configured: it permits exactly the actor
 * types it was given (e.g. {@code agent}, {@code human}) and denies everything else, so that an
 * unconfigured server refuses every submission rather than accepting any (fail closed).
 */
public final class PermittedActorsPolicy implements PolicyDecisionPoint {

  private final Set<String> permitted;

  public PermittedActorsPolicy(Set<String> actorTypes) {
    Set<String> s = new LinkedHashSet<>();
    for (String a : actorTypes) {
      if (a != null && !a.isBlank()) {
        s.add(a.trim());
      }
    }
    this.permitted = Set.copyOf(s);
  }

  @Override
  public PolicyDecision evaluate(PolicyRequest request) {
    String actor = request.actorType() == null ? "" : request.actorType().trim();
    if (permitted.isEmpty()) {
      return PolicyDecision.deny("no actor type is permitted to submit sessions on this server");
    }
    if (!permitted.contains(actor)) {
      return PolicyDecision.deny(
          "actor type " + InvalidGatewayRequestException.quote(actor) + " is not permitted");
    }
    return PolicyDecision.permit();
  }

  public Set<String> permitted() {
    return permitted;
  }

  @Override
  public String toString() {
    return "permitted actor types " + permitted;
  }
}
