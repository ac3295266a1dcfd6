package ai.koales.ksp.it.commissioning;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mediation's compile (coordination.md §4.4, scenarios 23-28): validate before write, one
 * Specification and a directive node per atom, the run seeded with its roots dispatched, idempotent
 * per run id; each failure a 422 with the spec's reason and nothing written.
 */
@SystemTest
class MediationIT {

  /**
   * A1 -> A2 -> A3 on {@code gear}, each bound to INV-1 unless {@code invariants} says otherwise.
   */
  static String atoms(String gear, String... spec) {
    JsonArrayBuilder a = Json.createArrayBuilder();
    for (String s : spec) {
      String[] parts = s.split(":", -1);
      parts[0] = id(parts[0]);
      JsonArrayBuilder deps = Json.createArrayBuilder();
      if (!parts[1].isEmpty()) {
        for (String d : parts[1].split(",")) {
          deps.add(id(d));
        }
      }
      JsonArrayBuilder inv = Json.createArrayBuilder();
      if (parts.length < 3 || !parts[2].equals("none")) {
        inv.add("INV-1");
      }
      a.add(
          Json.createObjectBuilder()
              .add("atomId", parts[0])
              .add("gearId", gear)
              .add("nodeId", "IS-1")
              .add("invariantIds", inv)
              .add("dependsOn", deps)
              .add("d1ArtifactRef", "IS-1")
              .add("instruction", "do " + parts[0]));
    }
    return Json.createObjectBuilder().add("atoms", a).build().toString();
  }

  /** A1 -> WG-WG-1-ATOM-1: v2 atom ids read WG-{workGraphId}-ATOM-{n} (coordination.md §1.5). */
  static String id(String shortName) {
    return "WG-WG-1-ATOM-" + shortName.substring(1);
  }

  static List<String> ids(String... shortNames) {
    return java.util.Arrays.stream(shortNames).map(MediationIT::id).toList();
  }

  static String commission(Factory f, String runId, String wg, String elc, List<String> refs) {
    JsonArrayBuilder r = Json.createArrayBuilder();
    refs.forEach(r::add);
    return Json.createObjectBuilder()
        .add("runId", runId)
        .add("orgId", f.org)
        .add("workGraphId", wg)
        .add("workGraphVersion", "v1")
        .add("eluciationArtifactId", elc)
        .add("d1ArtifactRefs", r)
        .add("dispositionEventId", "DE-1")
        .build()
        .toString();
  }

  static Factory ready(Ksp ksp, String prefix) {
    Factory f = Factory.forNewOrg(ksp, prefix);
    f.elucidation("ELC-1", "Greeting", List.of("greet"));
    return f;
  }

