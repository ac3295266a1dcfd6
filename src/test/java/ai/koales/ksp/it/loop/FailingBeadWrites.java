package ai.koales.ksp.it.loop;

import ai.koales.ksp.domain.bead.BeadGraph;
import ai.koales.ksp.domain.bead.BeadWrite;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

/**
 * Test deployment only: makes the next bead write fail, after whatever the caller wrote before it.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class FailingBeadWrites implements BeadGraph {

  static volatile boolean failNext;

  @Inject @Delegate BeadGraph delegate;

  @Override
  public WriteResult write(BeadWrite write) {
    if (failNext) {
      failNext = false;
      throw new IllegalStateException(
          "injected failure before the bead write of " + write.bead().type().wireName());
    }
    return delegate.write(write);
  }
}
