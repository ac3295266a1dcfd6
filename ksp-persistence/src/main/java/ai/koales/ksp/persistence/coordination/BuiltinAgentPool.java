package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.persistence.platform.ClusterLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The built-in agents ({@code ksp.agents.builtin.pool-size}, default 2): they execute the atoms of
 * {@code builtin} runs on the container's managed executor ({@link CoordinationThreads#agents()}),
 * at most one atom per agent at a time. Dispatches arrive after the commit that made their bead
 * ready, and again from the redelivery timer while they stay undelivered (after a restart, for
 * instance); a dispatch that is already queued or running on this node is not queued twice. Which
 * agent gets to execute a bead is decided by the claim, never here.
 */
@ApplicationScoped
public class BuiltinAgentPool {

  private static final Logger LOG = Logger.getLogger(BuiltinAgentPool.class.getName());

  @Inject CoordinationThreads threads;
  @Inject CoordinationSettings settings;
  @Inject AtomExecution execution;

  private final Deque<DispatchTicket> backlog = new ConcurrentLinkedDeque<>();
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private BlockingQueue<Integer> idleAgents;
  private volatile boolean stopping;

  @PostConstruct
  void start() {
    idleAgents = new ArrayBlockingQueue<>(settings.poolSize());
    for (int i = 1; i <= settings.poolSize(); i++) {
      idleAgents.add(i);
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
    backlog.clear();
  }

  /** The agent id a built-in agent claims with: its number and this node. */
  static String agentId(int n) {
    String node = ClusterLeases.NODE;
    return "builtin-" + n + "@" + node.substring(node.lastIndexOf('/') + 1);
  }

  /** Queues a dispatch for the next idle agent, unless this node already has it. */
  public void handOff(DispatchTicket ticket) {
    if (stopping || !queued.add(ticket.key())) {
      return;
    }
    backlog.add(ticket);
    pump();
  }

  /** Whether the dispatch is queued or running on this node. */
  public boolean has(String key) {
    return queued.contains(key);
  }

  private void pump() {
    while (!stopping && !backlog.isEmpty()) {
      Integer agent = idleAgents.poll();
      if (agent == null) {
        return;
      }
      DispatchTicket ticket = backlog.poll();
      if (ticket == null) {
        idleAgents.add(agent);
        continue;
      }
      try {
        threads.agents().execute(() -> work(agent, ticket));
      } catch (RejectedExecutionException shuttingDown) {
        idleAgents.add(agent);
        queued.remove(ticket.key());
        return;
      }
    }
  }

  private void work(int agent, DispatchTicket ticket) {
    try {
      execution.execute(ticket, agentId(agent));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Built-in agent " + agent + " failed on " + ticket.key(), e);
    } finally {
      queued.remove(ticket.key());
      idleAgents.add(agent);
      pump();
    }
  }
}
