package ai.koales.ksp.it.loop;

import static ai.koales.ksp.it.loop.LoopClosureIT.adopt;
import static ai.koales.ksp.it.loop.LoopClosureIT.bead;
import static ai.koales.ksp.it.loop.LoopClosureIT.beadEdges;
import static ai.koales.ksp.it.loop.LoopClosureIT.beads;
import static ai.koales.ksp.it.loop.LoopClosureIT.diverged;
import static ai.koales.ksp.it.loop.LoopClosureIT.e;
import static ai.koales.ksp.it.loop.LoopClosureIT.edges;
import static ai.koales.ksp.it.loop.LoopClosureIT.nodeData;
import static ai.koales.ksp.it.loop.LoopClosureIT.nodes;
import static ai.koales.ksp.it.loop.LoopClosureIT.nodesOfType;
import static ai.koales.ksp.it.loop.LoopClosureIT.openAmendments;
import static ai.koales.ksp.it.loop.LoopClosureIT.propose;
import static ai.koales.ksp.it.loop.LoopClosureIT.single;
import static ai.koales.ksp.it.loop.LoopClosureIT.trustHead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.loop.LoopClosureIT.Diverged;
import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * BP4 and BP5 beyond the straight loop (core.md §4.4, §4.5; api.md "Loop closure"): several
 * amendments of one bead, concurrent adoptions, the server's verifier rejecting, a caller's
 * verification, a caller's target and change, and proposals that could never be adopted.
 */
@SystemTest
class AmendmentAdoptionIT {

  @Test
  void aSecondAmendmentOfAnAdoptedTargetIsRefusedButCanStillBeRejected(Ksp ksp) {
    Diverged d = diverged(ksp, "second");
    String org = d.id();
    String trust = d.org().trust();
    HttpResult first = propose(ksp, org, d.divergences().get(0), d.outcomeBead());
    HttpResult second = propose(ksp, org, d.divergences().get(1), d.outcomeBead());
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(201);
    String secondPending = second.json().getString("amendmentBeadId");
    assertThat(bead(ksp, org, secondPending).getJsonObject("content").getString("target_bead_id"))
        .as("both amendments target the execution's trust bead T")
        .isEqualTo(trust);
    assertThat(openAmendments(ksp, org)).hasSize(2);

    HttpResult adopted =
        adopt(
            ksp,
            org,
            first.json().getString("amendmentNodeId"),
            first.json().getString("amendmentBeadId"),
            null);
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    String head = adopted.json().getString("newBeadId");
    assertThat(trustHead(ksp, org)).isEqualTo(head);

    // The second would supersede T a second time: refused before anything is written.
    Map<String, Long> nodesBefore = nodes(ksp, org);
    Map<String, Long> edgesBefore = edges(ksp, org);
    Map<String, Long> beadsBefore = beads(ksp, org);
    String secondNode = second.json().getString("amendmentNodeId");
    HttpResult refused = adopt(ksp, org, secondNode, secondPending, null);
    assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
    assertThat(refused.problemCode()).isEqualTo("amendment-target-superseded");
    assertThat(refused.json().getString("currentHeadBeadId")).isEqualTo(head);
    assertThat(refused.json().getString("targetBeadId")).isEqualTo(trust);
    assertThat(refused.json().getString("detail")).contains(head);
    assertThat(nodes(ksp, org)).isEqualTo(nodesBefore);
    assertThat(edges(ksp, org)).isEqualTo(edgesBefore);
    assertThat(beads(ksp, org)).isEqualTo(beadsBefore);
    assertThat(openAmendments(ksp, org))
        .extracting(a -> a.getString("beadId"))
        .containsExactly(secondPending);

    // The operator rejects it: REJECTED supersedes PENDING, the trust head stays.
    HttpResult rejected =
        adopt(
            ksp,
            org,
            secondNode,
            secondPending,
            "{\"passed\":false,\"gate\":\"review\",\"score\":0.0}");
    assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
    assertThat(rejected.json().getBoolean("adopted")).isFalse();
    String rejectedBead = rejected.json().getString("rejectedBeadId");
    assertThat(bead(ksp, org, rejectedBead).getJsonObject("content").getString("status"))
        .isEqualTo("REJECTED");
    assertThat(beadEdges(ksp, org)).contains(e(rejectedBead, "supersedes", secondPending));
    assertThat(trustHead(ksp, org)).isEqualTo(head);
    assertThat(beads(ksp, org)).containsEntry("trust", 2L);
    assertThat(openAmendments(ksp, org)).isEmpty();
  }

