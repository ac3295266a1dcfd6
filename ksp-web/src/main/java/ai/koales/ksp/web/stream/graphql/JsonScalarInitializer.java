package ai.koales.ksp.web.stream.graphql;

import io.smallrye.graphql.scalar.GraphQLScalarTypes;
import io.smallrye.graphql.schema.model.Scalars;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Makes {@code jakarta.json.JsonValue} the SDL's {@code JSON} scalar (edges.md §1.7, §8 Q19: a real
 * JSON scalar, not JSON-as-String) before SmallRye GraphQL builds the schema, which it does in its
 * servlet listener: container initializers run before any listener. SmallRye ships the mapping
 * (graphql-java's extended {@code JSON} scalar) but switches it on only on request.
 */
public class JsonScalarInitializer implements ServletContainerInitializer {

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    Scalars.addJson();
    GraphQLScalarTypes.addJson();
  }
}
