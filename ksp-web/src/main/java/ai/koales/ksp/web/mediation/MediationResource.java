package ai.koales.ksp.web.mediation;

import ai.koales.ksp.domain.mediation.CommissionRequest;
import ai.koales.ksp.domain.mediation.CommissionResult;
import ai.koales.ksp.domain.mediation.MediationRun;
import ai.koales.ksp.domain.mediation.RunIds;
import ai.koales.ksp.domain.mediation.WorkGraphAtom;
import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.persistence.mediation.MediationService;
import ai.koales.ksp.web.platform.MaxSize;
import ai.koales.ksp.web.platform.Required;
import ai.koales.ksp.web.platform.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Mediation: compile a commission into directives and seed its run (coordination.md §4.4). */
@Path("orgs/{org}/mediation")
@RequestScoped
@Tag(name = "Mediation")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MediationResource {

  @Inject MediationService mediation;

  @PathParam("org")
  String org;

  /** A CommissionRequest (coordination.md §1.7); {@code orgId} may be left out. */
  public record CommissionBody(
      String runId,
      String orgId,
      String workGraphId,
      String workGraphVersion,
      String eluciationArtifactId,
      List<String> d1ArtifactRefs,
      String dispositionEventId,
      Double stalenessThresholdHours) {}

  @POST
  @Path("commissions")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Compile and seed: validate, load the atoms, resolve gears, probe coherence, write the"
              + " Specification and directive nodes, seed the run and dispatch its roots"
              + " (idempotent per run id)")
  @APIResponse(
      responseCode = "200",
      description = "{status: seeded, runId, atomCount, workGraphVersion}")
  @APIResponse(
      responseCode = "400",
      description =
          "invalid-request (each field named); runId must be the one Q1 derives:"
              + " RUN- + SHA-256 of orgId:workGraphId:dispositionEventId")
  @APIResponse(
      responseCode = "422",
      description =
          "missing-gear, invalid-workgraph-node, coherence-failure, missing-eluciation,"
              + " coordinator-seed-failed (with reason and details); nothing is written")
  public Map<String, Object> commission(@NotNull CommissionBody b) {
    if (b.orgId() != null && !b.orgId().equals(org)) {
      throw new InvalidInputException(
          "invalid-request", "orgId", "must be the org of the path (" + org + ")");
    }
    CommissionRequest r =
        CommissionRequest.of(
            b.runId(),
            org,
            b.workGraphId(),
            b.workGraphVersion(),
            b.eluciationArtifactId(),
            b.d1ArtifactRefs(),
            b.dispositionEventId(),
            b.stalenessThresholdHours());
    // Q1: the run id is minted, never chosen; a caller must send the one it derives.
    String expected = RunIds.of(org, r.workGraphId(), r.dispositionEventId());
    if (!expected.equals(r.runId())) {
      throw new InvalidInputException(
          "invalid-request",
          "runId",
          "must be RUN- + the SHA-256 of orgId:workGraphId:dispositionEventId, here " + expected);
    }
    CommissionResult result = mediation.commission(r, null);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("status", result.status());
    v.put("runId", result.runId());
    v.put("atomCount", result.atomCount());
    v.put("workGraphVersion", result.workGraphVersion());
    return v;
  }

  /** One work-graph atom (coordination.md §1.7 workgraph_atoms); {@code ref} defaults to atomId. */
  public record AtomBody(
      @MaxSize(200) String ref,
      @Required @MaxSize(200) String atomId,
      @Required @MaxSize(200) String gearId,
      @Required @MaxSize(200) String nodeId,
      @MaxSize(100) List<String> toolRefs,
      @MaxSize(100) List<String> invariantIds,
      @MaxSize(1000) List<String> dependsOn,
      @Required @MaxSize(200) String d1ArtifactRef,
      @MaxSize(20_000) String instruction) {}

  /** Atoms to store. */
  public record AtomsBody(@NotNull @MaxSize(5_000) List<@NotNull @Valid AtomBody> atoms) {}

  /** The stored refs, in order. */
  public record AtomRefs(List<String> refs) {}

  @POST
  @Path("workgraph-atoms")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
  @Operation(
      summary =
          "Store work-graph atoms a commission will name in d1ArtifactRefs (write-once; the same"
              + " atom again is a no-op)")
  @APIResponse(responseCode = "200", description = "{refs}")
  @APIResponse(responseCode = "400", description = "invalid-request")
  @APIResponse(
      responseCode = "409",
      description = "workgraph-atom-conflict: a ref is stored with other content")
  public AtomRefs storeAtoms(@Valid @NotNull AtomsBody body) {
    List<FieldViolation> v = new ArrayList<>();
    List<WorkGraphAtom> atoms = new ArrayList<>();
    for (int i = 0; i < body.atoms().size(); i++) {
      AtomBody a = body.atoms().get(i);
      String ref = a.ref() == null ? a.atomId() : a.ref();
      id(v, "atoms[" + i + "].ref", ref);
      id(v, "atoms[" + i + "].atomId", a.atomId());
      id(v, "atoms[" + i + "].gearId", a.gearId());
      atoms.add(
          new WorkGraphAtom(
              ref,
              a.atomId(),
              a.gearId(),
              a.nodeId(),
              a.toolRefs(),
              a.invariantIds(),
              a.dependsOn(),
              a.d1ArtifactRef(),
              a.instruction()));
    }
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-request", v);
    }
    return new AtomRefs(mediation.storeAtoms(org, atoms));
  }

  private static void id(List<FieldViolation> v, String field, String value) {
    if (value != null && !Ids.isValidId(value)) {
      v.add(new FieldViolation(field, "must match " + Ids.ID.pattern()));
    }
  }

  @GET
  @Path("runs/{runId}")
  @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
  @Operation(
      summary =
          "A run's mediation state: lifecycle (COMPILING, SEEDED, COMPLETE, FAILED), what was"
              + " compiled, and the reason and details of the last failure")
  @APIResponse(responseCode = "404", description = "mediation-run-not-found")
  public Map<String, Object> run(@PathParam("runId") String runId) {
    MediationRun r = mediation.run(org, runId);
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("runId", r.runId());
    v.put("orgId", r.orgId());
    v.put("lifecycle", r.lifecycle().name());
    v.put("workGraphId", r.workGraphId());
    v.put("workGraphVersion", r.workGraphVersion());
    v.put("eluciationArtifactId", r.eluciationArtifactId());
    v.put("specificationId", r.specificationId());
    v.put("atomCount", r.atomCount());
    v.put("lastCommissionAt", Instant.ofEpochMilli(r.lastCommissionAt()).toString());
    v.put("reason", r.failureReason());
    v.put("details", r.failureDetails());
    return v;
  }
}
