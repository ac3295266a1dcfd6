package ai.koales.ksp.web.stream.graphql;

import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.web.platform.BearerTokens;
import ai.koales.ksp.web.platform.Correlation;
import ai.koales.ksp.web.platform.Identity;
import ai.koales.ksp.web.platform.Problem;
import ai.koales.ksp.web.platform.ProblemMapping;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * GraphQL over HTTP needs a bearer JWT with a KSP role (edges.md §2.4): a missing or bad token is
 * 401 problem+json, a token without a KSP role 403, before SmallRye sees the request. The schema
 * document is guarded the same way. WebSocket upgrades pass: {@link GraphQlTransportWs}
 * authenticates their {@code connection_init}. Every error of an answer leaves with a code ({@link
 * GraphQlErrorCodes}).
 */
@WebFilter(urlPatterns = {"/graphql", "/graphql/*"})
public class GraphQlAuthFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject BearerTokens tokens;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if ("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      chain.doFilter(req, res);
      return;
    }
    Identity identity;
    try {
      identity = tokens.verify(req.getHeader("Authorization"));
    } catch (KspException e) {
      refuse(ProblemMapping.of(e, req), req, res);
      return;
    }
    GraphQlCallers.bindHttp(identity);
    BufferedGraphQlResponse answer = new BufferedGraphQlResponse(res);
    try {
      chain.doFilter(req, answer);
    } finally {
      GraphQlCallers.unbindHttp();
    }
    answer.send();
  }

  private static void refuse(Response problem, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    res.setStatus(problem.getStatus());
    res.setContentType(Problem.MEDIA_TYPE);
    res.setCharacterEncoding(StandardCharsets.UTF_8.name());
    res.setHeader(Correlation.HEADER, Correlation.of(req));
    if (problem.getStatus() == 401) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"ksp\"");
    }
    res.getWriter().write(String.valueOf(problem.getEntity()));
  }
}
