package ai.koales.ksp.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.koales.ksp.it.support.Wars;
import ai.koales.ksp.persistence.platform.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.UserTransaction;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What only the container can show: the built ksp.war, deployed with a real issuer configured,
 * injects its application services and datasource, has migrated its schema, and creates no
 * development key; tokens of that issuer are accepted and development-style tokens are not.
 */
@ExtendWith(ArquillianExtension.class)
class ContainerArquillianIT {

  static final String ISSUER = "https://idp.example.test/realms/ksp";
  static KeyPair idpKeys;

  @Deployment(testable = true)
  static WebArchive deployment() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    idpKeys = g.generateKeyPair();
    WebArchive war =
        Wars.withConfig(
            "mp.jwt.verify.issuer="
                + ISSUER
                + "\nmp.jwt.verify.publickey="
                + Base64.getEncoder().encodeToString(idpKeys.getPublic().getEncoded()));
    // Other in-container test classes run in development mode on the same data directory (one
    // server at a time); start from none of their keys, so the test sees only what this one wrote.
    Path dev = Path.of(System.getenv("KSP_DATA_DIR"), "dev");
    if (Files.exists(dev)) {
      try (var files = Files.walk(dev)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return war;
  }

  @Inject SchemaMigration migration;

  @Resource(lookup = SchemaMigration.DATASOURCE)
  DataSource dataSource;

  @Test
  void theInjectedMigrationCompletedBeforeTheTestRan() {
    assertEquals(SchemaMigration.MigrationState.Status.COMPLETE, migration.state().status());
    assertFalse(migration.state().version().isBlank());
  }

  @Test
  void theApplicationDatasourceReachesTheMigratedSchema() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" = TRUE")) {
      assertTrue(rs.next());
      assertTrue(rs.getLong(1) >= 1, "applied migrations");
      assertTrue(c.getMetaData().getURL().startsWith("jdbc:h2:mem:ksp-arquillian"));
    }
  }

  @PersistenceContext(unitName = "ksp")
  EntityManager em;

  @Inject UserTransaction tx;

  /**
   * The bead graph writes with JDBC on the datasource while other work goes through JPA: inside one
   * JTA transaction both must be the same database session, or a rollback would keep half a write.
   */
  @Test
  void jdbcAndJpaShareOneDatabaseSessionInsideATransaction() throws Exception {
    tx.begin();
    try {
      Object jpaSession = em.createNativeQuery("SELECT SESSION_ID()").getSingleResult();
      Object jdbcSession;
      try (Connection c = dataSource.getConnection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT SESSION_ID()")) {
        rs.next();
        jdbcSession = rs.getObject(1);
      }
      assertEquals(String.valueOf(jpaSession), String.valueOf(jdbcSession));
    } finally {
      tx.rollback();
    }
  }

  @Test
  void withAnIssuerConfiguredNoDevelopmentKeyOrTokenExists() {
    assertEquals(ISSUER, ConfigProvider.getConfig().getValue("mp.jwt.verify.issuer", String.class));
    Path dataDir = Path.of(System.getenv("KSP_DATA_DIR"));
    assertFalse(Files.exists(dataDir.resolve("dev")), "no development keys with a real issuer");
  }

  @Test
  @RunAsClient
  void tokensOfTheConfiguredIssuerAreAcceptedAndDevelopmentTokensAreNot(
      @ArquillianResource URL base) throws Exception {
    URI me = base.toURI().resolve("api/v1/me");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ok =
        http.send(
            HttpRequest.newBuilder(me).header("Authorization", "Bearer " + token(ISSUER)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(
        ok.body().contains("\"subject\":\"carol\"") && ok.body().contains(ISSUER), ok.body());

    HttpResponse<String> dev =
        http.send(
            HttpRequest.newBuilder(me)
                .header("Authorization", "Bearer " + token("urn:ksp:dev"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, dev.statusCode());
  }

  private static String token(String issuer) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    long now = Instant.now().getEpochSecond();
    String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    String claims =
        "{\"iss\":\""
            + issuer
            + "\",\"sub\":\"carol\",\"upn\":\"carol\",\"groups\":[\"ksp-viewer\"],"
            + "\"orgs\":[\"demo\"],\"iat\":"
            + now
            + ",\"exp\":"
            + (now + 600)
            + ",\"jti\":\""
            + UUID.randomUUID()
            + "\"}";
    String input =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initSign(idpKeys.getPrivate());
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + b64.encodeToString(s.sign());
  }
}
