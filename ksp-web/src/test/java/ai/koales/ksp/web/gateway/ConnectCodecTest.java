package ai.koales.ksp.web.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.koales.factory.v1.FactoryProto.CancelSessionResponse;
import ai.koales.factory.v1.FactoryProto.ResumeStreamRequest;
import ai.koales.factory.v1.FactoryProto.SessionEvent;
import ai.koales.factory.v1.FactoryProto.SessionEventKind;
import ai.koales.factory.v1.FactoryProto.StreamMode;
import ai.koales.factory.v1.FactoryProto.SubmitSessionRequest;
import ai.koales.ksp.web.gateway.ConnectCodec.Format;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The Connect wire formats (edges.md §1.1 Connect JSON, §2.1 frames and errors). */
class ConnectCodecTest {

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  static ResumeStreamRequest resume(String json) {
    return ConnectCodec.parse(utf8(json), Format.JSON, ResumeStreamRequest.newBuilder(), List.of())
        .build();
  }

  @Test
  void jsonAcceptsProtoNamesAndLowerCamelIgnoresUnknownFieldsAndReads64BitStrings() {
    ResumeStreamRequest camel =
        resume(
            "{\"sessionId\":\"s-1\",\"fromSequence\":\"42\",\"streamMode\":\"STREAM_MODE_TERMINAL_ONLY\"}");
    ResumeStreamRequest proto =
        resume(
            "{\"session_id\":\"s-1\",\"from_sequence\":42,\"stream_mode\":2,\"extra\":{\"x\":1}}");
    assertThat(camel).isEqualTo(proto);
    assertThat(camel.getFromSequence()).isEqualTo(42);
    assertThat(camel.getStreamMode()).isEqualTo(StreamMode.STREAM_MODE_TERMINAL_ONLY);
  }

  @Test
  void bytesAreStandardBase64AndUrlSafeIsAccepted() {
    byte[] raw = {(byte) 0xfb, (byte) 0xff, 0x3e};
    String standard = java.util.Base64.getEncoder().encodeToString(raw);
    String urlSafe = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    for (String b64 : List.of(standard, urlSafe)) {
      SubmitSessionRequest r =
          ConnectCodec.parse(
                  utf8("{\"envelope\":{\"signature\":\"" + b64 + "\"}}"),
                  Format.JSON,
                  SubmitSessionRequest.newBuilder(),
                  List.of("envelope"))
              .build();
      assertThat(r.getEnvelope().getSignature().toByteArray()).isEqualTo(raw);
    }
  }

  @Test
  void badBodiesAreInvalidArgumentsWithTheSpecsMessages_scenario2() {
    assertThatThrownBy(
            () ->
                ConnectCodec.parse(
                    utf8("{\"envelope\":"),
                    Format.JSON,
                    SubmitSessionRequest.newBuilder(),
                    List.of("envelope")))
        .isInstanceOfSatisfying(
            ConnectError.class,
            e -> {
              assertThat(e.code()).isEqualTo(ConnectCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).isEqualTo("request body is not valid JSON");
            });
    for (String body : List.of("{}", "{\"envelope\":null}", "{\"envelope\":\"x\"}")) {
      assertThatThrownBy(
              () ->
                  ConnectCodec.parse(
                      utf8(body),
                      Format.JSON,
                      SubmitSessionRequest.newBuilder(),
                      List.of("envelope")))
          .hasMessage("envelope is required");
    }
    assertThatThrownBy(() -> resume("{\"fromSequence\":\"minus one\"}"))
        .hasMessageStartingWith("request does not match weops.factory.v1.ResumeStreamRequest");
    assertThatThrownBy(() -> resume("[1]")).hasMessageContaining("not valid JSON");
  }

