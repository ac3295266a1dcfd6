package ai.koales.ksp.persistence.coordination;

import ai.koales.ksp.domain.coordination.AtomRunner;
import ai.koales.ksp.domain.coordination.DeterministicAtomRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Chooses the built-in agents' {@link AtomRunner} by {@code ksp.llm.mode}: {@code deterministic}
 * (the default; no network, coordination.md §6) or {@code openai} (any OpenAI-compatible
 * chat-completions server). A misconfigured runner fails when the application starts (P2), not on
 * the first atom.
 */
@ApplicationScoped
public class AtomRunners {

  private static final Logger LOG = Logger.getLogger(AtomRunners.class.getName());

  @Produces
  @ApplicationScoped
  AtomRunner runner() {
    Config c = ConfigProvider.getConfig();
    String mode = c.getOptionalValue("ksp.llm.mode", String.class).orElse("deterministic");
    switch (mode) {
      case "deterministic":
        return new DeterministicAtomRunner();
      case "openai":
        OpenAiAtomRunner runner = OpenAiAtomRunner.fromConfig(c);
        LOG.info(() -> "Built-in agents use the OpenAI-compatible server at " + runner.baseUrl());
        return runner;
      default:
        throw new IllegalStateException(
            "ksp.llm.mode must be deterministic or openai, not " + mode);
    }
  }
}
