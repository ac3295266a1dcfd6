package ai.koales.ksp.web.stream.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** Codes for the errors GraphQL raises itself (issue acceptance point 5). */
class GraphQlErrorCodesTest {

  static JsonObject json(String s) {
    return Json.createReader(new StringReader(s)).readObject();
  }

  @Test
  void anAnswerWhoseErrorsHaveCodesIsLeftAsItIs() {
    JsonObject ok =
        json("{\"errors\":[{\"message\":\"m\",\"extensions\":{\"code\":\"FORBIDDEN\"}}]}");
    assertThat(GraphQlErrorCodes.complete(ok)).isSameAs(ok);
    JsonObject data = json("{\"data\":{\"x\":1}}");
    assertThat(GraphQlErrorCodes.complete(data)).isSameAs(data);
  }

  @Test
  void aRefusedRequestGetsItsCodeAndLosesTheNullFieldItCaused() {
    JsonObject out =
        GraphQlErrorCodes.complete(
            json(
                "{\"errors\":[{\"message\":\"argument 'limit' is not a valid 'Int'\","
                    + "\"extensions\":{\"classification\":\"ValidationError\"}},"
                    + "{\"message\":\"The field at path '/sessions' was declared as a non null type\","
                    + "\"extensions\":{\"classification\":\"NullValueInNonNullableField\"}}],"
                    + "\"data\":null}"));
    assertThat(out.getJsonArray("errors")).hasSize(1);
    JsonObject e = out.getJsonArray("errors").getJsonObject(0);
    assertThat(e.getJsonObject("extensions").getString("code"))
        .isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(e.getJsonObject("extensions").getString("classification"))
        .isEqualTo("ValidationError");
    assertThat(out.isNull("data")).isTrue();
  }

  @Test
  void parseFailuresMissingQueriesAndSystemErrorsGetTheirCodes() {
    JsonObject out =
        GraphQlErrorCodes.complete(
            json(
                "{\"errors\":[{\"message\":\"Unparseable input document\","
                    + "\"extensions\":{\"classification\":\"DataFetchingException\"}},"
                    + "{\"message\":\"Missing 'query' field in the request\"},"
                    + "{\"message\":\"System error\","
                    + "\"extensions\":{\"classification\":\"DataFetchingException\"}}]}"));
    assertThat(out.getJsonArray("errors").getValuesAs(JsonObject.class))
        .extracting(e -> e.getJsonObject("extensions").getString("code"))
        .containsExactly("GRAPHQL_PARSE_FAILED", "BAD_REQUEST", "INTERNAL_SERVER_ERROR");
    assertThat(out.getJsonArray("errors").getJsonObject(2).getString("message"))
        .isNotEqualTo("System error");
  }
}
