package ai.koales.ksp.domain.coordination;

/** A consent check of a tool call (I4): allowed, or refused and the bead FAILED. */
public record ConsentDecision(boolean allowed, BeadStatus beadStatus) {}
