package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenReviewsTest {

  static BufferedEvent event(long seq, String kind, Map<String, Object> payload) {
    return new BufferedEvent(
        "s", seq, EventStream.SESSION_EVENTS, kind, null, null, payload, seq, seq, false);
  }

  @Test
  void aResolvedReviewIsNoLongerOpenAndIncompletePromptsAreNotInvented() {
    List<OpenReviews.Prompt> open =
        OpenReviews.of(
            List.of(
                event(1, "REVIEW_REQUIRED", Map.of("promptId", "a", "role", "r", "question", "q")),
                event(
                    2,
                    "REVIEW_REQUIRED",
                    Map.of(
                        "reviewId", "b",
                        "reviewType", "HUMAN_REVIEW",
                        "promptText", "ok?",
                        "deadlineUnixSec", new BigDecimal(1_700_000_000))),
                event(3, "REVIEW_REQUIRED", Map.of("promptId", "c", "role", "r")),
                event(4, "REVIEW_RESOLVED", Map.of("promptId", "a"))));
    assertThat(open).hasSize(1);
    assertThat(open.get(0).promptId()).isEqualTo("b");
    assertThat(open.get(0).role()).isEqualTo("HUMAN_REVIEW");
    assertThat(open.get(0).requiredBy()).isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void aReviewRaisedAgainAfterItsResolutionIsOpenAgain() {
    List<OpenReviews.Prompt> open =
        OpenReviews.of(
            List.of(
                event(1, "REVIEW_REQUIRED", Map.of("promptId", "a", "role", "r", "question", "q")),
                event(2, "REVIEW_RESOLVED", Map.of("promptId", "a")),
                event(
                    3, "REVIEW_REQUIRED", Map.of("promptId", "a", "role", "r", "question", "q2"))));
    assertThat(open).extracting(OpenReviews.Prompt::question).containsExactly("q2");
  }
}
