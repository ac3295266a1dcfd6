package ai.koales.ksp.it.loop;

import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.loop.SpecificationIngester;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/** Test deployment only: a BP6 ingester that records what the cache held when it ran, then fails. */
@ApplicationScoped
public class RecordingIngester implements SpecificationIngester {

  @Inject KnowingStateCache cache;

  final List<String> calls = new ArrayList<>();
  volatile boolean cacheWasInvalidated;

  static volatile String watchedKey;

  @Override
  public void ingest(String orgId, String graphId, String specificationId, String elucidationArtifactId) {
    calls.add(specificationId);
    cacheWasInvalidated = watchedKey != null && cache.get(watchedKey).isEmpty();
    throw new IllegalStateException("ingestion down");
  }
}
