package ai.koales.ksp.domain.loop;

import java.util.Locale;

/** How serious a divergence is (core.md §1.3 Divergence.severity). */
public enum Severity {
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromWireName(String s) {
    for (Severity v : values()) {
      if (v.wireName().equals(s)) {
        return v;
      }
    }
    return LOW;
  }
}
