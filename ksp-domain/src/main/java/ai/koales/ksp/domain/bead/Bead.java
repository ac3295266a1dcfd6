package ai.koales.ksp.domain.bead;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A write-once node of an org's bead graph (core.md §1.1): envelope ({@code bead_id}, {@code
 * org_id}, {@code type}, sorted {@code parent_ids}, {@code written_by}, {@code ts}) plus content.
 * Only type, content and parents are hashed; the org and the envelope are not. A bead is valid by
 * construction: {@link #create} checks the content schema and computes the id.
 */
public record Bead(
    String orgId,
    BeadId id,
    BeadType type,
    List<String> parentIds,
    String writtenBy,
    long ts,
    Map<String, Object> content) {

  /** The documented content limit (api.md: 413 payload-too-large): 256 KiB of canonical JSON. */
  public static final int MAX_CONTENT_BYTES = 256 * 1024;

  public Bead {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(writtenBy, "writtenBy");
    Objects.requireNonNull(content, "content");
    List<String> sorted = new ArrayList<>(parentIds);
    sorted.sort(null);
    parentIds = List.copyOf(sorted);
    content = Collections.unmodifiableMap(new LinkedHashMap<>(content));
  }

  /**
   * A new bead: validates the content against its schema and the parents as bead ids, checks the
   * 256 KiB size limit ({@link PayloadTooLargeException}), then computes the content-addressed id.
   * Throws {@link BeadValidationException} naming every bad field.
   */
  public static Bead create(
      String orgId,
      BeadType type,
      Map<String, Object> content,
      Collection<String> parentIds,
      String writtenBy,
      long ts) {
    Ids.requireOrgId("orgId", orgId);
    List<FieldViolation> violations = new ArrayList<>(BeadSchema.violations(type, content));
    int i = 0;
    for (String p : parentIds) {
      if (!BeadId.isWellFormed(p)) {
        violations.add(
            new FieldViolation(
                "parentIds[" + i + "]", "must be a bead id (64 lower-case hex characters)"));
      }
      i++;
    }
    if (parentIds.stream().distinct().count() != parentIds.size()) {
      violations.add(new FieldViolation("parentIds", "must not name a parent twice"));
    }
    if (writtenBy == null || writtenBy.isBlank()) {
      violations.add(new FieldViolation("writtenBy", "is required"));
    }
    if (!violations.isEmpty()) {
      throw new BeadValidationException(violations);
    }
    String canonical = CanonicalJson.of(content);
    int size = canonical.getBytes(StandardCharsets.UTF_8).length;
    if (size > MAX_CONTENT_BYTES) {
      throw new PayloadTooLargeException(size, MAX_CONTENT_BYTES);
    }
    BeadId id = new BeadId(BeadId.hash(BeadId.hashInput(type.wireName(), canonical, parentIds)));
    return new Bead(orgId, id, type, List.copyOf(parentIds), writtenBy, ts, content);
  }

  /** The audit bead that must accompany this one (INV-BG-007): content-addressed, parent = this. */
  public Bead audit(AuditAction action, String actorId, String sessionId, long auditTs) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("audited_bead_id", id.value());
    c.put("audited_type", type.wireName());
    c.put("action", action.name());
    c.put("actor_id", actorId);
    c.put("session_id", sessionId);
    c.put("ts", auditTs);
    return create(orgId, BeadType.AUDIT, c, List.of(id.value()), actorId, auditTs);
  }

  /** INV-BG-002: a caller-supplied id must be the recomputed one. */
  public void verifyClaimedId(String claimedId) {
    if (claimedId != null && !claimedId.equals(id.value())) {
      throw new BeadIntegrityException(claimedId, id.value());
    }
  }

  /** The exact text that was hashed as content. */
  public String canonicalContent() {
    return CanonicalJson.of(content);
  }

  /** A string member of the content, or null. */
  public String text(String field) {
    Object v = content.get(field);
    return v instanceof String s ? s : null;
  }

  /** A numeric member of the content, or null. */
  public Double number(String field) {
    Object v = content.get(field);
    return v instanceof Number n ? n.doubleValue() : null;
  }

  public boolean flag(String field) {
    return Boolean.TRUE.equals(content.get(field));
  }

  /**
   * What the bead is about, the part a superseding bead must keep (api.md "Beads"): the subject of
   * a trust bead, the scope of a policy, the role of a consent; null for other types.
   */
  public String identityKey() {
    return switch (type) {
      case TRUST -> text("subject_id");
      case POLICY -> text("scope");
      case CONSENT -> text("role_id");
      default -> null;
    };
  }

  public String identityField() {
    return switch (type) {
      case TRUST -> "subject_id";
      case POLICY -> "scope";
      case CONSENT -> "role_id";
      default -> null;
    };
  }
}
