package ai.koales.ksp.web.platform;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under {@code /api/v1}. Scoped, because an unscoped Application fails MP-JWT
 * injection on Payara (stack-facts §6).
 */
@ApplicationPath("/api/v1")
@ApplicationScoped
@LoginConfig(authMethod = "MP-JWT", realmName = "ksp")
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
@OpenAPIDefinition(
    info =
        @Info(
            title = "KSP - Knowing-State Prosthesis",
            version = "1",
            description =
                "A shared, verifiable knowing state for teams of AI agents. Every call needs a"
                    + " bearer JWT; roles come from the groups claim, orgs from the orgs claim."
                    + " Errors are RFC 9457 application/problem+json."),
    security = @SecurityRequirement(name = KspApplication.BEARER))
@SecurityScheme(
    securitySchemeName = KspApplication.BEARER,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
public class KspApplication extends Application {

  static final String BEARER = "bearer";

  @Override
  public Map<String, Object> getProperties() {
    // Errors must reach the client as our problem+json entity: setStatus instead of sendError keeps
    // the servlet container from replacing the body with its HTML error page.
    return Map.of(
        "jersey.config.server.response.setStatusOverSendError",
        true,
        // The contract is the OpenAPI document; Jersey's WADL would be a second, unauthenticated
        // one.
        "jersey.config.server.wadl.disableWadl",
        true);
  }
}
