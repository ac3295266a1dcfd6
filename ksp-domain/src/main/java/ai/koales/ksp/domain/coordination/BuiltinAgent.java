package ai.koales.ksp.domain.coordination;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One built-in agent executing one claimed atom (coordination.md §4.2 steps 3-5): it runs the
 * directive's instructions through an {@link AtomRunner} on its own thread, heartbeats while that
 * runs, cancels the call at the directive's timeout (P4: {@code Future.cancel(true)}, no thread
 * left running), evaluates the success condition, and releases or fails the bead. A directive whose
 * retry policy asks for isolated retries is run again, within the same claim and lease, up to its
 * {@code maxAttempts} tries, {@code backoffMs} apart (§4.2 step 6; consent denials are never
 * retried).
 *
 * <p>If release or fail itself fails, it stops: nothing chains and the bead stays IN_PROGRESS until
 * the stale sweep recovers it (P5, scenario 16). A tool refused by consent has already failed the
 * bead (I4), so nothing more is reported.
 */
public final class BuiltinAgent {

  private static final Logger LOG = Logger.getLogger(BuiltinAgent.class.getName());

  /** The coordinator calls of a holder, bound to its claim. */
  public interface AtomHooks {
    long heartbeat(Claim claim);

    void release(Claim claim, Object result);

    void fail(Claim claim, Object error);

    ConsentDecision consent(Claim claim, String toolName, String toolCallId);
  }

  /** How an attempt ended, from the agent's side. */
  public enum Ending {
    RELEASED,
    FAILED,
    TIMED_OUT,
    CONSENT_DENIED,
    LEASE_LOST,
    HOOK_FAILED,
    INTERRUPTED
  }

  /** An attempt's ending and the trace it produced. */
  public record Attempt(Ending ending, TraceFragment trace, String error) {}

  private final AtomHooks hooks;
  private final AtomRunner runner;
  private final ExecutorService calls;
  private final Path workspaceRoot;
  private final Duration heartbeatEvery;
  private final Duration defaultTimeout;
  private final Clock clock;

  public BuiltinAgent(
      AtomHooks hooks,
      AtomRunner runner,
      ExecutorService calls,
      Path workspaceRoot,
      Duration heartbeatEvery,
      Duration defaultTimeout,
      Clock clock) {
    this.hooks = hooks;
    this.runner = runner;
    this.calls = calls;
    this.workspaceRoot = workspaceRoot;
    this.heartbeatEvery = heartbeatEvery;
    this.defaultTimeout = defaultTimeout;
    this.clock = clock;
  }

  /** The run's workspace: {@code {root}/{runId}}, which must stay under the root. */
  public Path workspaceOf(String runId) {
    Path root = workspaceRoot.toAbsolutePath().normalize();
    Path ws = root.resolve(runId).normalize();
    if (!ws.startsWith(root) || ws.equals(root)) {
      throw new IllegalArgumentException("run id " + runId + " does not name a workspace");
    }
    return ws;
  }

