package ai.koales.ksp.domain.coordination;

/** What a seed did: beads inserted, and beads of the request that already existed (INV-C6). */
public record SeedResult(int seeded, int existing) {}
