package ai.koales.ksp.web.stream.graphql;

import ai.koales.ksp.domain.shared.InvalidInputException;
import ai.koales.ksp.domain.shared.KspException;
import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.language.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A business failure as a GraphQL error: the message says what is wrong and {@code extensions}
 * carries a machine-readable {@code code} ({@code BAD_USER_INPUT}, {@code UNAUTHENTICATED}, {@code
 * FORBIDDEN}, {@code NOT_FOUND}, {@code REPLAY_UNAVAILABLE} with {@code fromSeq}, {@code guidance}
 * and {@code grpcMethod}, ...) and the KSP problem code as {@code problem}. Checked, so that
 * SmallRye GraphQL shows its message instead of "System error".
 */
public class GraphQlProblem extends Exception implements GraphQLError {

  private static final long serialVersionUID = 1L;

  private final transient Map<String, Object> extensions;

  private GraphQlProblem(String message, Map<String, Object> extensions) {
    super(message);
    this.extensions = extensions;
  }

  public static GraphQlProblem of(KspException e) {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("code", codeOf(e));
    ext.put("problem", e.code());
    e.extensions().forEach(ext::put);
    String message =
        e instanceof InvalidInputException && e.violations().size() == 1
            ? e.violations().get(0).message()
            : e.getMessage();
    return new GraphQlProblem(message, ext);
  }

  /** An unexpected failure: no detail leaks, the correlation id points to the log entry. */
  public static GraphQlProblem internal(String correlationId) {
    Map<String, Object> ext = new LinkedHashMap<>();
    ext.put("code", "INTERNAL_SERVER_ERROR");
    ext.put("problem", "internal-error");
    ext.put("instance", correlationId);
    return new GraphQlProblem(
        "An unexpected error occurred. Quote " + correlationId + " when reporting it.", ext);
  }

  static String codeOf(KspException e) {
    return switch (e.kind()) {
      case INVALID_INPUT -> "BAD_USER_INPUT";
      case UNAUTHENTICATED -> "UNAUTHENTICATED";
      case FORBIDDEN -> "FORBIDDEN";
      case NOT_FOUND -> "NOT_FOUND";
      default -> e.code().toUpperCase(Locale.ROOT).replace('-', '_');
    };
  }

  @Override
  public List<SourceLocation> getLocations() {
    return List.of();
  }

  @Override
  public ErrorClassification getErrorType() {
    return ErrorType.DataFetchingException;
  }

  @Override
  public Map<String, Object> getExtensions() {
    return extensions;
  }
}
