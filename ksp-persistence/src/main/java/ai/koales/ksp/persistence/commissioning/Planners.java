package ai.koales.ksp.persistence.commissioning;

import ai.koales.ksp.domain.commissioning.DeterministicPlanner;
import ai.koales.ksp.domain.commissioning.Planner;
import ai.koales.ksp.persistence.platform.ConfigValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The planner factory (CA-INV-005: every model call of commissioning goes through the planner made
 * here). {@code ksp.planner.mode}: {@code deterministic} (the default; no network, coordination.md
 * §6) or {@code openai} (any OpenAI-compatible chat-completions server at {@code ksp.llm.base-url},
 * model {@code ksp.llm.model.planner}). Misconfiguration stops the deployment.
 */
@ApplicationScoped
public class Planners {

  private static final Logger LOG = Logger.getLogger(Planners.class.getName());

  @Produces
  @ApplicationScoped
  Planner planner() {
    Config c = ConfigProvider.getConfig();
    String mode = c.getOptionalValue("ksp.planner.mode", String.class).orElse("deterministic");
    switch (mode) {
      case "deterministic":
        return new DeterministicPlanner();
      case "openai":
        String base =
            c.getOptionalValue("ksp.llm.base-url", String.class)
                .filter(s -> !s.isBlank())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "ksp.planner.mode=openai needs ksp.llm.base-url (e.g."
                                + " http://localhost:11434/v1 for a local Ollama)"));
        OpenAiPlanner planner =
            new OpenAiPlanner(
                URI.create(base),
                c.getOptionalValue("ksp.llm.api-key", String.class).orElse(null),
                ConfigValues.text(c, "ksp.llm.model.planner", "gpt-4o"),
                ConfigValues.duration(c, "ksp.planner.timeout", "PT2M"));
        LOG.info(() -> "Commissioning plans with " + planner);
        return planner;
      default:
        throw new IllegalStateException(
            "ksp.planner.mode must be deterministic or openai, not " + mode);
    }
  }
}