  @Test
  void aValidCommissionSeedsTheRunOnceAndDispatchesOnlyItsRoot_scenario23(Ksp ksp) {
    Factory f = ready(ksp, "med23");
    assertThat(f.atoms(atoms("GEAR-default", "A1:", "A2:A1", "A3:A2")).status()).isEqualTo(200);
    String runId = f.runId("WG-1", "DE-1");

    HttpResult first =
        f.commission(
            commission(
                f,
                runId,
                "WG-1",
                "ELC-1",
                List.of("WG-WG-1-ATOM-1", "WG-WG-1-ATOM-2", "WG-WG-1-ATOM-3")));

    assertThat(first.status()).as(first.toString()).isEqualTo(200);
    assertThat(first.json().getString("status")).isEqualTo("seeded");
    assertThat(first.json().getString("runId")).isEqualTo(runId);
    assertThat(first.json().getInt("atomCount")).isEqualTo(3);
    assertThat(first.json().getString("workGraphVersion")).isEqualTo("v1");
    assertThat(f.nodes("Specification")).hasSize(1);
    assertThat(f.nodes("AtomDirective")).hasSize(3);
    String spec = f.nodes("Specification").getJsonObject(0).getString("id");
    assertThat(spec).matches("SPECIFICATION-[0-9a-f]{16}");
    assertThat(f.hasEdge(spec, "specifies", "ATOM-DIRECTIVE-WG-WG-1-ATOM-1")).isTrue();
    JsonObject directive = f.node("ATOM-DIRECTIVE-WG-WG-1-ATOM-2").getJsonObject("data");
    assertThat(directive.getInt("directiveVersion")).isEqualTo(2);
    assertThat(directive.getString("role")).isEqualTo("coder");
    assertThat(directive.getString("gearId")).isEqualTo("GEAR-default");
    assertThat(directive.getString("policyBeadId")).isEqualTo("BEAD-WG-WG-1-ATOM-2");
    assertThat(directive.getJsonObject("toolPolicy").getJsonArray("permittedTools").toString())
        .isEqualTo("[\"read_file\",\"write_file\"]");
    assertThat(directive.getJsonArray("toolSchemas")).hasSize(2);
    // Seeded with the three beads, the first dispatch is the root's alone (Q3); the built-in
    // agents then run the chain, each atom dispatched once when its parent is done.
    assertThat(dispatched(f, runId, 1).get(0)).isEqualTo("WG-WG-1-ATOM-1");
    assertThat(f.mediationRun(runId).json().getString("lifecycle")).isIn("SEEDED", "COMPLETE");
    f.awaitRun(runId, r -> r.getString("status").equals("COMPLETE"));
    assertThat(dispatched(f, runId, 3))
        .containsExactly("WG-WG-1-ATOM-1", "WG-WG-1-ATOM-2", "WG-WG-1-ATOM-3");

    HttpResult again =
        f.commission(
            commission(
                f,
                runId,
                "WG-1",
                "ELC-1",
                List.of("WG-WG-1-ATOM-1", "WG-WG-1-ATOM-2", "WG-WG-1-ATOM-3")));

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(f.nodes("Specification")).hasSize(1);
    assertThat(f.nodes("AtomDirective")).hasSize(3);
    assertThat(dispatched(f, runId, 3))
        .containsExactly("WG-WG-1-ATOM-1", "WG-WG-1-ATOM-2", "WG-WG-1-ATOM-3");
    assertThat(f.run(runId).getString("status")).isEqualTo("COMPLETE");
    // Q11: the run's end completes its mediation lifecycle.
    assertThat(
            ai.koales.ksp.it.support.Await.value(
                "mediation lifecycle COMPLETE",
                java.time.Duration.ofSeconds(20),
                () -> f.mediationRun(runId).json().getString("lifecycle"),
                "COMPLETE"::equals))
        .isEqualTo("COMPLETE");
  }

  /** The beads of the run's dispatches, oldest first, once there are at least {@code n}. */
  static List<String> dispatched(Factory f, String runId, int n) {
    return ai.koales.ksp.it.support.Await.value(
        n + " dispatches of " + runId,
        java.time.Duration.ofSeconds(20),
        () ->
            f.ksp.get(f.api() + "/runs/" + runId + "/dispatches", f.viewer).items().stream()
                .map(d -> ((jakarta.json.JsonObject) d).getString("beadId"))
                .toList(),
        l -> l.size() >= n);
  }

  @Test
  void aCyclicWorkGraphIsACoherenceFailureAndWritesNothing_scenario24(Ksp ksp) {
    Factory f = ready(ksp, "med24");
    f.atoms(atoms("GEAR-default", "A1:A2", "A2:A1"));
    String runId = f.runId("WG-1", "DE-1");

    HttpResult r =
        f.commission(
            commission(f, runId, "WG-1", "ELC-1", List.of("WG-WG-1-ATOM-1", "WG-WG-1-ATOM-2")));

    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("coherence-failure");
    assertThat(r.json().getString("reason")).isEqualTo("coherence_failure");
    assertThat(r.json().getString("details")).startsWith("circular dependsOn: ");
    assertThat(f.mediationRun(runId).json().getString("lifecycle")).isEqualTo("FAILED");
    assertThat(f.nodes("Specification")).isEmpty();
    assertThat(f.nodes("AtomDirective")).isEmpty();
    assertThat(ksp.get(f.api() + "/runs/" + runId, f.viewer).status()).isEqualTo(404);
  }

