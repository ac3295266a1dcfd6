package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;

/**
 * No Specification or WorkGraph is active (core.md §6 item 9 <b>FIX</b>: the original returned a
 * sentinel id that broke the {@code governs} edge's foreign key). 404 {@code
 * no-active-specification}.
 */
public class NoActiveSpecificationException extends KspException {

  private static final long serialVersionUID = 1L;

  public NoActiveSpecificationException(GraphKey graph, String domain) {
    super(
        "no-active-specification",
        FailureKind.NOT_FOUND,
        "Graph "
            + graph.value()
            + " has no active Specification or WorkGraph"
            + (domain == null ? "" : " for domain " + domain)
            + ": none exists without a successor (an incoming version_of edge).");
  }
}
