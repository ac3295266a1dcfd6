package ai.koales.ksp.web.gateway;

import ai.koales.ksp.persistence.platform.JsonValues;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The Connect protocol's wire formats (connectrpc.com/docs/protocol, edges.md §1.1, §2.1): the two
 * codecs (protobuf JSON by {@link JsonFormat}: lowerCamel out, proto names accepted, unknown fields
 * ignored, 64-bit integers as strings, enums by name; or protobuf binary), request bodies (size
 * bound, identity or gzip), enveloped frames (flag byte, 4-byte big-endian length, message) and the
 * JSON of errors and of the end-of-stream frame.
 */
final class ConnectCodec {

  /** The message codec of a request, and so of its answer. */
  enum Format {
    JSON,
    PROTO
  }

  static final String UNARY_JSON = "application/json";
  static final String UNARY_PROTO = "application/proto";
  static final String STREAM_JSON = "application/connect+json";
  static final String STREAM_PROTO = "application/connect+proto";

  static final byte MESSAGE = 0x00;
  static final byte COMPRESSED = 0x01;
  static final byte END_STREAM = 0x02;

  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  // Members with default values are written too, so that {accepted:false, reason:""} reads as such
  // for clients that do not know the schema.
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace().includingDefaultValueFields();

  private ConnectCodec() {}

  /** The codec of a unary request's {@code Content-Type}. */
  static Format unaryFormat(String contentType) {
    String t = mediaType(contentType);
    if (UNARY_JSON.equals(t)) {
      return Format.JSON;
    }
    if (UNARY_PROTO.equals(t)) {
      return Format.PROTO;
    }
    throw new ConnectError(
        ConnectCode.INVALID_ARGUMENT,
        "unary requests are application/json or application/proto, not " + shown(contentType),
        415);
  }

  /**
   * The codec of a streaming request's {@code Content-Type}; plain {@code application/json} is
   * accepted too, with an enveloped or a raw JSON body (edges.md §2.1 step 1).
   */
  static Format streamFormat(String contentType) {
    String t = mediaType(contentType);
    if (STREAM_JSON.equals(t) || UNARY_JSON.equals(t)) {
      return Format.JSON;
    }
    if (STREAM_PROTO.equals(t)) {
      return Format.PROTO;
    }
    throw new ConnectError(
        ConnectCode.INVALID_ARGUMENT,
        "streaming requests are application/connect+json or application/connect+proto, not "
            + shown(contentType),
        415);
  }

  /** The request body, decompressed, at most {@code max} bytes. */
  static byte[] body(InputStream in, String contentEncoding, int max) throws IOException {
    byte[] raw = read(in, max);
    return decompress(raw, contentEncoding, max);
  }

  /**
   * The one message of a streaming request: an enveloped frame (flag 0, or 1 when compressed with
   * {@code Connect-Content-Encoding}), or for JSON a raw body.
   */
  static byte[] streamMessage(byte[] body, Format format, String connectEncoding, int max)
      throws IOException {
    if (body.length > 0 && (body[0] == MESSAGE || body[0] == COMPRESSED)) {
      if (body.length < 5) {
        throw invalid("the request's enveloped message is truncated");
      }
      int length = ByteBuffer.wrap(body, 1, 4).getInt();
      if (length < 0 || body.length != 5 + length) {
        throw invalid(
            "the request must be exactly one enveloped message (flag, 4-byte length, message)");
      }
      byte[] message = java.util.Arrays.copyOfRange(body, 5, body.length);
      if (body[0] == COMPRESSED) {
        if (connectEncoding == null || "identity".equalsIgnoreCase(connectEncoding.trim())) {
          throw invalid("a compressed message needs Connect-Content-Encoding");
        }
        return decompress(message, connectEncoding, max);
      }
      return message;
    }
    if (format == Format.PROTO) {
      throw invalid("an application/connect+proto request must be an enveloped message");
    }
    return body;
  }

  /**
   * Parses {@code bytes} into {@code builder}. For JSON the text must be a JSON object, every
   * member in {@code requiredObjects} must be an object, and the rest follows protobuf's JSON
   * mapping; the messages are edges.md §2.1 step 1's.
   */
  static <B extends Message.Builder> B parse(
      byte[] bytes, Format format, B builder, List<String> requiredObjects) {
    String type = builder.getDescriptorForType().getFullName();
    if (format == Format.PROTO) {
      try {
        builder.mergeFrom(bytes);
      } catch (InvalidProtocolBufferException e) {
        throw invalid("request body is not a valid binary " + type);
      }
      return builder;
    }
    String text;
    Object json;
    try {
      text = utf8(bytes);
      json = JsonValues.parse(text);
    } catch (RuntimeException | CharacterCodingException e) {
      throw invalid("request body is not valid JSON");
    }
    if (!(json instanceof Map<?, ?> object)) {
      throw invalid("request body is not valid JSON (an object is expected)");
    }
    for (String member : requiredObjects) {
      if (!(object.get(member) instanceof Map)) {
        throw invalid(member + " is required");
      }
    }
    try {
      PARSER.merge(text, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw invalid("request does not match " + type + ": " + clip(e.getMessage()));
    }
    return builder;
  }

  /** A message in the answer's codec. */
  static byte[] encode(Message message, Format format) {
    if (format == Format.PROTO) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType(), e);
    }
  }

  /** One enveloped frame. */
  static byte[] frame(byte flag, byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length)
        .put(flag)
        .putInt(payload.length)
        .put(payload)
        .array();
  }

  /** A unary error's body (always JSON). */
  static byte[] error(ConnectCode code, String message) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("code", code.wireName());
    e.put("message", message == null ? "" : message);
    return JsonValues.write(e).getBytes(StandardCharsets.UTF_8);
  }

  /** The end-of-stream message (always JSON): {@code {}} or the error with empty metadata. */
  static byte[] endStream(ConnectCode code, String message) {
    if (code == null) {
      return "{}".getBytes(StandardCharsets.UTF_8);
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.wireName());
    error.put("message", message == null ? "" : message);
    error.put("details", List.of());
    Map<String, Object> end = new LinkedHashMap<>();
    end.put("error", error);
    end.put("metadata", Map.of());
    return JsonValues.write(end).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] read(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > max) {
        throw new ConnectError(
            ConnectCode.RESOURCE_EXHAUSTED, "the request is larger than " + max + " bytes");
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  private static byte[] decompress(byte[] raw, String encoding, int max) throws IOException {
    String e = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
    switch (e) {
      case "", "identity":
        return raw;
      case "gzip":
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
          return read(in, max);
        } catch (java.util.zip.ZipException bad) {
          throw invalid("the request is not valid gzip");
        }
      default:
        throw new ConnectError(
            ConnectCode.UNIMPLEMENTED,
            "compression " + shown(encoding) + " is not supported (identity, gzip)");
    }
  }

  private static String utf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }

  static ConnectError invalid(String message) {
    return new ConnectError(ConnectCode.INVALID_ARGUMENT, message);
  }

  private static String shown(String s) {
    return s == null ? "none" : "\"" + clip(s) + "\"";
  }

  private static String clip(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
