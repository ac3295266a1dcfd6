package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventWriteTest {

  static final StreamId SESS = StreamId.of("sess-1");

  @Test
  void aValidSessionEventBecomesADomainEventAndATerminalKindEndsTheSession() {
    DomainEvent e =
        new EventWrite(null, "sessionEvents", "SESSION_COMPLETED", null, null, Map.of(), 5L, null)
            .toDomainEvent(SESS);
    assertThat(e.streamId()).isEqualTo("sess-1");
    assertThat(e.terminal()).isTrue();
    DomainEvent marked =
        new EventWrite("sess-1", "sessionEvents", "MONITORED", null, null, null, 5L, true)
            .toDomainEvent(SESS);
    assertThat(marked.terminal()).isTrue();
  }

  @Test
  void everyBrokenRuleIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                new EventWrite(
                        "sess-2", "beadUpdates", "BEAD_CLAIMED", null, "a b", null, -1L, true)
                    .toDomainEvent(SESS))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            t ->
                assertThat(
                        ((InvalidInputException) t)
                            .violations().stream().map(FieldViolation::field).toList())
                    .containsExactly(
                        "sessionId", "kind", "runId", "assemblyId", "occurredAt", "terminal"));
  }

  @Test
  void scopesAreRequiredByTheirStreams_edges_1_5() {
    assertThatThrownBy(
            () ->
                new EventWrite(
                        null, "artifactWrites", "ARTIFACT_WRITTEN", "r", null, null, 1L, null)
                    .toDomainEvent(SESS))
        .hasMessageContaining("assemblyId");
    DomainEvent bead =
        new EventWrite(
                null, "beadUpdates", "BEAD_UPDATE", "r1", null, Map.of("atomId", "a"), 1L, null)
            .toDomainEvent(SESS);
    assertThat(bead.runId()).isEqualTo("r1");
    assertThat(bead.terminal()).isFalse();
  }

  @Test
  void unknownKindsAndStreamsAreRefused() {
    assertThatThrownBy(
            () -> new EventWrite(null, "x", "K", null, null, null, 1L, null).toDomainEvent(SESS))
        .hasMessageContaining("stream");
    assertThatThrownBy(
            () ->
                new EventWrite(null, "sessionEvents", "NOPE", null, null, null, 1L, null)
                    .toDomainEvent(SESS))
        .hasMessageContaining("kind");
  }

  @Test
  void streamIdsAreStricterThanPathIds_edges_2_3() {
    assertThat(StreamId.isValid("sess_1-A")).isTrue();
    assertThat(StreamId.isValid("a.b")).isFalse();
    assertThat(StreamId.isValid("a:b")).isFalse();
    assertThat(StreamId.isValid("x".repeat(129))).isFalse();
    assertThatThrownBy(() -> StreamId.of("abc$%"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).code())
        .isEqualTo("invalid-id");
  }
}
