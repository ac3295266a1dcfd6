package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EventBufferTest {

  static final ExpiryPolicy POLICY =
      new ExpiryPolicy(Duration.ofMinutes(30), Duration.ofMinutes(5));

  static DomainEvent event(String stream, SessionEventKind kind) {
    return DomainEvent.session(stream, kind, null, Map.of("k", "v"), 1_000L);
  }

  @Property
  void seqIsGapFreeFromOne_edges_4_1(@ForAll @IntRange(min = 1, max = 300) int appends) {
    EventBuffer b = EventBuffer.opened("s", null, 0, false, 0);
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < appends; i++) {
      seqs.add(b.append(event("s", SessionEventKind.BEAD_CLAIMED), i).seq());
    }
    for (int i = 0; i < appends; i++) {
      assertThat(seqs.get(i)).isEqualTo(i + 1L);
    }
    assertThat(b.tipSeq()).isEqualTo(appends);
  }

  @Test
  void anAppendAfterTheTerminalEventIsRefusedAndTheTipStays_scenario13() {
    EventBuffer b = EventBuffer.opened("sess-4", null, 0, false, 0);
    for (int i = 0; i < 6; i++) {
      b.append(event("sess-4", SessionEventKind.COMPILATION_STARTED), 10);
    }
    BufferedEvent last = b.append(event("sess-4", SessionEventKind.SESSION_COMPLETED), 20);
    assertThat(last.seq()).isEqualTo(7);
    assertThat(last.terminal()).isTrue();
    assertThat(b.terminalAt()).isEqualTo(20L);
    assertThatThrownBy(() -> b.append(event("sess-4", SessionEventKind.MONITORED), 30))
        .isInstanceOf(StreamTerminalException.class)
        .hasMessageContaining("seq 7");
    assertThat(b.tipSeq()).isEqualTo(7);
    assertThat(b.terminalAt()).isEqualTo(20L);
  }

  @Test
  void expiryIsThirtyMinutesAfterTheLastWriteAndSlides_scenario17() {
    long t1000 = 36_000_000L;
    EventBuffer b = EventBuffer.opened("s", null, 0, false, t1000);
    b.append(event("s", SessionEventKind.SESSION_SUBMITTED), t1000);
    long t1029_59 = t1000 + Duration.ofMinutes(29).plusSeconds(59).toMillis();
    assertThat(b.isExpired(t1029_59, POLICY)).isFalse();
    assertThat(b.isExpired(t1000 + Duration.ofMinutes(30).toMillis(), POLICY)).isTrue();
    long t1020 = t1000 + Duration.ofMinutes(20).toMillis();
    b.append(event("s", SessionEventKind.DEPLOYING), t1020);
    assertThat(b.expiresAt(POLICY)).isEqualTo(t1000 + Duration.ofMinutes(50).toMillis());
  }

  @Test
  void aTerminalBufferExpiresFiveMinutesAfterItsTerminalEvent_scenario18() {
    long t1100 = 39_600_000L;
    EventBuffer b = EventBuffer.opened("s", null, 0, false, t1100 - 1000);
    b.append(event("s", SessionEventKind.SESSION_FAILED), t1100);
    assertThat(b.isExpired(t1100 + Duration.ofMinutes(5).toMillis() - 1, POLICY)).isFalse();
    assertThat(b.isExpired(t1100 + Duration.ofMinutes(5).toMillis(), POLICY)).isTrue();
  }

  @Test
  void aReopenedStreamContinuesAfterTheDurableLogAndNeverReopensOnceEnded_Q8() {
    EventBuffer reopened = EventBuffer.opened("s", null, 41, false, 0);
    assertThat(reopened.append(event("s", SessionEventKind.MONITORED), 1).seq()).isEqualTo(42);
    assertThat(reopened.holdsAfter(41)).isTrue();
    assertThat(reopened.holdsAfter(40)).as("seqs up to 41 expired with the old buffer").isFalse();
    assertThatThrownBy(() -> EventBuffer.opened("s", null, 9, true, 0))
        .isInstanceOf(StreamTerminalException.class)
        .hasMessageContaining("seq 9");
  }

  @Test
  void theFirstRunAndAssemblyStickAndTheOrgIsNeverReplaced() {
    EventBuffer b = EventBuffer.opened("s", null, 0, false, 0);
    b.append(
        new DomainEvent(
            "s", EventStream.BEAD_UPDATES, "BEAD_UPDATE", "r1", null, Map.of(), 1, false),
        1);
    b.append(
        new DomainEvent(
            "s", EventStream.ARTIFACT_WRITES, "ARTIFACT_WRITTEN", "r2", "a1", Map.of(), 1, false),
        2);
    assertThat(b.runId()).isEqualTo("r1");
    assertThat(b.assemblyId()).isEqualTo("a1");
    assertThat(b.bindOrg("acme")).isTrue();
    assertThat(b.bindOrg("acme")).isTrue();
    assertThat(b.bindOrg("other")).isFalse();
    assertThat(b.orgId()).isEqualTo("acme");
  }

  @Test
  void anEventOfAnotherStreamIsNotAppended() {
    EventBuffer b = EventBuffer.opened("s", null, 0, false, 0);
    assertThatThrownBy(() -> b.append(event("t", SessionEventKind.MONITORED), 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
