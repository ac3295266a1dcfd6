package ai.koales.ksp.web.platform;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling: the authenticated token's subject, its KSP roles ({@code groups}) and the orgs it
 * may touch ({@code orgs}; {@code "*"} means every org).
 */
@RequestScoped
public class Caller {

  /** The org wildcard in an {@code orgs} claim. */
  public static final String ANY_ORG = "*";

  static final String ORGS_CLAIM = "orgs";

  @Inject JsonWebToken token;

  public boolean isAuthenticated() {
    return token != null && token.getRawToken() != null;
  }

  /** {@code upn}, else {@code preferred_username}, else {@code sub}: the MP-JWT principal name. */
  public String subject() {
    String name = token.getName();
    return name != null ? name : token.getSubject();
  }

  public String issuer() {
    return token.getIssuer();
  }

  public long expiresAt() {
    return token.getExpirationTime();
  }

  public List<String> roles() {
    Set<String> groups = token.getGroups() == null ? Set.of() : token.getGroups();
    return Arrays.stream(Roles.ALL).filter(groups::contains).toList();
  }

  public boolean isAdmin() {
    return token.getGroups() != null && token.getGroups().contains(Roles.ADMIN);
  }

  public List<String> orgs() {
    return List.copyOf(orgsClaim(token.getClaim(ORGS_CLAIM)));
  }

  /** Admins may touch any org; others only the orgs their token lists (or all, with "*"). */
  public boolean mayAccessOrg(String org) {
    if (isAdmin()) {
      return true;
    }
    Set<String> orgs = orgsClaim(token.getClaim(ORGS_CLAIM));
    return orgs.contains(ANY_ORG) || orgs.contains(org);
  }

  /** The claim arrives as a JSON array, a collection, or (from some IdPs) one string. */
  static Set<String> orgsClaim(Object claim) {
    Set<String> out = new LinkedHashSet<>();
    if (claim instanceof JsonArray arr) {
      for (JsonValue v : arr) {
        if (v instanceof JsonString s) {
          out.add(s.getString());
        }
      }
    } else if (claim instanceof Collection<?> c) {
      for (Object o : c) {
        out.add(o instanceof JsonString s ? s.getString() : String.valueOf(o));
      }
    } else if (claim instanceof JsonString s) {
      out.add(s.getString());
    } else if (claim instanceof String s) {
      out.add(s);
    }
    return out;
  }
}
