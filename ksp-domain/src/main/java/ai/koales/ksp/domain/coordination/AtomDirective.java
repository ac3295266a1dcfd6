package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.shared.FieldViolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an agent is told to do for one atom (coordination.md §1.5 AtomDirective), in either wire
 * version. A payload is read as v2 when it carries any member only v2 defines ({@link #V2_ONLY}),
 * otherwise as v1. Every v1 member stays accepted (and checked) in v2. The executor reads {@code
 * instructions ?? instruction}, {@code permittedTools ?? toolPolicy.permittedTools} and {@code
 * successCondition ?? always}.
 *
 * <p>{@link #check} never throws on bad input: it returns every issue with its path, which is what
 * a quarantined bead records ({@code {error: 'invalid-directive', issues}}, P8).
 */
public final class AtomDirective {

  /** Members that only v2 defines: their presence makes a payload v2. */
  public static final Set<String> V2_ONLY =
      Set.of(
          "workGraphId",
          "model",
          "instructions",
          "toolPolicy",
          "toolSchemas",
          "specFiles",
          "invariantIds",
          "eluciationArtifactId",
          "d1ArtifactRef",
          "policyBeadId");

  static final Pattern ATOM_REF = Pattern.compile("[^@\\s]+@[^@\\s]+");
  static final Pattern V2_ATOM_ID = Pattern.compile("WG-.+-ATOM-\\d+");
  static final List<String> V2_THINKING = List.of("none", "low", "high");

  private final int version;
  private final Map<String, Object> raw;
  private final String atomId;
  private final String runId;
  private final RoleName role;
  private final String model;
  private final String instructions;
  private final List<String> permittedTools;
  private final SuccessCondition successCondition;
  private final Long timeoutMs;
  private final String skillRef;
  private final List<String> dependsOn;
  private final RetryPolicy retryPolicy;

  /**
   * §1.5 retryPolicy, applied by the built-in agents (§4.2 step 6): up to {@code maxAttempts} tries
   * of the atom within one claim, {@code backoffMs} apart, only when {@code isolatedRetry}. A
   * separate counter from the claim's attempts, the redeliveries and the sweep's attempts (Q12).
   */
  public record RetryPolicy(int maxAttempts, long backoffMs, boolean isolatedRetry) {

    /** One try, no retry: a directive without a policy. */
    public static final RetryPolicy NONE = new RetryPolicy(1, 0, false);

    /** How many times the atom may be run in one claim. */
    public int tries() {
      return isolatedRetry ? maxAttempts : 1;
    }
  }

  private AtomDirective(
      int version,
      Map<String, Object> raw,
      String atomId,
      String runId,
      RoleName role,
      String model,
      String instructions,
      List<String> permittedTools,
      SuccessCondition successCondition,
      Long timeoutMs,
      String skillRef,
      List<String> dependsOn,
      RetryPolicy retryPolicy) {
    this.version = version;
    this.raw = raw;
    this.atomId = atomId;
    this.runId = runId;
    this.role = role;
    this.model = model;
    this.instructions = instructions;
    this.permittedTools = List.copyOf(permittedTools);
    this.successCondition = successCondition;
    this.timeoutMs = timeoutMs;
    this.skillRef = skillRef;
    this.dependsOn = List.copyOf(dependsOn);
    this.retryPolicy = retryPolicy;
  }

  /** A checked payload: the directive, or the issues that make it invalid. */
  public record Check(AtomDirective directive, List<FieldViolation> issues) {
    public Check {
      issues = List.copyOf(issues);
    }

    public boolean valid() {
      return directive != null;
    }

    /** What a quarantined bead records as its result: {@code {error, issues}}. */
    public Map<String, Object> quarantineResult() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("error", "invalid-directive");
      m.put(
          "issues",
          issues.stream().map(i -> Map.of("path", i.field(), "message", i.message())).toList());
      return m;
    }
  }

  /**
   * Checks {@code payload} as the directive of atom {@code atomId} of run {@code runId}. A string
   * payload is JSON text of the directive (the original stored them so) and is parsed first; its
   * parse error is the issue when it is not JSON (scenario 17).
   */
  public static Check check(Object payload, JsonTextParser json, String runId, String atomId) {
    List<FieldViolation> issues = new ArrayList<>();
    Object value = payload;
    if (value instanceof String text) {
      try {
        value = json.parse(text);
      } catch (IllegalArgumentException e) {
        issues.add(new FieldViolation("(payload)", "not JSON: " + e.getMessage()));
        return new Check(null, issues);
      }
    }
    if (value == null) {
      issues.add(new FieldViolation("(payload)", "is required"));
      return new Check(null, issues);
    }
    Optional<FieldReader> reader = FieldReader.of(value, "", issues);
    if (reader.isEmpty()) {
      return new Check(null, issues);
    }
    FieldReader r = reader.get();
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = (Map<String, Object>) value;
    boolean v2 = raw.keySet().stream().anyMatch(V2_ONLY::contains);
    AtomDirective d = v2 ? readV2(r, raw) : readV1(r, raw);
    if (d.atomId != null && !d.atomId.equals(atomId)) {
      r.violation("atomId", "must equal the bead id " + atomId);
    }
    if (d.runId != null && !d.runId.equals(runId)) {
      r.violation("runId", "must equal the run id " + runId);
    }
    return issues.isEmpty() ? new Check(d, issues) : new Check(null, issues);
  }

  private static AtomDirective readV1(FieldReader r, Map<String, Object> raw) {
    r.text("directiveId", true);
    String atomId = r.text("atomId", true);
    String atomRef = r.text("atomRef", true);
    if (atomRef != null && !ATOM_REF.matcher(atomRef).matches()) {
      r.violation("atomRef", "must read name@version");
    }
    String instruction = r.text("instruction", true);
    String runId = r.text("runId", true);
    r.text("repoId", true);
    r.text("workGraphVersion", true);
    String skillRef = r.text("skillRef", true);
    RoleName role = role(r, true);
    Long timeout = r.integer("timeoutMs", true, 1000, Long.MAX_VALUE, null);
    RetryPolicy retry = retryPolicy(r, true);
    SuccessCondition sc = successCondition(r, true);
    List<String> tools = r.texts("permittedTools", true, List.of());
    sandbox(r, true);
    r.text("workingDir", false);
    envVars(r, true);
    List<String> deps = r.texts("dependsOn", false, List.of());
    return new AtomDirective(
        1,
        raw,
        atomId,
        runId,
        role,
        null,
        instruction,
        tools,
        sc == null ? new SuccessCondition.Always() : sc,
        timeout,
        skillRef,
        deps,
        retry);
  }

  private static AtomDirective readV2(FieldReader r, Map<String, Object> raw) {
    String atomId = r.text("atomId", true);
    if (atomId != null && !V2_ATOM_ID.matcher(atomId).matches()) {
      r.violation("atomId", "must read WG-{workGraphId}-ATOM-{n}");
    }
    r.text("workGraphId", true);
    r.text("workGraphVersion", true);
    String runId = r.text("runId", true);
    String model = r.text("model", true);
    String instructions = r.text("instructions", true);
    List<String> policyTools =
        r.object("toolPolicy", true)
            .map(p -> p.texts("permittedTools", true, List.of()))
            .orElse(List.of());
    List<?> schemas = r.array("toolSchemas", true);
    if (schemas != null) {
      for (int i = 0; i < schemas.size(); i++) {
        FieldReader.of(schemas.get(i), r.path("toolSchemas") + "[" + i + "]", issuesOf(r))
            .ifPresent(
                s -> {
                  s.text("name", true);
                  s.text("description", true);
                  s.object("parametersSchema", true);
                });
      }
    }
    List<?> specFiles = r.array("specFiles", true);
    if (specFiles != null) {
      for (int i = 0; i < specFiles.size(); i++) {
        FieldReader.of(specFiles.get(i), r.path("specFiles") + "[" + i + "]", issuesOf(r))
            .ifPresent(
                f -> {
                  String vp = f.text("virtualPath", true);
                  if (vp != null && !vp.startsWith("/spec/")) {
                    f.violation("virtualPath", "must start with /spec/");
                  }
                  if (!(f.raw("content") instanceof String)) {
                    f.violation("content", "must be a string");
                  }
                  f.text("d1ArtifactRef", true);
                });
      }
    }
    r.texts("invariantIds", true, List.of());
    List<String> deps = r.texts("dependsOn", true, List.of());
    r.text("eluciationArtifactId", true);
    r.text("d1ArtifactRef", true);
    r.text("policyBeadId", true);
    r.oneOf("thinkingLevel", false, V2_THINKING, "low");
    // v1 members stay accepted as optional, and are checked when present.
    RoleName role = role(r, false);
    Long timeout = r.integer("timeoutMs", false, 1000, Long.MAX_VALUE, null);
    RetryPolicy retry = retryPolicy(r, false);
    SuccessCondition sc = successCondition(r, false);
    List<String> tools = r.has("permittedTools") ? r.texts("permittedTools", false, null) : null;
    sandbox(r, false);
    envVars(r, false);
    String atomRef = r.text("atomRef", false);
    if (atomRef != null && !ATOM_REF.matcher(atomRef).matches()) {
      r.violation("atomRef", "must read name@version");
    }
    String skillRef = r.text("skillRef", false);
    return new AtomDirective(
        2,
        raw,
        atomId,
        runId,
        role,
        model,
        instructions,
        tools != null ? tools : policyTools,
        sc == null ? new SuccessCondition.Always() : sc,
        timeout,
        skillRef,
        deps,
        retry);
  }

  private static List<FieldViolation> issuesOf(FieldReader r) {
    return r.violations();
  }

  private static RoleName role(FieldReader r, boolean required) {
    Object raw = r.raw("role");
    if (raw == null) {
      if (required) {
        r.violation("role", "is required");
      }
      return null;
    }
    return RoleName.parse(raw)
        .orElseGet(
            () -> {
              r.violation("role", "must be one of " + RoleName.allowed() + " (got " + raw + ")");
              return null;
            });
  }

  private static RetryPolicy retryPolicy(FieldReader r, boolean required) {
    return r.object("retryPolicy", required)
        .map(
            p -> {
              Long max = p.integer("maxAttempts", true, 1, Integer.MAX_VALUE, null);
              Long backoff = p.integer("backoffMs", true, 0, Long.MAX_VALUE, null);
              Boolean isolated = p.bool("isolatedRetry", true, null);
              return max == null || backoff == null || isolated == null
                  ? null
                  : new RetryPolicy(max.intValue(), backoff, isolated);
            })
        .orElse(null);
  }

  private static SuccessCondition successCondition(FieldReader r, boolean required) {
    if (!r.has("successCondition")) {
      if (required) {
        r.violation("successCondition", "is required");
      }
      return null;
    }
    return SuccessCondition.parse(
            r.raw("successCondition"), r.path("successCondition"), issuesOf(r))
        .orElse(null);
  }

  private static void sandbox(FieldReader r, boolean required) {
    r.object("sandboxConfig", required).ifPresent(s -> s.bool("persistFilesystem", true, null));
  }

  private static void envVars(FieldReader r, boolean required) {
    r.object("envVars", required)
        .ifPresent(
            e -> {
              for (Map.Entry<String, Object> x : e.entries()) {
                if (!(x.getValue() instanceof String)) {
                  e.violation(x.getKey(), "must be a string");
                }
              }
            });
  }

  /** 1 or 2. */
  public int version() {
    return version;
  }

  /** The payload as given (a JSON object). */
  public Map<String, Object> raw() {
    return raw;
  }

  public String atomId() {
    return atomId;
  }

  public String runId() {
    return runId;
  }

  /** The directive's role (required in v1; in v2 filled from the gear by Mediation, Q10). */
  public Optional<RoleName> role() {
    return Optional.ofNullable(role);
  }

  /** v2's model id; empty for v1. */
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** {@code instructions ?? instruction}. */
  public String instructions() {
    return instructions;
  }

  /** {@code permittedTools ?? toolPolicy.permittedTools}. */
  public List<String> permittedTools() {
    return permittedTools;
  }

  public boolean permits(String toolName) {
    return permittedTools.contains(toolName);
  }

  /** {@code successCondition ?? always}. */
  public SuccessCondition successCondition() {
    return successCondition;
  }

  public Optional<Long> timeoutMs() {
    return Optional.ofNullable(timeoutMs);
  }

  /** §1.5 retryPolicy (required in v1, optional in v2). */
  public Optional<RetryPolicy> retryPolicy() {
    return Optional.ofNullable(retryPolicy);
  }

  public Optional<String> skillRef() {
    return Optional.ofNullable(skillRef);
  }

  public List<String> dependsOn() {
    return dependsOn;
  }

  /** A member of the payload as text, when it is a string. */
  public Optional<String> text(String member) {
    return raw.get(member) instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
