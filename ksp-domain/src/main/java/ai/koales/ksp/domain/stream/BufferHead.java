package ai.koales.ksp.domain.stream;

/** A stream's tip (edges.md §1.5 Head): last seq, whether it has ended, and its last write. */
public record BufferHead(long tipSeq, boolean terminal, long lastWriteAt) {}
