package ai.koales.ksp.domain.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProducerTokensTest {

  /** printf 'sess-1' | openssl dgst -sha256 -hmac 's3cr3t' */
  static final String SESS_1 = "631baf1c9b47275111c5e627531a9f38e08aedbdd9293c9e82f43b47f411a478";

  @Test
  void theTokenIsTheLowercaseHexHmacOfTheStreamId_scenario11() {
    assertThat(ProducerTokens.tokenFor("s3cr3t", "sess-1")).isEqualTo(SESS_1);
    assertThat(ProducerTokens.verify("s3cr3t", "sess-1", SESS_1)).isTrue();
  }

  @Test
  void aTokenOfAnotherStreamOrSecretOrCaseIsRefused_scenario11() {
    assertThat(ProducerTokens.verify("s3cr3t", "sess-2", SESS_1)).isFalse();
    assertThat(ProducerTokens.verify("other", "sess-1", SESS_1)).isFalse();
    assertThat(ProducerTokens.verify("s3cr3t", "sess-1", SESS_1.toUpperCase())).isFalse();
    assertThat(ProducerTokens.verify("s3cr3t", "sess-1", SESS_1.substring(1))).isFalse();
    assertThat(ProducerTokens.verify("s3cr3t", "sess-1", null)).isFalse();
  }

  @Test
  void withoutASecretEveryProducerIsRefused_edges_3_2() {
    assertThat(ProducerTokens.verify(null, "sess-1", SESS_1)).isFalse();
    assertThat(ProducerTokens.verify("", "sess-1", ProducerTokens.tokenFor("x", "sess-1")))
        .isFalse();
  }
}
