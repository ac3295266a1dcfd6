package ai.koales.ksp.domain.artifact;

import java.util.Objects;

/** The result of an upsert: the stored value, and whether the upsert created it. */
public record Upserted<T>(T value, boolean created) {
  public Upserted {
    Objects.requireNonNull(value, "value");
  }
}
