package ai.koales.ksp.domain.loop;

/**
 * BP6 (core.md §4.4): hands an adopted specification to whatever consumes specifications (e.g. the
 * commissioning agent). Optional; runs after the cache invalidation, and its failure never fails
 * the adoption (INV-LC-007, INV-LC-008).
 */
public interface SpecificationIngester {

  void ingest(String orgId, String graphId, String specificationId, String elucidationArtifactId);
}
