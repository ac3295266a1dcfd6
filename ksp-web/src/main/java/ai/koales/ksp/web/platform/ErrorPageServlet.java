package ai.koales.ksp.web.platform;

import ai.koales.ksp.web.gateway.ConnectErrorPage;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The servlet container's error page (web.xml): failures that never reach JAX-RS, such as an
 * unknown path outside {@code /api/v1}, a rejected token at the security layer, or an exception in
 * a servlet filter, still answer in problem+json instead of Payara's HTML page.
 */
@WebServlet(urlPatterns = ErrorPageServlet.PATH)
public class ErrorPageServlet extends HttpServlet {

  static final String PATH = "/.ksp-error";

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    Throwable error = (Throwable) req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    int status = code instanceof Integer i ? i : 404;
    String uri = (String) req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (uri == null) {
      uri = req.getRequestURI();
    }
    Response problem;
    if (error != null) {
      problem = ProblemMapping.unexpected(error, req);
    } else {
      problem = ProblemMapping.status(status, detail(status, req, uri), req);
    }
    if (ConnectErrorPage.isGateway(uri)) {
      // The Connect gateway speaks its own error format (edges.md §2.1).
      int answered = problem.getStatus();
      ConnectErrorPage.write(
          req,
          res,
          answered,
          answered >= 500
              ? "internal error (correlation id " + Correlation.of(req) + ")"
              : detail(answered, req, uri));
      return;
    }
    res.setStatus(problem.getStatus());
    res.setContentType(Problem.MEDIA_TYPE);
    res.setCharacterEncoding(StandardCharsets.UTF_8.name());
    res.setHeader(Correlation.HEADER, Correlation.of(req));
    if (problem.getStatus() == 401 && res.getHeader(HttpHeaders.WWW_AUTHENTICATE) == null) {
      res.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"ksp\"");
    }
    res.getWriter().write(String.valueOf(problem.getEntity()));
  }

  private static String detail(int status, HttpServletRequest req, String uri) {
    return switch (status) {
      case 401 -> "A valid bearer token is required.";
      case 403 -> "Access to " + uri + " is not allowed.";
      case 404 -> "No resource at " + uri + ".";
      case 405 -> "Method not allowed on " + uri + ".";
      default -> {
        Object m = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        yield m == null || m.toString().isBlank() ? "HTTP " + status : m.toString();
      }
    };
  }
}