  @Test
  void answersPrintLowerCamelDefaultsAnd64BitIntegersAsStrings() {
    assertThat(text(ConnectCodec.encode(CancelSessionResponse.getDefaultInstance(), Format.JSON)))
        .isEqualTo("{\"accepted\":false,\"reason\":\"\"}");
    SessionEvent e =
        SessionEvent.newBuilder()
            .setSessionId("s")
            .setSeq(42)
            .setKind(SessionEventKind.SESSION_COMPLETED)
            .setOccurredAt(SessionEvents.timestamp(1_781_049_600_123L))
            .build();
    assertThat(text(ConnectCodec.encode(e, Format.JSON)))
        .isEqualTo(
            "{\"sessionId\":\"s\",\"workOrderId\":\"\",\"occurredAt\":\"2026-06-10T00:00:00.123Z\","
                + "\"seq\":\"42\",\"kind\":\"SESSION_COMPLETED\"}");
    assertThat(ConnectCodec.encode(e, Format.PROTO)).isEqualTo(e.toByteArray());
  }

  @Test
  void framesAreFlagThenBigEndianLengthThenTheMessage() {
    byte[] f = ConnectCodec.frame(ConnectCodec.END_STREAM, utf8("{}"));
    assertThat(f).containsExactly(2, 0, 0, 0, 2, '{', '}');
    assertThat(text(ConnectCodec.endStream(null, null))).isEqualTo("{}");
    assertThat(text(ConnectCodec.endStream(ConnectCode.NOT_FOUND, "no \"ghost-1\"")))
        .isEqualTo(
            "{\"error\":{\"code\":\"not_found\",\"message\":\"no \\\"ghost-1\\\"\",\"details\":[]},"
                + "\"metadata\":{}}");
    assertThat(text(ConnectCodec.error(ConnectCode.FAILED_PRECONDITION, "why")))
        .isEqualTo("{\"code\":\"failed_precondition\",\"message\":\"why\"}");
  }

  @Test
  void aStreamingRequestIsOneEnvelopedMessageOrRawJson() throws IOException {
    byte[] json = utf8("{\"sessionId\":\"s\"}");
    byte[] enveloped =
        ByteBuffer.allocate(5 + json.length).put((byte) 0).putInt(json.length).put(json).array();
    assertThat(ConnectCodec.streamMessage(enveloped, Format.JSON, null, 1000)).isEqualTo(json);
    assertThat(ConnectCodec.streamMessage(json, Format.JSON, null, 1000)).isEqualTo(json);
    byte[] truncated = java.util.Arrays.copyOf(enveloped, enveloped.length - 1);
    assertThatThrownBy(() -> ConnectCodec.streamMessage(truncated, Format.JSON, null, 1000))
        .isInstanceOf(ConnectError.class);
    assertThatThrownBy(() -> ConnectCodec.streamMessage(json, Format.PROTO, null, 1000))
        .hasMessageContaining("enveloped");

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(json);
    }
    byte[] g = gz.toByteArray();
    byte[] compressed =
        ByteBuffer.allocate(5 + g.length).put((byte) 1).putInt(g.length).put(g).array();
    assertThat(ConnectCodec.streamMessage(compressed, Format.JSON, "gzip", 1000)).isEqualTo(json);
    assertThatThrownBy(() -> ConnectCodec.streamMessage(compressed, Format.JSON, "br", 1000))
        .isInstanceOfSatisfying(
            ConnectError.class, e -> assertThat(e.code()).isEqualTo(ConnectCode.UNIMPLEMENTED));
  }

  @Test
  void bodiesAreBoundedAndCodecsComeFromTheContentType() {
    assertThatThrownBy(
            () -> ConnectCodec.body(new ByteArrayInputStream(new byte[2000]), null, 1000))
        .isInstanceOfSatisfying(
            ConnectError.class,
            e -> assertThat(e.code()).isEqualTo(ConnectCode.RESOURCE_EXHAUSTED));
    assertThat(ConnectCodec.unaryFormat("application/json; charset=utf-8")).isEqualTo(Format.JSON);
    assertThat(ConnectCodec.unaryFormat("application/proto")).isEqualTo(Format.PROTO);
    assertThat(ConnectCodec.streamFormat("application/connect+json")).isEqualTo(Format.JSON);
    assertThat(ConnectCodec.streamFormat("application/connect+proto")).isEqualTo(Format.PROTO);
    assertThatThrownBy(() -> ConnectCodec.unaryFormat("text/plain"))
        .isInstanceOfSatisfying(ConnectError.class, e -> assertThat(e.httpStatus()).isEqualTo(415));
  }
}
