package ai.koales.ksp.it.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gears and formulas (coordination.md §1.3, api.md "Coordination"). */
@SystemTest
class GearIT {

  static String gear(String role) {
    return Json.createObjectBuilder()
        .add("name", "Coder one")
        .add("role", role)
        .add(
            "modelBinding",
            Json.createObjectBuilder()
                .add("role", role)
                .add("modelId", "m-1")
                .add("temperature", 0.2))
        .add("skillRef", "code@1")
        .add(
            "toolPolicy",
            Json.createObjectBuilder().add("allowed", Json.createArrayBuilder().add("read_file")))
        .add("beadType", "execution")
        .build()
        .toString();
  }

  @Test
  void aGearIsRegisteredThenReplacedAndReadWithItsDefaults(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "gears");
    String path = "/api/v1/orgs/" + a.org + "/gears/GEAR-coder-1";

    HttpResult created = ksp.put(path, a.operator, gear("coder"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("id")).isEqualTo("GEAR-coder-1");
    assertThat(created.json().getJsonObject("modelBinding").getString("thinkingLevel"))
        .isEqualTo("none");
    assertThat(created.json().getJsonArray("source_refs")).isEmpty();
    HttpResult replaced = ksp.put(path, a.operator, gear("tester"));
    assertThat(replaced.status()).isEqualTo(200);

    JsonObject read = ksp.get(path, a.viewer).json();
    assertThat(read.getString("role")).isEqualTo("tester");
    assertThat(read.getJsonObject("toolPolicy").getJsonArray("denied")).isEmpty();
  }

  @Test
  void anInvalidGearIsRefusedWithEveryViolation(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "gears");
    HttpResult r =
        ksp.put(
            "/api/v1/orgs/" + a.org + "/gears/GEAR-x",
            a.operator,
            "{\"name\":\"\",\"role\":\"boss\",\"modelBinding\":{\"role\":\"coder\"}}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.problemCode()).isEqualTo("invalid-gear");
    assertThat(r.json().getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getString("field"))
        .contains("name", "role", "modelBinding.modelId", "skillRef", "toolPolicy", "beadType");
    assertThat(
            ksp.put("/api/v1/orgs/" + a.org + "/gears/coder", a.operator, gear("coder")).status())
        .isEqualTo(400);
    assertThat(ksp.get("/api/v1/orgs/" + a.org + "/gears/GEAR-x", a.viewer).problemCode())
        .isEqualTo("gear-not-found");
  }

