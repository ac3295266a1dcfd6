package ai.koales.ksp.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls for a condition with a deadline: tests never sleep to wait for something to happen. */
public final class Await {

  private static final long POLL_MILLIS = 50;

  private Await() {}

  /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    value(what, timeout, () -> condition.getAsBoolean(), Boolean.TRUE::equals);
  }

  /** Polls {@code value} until it gives a non-null value, which is returned. */
  public static <T> T value(String what, Duration timeout, Supplier<T> value) {
    return value(what, timeout, value, java.util.Objects::nonNull);
  }

  /** Polls {@code supplier} until its value passes {@code accept}; returns that value. */
  public static <T> T value(
      String what, Duration timeout, Supplier<T> supplier, Predicate<? super T> accept) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (true) {
      last = supplier.get();
      if (accept.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; last: " + last);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("Interrupted waiting for " + what, e);
      }
    }
  }

  /**
   * Holds a condition false for {@code period} (e.g. "nothing more arrives"), failing otherwise.
   */
  public static void stillFalse(String what, Duration period, BooleanSupplier condition) {
    long deadline = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        throw new AssertionError("Unexpectedly: " + what);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
