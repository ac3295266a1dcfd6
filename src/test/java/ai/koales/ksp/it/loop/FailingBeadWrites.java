package ai.koales.ksp.it.loop;

import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.bead.BeadWrite;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.function.Predicate;

/**
 * Test deployment only: makes the next bead write (or the next one matching {@link #failWhen})
 * fail, after whatever the caller wrote before it.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class FailingBeadWrites implements BeadGraph {

  static volatile boolean failNext;

  /** The write to fail, once; cleared when it fails (so a test sees that it was reached). */
  static volatile Predicate<BeadWrite> failWhen;

  @Inject @Delegate BeadGraph delegate;

  @Override
  public WriteResult write(BeadWrite write) {
    Predicate<BeadWrite> when = failWhen;
    if (failNext || (when != null && when.test(write))) {
      failNext = false;
      failWhen = null;
      throw new IllegalStateException(
          "injected failure before the bead write of " + write.bead().type().wireName());
    }
    return delegate.write(write);
  }
}
