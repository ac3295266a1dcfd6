package ai.koales.ksp.domain.commissioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Cancelling a session (the gateway's CancelSession, edges.md §2.1). */
class SessionCancelTest {

  static CommissioningSession queued() {
    return CommissioningSession.queued(CommissioningRulesTest.signal(true), 1);
  }

  @Test
  void aQueuedSessionIsCancelledAsRejectedWithWhoAndWhy() {
    CommissioningSession s = queued();
    s.cancel("op-1", "not needed", 5);
    assertThat(s.status()).isEqualTo(CommissioningStatus.REJECTED);
    assertThat(s.decision()).isEqualTo("cancel");
    assertThat(s.approver()).isEqualTo("op-1");
    assertThat(s.reason()).isEqualTo("not needed");
    assertThat(s.decidedAt()).isEqualTo(5L);
    assertThat(s.isRunnable()).isFalse();
  }

  @Test
  void aRunningOrWaitingSessionIsCancelled() {
    CommissioningSession running = queued();
    running.start(2);
    running.cancel("op", null, 3);
    assertThat(running.status()).isEqualTo(CommissioningStatus.REJECTED);

    CommissioningSession waiting = queued();
    waiting.start(2);
    waiting.recordArtifact(Pass.COMPILE_PRD, "IS-1", 3);
    waiting.awaitApproval(100, 4);
    waiting.cancel("op", "changed plans", 5);
    assertThat(waiting.status()).isEqualTo(CommissioningStatus.REJECTED);
    assertThat(waiting.needsApproval()).isTrue();
  }

  @Test
  void aSessionThatEndedRefuses() {
    CommissioningSession failed = queued();
    failed.fail("x", "boom", 2);
    assertThatThrownBy(() -> failed.cancel("op", null, 3))
        .isInstanceOf(SessionEndedException.class)
        .hasMessageContaining("has already ended (failed)");
    CommissioningSession cancelled = queued();
    cancelled.cancel("op", null, 2);
    assertThatThrownBy(() -> cancelled.cancel("op", null, 3))
        .isInstanceOf(SessionEndedException.class);
    assertThat(cancelled.decidedAt()).isEqualTo(2L);
  }
}
