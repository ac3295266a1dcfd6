package ai.koales.ksp.domain.artifact;

import java.util.Objects;
import java.util.Set;

/**
 * What a domain instantiates the generic graph with (core.md §1.3): the namespace written to every
 * node's {@code ns}, and the node types and relations it knows. Types and relations are
 * documentary: the graph stores any type string, as the original did.
 */
public record DomainConfig(String namespace, Set<String> nodeTypes, Set<String> relTypes) {

  /** The Factory domain: namespace {@code factory}, the 14 core plus 14 factory node types. */
  public static final DomainConfig FACTORY =
      new DomainConfig("factory", NodeTypes.FACTORY, Relations.FACTORY);

  public DomainConfig {
    Objects.requireNonNull(namespace, "namespace");
    nodeTypes = Set.copyOf(nodeTypes);
    relTypes = Set.copyOf(relTypes);
  }
}