  public Attempt execute(Claim claim) {
    AtomDirective.Check check =
        AtomDirective.check(
            claim.directive(),
            text -> {
              throw new IllegalArgumentException("a claimed directive is already parsed");
            },
            claim.runId(),
            claim.beadId());
    if (!check.valid()) {
      // The coordinator checked it at claim; a directive cannot change after seeding.
      return fail(claim, Ending.FAILED, "invalid-directive", null);
    }
    AtomDirective d = check.directive();
    long timeoutMs = d.timeoutMs().orElse(defaultTimeout.toMillis());
    AtomTask task =
        new AtomTask(
            claim.runId(),
            claim.beadId(),
            claim.attempt(),
            claim.role(),
            d.instructions(),
            claim.dependsOn(),
            workspaceOf(claim.runId()),
            d);
    boolean[] consentDenied = {false};
    ToolGate gate =
        (tool, callId) -> {
          ConsentDecision c = hooks.consent(claim, tool, callId);
          if (!c.allowed()) {
            consentDenied[0] = true;
            throw new ConsentDeniedException(tool, claim.beadId());
          }
        };

    AtomDirective.RetryPolicy retry = d.retryPolicy().orElse(AtomDirective.RetryPolicy.NONE);
    for (int tryNumber = 1; ; tryNumber++) {
      Try run = runOnce(claim, task, gate, timeoutMs);
      if (run.stopped() != null) {
        return run.stopped();
      }
      if (consentDenied[0] || run.error() instanceof ConsentDeniedException) {
        // The coordinator failed the bead when it refused the tool (I4): no retry, no report.
        String message = run.error() == null ? "consent denied" : run.error().getMessage();
        return new Attempt(
            Ending.CONSENT_DENIED, trace(claim, d, "failure", message, run.durationMs()), message);
      }
      Ending ending;
      String message;
      TraceFragment trace;
      if (run.timedOut()) {
        ending = Ending.TIMED_OUT;
        message = "timeout: the atom did not finish within " + timeoutMs + " ms";
        trace = trace(claim, d, "timeout", "", run.durationMs());
      } else if (run.error() != null) {
        Throwable error = run.error();
        ending = Ending.FAILED;
        message =
            error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        trace = trace(claim, d, "failure", message, run.durationMs());
      } else {
        String text = run.output() == null ? "" : run.output();
        boolean met =
            d.successCondition()
                .isMet(new SuccessCondition.Evidence(text, task.workspace(), false));
        if (met) {
          return release(claim, trace(claim, d, "success", text, run.durationMs()));
        }
        ending = Ending.FAILED;
        message = "success-condition-not-met";
        trace = trace(claim, d, "failure", text, run.durationMs());
      }
      if (tryNumber >= retry.tries()) {
        return fail(claim, ending, message, trace, tryNumber);
      }
      int tried = tryNumber;
      LOG.fine(
          () ->
              "Atom "
                  + claim.beadId()
                  + " try "
                  + tried
                  + " of "
                  + retry.tries()
                  + " failed ("
                  + message
                  + "); retried after "
                  + retry.backoffMs()
                  + " ms");
      Attempt stopped = pause(claim, retry.backoffMs());
      if (stopped != null) {
        return stopped;
      }
    }
  }

  /** One run of the atom: its output, or its error, or a timeout, or why the agent stopped. */
  private record Try(
      String output, Throwable error, boolean timedOut, long durationMs, Attempt stopped) {}

