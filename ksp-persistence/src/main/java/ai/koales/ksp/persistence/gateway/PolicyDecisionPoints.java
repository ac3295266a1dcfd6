package ai.koales.ksp.persistence.gateway;

import ai.koales.ksp.domain.gateway.PermittedActorsPolicy;
import ai.koales.ksp.domain.gateway.PolicyDecisionPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * The gateway's policy decision point: the external PDP at {@code ksp.gateway.pdp.url} when one is
 * configured, else the built-in one that permits only the actor types of {@code
 * ksp.gateway.pdp.permitted-actors} (none by default, so an unconfigured server denies every
 * submission).
 */
@ApplicationScoped
public class PolicyDecisionPoints {

  private static final Logger LOG = Logger.getLogger(PolicyDecisionPoints.class.getName());

  @Inject GatewaySettings settings;

  @Produces
  @ApplicationScoped
  PolicyDecisionPoint policyDecisionPoint() {
    PolicyDecisionPoint pdp =
        settings
            .pdpUrl()
            .<PolicyDecisionPoint>map(
                url -> new HttpPolicyDecisionPoint(url, settings.pdpApiKey().orElse(null)))
            .orElseGet(() -> new PermittedActorsPolicy(settings.permittedActors()));
    LOG.info(() -> "Connect gateway policy decisions: " + pdp);
    return pdp;
  }
}
