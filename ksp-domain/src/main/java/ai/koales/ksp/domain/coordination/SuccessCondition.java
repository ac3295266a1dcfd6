package ai.koales.ksp.domain.coordination;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * When an atom counts as done (coordination.md §1.5 SuccessCondition, §4.2 step 4), tagged by
 * {@code type}. Evaluated on the final text and the run's workspace after the runner returned.
 */
public sealed interface SuccessCondition {

  /** What the condition is evaluated on. */
  record Evidence(String output, Path workspace, boolean timedOut) {}

  boolean isMet(Evidence evidence);

  /** The condition as JSON-like values (its wire form). */
  Map<String, Object> toMap();

  /** {@code always}: true; for smoke and warm-up atoms. The default when a directive has none. */
  record Always() implements SuccessCondition {
    public boolean isMet(Evidence e) {
      return true;
    }

    public Map<String, Object> toMap() {
      return Map.of("type", "always");
    }
  }

  /** {@code exit-code}: true unless the run timed out. */
  record ExitCode() implements SuccessCondition {
    public boolean isMet(Evidence e) {
      return !e.timedOut();
    }

    public Map<String, Object> toMap() {
      return Map.of("type", "exit-code");
    }
  }

  record OutputContains(String substring) implements SuccessCondition {
    public boolean isMet(Evidence e) {
      return e.output() != null && e.output().contains(substring);
    }

    public Map<String, Object> toMap() {
      return Map.of("type", "output-contains", "substring", substring);
    }
  }

  record OutputMatches(Pattern pattern) implements SuccessCondition {
    public boolean isMet(Evidence e) {
      return e.output() != null && pattern.matcher(e.output()).find();
    }

    public Map<String, Object> toMap() {
      return Map.of("type", "output-matches", "pattern", pattern.pattern());
    }
  }

  /** {@code file-exists}: a path relative to the run's workspace, which it may not leave. */
  record FileExists(String path) implements SuccessCondition {
    public boolean isMet(Evidence e) {
      if (e.workspace() == null) {
        return false;
      }
      Path root = e.workspace().toAbsolutePath().normalize();
      Path file = root.resolve(path).normalize();
      return file.startsWith(root) && Files.exists(file);
    }

    public Map<String, Object> toMap() {
      return Map.of("type", "file-exists", "path", path);
    }
  }

  /** {@code composite}: every member holds. */
  record Composite(List<SuccessCondition> all) implements SuccessCondition {
    public Composite {
      all = List.copyOf(all);
    }

    public boolean isMet(Evidence e) {
      return all.stream().allMatch(c -> c.isMet(e));
    }

    public Map<String, Object> toMap() {
      return Map.of("type", "composite", "all", all.stream().map(SuccessCondition::toMap).toList());
    }
  }

  /** Reads a condition, adding violations (at {@code path}) for anything malformed. */
  static Optional<SuccessCondition> parse(
      Object value, String path, List<ai.koales.ksp.domain.shared.FieldViolation> issues) {
    Optional<FieldReader> reader = FieldReader.of(value, path, issues);
    if (reader.isEmpty()) {
      return Optional.empty();
    }
    FieldReader r = reader.get();
    String type =
        r.oneOf(
            "type",
            true,
            List.of(
                "exit-code",
                "output-contains",
                "output-matches",
                "file-exists",
                "composite",
                "always"),
            null);
    if (type == null) {
      return Optional.empty();
    }
    switch (type) {
      case "always":
        return Optional.of(new Always());
      case "exit-code":
        return Optional.of(new ExitCode());
      case "output-contains":
        {
          String s = r.text("substring", true);
          return s == null ? Optional.empty() : Optional.of(new OutputContains(s));
        }
      case "output-matches":
        {
          String p = r.text("pattern", true);
          if (p == null) {
            return Optional.empty();
          }
          try {
            return Optional.of(new OutputMatches(Pattern.compile(p)));
          } catch (PatternSyntaxException e) {
            r.violation("pattern", "is not a valid regular expression: " + e.getDescription());
            return Optional.empty();
          }
        }
      case "file-exists":
        {
          String p = r.text("path", true);
          if (p == null) {
            return Optional.empty();
          }
          if (Path.of(p).isAbsolute() || Path.of(p).normalize().startsWith("..")) {
            r.violation("path", "must be relative to the workspace and stay inside it");
            return Optional.empty();
          }
          return Optional.of(new FileExists(p));
        }
      default:
        {
          List<?> all = r.array("all", true);
          if (all == null) {
            return Optional.empty();
          }
          List<SuccessCondition> members = new ArrayList<>();
          int before = issues.size();
          for (int i = 0; i < all.size(); i++) {
            parse(all.get(i), r.path("all") + "[" + i + "]", issues).ifPresent(members::add);
          }
          return issues.size() == before ? Optional.of(new Composite(members)) : Optional.empty();
        }
    }
  }
}
