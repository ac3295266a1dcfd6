package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayInputsTest {

  @Test
  void theCursorIsANonNegativeInteger_scenario14() {
    assertThat(ReplayCursor.parse("query.after", null)).isZero();
    assertThat(ReplayCursor.parse("query.after", "")).isZero();
    assertThat(ReplayCursor.parse("query.after", "2")).isEqualTo(2);
    for (String bad : new String[] {"abc", "-1", "1.5", " 1", "99999999999999999999"}) {
      assertThatThrownBy(() -> ReplayCursor.parse("query.after", bad))
          .isInstanceOf(InvalidInputException.class)
          .extracting(e -> ((InvalidInputException) e).code())
          .isEqualTo("invalid-cursor");
    }
  }

  @Test
  void streamsDefaultToSessionEventsAndEmptyItemsAreDropped_edges_2_3() {
    assertThat(ReplayFilter.parse(null, null, null).streams())
        .containsExactly(EventStream.SESSION_EVENTS);
    assertThat(ReplayFilter.parse(",beadUpdates,,", "", " ").streams())
        .containsExactly(EventStream.BEAD_UPDATES);
    assertThatThrownBy(() -> ReplayFilter.parse("nope", null, null))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void theScopeFiltersRows_scenario15() {
    ReplayFilter f = ReplayFilter.parse("beadUpdates", "r1", null);
    BufferedEvent r1 = row(3, EventStream.BEAD_UPDATES, "r1", null);
    BufferedEvent r2 = row(4, EventStream.BEAD_UPDATES, "r2", null);
    BufferedEvent session = row(5, EventStream.SESSION_EVENTS, "r1", null);
    assertThat(f.matches(r1)).isTrue();
    assertThat(f.matches(r2)).isFalse();
    assertThat(f.matches(session)).isFalse();
    ReplayFilter byAssembly = new ReplayFilter(EnumSet.of(EventStream.ARTIFACT_WRITES), null, "a1");
    assertThat(byAssembly.matches(row(6, EventStream.ARTIFACT_WRITES, null, "a1"))).isTrue();
    assertThat(byAssembly.matches(row(7, EventStream.ARTIFACT_WRITES, null, "a2"))).isFalse();
  }

  static BufferedEvent row(long seq, EventStream s, String run, String assembly) {
    return new BufferedEvent("s", seq, s, "K", run, assembly, Map.of(), 1, 2, false);
  }
}
