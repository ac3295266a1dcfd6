package ai.koales.ksp.persistence.platform;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.config.Config;

/**
 * Typed, checked reads of the contexts' settings. Every context reads its settings once at startup
 * through these, so a bad value stops the deployment with a message naming the key (P2), instead of
 * surfacing at the first use.
 */
public final class ConfigValues {

  private ConfigValues() {}

  /** A positive ISO-8601 duration (e.g. PT5M). */
  public static Duration duration(Config c, String key, String fallback) {
    String raw = c.getOptionalValue(key, String.class).orElse(fallback);
    Duration d;
    try {
      d = Duration.parse(raw);
    } catch (DateTimeParseException e) {
      throw new IllegalStateException(key + " must be an ISO-8601 duration such as PT5M: " + raw);
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalStateException(key + " must be a positive duration, not " + raw);
    }
    return d;
  }

  /** An integer of at least 1. */
  public static int positive(Config c, String key, int fallback) {
    int v = c.getOptionalValue(key, Integer.class).orElse(fallback);
    if (v < 1) {
      throw new IllegalStateException(key + " must be at least 1, not " + v);
    }
    return v;
  }

  /** A non-blank string. */
  public static String text(Config c, String key, String fallback) {
    String v = c.getOptionalValue(key, String.class).orElse(fallback);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(key + " must not be blank");
    }
    return v.trim();
  }
}
