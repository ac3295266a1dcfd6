package ai.koales.ksp.domain.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingTest {

  @Test
  void aCursorRoundTripsAndIsOpaque() {
    GraphCursor c = new GraphCursor(1_781_049_600_000L, 42);
    assertThat(GraphCursor.decode(c.encode())).isEqualTo(c);
    assertThat(c.encode()).doesNotContain("1781049600000");
  }

  @Test
  void aForeignCursorIsRefusedNamingTheField() {
    for (String bad : List.of("abc", "!!", "ZzE", "Z2cxLngueQ")) {
      assertThatThrownBy(() -> GraphCursor.decode(bad))
          .isInstanceOf(InvalidInputException.class)
          .satisfies(
              e ->
                  assertThat(((InvalidInputException) e).violations().get(0).field())
                      .isEqualTo("cursor"));
    }
  }

  @Test
  void limitDefaultsAndIsBoundedTo500() {
    assertThat(PageRequest.parse(null, null, 50).limit()).isEqualTo(50);
    assertThat(PageRequest.parse("500", "", 50).limit()).isEqualTo(500);
    for (String bad : List.of("0", "501", "-1", "abc", "1.5")) {
      assertThatThrownBy(() -> PageRequest.parse(bad, null, 50))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("limit");
    }
  }

  @Test
  void aPageHasANextCursorOnlyWhenMoreItemsWereFetched() {
    Page<Integer> last = Page.of(List.of(1, 2, 3), 3, i -> new GraphCursor(i, i));
    assertThat(last.items()).containsExactly(1, 2, 3);
    assertThat(last.nextCursor()).isNull();
    Page<Integer> more = Page.of(List.of(1, 2, 3, 4), 3, i -> new GraphCursor(i, i));
    assertThat(more.items()).containsExactly(1, 2, 3);
    assertThat(more.next()).isEqualTo(new GraphCursor(3, 3));
  }
}
