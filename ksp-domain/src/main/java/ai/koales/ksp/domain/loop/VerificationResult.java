package ai.koales.ksp.domain.loop;

/** The outcome of verifying an amendment before adoption (core.md §1.5). */
public record VerificationResult(boolean passed, String gate, double score) {}
