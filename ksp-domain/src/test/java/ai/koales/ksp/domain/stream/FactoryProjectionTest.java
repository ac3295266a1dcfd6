package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.domain.stream.FactoryProjection.Artifact;
import ai.koales.ksp.domain.stream.FactoryProjection.Edge;
import ai.koales.ksp.domain.stream.FactoryProjection.Report;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What KSP's own session events write to the factory read model (edges.md §1.5, §1.8). */
class FactoryProjectionTest {

  static BufferedEvent event(String kind, Map<String, Object> payload) {
    return new BufferedEvent(
        "sess-1", 7, EventStream.SESSION_EVENTS, kind, "RUN-1", null, payload, 1000, 1001, false);
  }

  @Test
  void anArtifactWrittenIsAnArtifactOfItsNodeTypesKindWithItsEdges() {
    Artifact a =
        FactoryProjection.of(
                event(
                    "ARTIFACT_WRITTEN",
                    Map.of(
                        "artifactId", "BC-1",
                        "kind", "Capability",
                        "contentHash", "sha256:ab",
                        "edges", List.of(Map.of("target", "PRS-1", "rel", "governs")))))
            .artifact()
            .orElseThrow();
    assertThat(a.id()).isEqualTo("BC-1");
    assertThat(a.kind()).isEqualTo("ELUCIDATION");
    assertThat(a.contentHash()).isEqualTo("sha256:ab");
    assertThat(a.contentRef()).as("the graph node id when no storage ref").isEqualTo("BC-1");
    assertThat(a.createdAt()).isEqualTo(1000);
    assertThat(a.edges()).containsExactly(new Edge("BC-1", "PRS-1", "governs"));
    assertThat(a.metadata()).containsEntry("kind", "Capability");

    assertThat(
            FactoryProjection.of(
                    event(
                        "ARTIFACT_WRITTEN",
                        Map.of(
                            "artifactId",
                            "SPECIFICATION-1",
                            "kind",
                            "Specification",
                            "artifactKind",
                            "COMPILED_FUNCTION")))
                .artifact()
                .orElseThrow()
                .kind())
        .as("the writer's explicit kind wins")
        .isEqualTo("COMPILED_FUNCTION");
    assertThat(
            FactoryProjection.of(
                    event("ARTIFACT_WRITTEN", Map.of("artifactId", "X-1", "kind", "Claim")))
                .artifact())
        .as("a node type that is no factory artifact")
        .isEmpty();
  }

  @Test
  void tracesAndAmendmentsOfTheLoopAreArtifacts() {
    assertThat(
            FactoryProjection.of(
                    event(
                        "EXECUTION_FAILED",
                        Map.of("traceNodeId", "trace-1", "outcomeBeadId", "b", "status", "F")))
                .artifact()
                .orElseThrow()
                .kind())
        .isEqualTo("EXECUTION_TRACE");
    assertThat(
            FactoryProjection.of(
                    event("AMENDMENT_PROPOSED", Map.of("amendmentNodeId", "amendment-1")))
                .artifact()
                .orElseThrow()
                .id())
        .isEqualTo("amendment-1");
  }

  @Test
  void verificationsAndDivergencesAreReports() {
    Report coherence =
        FactoryProjection.of(
                event(
                    "VERIFICATION_PRODUCED",
                    Map.of(
                        "verificationId", "COHERENCE-RUN-1",
                        "verificationType", "COHERENCE",
                        "outcome", "PASS",
                        "specificationId", "SPECIFICATION-1")))
            .report()
            .orElseThrow();
    assertThat(coherence)
        .isEqualTo(
            new Report(
                "COHERENCE-RUN-1", "COHERENCE", "PASS", null, null, 1000, "SPECIFICATION-1"));
    Report divergence =
        FactoryProjection.of(
                event(
                    "DIVERGENCE_DETECTED",
                    Map.of("divergenceId", "div-1", "claimId", "c-1", "severity", "high")))
            .report()
            .orElseThrow();
    assertThat(divergence.kind()).isEqualTo("FIDELITY");
    assertThat(divergence.verdict()).isEqualTo("FAIL");
    assertThat(divergence.notes()).isEqualTo("claim c-1 diverged (high)");
    assertThat(
            FactoryProjection.of(
                    event(
                        "VERIFICATION_PRODUCED",
                        Map.of(
                            "verificationId", "v", "verificationType", "VIBES", "outcome", "OK")))
                .report())
        .as("not a VerificationKind")
        .isEmpty();
  }

  @Test
  void otherEventsAndOtherStreamsProjectNothing() {
    assertThat(FactoryProjection.of(event("BEAD_CLAIMED", Map.of("atomId", "A1"))).artifact())
        .isEmpty();
    BufferedEvent external =
        new BufferedEvent(
            "s",
            1,
            EventStream.ARTIFACT_WRITES,
            "ARTIFACT_WRITTEN",
            null,
            "asm",
            Map.of("artifactId", "a", "kind", "Capability"),
            1,
            1,
            false);
    assertThat(FactoryProjection.of(external).artifact()).isEmpty();
  }

  @Test
  void theArtifactWritesEventCarriesTheArtifactsKindAndTheAssembly() {
    Artifact a =
        new Artifact("IS-1", "SPECIFICATION", "IS-1", "sha256:cd", 1000, Map.of(), List.of());
    DomainEvent e = FactoryProjection.artifactWrite("sess-1", a, "RUN-1", "asm-1", 1000);
    assertThat(e.stream()).isEqualTo(EventStream.ARTIFACT_WRITES);
    assertThat(e.kind()).isEqualTo("ARTIFACT_WRITTEN");
    assertThat(e.assemblyId()).isEqualTo("asm-1");
    assertThat(e.terminal()).isFalse();
    assertThat(e.payload())
        .containsEntry("artifactId", "IS-1")
        .containsEntry("kind", "SPECIFICATION")
        .containsEntry("contentHash", "sha256:cd")
        .containsEntry("storageRef", "IS-1");
  }
}
