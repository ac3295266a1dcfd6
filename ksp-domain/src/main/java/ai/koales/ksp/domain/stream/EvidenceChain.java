package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.bead.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's evidence chain (edges.md §1.7 EvidenceChain): its durable event log as a hash chain.
 * Each bundle's id is the SHA-256 (hex) of the canonical JSON of the event and the previous
 * bundle's id, so changing, dropping or reordering any logged event changes every later id and the
 * tip. {@code root} is the first bundle's id, {@code tip} the last; both are empty for a session
 * with no events.
 */
public record EvidenceChain(String sessionId, String root, String tip, List<Bundle> bundles) {

  /** One link: an event of the log with its chained id. */
  public record Bundle(String bundleId, BufferedEvent event) {}

  public EvidenceChain {
    bundles = List.copyOf(bundles);
  }

  public int bundleCount() {
    return bundles.size();
  }

  /** Chains {@code events} (ascending seq). */
  public static EvidenceChain of(String sessionId, List<BufferedEvent> events) {
    List<Bundle> bundles = new ArrayList<>(events.size());
    String previous = "";
    for (BufferedEvent e : events) {
      Map<String, Object> link = new LinkedHashMap<>();
      link.put("previous", previous);
      link.put("sessionId", e.streamId());
      link.put("seq", e.seq());
      link.put("stream", e.stream().wireName());
      link.put("kind", e.kind());
      link.put("scopeRunId", e.scopeRunId());
      link.put("scopeAssemblyId", e.scopeAssemblyId());
      link.put("payload", e.payload());
      link.put("occurredAt", e.occurredAt());
      link.put("terminal", e.terminal());
      previous = sha256Hex(CanonicalJson.of(link));
      bundles.add(new Bundle(previous, e));
    }
    String root = bundles.isEmpty() ? "" : bundles.get(0).bundleId();
    return new EvidenceChain(sessionId, root, previous, bundles);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
