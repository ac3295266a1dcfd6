package ai.koales.ksp.web.stream.graphql;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Holds SmallRye's answer to a GraphQL request until it is complete, so that {@link
 * GraphQlErrorCodes} can give its errors their codes before it is sent. GraphQL answers are small
 * JSON documents (subscriptions go over the WebSocket), so buffering costs little.
 */
final class BufferedGraphQlResponse extends HttpServletResponseWrapper {

  private static final JsonProvider JSON = JsonProvider.provider();

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private ServletOutputStream stream;
  private PrintWriter writer;

  BufferedGraphQlResponse(HttpServletResponse response) {
    super(response);
  }

  @Override
  public ServletOutputStream getOutputStream() {
    if (stream == null) {
      stream =
          new ServletOutputStream() {
            @Override
            public boolean isReady() {
              return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              throw new IllegalStateException("GraphQL answers are written blocking");
            }

            @Override
            public void write(int b) {
              body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
              body.write(b, off, len);
            }
          };
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() {
    if (writer == null) {
      String charset = getCharacterEncoding();
      writer =
          new PrintWriter(
              new OutputStreamWriter(
                  body, charset == null ? StandardCharsets.UTF_8 : Charset.forName(charset)));
    }
    return writer;
  }

  // The length is the rewritten body's, set when it is sent.
  @Override
  public void setContentLength(int len) {}

  @Override
  public void setContentLengthLong(long len) {}

  @Override
  public void flushBuffer() {}

  /** Sends the answer, its errors completed with codes when it is a GraphQL JSON response. */
  void send() throws IOException {
    if (getResponse().isCommitted()) {
      // The container answered itself (an error page): nothing of SmallRye's to send.
      return;
    }
    if (writer != null) {
      writer.flush();
    }
    byte[] bytes = body.toByteArray();
    String type = getContentType();
    if (bytes.length > 0 && type != null && type.startsWith("application/json")) {
      try {
        JsonValue v = JSON.createReader(new ByteArrayInputStream(bytes)).readValue();
        if (v instanceof JsonObject response) {
          JsonObject completed = GraphQlErrorCodes.complete(response);
          if (completed != response) {
            bytes = completed.toString().getBytes(StandardCharsets.UTF_8);
            getResponse().setCharacterEncoding(StandardCharsets.UTF_8.name());
          }
        }
      } catch (RuntimeException notJson) {
        // Sent as it is.
      }
    }
    HttpServletResponse real = (HttpServletResponse) getResponse();
    real.setContentLength(bytes.length);
    real.getOutputStream().write(bytes);
    real.flushBuffer();
  }
}
