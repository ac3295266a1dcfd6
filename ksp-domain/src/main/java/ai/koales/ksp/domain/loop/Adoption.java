package ai.koales.ksp.domain.loop;

import ai.koales.ksp.domain.bead.Bead;
import ai.koales.ksp.domain.bead.BeadSchema;
import ai.koales.ksp.domain.shared.FieldViolation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bead contents BP5 writes (core.md §4.4, §6 item 7). */
public final class Adoption {

  private Adoption() {}

  /**
   * The adopted successor of {@code target}: its content patched by {@code change}, keeping what it
   * is about (subject, scope, role: the original wrote the prior bead's id as the subject), plus
   * the specification bridge.
   */
  public static Map<String, Object> successorContent(
      Bead target, Map<String, Object> change, String specificationId) {
    Map<String, Object> c = new LinkedHashMap<>(target.content());
    String identity = target.identityField();
    change.forEach(
        (k, v) -> {
          if (!k.equals(identity)) {
            c.put(k, v);
          }
        });
    c.put("artifact_graph_specification_id", specificationId);
    return c;
  }

  /**
   * What adopting {@code change} would break in the successor of {@code target}: its schema
   * violations, named as members of {@code proposedChange} ({@code proposedChange.trust_score}).
   * BP4 checks this before it proposes, so that no amendment is proposed whose adoption could not
   * be written (BP5 would refuse it forever).
   */
  public static List<FieldViolation> violations(Bead target, Map<String, Object> change) {
    Map<String, Object> successor = successorContent(target, change, "trial");
    List<FieldViolation> out = new ArrayList<>();
    for (FieldViolation v : BeadSchema.violations(target.type(), successor)) {
      String field =
          v.field().startsWith("content.")
              ? "proposedChange." + v.field().substring("content.".length())
              : v.field().equals("content") ? "proposedChange" : v.field();
      out.add(new FieldViolation(field, v.message()));
    }
    return out;
  }

  /**
   * The amendment bead that resolves {@code pending}: APPROVED (with what it produced) or REJECTED.
   */
  public static Map<String, Object> resolution(
      Bead pending, boolean approved, String reviewer, Instant at, String produces) {
    Map<String, Object> c = new LinkedHashMap<>(pending.content());
    c.put("status", approved ? "APPROVED" : "REJECTED");
    c.put("reviewed_by", reviewer);
    c.put("reviewed_at", at.toString());
    if (approved) {
      c.put("if_approved_produces", produces);
    }
    return c;
  }
}