  @Test
  void anAmendmentProposedAfterAnAdoptionTargetsTheNewHeadAndCanBeAdopted(Ksp ksp) {
    Diverged d = diverged(ksp, "after");
    String org = d.id();
    HttpResult first = propose(ksp, org, d.divergences().get(0), d.outcomeBead());
    HttpResult adopted =
        adopt(
            ksp,
            org,
            first.json().getString("amendmentNodeId"),
            first.json().getString("amendmentBeadId"),
            null);
    assertThat(adopted.status()).as(adopted.toString()).isEqualTo(200);
    String head = adopted.json().getString("newBeadId");

    // The execution still names T, but T is superseded now: the proposal targets its head.
    HttpResult second = propose(ksp, org, d.divergences().get(1), d.outcomeBead());
    assertThat(second.status()).as(second.toString()).isEqualTo(201);
    String secondPending = second.json().getString("amendmentBeadId");
    assertThat(bead(ksp, org, secondPending).getJsonObject("content").getString("target_bead_id"))
        .isEqualTo(head);
    HttpResult adoptedAgain =
        adopt(ksp, org, second.json().getString("amendmentNodeId"), secondPending, null);
    assertThat(adoptedAgain.status()).as(adoptedAgain.toString()).isEqualTo(200);
    assertThat(adoptedAgain.json().getBoolean("adopted")).isTrue();
    assertThat(trustHead(ksp, org)).isEqualTo(adoptedAgain.json().getString("newBeadId"));
    assertThat(beadEdges(ksp, org))
        .contains(e(adoptedAgain.json().getString("newBeadId"), "supersedes", head));
  }

