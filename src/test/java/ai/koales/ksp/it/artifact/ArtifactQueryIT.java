package ai.koales.ksp.it.artifact;

import static ai.koales.ksp.it.artifact.ArtifactNodeIT.assertProblem;
import static ai.koales.ksp.it.artifact.ArtifactNodeIT.errorFields;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Queries over REST: hypotheses (scenario 24), the active specification (core.md §6 item 9),
 * listing by type with paging (api.md "Conventions").
 */
@SystemTest
class ArtifactQueryIT {

  static Graph hypotheses(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node(
        "H1",
        "Hypothesis",
        "{\"status\":\"CANDIDATE\",\"severity\":\"advisory\",\"surfacedToLinear\":false,"
            + "\"surfacedCycleCount\":3}");
    g.node(
        "H2",
        "Hypothesis",
        "{\"status\":\"CANDIDATE\",\"severity\":\"blocking\",\"surfacedToLinear\":true,"
            + "\"surfacedCycleCount\":1}");
    g.node(
        "H3",
        "Hypothesis",
        "{\"status\":\"ACCEPTED\",\"severity\":\"advisory\",\"surfacedToLinear\":false,"
            + "\"surfacedCycleCount\":5}");
    // Not a hypothesis, though its data would match.
    g.node(
        "D1",
        "Divergence",
        "{\"status\":\"CANDIDATE\",\"severity\":\"advisory\",\"surfacedToLinear\":false,"
            + "\"surfacedCycleCount\":9}");
    return g;
  }

  @Test
  void theFourFiltersCombineWithAnd_scenario24(Ksp ksp) {
    Graph g = hypotheses(ksp);
    HttpResult r =
        g.get(
            "/hypotheses?status=CANDIDATE&severity=advisory&surfaced=false"
                + "&surfacedCycleCount_gte=2");
    assertThat(Graph.ids(r)).containsExactly("H1");
    assertThat(r.items().getJsonObject(0).getString("type")).isEqualTo("Hypothesis");
  }

  @Test
  void anUnparsableCountBoundIsIgnored_scenario24(Ksp ksp) {
    Graph g = hypotheses(ksp);
    assertThat(
            Graph.ids(
                g.get(
                    "/hypotheses?status=CANDIDATE&severity=advisory&surfaced=false"
                        + "&surfacedCycleCount_gte=abc")))
        .containsExactly("H1");
    assertThat(Graph.ids(g.get("/hypotheses?surfaced=false&surfacedCycleCount_gte=abc")))
        .containsExactly("H3", "H1");
    assertThat(Graph.ids(g.get("/hypotheses?surfaced=false&surfacedCycleCount_gte=4")))
        .containsExactly("H3");
  }

  @Test
  void minSurfacedCycleCountIsAnAliasOfTheBound_item15(Ksp ksp) {
    Graph g = hypotheses(ksp);
    assertThat(Graph.ids(g.get("/hypotheses?surfaced=false&minSurfacedCycleCount=4")))
        .containsExactly("H3");
    assertThat(
            Graph.ids(
                g.get(
                    "/hypotheses?surfaced=false&surfacedCycleCount_gte=2&minSurfacedCycleCount=4")))
        .as("surfacedCycleCount_gte wins")
        .containsExactly("H3", "H1");
  }

  @Test
  void withoutFiltersEveryHypothesisComesNewestFirst(Ksp ksp) {
    Graph g = hypotheses(ksp);
    assertThat(Graph.ids(g.get("/hypotheses"))).containsExactly("H3", "H2", "H1");
    assertThat(Graph.ids(g.get("/hypotheses?surfaced=true"))).containsExactly("H2");
    assertThat(Graph.ids(g.get("/hypotheses?surfaced=yes"))).containsExactly("H3", "H1");
  }

  @Test
  void hypothesisPagesFollowTheCursorAcrossNonMatchingNodes(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      boolean surfaced = i % 3 == 0;
      g.node(
          "h" + i,
          "Hypothesis",
          "{\"status\":\"CANDIDATE\",\"surfacedToLinear\":" + surfaced + "}");
      if (!surfaced) {
        expected.add(0, "h" + i);
      }
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      HttpResult page =
          g.get("/hypotheses?surfaced=false&limit=4" + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.items().size()).isLessThanOrEqualTo(4);
      seen.addAll(Graph.ids(page));
      cursor = page.json().isNull("nextCursor") ? null : page.json().getString("nextCursor");
    } while (cursor != null);
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void anAdoptedSuccessorIsActiveEvenWhenItsPredecessorIsNewer_FIX_item9(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("spec-002", "Specification", "{\"version\":\"v-2\"}");
    g.node("spec-001", "Specification", "{\"version\":\"v-1\"}");
    assertThat(g.get("/specifications/active").json().getString("id")).isEqualTo("spec-001");

    g.edge("spec-002", "version_of", "spec-001");

    HttpResult active = g.get("/specifications/active?domain=role-1");
    assertThat(active.status()).isEqualTo(200);
    assertThat(active.json().getString("id")).isEqualTo("spec-002");
    assertThat(active.json().getString("type")).isEqualTo("Specification");
  }

