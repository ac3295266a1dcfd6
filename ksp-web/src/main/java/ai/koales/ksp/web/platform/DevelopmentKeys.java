package ai.koales.ksp.web.platform;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The development key pair and tokens of api.md "Development mode": with no JWT issuer configured,
 * {@code {dataDir}/dev/} holds {@code private-key.pem} (PKCS#8 RSA-2048), {@code public-key.pem}
 * and {@code tokens.json} with one token per role (issuer {@code urn:ksp:dev}, 30 days). The key
 * pair is created once and reused on every later start, so tokens minted earlier stay valid; the
 * tokens file is rewritten on each start so it never holds expired tokens.
 */
public final class DevelopmentKeys {

  public static final String ISSUER = "urn:ksp:dev";
  public static final Duration TOKEN_VALIDITY = Duration.ofDays(30);
  public static final String DEMO_ORG = "demo";

  private static final Map<Path, DevelopmentKeys> LOADED = new ConcurrentHashMap<>();

  private final Path dir;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private DevelopmentKeys(Path dir, PrivateKey privateKey, PublicKey publicKey) {
    this.dir = dir;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The keys under {@code dataDir/dev}, created on first use (by this or any earlier process). */
  public static DevelopmentKeys loadOrCreate(Path dataDir) {
    Path dir = dataDir.toAbsolutePath().normalize().resolve("dev");
    return LOADED.computeIfAbsent(dir, DevelopmentKeys::loadOrCreateIn);
  }

  private static DevelopmentKeys loadOrCreateIn(Path dir) {
    try {
      Files.createDirectories(dir);
      Path priv = dir.resolve("private-key.pem");
      if (!Files.exists(priv)) {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        writeOnce(priv, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
      }
      PrivateKey privateKey =
          KeyFactory.getInstance("RSA")
              .generatePrivate(new PKCS8EncodedKeySpec(readPem(Files.readString(priv))));
      RSAPrivateCrtKey crt = (RSAPrivateCrtKey) privateKey;
      PublicKey publicKey =
          KeyFactory.getInstance("RSA")
              .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      Path pub = dir.resolve("public-key.pem");
      String pubPem = pem("PUBLIC KEY", publicKey.getEncoded());
      if (!Files.exists(pub) || !Files.readString(pub).equals(pubPem)) {
        replace(pub, pubPem, false);
      }
      return new DevelopmentKeys(dir, privateKey, publicKey);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create development keys in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot create development keys in " + dir, e);
    }
  }

  public Path directory() {
    return dir;
  }

  public Path tokensFile() {
    return dir.resolve("tokens.json");
  }

  /** The public key as MicroProfile JWT reads it: base64 of the X.509 encoding. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey.getEncoded());
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** Writes {@code tokens.json}: one fresh token per role, and returns its path. */
  public Path writeTokens(Instant now) {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (String role : Roles.ALL) {
      List<String> orgs = Roles.ADMIN.equals(role) ? List.of(Caller.ANY_ORG) : List.of(DEMO_ORG);
      tokens.put(role, mint(role, List.of(role), orgs, now, TOKEN_VALIDITY));
    }
    JsonObjectBuilder json = Json.createObjectBuilder();
    tokens.forEach(json::add);
    try {
      replace(tokensFile(), json.build().toString() + "\n", true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + tokensFile(), e);
    }
    return tokensFile();
  }

  /** An RS256 token of issuer {@code urn:ksp:dev} for {@code subject}. */
  public String mint(
      String subject, List<String> groups, List<String> orgs, Instant now, Duration validity) {
    JsonArrayBuilder g = Json.createArrayBuilder();
    groups.forEach(g::add);
    JsonArrayBuilder o = Json.createArrayBuilder();
    orgs.forEach(o::add);
    long iat = now.getEpochSecond();
    String header =
        Json.createObjectBuilder().add("alg", "RS256").add("typ", "JWT").build().toString();
    String claims =
        Json.createObjectBuilder()
            .add("iss", ISSUER)
            .add("sub", subject)
            .add("upn", subject)
            .add("groups", g)
            .add("orgs", o)
            .add("iat", iat)
            .add("exp", iat + validity.getSeconds())
            .add("jti", UUID.randomUUID().toString())
            .build()
            .toString();
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(privateKey);
      rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot sign a development token", e);
    }
  }

  static String pem(String label, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  static byte[] readPem(String pem) {
    String body = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }

  /** Creates {@code file} unless another process won the race; the winner's key is then used. */
  private static void writeOnce(Path file, String content, boolean secret) throws IOException {
    Path tmp = temp(file, content, secret);
    try {
      // A hard link is created atomically and fails if the name exists (rename would replace it).
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException lostTheRace) {
      // Another process created the key first; everyone uses that one.
    } catch (UnsupportedOperationException | IOException noHardLinks) {
      if (!Files.exists(file)) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void replace(Path file, String content, boolean secret) throws IOException {
    Path tmp = temp(file, content, secret);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path temp(Path file, String content, boolean secret) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    if (secret) {
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the directory's ACL applies.
      }
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    return tmp;
  }
}
