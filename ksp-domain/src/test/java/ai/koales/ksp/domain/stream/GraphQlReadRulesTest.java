package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphQlReadRulesTest {

  @Test
  void theCursorIsBase64OfTheLastSessionIdOfAFullPage_scenario24() {
    SessionPageRequest page = SessionPageRequest.of(500, null);
    assertThat(page.limit()).isEqualTo(100);
    assertThat(page.nextCursor("s-100", 100)).isEqualTo("cy0xMDA=");
    assertThat(page.nextCursor("s-150", 50)).isNull();
    assertThat(SessionPageRequest.of(20, "cy0xMDA=").afterSessionId()).isEqualTo("s-100");
  }

  @Test
  void theLimitDefaultsTo20AndIsClampedTo1Through100_edges_2_4() {
    assertThat(SessionPageRequest.of(null, null).limit()).isEqualTo(20);
    assertThat(SessionPageRequest.of(0, null).limit()).isEqualTo(1);
    assertThat(SessionPageRequest.of(-7, null).limit()).isEqualTo(1);
  }

  @Test
  void anUndecodableCursorIsRefused_edges_2_4() {
    for (String bad : new String[] {"%%%", "cy0xMDA", "", "/w=="}) {
      assertThatThrownBy(() -> SessionPageRequest.of(20, bad))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void lineageDepthDefaultsTo3AndRefusesMoreThan5_scenario23() {
    assertThat(Lineage.depth(null)).isEqualTo(3);
    assertThat(Lineage.depth(5)).isEqualTo(5);
    assertThatThrownBy(() -> Lineage.depth(6)).hasMessageContaining("depth > 5 not allowed");
    assertThatThrownBy(() -> Lineage.depth(0)).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void lineageWalksForwardHopByHop_scenario23() {
    List<ArtifactEdge> chain = new ArrayList<>();
    String nodes = "ABCDEFG";
    for (int i = 0; i < 6; i++) {
      chain.add(edge(i + 1, nodes.substring(i, i + 1), nodes.substring(i + 1, i + 2)));
    }
    assertThat(Lineage.walk("A", 5, from -> out(chain, from))).hasSize(5);
    assertThat(Lineage.walk("A", 3, from -> out(chain, from)))
        .extracting(ArtifactEdge::targetId)
        .containsExactly("B", "C", "D");
  }

  @Test
  void lineageIsCycleSafeAndCountsEachEdgeOnce() {
    List<ArtifactEdge> cycle =
        List.of(edge(1, "A", "B"), edge(2, "B", "A"), edge(3, "B", "C"), edge(4, "A", "C"));
    assertThat(Lineage.walk("A", 5, from -> out(cycle, from)))
        .extracting(ArtifactEdge::id)
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
  }

  @Test
  void theEvidenceChainChangesItsTipWhenAnyEventChanges() {
    List<BufferedEvent> log =
        List.of(
            new BufferedEvent(
                "s",
                1,
                EventStream.SESSION_EVENTS,
                "SESSION_SUBMITTED",
                null,
                null,
                Map.of(),
                1,
                2,
                false),
            new BufferedEvent(
                "s",
                2,
                EventStream.SESSION_EVENTS,
                "SESSION_COMPLETED",
                null,
                null,
                Map.of("n", 1),
                3,
                4,
                true));
    EvidenceChain chain = EvidenceChain.of("s", log);
    assertThat(chain.bundleCount()).isEqualTo(2);
    assertThat(chain.root()).isEqualTo(chain.bundles().get(0).bundleId()).hasSize(64);
    assertThat(chain.tip()).isEqualTo(chain.bundles().get(1).bundleId());
    List<BufferedEvent> tampered =
        List.of(
            log.get(0),
            new BufferedEvent(
                "s",
                2,
                EventStream.SESSION_EVENTS,
                "SESSION_COMPLETED",
                null,
                null,
                Map.of("n", 2),
                3,
                4,
                true));
    assertThat(EvidenceChain.of("s", tampered).tip()).isNotEqualTo(chain.tip());
    assertThat(EvidenceChain.of("s", List.of()).root()).isEmpty();
  }

  @Test
  void subscriptionObjectsCarryTheEventsDataNeverPlaceholders_edges_1_7() {
    BufferedEvent bead =
        new BufferedEvent(
            "sess",
            9,
            EventStream.BEAD_UPDATES,
            "BEAD_UPDATE",
            "r1",
            null,
            Map.of("atomId", "atom-3", "status", "done"),
            1_700_000_000_000L,
            2,
            false);
    assertThat(SubscriptionEvents.beadUpdate(bead))
        .containsEntry("seq", 9L)
        .containsEntry("atomId", "atom-3")
        .containsEntry("runId", "r1")
        .containsEntry("status", "done")
        .containsEntry("occurredAt", "2023-11-14T22:13:20Z");
    BufferedEvent art =
        new BufferedEvent(
            "sess",
            10,
            EventStream.ARTIFACT_WRITES,
            "ARTIFACT_WRITTEN",
            null,
            "asm",
            Map.of("artifactId", "art-1", "kind", "EXECUTION_TRACE"),
            1,
            2,
            false);
    assertThat(SubscriptionEvents.artifactWrite(art))
        .containsEntry("artifactId", "art-1")
        .containsEntry("kind", "EXECUTION_TRACE")
        .containsEntry("sessionId", "sess")
        .containsEntry("contentHash", null);
  }

  static ArtifactEdge edge(long id, String s, String t) {
    return new ArtifactEdge(id, s, t, "", Map.of());
  }

  static List<ArtifactEdge> out(List<ArtifactEdge> all, Set<String> from) {
    return all.stream().filter(e -> from.contains(e.sourceId())).toList();
  }
}
