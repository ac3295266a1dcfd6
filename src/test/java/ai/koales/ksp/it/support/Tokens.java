package ai.koales.ksp.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Bearer tokens for tests: the server's own development tokens ({@code tokens.json}), and tokens
 * minted here with the development private key, as api.md allows ("tools may mint their own"), or
 * with a stranger's key to prove the server refuses them.
 */
public final class Tokens {

  public static final String DEV_ISSUER = "urn:ksp:dev";

  private final Path devDir;
  private PrivateKey devKey;
  private JsonObject devTokens;

  Tokens(Path dataDir) {
    this.devDir = dataDir.resolve("dev");
  }

  /** The development token the server wrote for {@code role}. */
  public synchronized String dev(String role) {
    if (devTokens == null) {
      try {
        devTokens =
            Json.createReader(new StringReader(Files.readString(devDir.resolve("tokens.json"))))
                .readObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return devTokens.getString(role);
  }

  /** A token for {@code subject} with these roles in these orgs, signed by the development key. */
  public String mint(String subject, List<String> groups, List<String> orgs) {
    return builder().subject(subject).groups(groups).orgs(orgs).sign();
  }

  public Builder builder() {
    return new Builder();
  }

  synchronized PrivateKey devKey() {
    if (devKey == null) {
      try {
        String pem = Files.readString(devDir.resolve("private-key.pem"));
        byte[] der =
            Base64.getDecoder()
                .decode(pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", ""));
        devKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return devKey;
  }

  /** A key the server has never seen. */
  public static PrivateKey strangerKey() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair().getPrivate();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds one token; every claim can be bent to test the server's checks. */
  public final class Builder {
    private String subject = "it-user";
    private List<String> groups = List.of("ksp-viewer");
    private List<String> orgs = List.of("demo");
    private String issuer = DEV_ISSUER;
    private Instant issuedAt = Instant.now();
    private Instant expiresAt = Instant.now().plusSeconds(3600);
    private PrivateKey key;

    public Builder subject(String s) {
      subject = s;
      return this;
    }

    public Builder groups(List<String> g) {
      groups = g;
      return this;
    }

    public Builder orgs(List<String> o) {
      orgs = o;
      return this;
    }

    public Builder issuer(String i) {
      issuer = i;
      return this;
    }

    public Builder expiresAt(Instant e) {
      expiresAt = e;
      return this;
    }

    public Builder issuedAt(Instant i) {
      issuedAt = i;
      return this;
    }

    public Builder signedWith(PrivateKey k) {
      key = k;
      return this;
    }

    public String sign() {
      JsonArrayBuilder g = Json.createArrayBuilder();
      groups.forEach(g::add);
      JsonArrayBuilder o = Json.createArrayBuilder();
      orgs.forEach(o::add);
      String header =
          Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").build().toString();
      String claims =
          Json.createObjectBuilder()
              .add("iss", issuer)
              .add("sub", subject)
              .add("upn", subject)
              .add("groups", g)
              .add("orgs", o)
              .add("iat", issuedAt.getEpochSecond())
              .add("exp", expiresAt.getEpochSecond())
              .add("jti", UUID.randomUUID().toString())
              .build()
              .toString();
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String input =
          b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
              + "."
              + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
      try {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key != null ? key : devKey());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