  @Test
  void anAtomOnAnUnknownGearIsMissingGear_scenario25(Ksp ksp) {
    Factory f = ready(ksp, "med25");
    f.atoms(atoms("GEAR-missing", "A1:"));
    String runId = f.runId("WG-1", "DE-1");

    HttpResult r = f.commission(commission(f, runId, "WG-1", "ELC-1", List.of("WG-WG-1-ATOM-1")));

    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("missing-gear");
    assertThat(r.json().getString("details")).contains("gear:GEAR-missing");
    assertThat(f.nodes("Specification")).isEmpty();
  }

  @Test
  void anAtomWithoutInvariantIsACoherenceFailure_scenario26(Ksp ksp) {
    Factory f = ready(ksp, "med26");
    f.atoms(atoms("GEAR-default", "A1:", "A2:A1:none"));

    HttpResult r =
        f.commission(
            commission(
                f,
                f.runId("WG-1", "DE-1"),
                "WG-1",
                "ELC-1",
                List.of("WG-WG-1-ATOM-1", "WG-WG-1-ATOM-2")));

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemCode()).isEqualTo("coherence-failure");
    assertThat(r.json().getString("details")).isEqualTo("atom WG-WG-1-ATOM-2 has no INV-* binding");
  }

  @Test
  void aMalformedRequestIs400AndLeavesNoRunState_scenario27(Ksp ksp) {
    Factory f = ready(ksp, "med27");

    HttpResult r = f.commission(commission(f, "abc", "WG-1", "ELC-1", List.of("WG-WG-1-ATOM-1")));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("invalid-request");
    assertThat(r.body()).contains("runId");
    assertThat(f.mediationRun("abc").status()).isEqualTo(404);
    // Q1: a well-formed run id that is not the derived one is refused too, naming the right one.
    String chosen = "RUN-" + "0".repeat(64);
    HttpResult other =
        f.commission(commission(f, chosen, "WG-1", "ELC-1", List.of("WG-WG-1-ATOM-1")));
    assertThat(other.status()).isEqualTo(400);
    assertThat(other.body()).contains(f.runId("WG-1", "DE-1"));
    assertThat(f.mediationRun(chosen).status()).isEqualTo(404);
  }

  @Test
  void aMissingElucidationOrNoAtomsIsRefused_scenario28(Ksp ksp) {
    Factory f = ready(ksp, "med28");
    f.atoms(atoms("GEAR-default", "A1:"));
    String runId = f.runId("WG-1", "DE-1");

    HttpResult missing =
        f.commission(commission(f, runId, "WG-1", "ELC-404", List.of("WG-WG-1-ATOM-1")));
    HttpResult empty = f.commission(commission(f, runId, "WG-1", "ELC-1", List.of()));
    HttpResult unknownRef =
        f.commission(commission(f, runId, "WG-1", "ELC-1", List.of("WG-WG-1-ATOM-9")));

    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.problemCode()).isEqualTo("missing-eluciation");
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.problemCode()).isEqualTo("invalid-workgraph-node");
    assertThat(unknownRef.status()).isEqualTo(422);
    assertThat(unknownRef.problemCode()).isEqualTo("invalid-workgraph-node");
    assertThat(f.nodes("Specification")).isEmpty();

    // A valid commission after the failures compiles (FAILED -> COMPILING -> SEEDED, §3.2).
    HttpResult ok = f.commission(commission(f, runId, "WG-1", "ELC-1", List.of("WG-WG-1-ATOM-1")));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    assertThat(f.mediationRun(runId).json().getString("lifecycle")).isIn("SEEDED", "COMPLETE");
  }

  @Test
  void atomsAreWriteOnce(Ksp ksp) {
    Factory f = ready(ksp, "medatoms");
    assertThat(f.atoms(atoms("GEAR-default", "A1:")).status()).isEqualTo(200);
    assertThat(f.atoms(atoms("GEAR-default", "A1:")).status()).isEqualTo(200);

    HttpResult changed = f.atoms(atoms("GEAR-other", "A1:"));

    assertThat(changed.status()).isEqualTo(409);
    assertThat(changed.problemCode()).isEqualTo("workgraph-atom-conflict");
  }
}
