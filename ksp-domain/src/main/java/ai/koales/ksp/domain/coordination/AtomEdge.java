package ai.koales.ksp.domain.coordination;

/** A dependency of a run's DAG: {@code child} may run only after {@code parent} (a barrier). */
public record AtomEdge(String parentId, String childId) {}
