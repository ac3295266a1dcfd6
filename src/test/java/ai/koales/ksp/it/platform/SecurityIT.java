package ai.koales.ksp.it.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ai.koales.ksp.it.support.HttpResult;
import ai.koales.ksp.it.support.Ksp;
import ai.koales.ksp.it.support.SystemTest;
import ai.koales.ksp.it.support.Tokens;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MicroProfile JWT on /api/v1: who gets in, who does not (issue 2, point 5). */
@SystemTest
class SecurityIT {

  @Test
  void aCallWithoutATokenIs401ProblemWithABearerChallenge(Ksp ksp) {
    HttpResult r = ksp.get("/api/v1/me", null);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemCode()).isEqualTo("unauthorized");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void aGarbageTokenIs401(Ksp ksp) {
    HttpResult r = ksp.get("/api/v1/me", "not.a.jwt");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.problemCode()).isEqualTo("unauthorized");
  }

  @Test
  void aTokenSignedByAnotherKeyIs401(Ksp ksp) {
    String forged =
        ksp.tokens()
            .builder()
            .groups(List.of("ksp-admin"))
            .orgs(List.of("*"))
            .signedWith(Tokens.strangerKey())
            .sign();
    HttpResult r = ksp.get("/api/v1/me", forged);
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void aTokenWithATamperedPayloadIs401(Ksp ksp) {
    String token = ksp.token(Ksp.VIEWER, "demo");
    String[] parts = token.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]))
            .replace("ksp-viewer\"]", "ksp-admin\"]");
    String tampered =
        parts[0]
            + "."
            + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes())
            + "."
            + parts[2];
    assertThat(ksp.get("/api/v1/me", tampered).status()).isEqualTo(401);
  }

  @Test
  void aTokenFromAnotherIssuerIs401(Ksp ksp) {
    String token =
        ksp.tokens()
            .builder()
            .issuer("https://idp.example.com")
            .groups(List.of("ksp-viewer"))
            .sign();
    assertThat(ksp.get("/api/v1/me", token).status()).isEqualTo(401);
  }

  @Test
  void anExpiredTokenIs401(Ksp ksp) {
    String token =
        ksp.tokens()
            .builder()
            .issuedAt(Instant.now().minusSeconds(7200))
            .expiresAt(Instant.now().minusSeconds(3600))
            .sign();
    assertThat(ksp.get("/api/v1/me", token).status()).isEqualTo(401);
  }

  @Test
  void aValidTokenWithoutAnyKspRoleIs403(Ksp ksp) {
    String token = ksp.tokens().mint("stranger", List.of("some-other-app-role"), List.of("demo"));
    HttpResult r = ksp.get("/api/v1/me", token);
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.problemCode()).isEqualTo("forbidden");
  }

  @Test
  void aValidTokenIsAcceptedAndMeReportsSubjectRolesAndOrgs(Ksp ksp) {
    String token =
        ksp.tokens()
            .mint(
                "alice",
                List.of("ksp-operator", "ksp-viewer", "unrelated"),
                List.of("org-a", "org-b"));
    HttpResult r = ksp.get("/api/v1/me", token);
    assertThat(r.status()).isEqualTo(200);
    JsonObject me = r.json();
    assertThat(me.getString("subject")).isEqualTo("alice");
    assertThat(me.getJsonArray("roles").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly("ksp-operator", "ksp-viewer");
    assertThat(me.getJsonArray("orgs").getValuesAs(jakarta.json.JsonString::getString))
        .containsExactly("org-a", "org-b");
    assertThat(me.getString("issuer")).isEqualTo(Tokens.DEV_ISSUER);
  }

  @Test
  void developmentModeWritesOneTokenPerRoleAsApiMdSays(Ksp ksp) throws Exception {
    assertThat(ksp.dataDir().resolve("dev/private-key.pem")).exists();
    assertThat(Files.readString(ksp.dataDir().resolve("dev/private-key.pem")))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(ksp.dataDir().resolve("dev/public-key.pem")))
        .startsWith("-----BEGIN PUBLIC KEY-----");
    for (String role : List.of(Ksp.ADMIN, Ksp.OPERATOR, Ksp.AGENT, Ksp.VIEWER)) {
      HttpResult r = ksp.get("/api/v1/me", ksp.tokens().dev(role));
      assertThat(r.status()).as(role).isEqualTo(200);
      assertThat(r.json().getString("subject")).isEqualTo(role);
      assertThat(r.json().getJsonArray("roles").getString(0)).isEqualTo(role);
      List<String> orgs =
          r.json().getJsonArray("orgs").getValuesAs(jakarta.json.JsonString::getString);
      assertThat(orgs).containsExactly(role.equals(Ksp.ADMIN) ? "*" : "demo");
      Instant expires = Instant.parse(r.json().getString("expiresAt"));
      assertThat(expires)
          .isBetween(
              Instant.now().plusSeconds(29L * 86400), Instant.now().plusSeconds(31L * 86400));
    }
  }

  @Test
  void theServerLogSaysWhereTheDevelopmentTokensAre(Ksp ksp) {
    assertThat(ksp.serverLog())
        .contains("Development tokens for each role")
        .contains(ksp.dataDir().resolve("dev/tokens.json").toString());
  }
}
