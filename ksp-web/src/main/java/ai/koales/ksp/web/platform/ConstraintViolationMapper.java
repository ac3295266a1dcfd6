package ai.koales.ksp.web.platform;

import ai.koales.ksp.domain.shared.FieldViolation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation failures of a request: 400 with one {field, message} per violation, the field
 * named as the caller wrote it ({@code content.trust_score}, not {@code create.arg0.content}). The
 * problem code is the endpoint's ({@link ValidationProblem}). A violated return value is our
 * defect, so it is a 500.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

  static final String DEFAULT_CODE = "invalid-request";

  @Context HttpServletRequest request;
  @Context ResourceInfo resourceInfo;

  @Override
  public Response toResponse(ConstraintViolationException e) {
    List<FieldViolation> errors = new ArrayList<>();
    for (ConstraintViolation<?> v : e.getConstraintViolations()) {
      if (isReturnValue(v.getPropertyPath())) {
        return ProblemMapping.unexpected(e, request);
      }
      errors.add(new FieldViolation(field(v.getPropertyPath()), v.getMessage()));
    }
    errors.sort(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message));
    String code = code();
    StringBuilder detail = new StringBuilder("The request is invalid: ");
    for (int i = 0; i < errors.size(); i++) {
      if (i > 0) {
        detail.append("; ");
      }
      detail.append(errors.get(i).field()).append(' ').append(errors.get(i).message());
    }
    return new Problem(code, 400, detail.toString(), Correlation.instance(request), errors, null)
        .toResponse();
  }

  private String code() {
    if (resourceInfo != null) {
      Method m = resourceInfo.getResourceMethod();
      if (m != null && m.isAnnotationPresent(ValidationProblem.class)) {
        return m.getAnnotation(ValidationProblem.class).value();
      }
      Class<?> c = resourceInfo.getResourceClass();
      if (c != null && c.isAnnotationPresent(ValidationProblem.class)) {
        return c.getAnnotation(ValidationProblem.class).value();
      }
    }
    return DEFAULT_CODE;
  }

  private static boolean isReturnValue(Path path) {
    for (Path.Node n : path) {
      if (n.getKind() == ElementKind.RETURN_VALUE) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code method.parameter.a.b} becomes {@code a.b} for a body parameter, and the parameter's own
   * name for a path or query parameter (compiled with {@code -parameters}).
   */
  static String field(Path path) {
    StringBuilder sb = new StringBuilder();
    String parameter = null;
    for (Path.Node n : path) {
      switch (n.getKind()) {
        case METHOD, CONSTRUCTOR, CROSS_PARAMETER, RETURN_VALUE -> {}
        case PARAMETER -> parameter = n.getName();
        default -> {
          // A node "in an iterable" is an element of the previous node: list[2].name
          if (n.isInIterable()) {
            Object at = n.getIndex() != null ? n.getIndex() : n.getKey();
            sb.append('[').append(at == null ? "" : at).append(']');
          }
          if (n.getKind() == ElementKind.PROPERTY && n.getName() != null) {
            if (!sb.isEmpty()) {
              sb.append('.');
            }
            sb.append(n.getName());
          }
        }
      }
    }
    if (sb.isEmpty()) {
      return parameter == null ? "request" : parameter;
    }
    return sb.toString();
  }
}
