package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AtomRunner;
import ai.koales.ksp.domain.coordination.BuiltinAgent;
import ai.koales.ksp.domain.coordination.Claim;
import ai.koales.ksp.domain.coordination.ClaimOutcome;
import ai.koales.ksp.domain.coordination.ClaimResult;
import ai.koales.ksp.domain.coordination.ConsentDecision;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One built-in agent's handling of one dispatch (coordination.md §4.2): claim it (step 2: not
 * claimed means skipped, no side effects), then let the domain's {@link BuiltinAgent} run it with
 * heartbeats and a cancelling timeout, and release or fail it through the same coordinator calls an
 * external agent makes, consent included.
 */
@ApplicationScoped
public class AtomExecution {

  private static final Logger LOG = Logger.getLogger(AtomExecution.class.getName());

  @Inject CoordinationService coordination;
  @Inject AtomRunner runner;
  @Inject CoordinationSettings settings;
  @Inject Clock clock;
  @Inject CoordinationThreads threads;

  private BuiltinAgent agent;

  @PostConstruct
  void start() {
    BuiltinAgent.AtomHooks hooks =
        new BuiltinAgent.AtomHooks() {
          @Override
          public long heartbeat(Claim c) {
            return coordination.heartbeat(c.orgId(), c.runId(), c.beadId(), c.leaseToken());
          }

          @Override
          public void release(Claim c, Object result) {
            coordination.release(c.orgId(), c.runId(), c.beadId(), c.leaseToken(), result);
          }

          @Override
          public void fail(Claim c, Object error) {
            coordination.fail(c.orgId(), c.runId(), c.beadId(), c.leaseToken(), error);
          }

          @Override
          public ConsentDecision consent(Claim c, String toolName, String toolCallId) {
            return coordination.consent(
                c.orgId(), c.runId(), c.beadId(), c.leaseToken(), toolName, toolCallId);
          }
        };
    agent =
        new BuiltinAgent(
            hooks,
            runner,
            threads.calls(),
            settings.workspaceRoot(),
            settings.heartbeatInterval(),
            settings.defaultTimeout(),
            clock);
  }

  public void execute(DispatchTicket ticket, String agentId) {
    ClaimResult claim;
    try {
      claim = coordination.claimDispatched(ticket, agentId);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Delivery of " + ticket.key() + " failed", e);
      coordination.deliveryFailed(ticket, String.valueOf(e.getMessage()));
      return;
    }
    if (claim.outcome() != ClaimOutcome.CLAIMED) {
      return;
    }
    BuiltinAgent.Attempt attempt = agent.execute(claim.claim());
    LOG.log(
        Level.FINE,
        () ->
            agentId
                + " executed "
                + ticket.key()
                + ": "
                + attempt.ending()
                + " "
                + attempt.error());
  }
}
