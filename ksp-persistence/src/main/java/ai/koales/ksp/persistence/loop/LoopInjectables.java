package ai.koales.ksp.persistence.loop;

import ai.koales.ksp.domain.loop.AmendmentVerifier;
import ai.koales.ksp.domain.loop.CoherenceScorer;
import ai.koales.ksp.domain.loop.DivergenceDetector;
import ai.koales.ksp.domain.loop.FactoryAmendmentVerifier;
import ai.koales.ksp.domain.loop.FactoryDivergenceDetector;
import ai.koales.ksp.domain.loop.FactoryHypothesisBuilder;
import ai.koales.ksp.domain.loop.HypothesisBuilder;
import ai.koales.ksp.domain.loop.PatternCheck;
import ai.koales.ksp.domain.loop.StructuralCoherenceScorer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.util.Optional;

/**
 * The factory injectables of core.md §4.5 as CDI beans behind their ports. A deployment replaces
 * one by providing an {@code @Alternative @Priority} bean of the port type (e.g. a model-backed
 * {@link CoherenceScorer} or an architect's {@link PatternCheck}); the pattern check is optional.
 */
@ApplicationScoped
public class LoopInjectables {

  @Produces
  @ApplicationScoped
  DivergenceDetector divergenceDetector() {
    return new FactoryDivergenceDetector();
  }

  @Produces
  @ApplicationScoped
  HypothesisBuilder hypothesisBuilder() {
    return new FactoryHypothesisBuilder();
  }

  @Produces
  @ApplicationScoped
  CoherenceScorer coherenceScorer() {
    return new StructuralCoherenceScorer();
  }

  @Produces
  @ApplicationScoped
  AmendmentVerifier amendmentVerifier(
      @Default CoherenceScorer scorer, Instance<PatternCheck> patternCheck) {
    return new FactoryAmendmentVerifier(
        scorer, patternCheck.isResolvable() ? Optional.of(patternCheck.get()) : Optional.empty());
  }
}