  /**
   * Runs the instructions once with a cancelling timeout (P4), heartbeating while the call runs.
   */
  private Try runOnce(Claim claim, AtomTask task, ToolGate gate, long timeoutMs) {
    long started = System.nanoTime();
    long deadline = started + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Future<String> call = calls.submit(() -> runner.run(task, gate));
    String output = null;
    Throwable error = null;
    boolean timedOut = false;
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        timedOut = true;
        call.cancel(true);
        break;
      }
      try {
        output = call.get(Math.min(left, heartbeatEvery.toNanos()), TimeUnit.NANOSECONDS);
        break;
      } catch (TimeoutException stillRunning) {
        if (deadline - System.nanoTime() <= 0) {
          continue;
        }
        Attempt lost = heartbeat(claim);
        if (lost != null) {
          call.cancel(true);
          return new Try(null, null, false, 0, lost);
        }
      } catch (ExecutionException e) {
        error = e.getCause();
        break;
      } catch (CancellationException e) {
        error = e;
        break;
      } catch (InterruptedException e) {
        call.cancel(true);
        Thread.currentThread().interrupt();
        return new Try(
            null, null, false, 0, new Attempt(Ending.INTERRUPTED, null, "the agent was stopped"));
      }
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    return new Try(output, error, timedOut, durationMs, null);
  }

  /** A heartbeat; returns why the agent must stop, or null to go on. */
  private Attempt heartbeat(Claim claim) {
    try {
      hooks.heartbeat(claim);
      return null;
    } catch (LeaseLostException | BeadTerminalException lost) {
      return new Attempt(Ending.LEASE_LOST, null, lost.getMessage());
    } catch (RuntimeException transientFailure) {
      // The lease survives a missed heartbeat as long as the next one arrives in time.
      LOG.log(Level.WARNING, "Heartbeat of " + claim.beadId() + " failed", transientFailure);
      return null;
    }
  }

  /** The retry policy's back-off between tries, heartbeating so the lease outlives it. */
  private Attempt pause(Claim claim, long backoffMs) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
    while (true) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(left, heartbeatEvery.toNanos()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Attempt(Ending.INTERRUPTED, null, "the agent was stopped");
      }
      if (until - System.nanoTime() > 0) {
        Attempt lost = heartbeat(claim);
        if (lost != null) {
          return lost;
        }
      }
    }
  }

  private Attempt release(Claim claim, TraceFragment trace) {
    try {
      hooks.release(claim, trace.toMap());
      return new Attempt(Ending.RELEASED, trace, null);
    } catch (LeaseLostException | BeadTerminalException lost) {
      return new Attempt(Ending.LEASE_LOST, trace, lost.getMessage());
    } catch (RuntimeException hookFailure) {
      LOG.log(Level.WARNING, "Release of " + claim.beadId() + " failed", hookFailure);
      return new Attempt(Ending.HOOK_FAILED, trace, hookFailure.getMessage());
    }
  }

  private Attempt fail(Claim claim, Ending ending, String message, TraceFragment trace) {
    return fail(claim, ending, message, trace, 1);
  }

  /**
   * Fails the bead with {@code {error, trace}} ({@code tries} too when the retry policy ran it more
   * than once); a failing fail stops here (P5).
   */
  private Attempt fail(Claim claim, Ending ending, String message, TraceFragment trace, int tries) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("error", message);
    if (trace != null) {
      error.put("trace", trace.toMap());
    }
    if (tries > 1) {
      error.put("tries", tries);
    }
    try {
      hooks.fail(claim, error);
      return new Attempt(ending, trace, message);
    } catch (LeaseLostException | BeadTerminalException lost) {
      return new Attempt(Ending.LEASE_LOST, trace, lost.getMessage());
    } catch (RuntimeException hookFailure) {
      LOG.log(Level.WARNING, "Fail of " + claim.beadId() + " failed", hookFailure);
      return new Attempt(Ending.HOOK_FAILED, trace, hookFailure.getMessage());
    }
  }

  private TraceFragment trace(
      Claim claim, AtomDirective d, String outcome, String raw, long durationMs) {
    long now = clock.millis();
    String text = raw == null ? "" : raw;
    String ref = null;
    if (text.length() > TraceFragment.RAW_LIMIT) {
      String directiveId = d.text("directiveId").orElse(claim.beadId());
      String name = "sandbox-output/" + directiveId + "/" + now + ".txt";
      try {
        DeterministicAtomRunner.write(workspaceOf(claim.runId()), name, text);
        ref = name;
      } catch (IOException | RuntimeException storeFailure) {
        // §1.6: the store failure is non-fatal; the truncated text remains.
        LOG.log(Level.WARNING, "Could not keep the full output of " + claim.beadId(), storeFailure);
      }
      text = text.substring(0, TraceFragment.RAW_LIMIT);
    }
    return new TraceFragment(
        TraceFragment.executionId(claim.beadId(), claim.attempt()),
        d.text("directiveId").orElse(null),
        d.text("atomRef").orElse(null),
        d.text("workGraphVersion").orElse(null),
        d.text("repoId").orElse(null),
        outcome,
        text,
        ref,
        durationMs,
        claim.attempt(),
        now);
  }
}
