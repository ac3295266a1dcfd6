package ai.koales.ksp.it.loop;

import ai.koales.ksp.domain.bead.KnowingStateCache;
import ai.koales.ksp.domain.loop.SpecificationIngester;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Test deployment only: a BP6 ingester that records what the cache held when it ran, then fails.
 */
@ApplicationScoped
public class RecordingIngester implements SpecificationIngester {

  @Inject KnowingStateCache cache;

  private final List<String> calls = new ArrayList<>();
  private volatile boolean cacheWasInvalidated;

  static volatile String watchedKey;

  /** Read through methods: the test holds a client proxy, whose fields are not the bean's. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  public boolean cacheWasInvalidated() {
    return cacheWasInvalidated;
  }

  @Override
  public void ingest(
      String orgId, String graphId, String specificationId, String elucidationArtifactId) {
    calls.add(specificationId);
    cacheWasInvalidated = watchedKey != null && cache.get(watchedKey).isEmpty();
    throw new IllegalStateException("ingestion down");
  }
}