  @Test
  void theNewestHeadWinsWhetherSpecificationOrWorkGraph(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("spec-001", "Specification");
    g.node("wg-1", "WorkGraph");
    g.node("exec-1", "Execution");
    assertThat(g.get("/specifications/active").json().getString("id")).isEqualTo("wg-1");
    g.node("spec-002", "Specification");
    g.edge("spec-002", "version_of", "spec-001");
    assertThat(g.get("/specifications/active").json().getString("id")).isEqualTo("spec-002");
  }

  @Test
  void aDomainScopedSpecificationOnlyGovernsItsDomain(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    g.node("spec-general", "Specification");
    g.node("spec-billing", "Specification", "{\"domain\":\"billing\"}");
    assertThat(g.get("/specifications/active?domain=billing").json().getString("id"))
        .isEqualTo("spec-billing");
    assertThat(g.get("/specifications/active?domain=shipping").json().getString("id"))
        .isEqualTo("spec-general");
  }

  @Test
  void noCandidateIs404NoActiveSpecification(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    assertProblem(g.get("/specifications/active"), 404, "no-active-specification");
    g.node("spec-1", "Specification");
    g.node("spec-2", "Specification");
    g.edge("spec-1", "version_of", "spec-2");
    g.edge("spec-2", "version_of", "spec-1");
    // Every candidate has a successor: a cycle leaves no head.
    assertProblem(g.get("/specifications/active"), 404, "no-active-specification");
  }

  @Test
  void nodesOfATypeComeNewestFirstInPagesFollowingTheCursor(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (int i = 0; i < 7; i++) {
      g.node("s" + i, "Specification");
      g.node("x" + i, "Execution");
    }
    HttpResult p1 = g.get("/nodes?type=Specification&limit=3");
    assertThat(Graph.ids(p1)).containsExactly("s6", "s5", "s4");
    HttpResult p2 =
        g.get("/nodes?type=Specification&limit=3&cursor=" + p1.json().getString("nextCursor"));
    assertThat(Graph.ids(p2)).containsExactly("s3", "s2", "s1");
    HttpResult p3 =
        g.get("/nodes?type=Specification&limit=3&cursor=" + p2.json().getString("nextCursor"));
    assertThat(Graph.ids(p3)).containsExactly("s0");
    assertThat(p3.json().isNull("nextCursor")).isTrue();

    assertThat(Graph.ids(g.get("/nodes?type=Specification"))).hasSize(7);
    assertThat(Graph.ids(g.get("/nodes?limit=500"))).hasSize(14).first().isEqualTo("x6");
    assertThat(Graph.ids(g.get("/nodes?type=Nothing"))).isEmpty();
  }

  @Test
  void aNodeWrittenWhilePagingNeitherRepeatsNorShiftsThePages(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (int i = 0; i < 4; i++) {
      g.node("s" + i, "Specification");
    }
    HttpResult p1 = g.get("/nodes?type=Specification&limit=2");
    g.node("s-new", "Specification");
    HttpResult p2 =
        g.get("/nodes?type=Specification&limit=2&cursor=" + p1.json().getString("nextCursor"));
    assertThat(Graph.ids(p1)).containsExactly("s3", "s2");
    assertThat(Graph.ids(p2)).containsExactly("s1", "s0");
  }

  @Test
  void theDefaultPageIs50AndTheLargest500(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (int i = 0; i < 52; i++) {
      g.append("{\"id\":\"n" + i + "\",\"nodeType\":\"X\"}");
    }
    HttpResult page = g.get("/nodes?type=X");
    assertThat(page.items()).hasSize(50);
    assertThat(page.json().isNull("nextCursor")).isFalse();
    assertThat(g.get("/nodes?type=X&limit=500").items()).hasSize(52);
  }

  @Test
  void aBadLimitOrCursorIs400(Ksp ksp) {
    Graph g = Graph.fresh(ksp);
    for (String limit : new String[] {"0", "501", "-3", "ten"}) {
      HttpResult r = g.get("/nodes?type=X&limit=" + limit);
      assertProblem(r, 400, "invalid-request");
      assertThat(errorFields(r)).as(limit).containsExactly("limit");
    }
    HttpResult cursor = g.get("/nodes?type=X&cursor=not-a-cursor");
    assertProblem(cursor, 400, "invalid-cursor");
    assertThat(errorFields(cursor)).containsExactly("cursor");
    assertProblem(g.get("/hypotheses?limit=501"), 400, "invalid-request");
  }
}
