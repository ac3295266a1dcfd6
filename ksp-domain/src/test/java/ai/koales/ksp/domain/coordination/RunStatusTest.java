package ai.koales.ksp.domain.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Run status derivation (coordination.md §3.3). */
class RunStatusTest {

  @Test
  void theStatusFollowsTheBeads() {
    assertThat(RunStatus.derive(RunCounts.NONE, true, false)).isEqualTo(RunStatus.INITIALIZED);
    assertThat(RunStatus.derive(new RunCounts(3, 0, 0, 0), true, false))
        .isEqualTo(RunStatus.SEEDED);
    assertThat(RunStatus.derive(new RunCounts(3, 0, 0, 0), true, true))
        .isEqualTo(RunStatus.RUNNING);
    assertThat(RunStatus.derive(new RunCounts(2, 1, 0, 0), true, false))
        .isEqualTo(RunStatus.RUNNING);
    assertThat(RunStatus.derive(new RunCounts(0, 0, 3, 0), true, true))
        .isEqualTo(RunStatus.COMPLETE);
    assertThat(RunStatus.derive(new RunCounts(0, 0, 2, 1), true, true))
        .isEqualTo(RunStatus.PARTIAL_FAILURE);
    assertThat(RunStatus.derive(new RunCounts(1, 0, 2, 1), false, true))
        .isEqualTo(RunStatus.STALLED);
    assertThat(RunStatus.derive(new RunCounts(1, 1, 2, 1), false, true))
        .isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void onlyFinishedStatusesAreTerminal() {
    assertThat(RunStatus.COMPLETE.isTerminal()).isTrue();
    assertThat(RunStatus.PARTIAL_FAILURE.isTerminal()).isTrue();
    assertThat(RunStatus.STALLED.isTerminal()).isTrue();
    assertThat(RunStatus.RUNNING.isTerminal()).isFalse();
    assertThat(RunStatus.SEEDED.isTerminal()).isFalse();
  }
}
