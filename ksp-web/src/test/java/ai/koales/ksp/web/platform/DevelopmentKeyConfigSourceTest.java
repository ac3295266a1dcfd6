package ai.koales.ksp.web.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the server runs on development keys (api.md "Development mode"). */
class DevelopmentKeyConfigSourceTest {

  private static final Optional<String> DEV = Optional.of(DevelopmentKeys.ISSUER);

  @Test
  void withNothingConfiguredDevelopmentModeIsOn() {
    // The source itself supplies the development issuer when nothing else does.
    assertThat(DevelopmentKeyConfigSource.isActive(DEV, Optional.empty())).isTrue();
  }

  @Test
  void aConfiguredIssuerTurnsItOff() {
    assertThat(
            DevelopmentKeyConfigSource.isActive(
                Optional.of("https://idp.example.com/realms/ksp"), Optional.empty()))
        .isFalse();
  }

  @Test
  void aKeyLocationWithoutAnIssuerTurnsItOffSoTheConfiguredKeyIsNeverShadowed() {
    assertThat(
            DevelopmentKeyConfigSource.isActive(
                DEV,
                Optional.of("https://idp.example.com/realms/ksp/protocol/openid-connect/certs")))
        .isFalse();
    assertThat(DevelopmentKeyConfigSource.isDevelopmentIssuer(DEV)).isTrue();
  }
}
