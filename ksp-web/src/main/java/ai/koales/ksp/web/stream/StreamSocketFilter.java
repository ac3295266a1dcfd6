package ai.koales.ksp.web.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import ai.koales.ksp.domain.stream.ReplayCursor;
import ai.koales.ksp.domain.stream.ReplayFilter;
import ai.koales.ksp.domain.stream.ReplayUnavailableException;
import ai.koales.ksp.domain.stream.StreamId;
import ai.koales.ksp.domain.stream.StreamReader;
import ai.koales.ksp.domain.stream.UnknownStreamException;
import ai.koales.ksp.persistence.stream.StreamLocation;
import ai.koales.ksp.persistence.stream.StreamReads;
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
 * Checks a stream WebSocket's handshake while it is still HTTP, so that refusals are ordinary
 * problem+json answers instead of close codes: the stream id, the cursor and the filters (400);
 * when the token comes as {@code access_token}, the token (401/403), the org rule (403), the
 * stream's existence (404) and replay availability (410). A token sent as the first message is
 * checked by {@link StreamSocket} after the upgrade. A plain GET is 426.
 */
@WebFilter(urlPatterns = "/ws/streams/*")
public class StreamSocketFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  @Inject BearerTokens tokens;
  @Inject StreamReads reads;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    try {
      String path = req.getPathInfo() != null ? req.getPathInfo() : pathAfterPrefix(req);
      String streamId = StreamId.of(path.startsWith("/") ? path.substring(1) : path).value();
      long after = ReplayCursor.parse("query.after", req.getParameter("after"));
      ReplayFilter.parse(
          req.getParameter("streams"), req.getParameter("run_id"), req.getParameter("assembly_id"));
      if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
        throw new KspException(
            "upgrade-required",
            FailureKind.INVALID_INPUT,
            "This is a WebSocket endpoint: send an Upgrade: websocket request.");
      }
      String token = req.getParameter("access_token");
      if (token != null) {
        Identity identity = tokens.verify(token);
        StreamLocation where = reads.locate(streamId);
        new StreamReader(identity.isAdmin(), identity.orgs())
            .requireAccess(streamId, where.orgId());
        switch (where.state()) {
          case UNKNOWN -> throw new UnknownStreamException(streamId);
          case EXPIRED -> throw new ReplayUnavailableException(streamId, after);
          default -> {
            // LIVE or ENDED: the socket replays and follows.
          }
        }
      }
    } catch (KspException e) {
      refuse(e, req, res);
      return;
    }
    chain.doFilter(req, res);
  }

  private static String pathAfterPrefix(HttpServletRequest req) {
    String uri = req.getRequestURI().substring(req.getContextPath().length());
    String prefix = "/ws/streams/";
    return uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
  }

  private static void refuse(KspException e, HttpServletRequest req, HttpServletResponse res)
      throws IOException {
    Response problem =
        "upgrade-required".equals(e.code())
            ? new Problem(e.code(), 426, e.getMessage(), Correlation.instance(req)).toResponse()
            : ProblemMapping.of(e, req);
    res.setStatus(problem.getStatus());
    res.setContentType(Problem.MEDIA_TYPE);
    res.setCharacterEncoding(StandardCharsets.UTF_8.name());
    res.setHeader(Correlation.HEADER, Correlation.of(req));
    if (problem.getStatus() == 426) {
      res.setHeader("Upgrade", "websocket");
    }
    if (problem.getStatus() == 401) {
      res.setHeader("WWW-Authenticate", "Bearer realm=\"ksp\"");
    }
    res.getWriter().write(String.valueOf(problem.getEntity()));
  }
}
