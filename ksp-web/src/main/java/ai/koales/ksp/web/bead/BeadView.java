package ai.koales.ksp.web.bead;

import ai.koales.ksp.domain.bead.Bead;
import java.util.List;
import java.util.Map;

/** A bead as the API shows it: envelope plus content, content members keeping the spec's names. */
public record BeadView(
    String beadId,
    String orgId,
    String type,
    List<String> parentIds,
    String writtenBy,
    long ts,
    Map<String, Object> content) {

  public static BeadView of(Bead b) {
    return new BeadView(
        b.id().value(),
        b.orgId(),
        b.type().wireName(),
        b.parentIds(),
        b.writtenBy(),
        b.ts(),
        b.content());
  }

  public static List<BeadView> of(List<Bead> beads) {
    return beads.stream().map(BeadView::of).toList();
  }

  /** Orders a page by time, then id (unique): the key of {@code Listing.page}. */
  static String pageKey(BeadView b) {
    return String.format("%020d:%s", b.ts(), b.beadId());
  }
}