  @RepeatedTest(3)
  void twoConcurrentAdoptionsOfOneAmendment_oneWinsTheOtherIsAlreadyResolved(Ksp ksp)
      throws Exception {
    Diverged d = diverged(ksp, "race");
    HttpResult p = propose(ksp, d.id(), d.divergences().get(0), d.outcomeBead());
    String node = p.json().getString("amendmentNodeId");
    String pending = p.json().getString("amendmentBeadId");
    CyclicBarrier start = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<HttpResult> answers = new ArrayList<>();
    try {
      List<Future<HttpResult>> futures = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return adopt(ksp, d.id(), node, pending, null);
                }));
      }
      for (Future<HttpResult> f : futures) {
        answers.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(answers).extracting(HttpResult::status).containsExactlyInAnyOrder(200, 409);
    HttpResult lost = answers.stream().filter(a -> a.status() == 409).findFirst().orElseThrow();
    assertThat(lost.problemCode()).as(lost.toString()).isEqualTo("amendment-already-resolved");
    assertThat(beads(ksp, d.id())).containsEntry("trust", 2L).containsEntry("amendment", 2L);
    assertThat(nodes(ksp, d.id()))
        .containsEntry("Specification", 2L)
        .containsEntry("Verdict", 1L)
        .containsEntry("ElucidationArtifact", 1L);
    assertThat(openAmendments(ksp, d.id())).isEmpty();
  }

  @Test
  void theServersVerifierRejectsAChangeOfTheSubject(Ksp ksp) {
    Diverged d = diverged(ksp, "verifier");
    HttpResult p =
        propose(
            ksp,
            d.id(),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s","proposedChange":{"subject_id":"vendor-2"}}"""
                .formatted(d.divergences().get(0), d.outcomeBead()));
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    HttpResult r =
        adopt(
            ksp,
            d.id(),
            p.json().getString("amendmentNodeId"),
            p.json().getString("amendmentBeadId"),
            null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getBoolean("adopted")).isFalse();
    JsonObject verdict = nodeData(ksp, d.id(), single(nodesOfType(ksp, d.id(), "Verdict")));
    assertThat(verdict.getString("outcome")).isEqualTo("unfavorable");
    assertThat(verdict.getString("gate")).isEqualTo("compile");
    assertThat(verdict.getJsonNumber("score").doubleValue())
        .as("coherence 0 (the subject cannot change), pattern 0.5")
        .isEqualTo(0.25);
    assertThat(trustHead(ksp, d.id())).isEqualTo(d.org().trust());
    assertThat(nodes(ksp, d.id())).containsEntry("Specification", 1L);
  }

  @Test
  void aCallersPassingVerificationIsUsedInsteadOfTheServers(Ksp ksp) {
    Diverged d = diverged(ksp, "given");
    HttpResult p = propose(ksp, d.id(), d.divergences().get(1), d.outcomeBead());
    HttpResult r =
        adopt(
            ksp,
            d.id(),
            p.json().getString("amendmentNodeId"),
            p.json().getString("amendmentBeadId"),
            "{\"passed\":true,\"gate\":\"manual-review\",\"score\":0.9}");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getBoolean("adopted")).isTrue();
    JsonObject verdict = nodeData(ksp, d.id(), single(nodesOfType(ksp, d.id(), "Verdict")));
    assertThat(verdict.getString("outcome")).isEqualTo("favorable");
    assertThat(verdict.getString("gate")).isEqualTo("manual-review");
    assertThat(verdict.getJsonNumber("score").doubleValue()).isEqualTo(0.9);
    JsonObject adopted = bead(ksp, d.id(), r.json().getString("newBeadId"));
    assertThat(adopted.getJsonObject("content").getJsonNumber("trust_score").doubleValue())
        .as("a high divergence lowers the score by 0.2")
        .isEqualTo(0.6);
  }

  @Test
  void aCallerMayNameThePolicyAndTheChange(Ksp ksp) {
    Diverged d = diverged(ksp, "named");
    String policy = d.org().policy();
    HttpResult p =
        propose(
            ksp,
            d.id(),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s","targetBeadId":"%s","proposedChange":{"autonomy":"PROPOSE","rules":{"max_spend":10}}}"""
                .formatted(d.divergences().get(0), d.outcomeBead(), policy));
    assertThat(p.status()).as(p.toString()).isEqualTo(201);
    JsonObject pending =
        bead(ksp, d.id(), p.json().getString("amendmentBeadId")).getJsonObject("content");
    assertThat(pending.getString("target_bead_id")).isEqualTo(policy);
    assertThat(pending.getString("target_type")).isEqualTo("policy");
    assertThat(pending.getJsonObject("proposed_change").getString("autonomy")).isEqualTo("PROPOSE");
    assertThat(
            nodeData(ksp, d.id(), p.json().getString("amendmentNodeId"))
                .getString("target_bead_id"))
        .isEqualTo(policy);

    HttpResult r =
        adopt(
            ksp,
            d.id(),
            p.json().getString("amendmentNodeId"),
            p.json().getString("amendmentBeadId"),
            null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getBoolean("adopted")).isTrue();
    String newPolicy = r.json().getString("newBeadId");
    JsonObject np = bead(ksp, d.id(), newPolicy);
    assertThat(np.getString("type")).isEqualTo("policy");
    assertThat(np.getJsonObject("content").getString("scope")).isEqualTo("org");
    assertThat(np.getJsonObject("content").getString("autonomy")).isEqualTo("PROPOSE");
    assertThat(np.getJsonObject("content").getJsonObject("rules").getInt("max_spend"))
        .isEqualTo(10);
    assertThat(beadEdges(ksp, d.id()))
        .contains(e(newPolicy, "supersedes", policy), e(newPolicy, "parent", policy));
    assertThat(trustHead(ksp, d.id())).as("the trust bead is untouched").isEqualTo(d.org().trust());
    HttpResult session =
        ksp.post(
            "/api/v1/orgs/" + d.id() + "/loop/sessions",
            ksp.token(Ksp.AGENT, d.id()),
            "{\"roleId\":\"role-1\",\"agentId\":\"agent-2\"}");
    assertThat(session.json().getString("autonomyFloor"))
        .as("the next session retrieves the adopted policy")
        .isEqualTo("PROPOSE");
    assertThat(session.json().getString("policyBeadId")).isEqualTo(newPolicy);
  }

  @Test
  void aChangeThatCouldNeverBeAdoptedIsRefusedAtProposal_400(Ksp ksp) {
    Diverged d = diverged(ksp, "unadoptable");
    Map<String, Long> nodesBefore = nodes(ksp, d.id());
    Map<String, Long> beadsBefore = beads(ksp, d.id());
    HttpResult r =
        propose(
            ksp,
            d.id(),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s","proposedChange":{"trust_score":5,"status":"OK"}}"""
                .formatted(d.divergences().get(0), d.outcomeBead()));
    assertThat(r.status()).as(r.toString()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("bead-validation");
    assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(v -> v.getString("field"))
        .containsExactlyInAnyOrder("proposedChange.trust_score", "proposedChange.status");
    HttpResult nulled =
        propose(
            ksp,
            d.id(),
            """
            {"divergenceId":"%s","outcomeBeadId":"%s","proposedChange":{"trust_score":null}}"""
                .formatted(d.divergences().get(0), d.outcomeBead()));
    assertThat(nulled.status()).as(nulled.toString()).isEqualTo(400);
    assertThat(nulled.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("proposedChange.trust_score");
    assertThat(nodes(ksp, d.id())).isEqualTo(nodesBefore);
    assertThat(beads(ksp, d.id())).isEqualTo(beadsBefore);
  }

  @Test
  void aDivergenceTiedToNoSpecificationIsUnanchored_422(Ksp ksp) {
    Diverged d = diverged(ksp, "unanchored");
    HttpResult orphan =
        ksp.post(
            "/api/v1/orgs/" + d.id() + "/graphs/main/nodes",
            ksp.token(Ksp.OPERATOR, d.id()),
            """
            {"id":"divergence-orphan","nodeType":"Divergence","claim_id":"INV-9","description":"d","severity":"low"}""");
    assertThat(orphan.status()).isEqualTo(201);
    HttpResult r = propose(ksp, d.id(), "divergence-orphan", d.outcomeBead());
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("unanchored-divergence");
    HttpResult notADivergence = propose(ksp, d.id(), "spec-001", d.outcomeBead());
    assertThat(notADivergence.status()).isEqualTo(422);
    assertThat(notADivergence.problemCode()).isEqualTo("not-a-divergence");
    assertThat(nodes(ksp, d.id())).doesNotContainKeys("Hypothesis", "Amendment");
  }
}
