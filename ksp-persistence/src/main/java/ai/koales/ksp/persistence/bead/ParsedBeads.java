package ai.koales.ksp.persistence.bead;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadId;
import ai.koales.ksp.domain.bead.BeadType;
import ai.koales.ksp.persistence.platform.JsonValues;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stored beads turned back into domain beads, parsed once: a bead never changes after it is written
 * (INV-BG-001), so its parsed form can be kept for as long as memory allows and is never stale.
 * This is what keeps a knowing-state read over thousands of trust heads cheap. The integrity check
 * does not use it: it reads and hashes the stored text itself.
 */
@ApplicationScoped
public class ParsedBeads {

  @Inject
  @ConfigProperty(name = "ksp.bead.parsed-cache.max-entries", defaultValue = "200000")
  long maxEntries;

  private Cache<String, Bead> parsed;

  @PostConstruct
  void start() {
    // Maintenance on the calling thread, as the knowing-state cache does (see there).
    parsed = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maxEntries).build();
  }

  /**
   * Forgets every parsed bead; they are parsed again from the stored text when next read. Nothing
   * needs this for correctness (a stored bead never changes): it lets the benchmark measure a cold
   * read, as after a restart.
   */
  public void clear() {
    parsed.invalidateAll();
  }

  Bead of(BeadRow row) {
    return of(
        row.orgId(),
        row.beadId(),
        row.beadType(),
        row.parentIds(),
        row.content(),
        row.writtenBy(),
        row.ts());
  }

  Bead of(
      String orgId,
      String beadId,
      String type,
      String parentIds,
      String content,
      String writtenBy,
      long ts) {
    return parsed.get(
        orgId + "/" + beadId, k -> parse(orgId, beadId, type, parentIds, content, writtenBy, ts));
  }

  private static Bead parse(
      String orgId,
      String beadId,
      String type,
      String parentIds,
      String content,
      String writtenBy,
      long ts) {
    List<String> parents = parentIds.isEmpty() ? List.of() : Arrays.asList(parentIds.split(","));
    return new Bead(
        orgId,
        new BeadId(beadId),
        BeadType.fromWireName(type)
            .orElseThrow(() -> new IllegalStateException("Unknown stored bead type " + type)),
        parents,
        writtenBy,
        ts,
        JsonValues.parseObject(content));
  }
}
