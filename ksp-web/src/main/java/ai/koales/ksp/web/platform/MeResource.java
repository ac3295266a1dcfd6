package ai.koales.ksp.web.platform;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the server thinks the caller is: the first thing to try with a new token. */
@Path("me")
@RequestScoped
@Tag(name = "Identity")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AGENT, Roles.VIEWER})
public class MeResource {

  @Inject Caller caller;

  /** The caller as the token describes it. */
  public record Me(
      String subject, List<String> roles, List<String> orgs, String issuer, Instant expiresAt) {}

  @GET
  @Operation(summary = "The caller's subject, KSP roles and orgs, read from the bearer token")
  public Me me() {
    return new Me(
        caller.subject(),
        caller.roles(),
        caller.orgs(),
        caller.issuer(),
        Instant.ofEpochSecond(caller.expiresAt()));
  }
}
