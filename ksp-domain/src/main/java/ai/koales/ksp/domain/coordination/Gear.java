package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import ai.koales.ksp.domain.shared.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A gear: how an atom of one kind is executed (coordination.md §1.3): its role, model binding,
 * skill, tool policy and bead type. Gears are registered per org ({@code gear:{gearId}}); every org
 * also has the built-in {@link #DEFAULT} (api.md "Commissioning and mediation").
 */
public record Gear(
    String id,
    String name,
    RoleName role,
    RoleModelBinding modelBinding,
    String skillRef,
    ToolPolicy toolPolicy,
    String beadType,
    List<String> sourceRefs) {

  public static final String ID_PREFIX = "GEAR-";
  public static final String DEFAULT_ID = "GEAR-default";
  static final List<String> THINKING_LEVELS = List.of("none", "low", "medium", "high", "max");

  /** The built-in gear every org has without anyone writing it: a coder that reads and writes. */
  public static final Gear DEFAULT =
      new Gear(
          DEFAULT_ID,
          "Default coder",
          RoleName.CODER,
          new RoleModelBinding(
              RoleName.CODER, "cloudflare/@cf/moonshotai/kimi-k2.6", "low", null, 0.0),
          "default@1",
          new ToolPolicy(List.of("read_file", "write_file"), List.of()),
          "execution",
          List.of());

  public Gear {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    sourceRefs = List.copyOf(sourceRefs);
  }

  /** The model a role runs on (§1.3 RoleModelBinding). */
  public record RoleModelBinding(
      RoleName role,
      String modelId,
      String thinkingLevel,
      ThinkingBudget thinkingBudget,
      double temperature) {}

  /** §1.3 thinkingBudget: maxTokens > 0, reservedPrefill ≥ 0. */
  public record ThinkingBudget(long maxTokens, long reservedPrefill) {}

  /** §1.3 ToolPolicy; a tool in both lists is denied. */
  public record ToolPolicy(List<String> allowed, List<String> denied) {
    public ToolPolicy {
      allowed = List.copyOf(allowed);
      denied = List.copyOf(denied);
    }

    /** The tools an atom of this gear may call. */
    public List<String> permitted() {
      return allowed.stream().filter(t -> !denied.contains(t)).toList();
    }
  }

  public boolean isBuiltIn() {
    return DEFAULT_ID.equals(id);
  }

  /**
   * Validates and reads a gear definition as sent to {@code PUT /gears/{gearId}}: every rule of
   * §1.3, all violations at once ({@code invalid-gear}). An {@code id} in the body must equal the
   * path's.
   */
  public static Gear parse(String gearId, Object definition) {
    List<FieldViolation> v = new ArrayList<>();
    if (gearId == null || !gearId.startsWith(ID_PREFIX) || gearId.length() == ID_PREFIX.length()) {
      v.add(new FieldViolation("gearId", "must start with " + ID_PREFIX));
    }
    FieldReader r = FieldReader.of(definition, "", v).orElse(null);
    if (r == null) {
      throw new InvalidInputException("invalid-gear", v);
    }
    if (r.has("id") && !Objects.equals(r.raw("id"), gearId)) {
      r.violation("id", "must equal the gear id in the path (" + gearId + ")");
    }
    String name = r.text("name", true);
    RoleName role = role(r, "role");
    RoleModelBinding binding =
        r.object("modelBinding", true)
            .map(
                b ->
                    new RoleModelBinding(
                        role(b, "role"),
                        b.text("modelId", true),
                        b.oneOf("thinkingLevel", false, THINKING_LEVELS, "none"),
                        b.object("thinkingBudget", false)
                            .map(
                                t ->
                                    new ThinkingBudget(
                                        orZero(t.integer("maxTokens", true, 1, Long.MAX_VALUE, 1L)),
                                        orZero(
                                            t.integer(
                                                "reservedPrefill", true, 0, Long.MAX_VALUE, 0L))))
                            .orElse(null),
                        b.number("temperature", false, 0, 2, 0.0)))
            .orElse(null);
    String skillRef = r.text("skillRef", true);
    ToolPolicy policy =
        r.object("toolPolicy", true)
            .map(
                p ->
                    new ToolPolicy(
                        p.texts("allowed", false, List.of()), p.texts("denied", false, List.of())))
            .orElse(null);
    String beadType = r.text("beadType", true);
    List<String> sourceRefs = r.texts("source_refs", false, List.of());
    if (!v.isEmpty()) {
      throw new InvalidInputException("invalid-gear", v);
    }
    return new Gear(gearId, name, role, binding, skillRef, policy, beadType, sourceRefs);
  }

  private static long orZero(Long l) {
    return l == null ? 0 : l;
  }

  private static RoleName role(FieldReader r, String field) {
    Object raw = r.raw(field);
    if (raw == null) {
      r.violation(field, "is required");
      return null;
    }
    return RoleName.parse(raw)
        .orElseGet(
            () -> {
              r.violation(field, "must be one of " + RoleName.allowed() + " (got " + raw + ")");
              return null;
            });
  }

  /** The gear as JSON-like values, every default filled in (the API's gear shape). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("name", name);
    m.put("role", role.wireName());
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("role", modelBinding.role().wireName());
    b.put("modelId", modelBinding.modelId());
    b.put("thinkingLevel", modelBinding.thinkingLevel());
    if (modelBinding.thinkingBudget() != null) {
      b.put(
          "thinkingBudget",
          Map.of(
              "maxTokens",
              modelBinding.thinkingBudget().maxTokens(),
              "reservedPrefill",
              modelBinding.thinkingBudget().reservedPrefill()));
    }
    b.put("temperature", modelBinding.temperature());
    m.put("modelBinding", b);
    m.put("skillRef", skillRef);
    m.put("toolPolicy", Map.of("allowed", toolPolicy.allowed(), "denied", toolPolicy.denied()));
    m.put("beadType", beadType);
    m.put("source_refs", sourceRefs);
    return m;
  }
}
