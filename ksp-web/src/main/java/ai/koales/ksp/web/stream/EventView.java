package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A buffered event on the wire (edges.md §1.5 BufferedEvent, camelCase; times in epoch ms). */
@Schema(name = "BufferedEvent")
public record EventView(
    long seq,
    String stream,
    String kind,
    String scopeRunId,
    String scopeAssemblyId,
    Map<String, Object> payload,
    long occurredAt,
    long appendedAt,
    boolean terminal) {

  public static EventView of(BufferedEvent e) {
    return new EventView(
        e.seq(),
        e.stream().wireName(),
        e.kind(),
        e.scopeRunId(),
        e.scopeAssemblyId(),
        e.payload(),
        e.occurredAt(),
        e.appendedAt(),
        e.terminal());
  }
}