  @Test
  void everyOrgHasTheBuiltInDefaultGear(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "gears");
    JsonObject d = ksp.get("/api/v1/orgs/" + a.org + "/gears/GEAR-default", a.viewer).json();
    assertThat(d.getString("role")).isEqualTo("coder");
    assertThat(d.getJsonObject("toolPolicy").getJsonArray("allowed"))
        .isEqualTo(Json.createArrayBuilder().add("read_file").add("write_file").build());
    HttpResult replace =
        ksp.put("/api/v1/orgs/" + a.org + "/gears/GEAR-default", a.operator, gear("coder"));
    assertThat(replace.status()).isEqualTo(409);
    assertThat(replace.problemCode()).isEqualTo("gear-built-in");
  }

  @Test
  void aFormulaNeedsRegisteredGears(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "formulas");
    ksp.put("/api/v1/orgs/" + a.org + "/gears/GEAR-a", a.operator, gear("coder"));
    String formula =
        "{\"name\":\"build\",\"gearIds\":[\"GEAR-a\",\"GEAR-default\"],"
            + "\"edges\":[{\"from\":\"GEAR-a\",\"to\":\"GEAR-default\",\"type\":\"feeds\"}]}";
    String path = "/api/v1/orgs/" + a.org + "/formulas/FORMULA-build";
    assertThat(ksp.put(path, a.operator, formula).status()).isEqualTo(201);
    assertThat(ksp.get(path, a.viewer).json().getJsonArray("gearIds")).hasSize(2);

    HttpResult unknown =
        ksp.put(
            "/api/v1/orgs/" + a.org + "/formulas/FORMULA-bad",
            a.operator,
            "{\"name\":\"bad\",\"gearIds\":[\"GEAR-missing\"]}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.problemCode()).isEqualTo("unknown-gear");
    assertThat(ksp.get("/api/v1/orgs/" + a.org + "/formulas/FORMULA-bad", a.viewer).status())
        .isEqualTo(404);
  }

  @Test
  void aSeedNamesTheFormulaItsMoleculeFollowsAndEveryBeadMustUseOneOfItsGears_AP8(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "formula-seed");
    assertThat(
            ksp.put("/api/v1/orgs/" + a.org + "/gears/GEAR-a", a.operator, gear("coder")).status())
        .isEqualTo(201);
    assertThat(
            ksp.put(
                    "/api/v1/orgs/" + a.org + "/formulas/FORMULA-build",
                    a.operator,
                    "{\"name\":\"build\",\"gearIds\":[\"GEAR-a\"]}")
                .status())
        .isEqualTo(201);
    String run = "RUN-" + a.org;
    assertThat(a.init(run).status()).isEqualTo(201);
    Atoms.Seed onA = new Atoms.Seed("B1", "GEAR-a", Atoms.v1(run, "B1", "x").build(), List.of());
    Atoms.Seed onDefault = Atoms.seed(run, "B2", "B1");

    HttpResult unknown = a.seed(run, "WG-1", List.of(onA), "FORMULA-missing");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.problemCode()).isEqualTo("unknown-formula");
    assertThat(unknown.json().getString("detail")).contains("FORMULA-missing");

    HttpResult outside = a.seed(run, "WG-1", List.of(onA, onDefault), "FORMULA-build");
    assertThat(outside.status()).isEqualTo(422);
    assertThat(outside.problemCode()).isEqualTo("gear-not-in-formula");
    JsonObject error = outside.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("beads[1].gearId");
    assertThat(error.getString("message")).contains("bead B2").contains("GEAR-default");
    assertThat(ksp.db().count("SELECT COUNT(*) FROM execution_bead WHERE run_id = ?", run))
        .isZero();

    HttpResult seeded = a.seed(run, "WG-1", List.of(onA), "FORMULA-build");
    assertThat(seeded.status()).isEqualTo(200);
    JsonObject molecule = ksp.get(a.runs() + "/" + run + "/molecules/WG-1", a.viewer).json();
    assertThat(molecule.getString("formulaId")).isEqualTo("FORMULA-build");
    assertThat(molecule.getJsonArray("beadIds").getString(0)).isEqualTo("B1");
    assertThat(molecule.getString("status")).isEqualTo("active");

    // The molecule keeps following its formula when a later seed does not name it.
    HttpResult later = a.seed(run, "WG-1", List.of(onDefault));
    assertThat(later.status()).isEqualTo(422);
    assertThat(later.problemCode()).isEqualTo("gear-not-in-formula");
    HttpResult other = a.seed(run, "WG-1", List.of(onA), "FORMULA-other");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.problemCode()).isEqualTo("unknown-formula");
    assertThat(
            ksp.put(
                    "/api/v1/orgs/" + a.org + "/formulas/FORMULA-other",
                    a.operator,
                    "{\"name\":\"other\",\"gearIds\":[\"GEAR-a\"]}")
                .status())
        .isEqualTo(201);
    HttpResult conflict = a.seed(run, "WG-1", List.of(onA), "FORMULA-other");
    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.problemCode()).isEqualTo("molecule-formula-conflict");

    assertThat(ksp.get(a.runs() + "/" + run + "/molecules/WG-none", a.viewer).problemCode())
        .isEqualTo("molecule-not-found");
  }

  @Test
  void writesNeedTheOperatorRole(Ksp ksp) {
    Atoms a = Atoms.forNewOrg(ksp, "gears");
    assertThat(ksp.put("/api/v1/orgs/" + a.org + "/gears/GEAR-a", a.agent, gear("coder")).status())
        .isEqualTo(403);
    assertThat(ksp.put("/api/v1/orgs/" + a.org + "/gears/GEAR-a", a.viewer, gear("coder")).status())
        .isEqualTo(403);
    assertThat(
            ksp.put(
                    "/api/v1/orgs/" + a.org + "/gears/GEAR-a",
                    ksp.token(Ksp.ADMIN, "elsewhere"),
                    gear("coder"))
                .status())
        .isEqualTo(201);
  }
}
