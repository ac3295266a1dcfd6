package ai.koales.ksp.web.platform;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Completes the OpenAPI document with the error contract: the {@code Problem} schema and, on every
 * operation, the problem responses any call can get (400, 401, 403, 500) unless the operation
 * already documents them more precisely. Operation-specific codes (404, 409, 422, ...) are declared
 * on the resources themselves, by code and description only: every error response without content
 * of its own gets the problem+json content here.
 */
public class ProblemResponsesFilter implements OASFilter {

  static final String PROBLEM_REF = "#/components/schemas/Problem";

  private static final Map<String, String> COMMON =
      Map.of(
          "400", "Invalid input (problem codes invalid-id, invalid-request, malformed-json, ...)",
          "401", "Missing, expired or badly signed bearer token (unauthorized)",
          "403", "The token's roles or orgs do not allow this (forbidden, org-forbidden)",
          "500", "Unexpected error (internal-error); instance names the log entry");

  @Override
  public Operation filterOperation(Operation operation) {
    APIResponses responses = operation.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      operation.setResponses(responses);
    }
    for (Map.Entry<String, String> e : COMMON.entrySet()) {
      if (!responses.hasAPIResponse(e.getKey())) {
        responses.addAPIResponse(e.getKey(), problemResponse(e.getValue()));
      }
    }
    if (responses.getAPIResponses() != null) {
      responses
          .getAPIResponses()
          .forEach(
              (code, response) -> {
                if (isError(code)
                    && (response.getContent() == null
                        || response.getContent().getMediaTypes() == null
                        || response.getContent().getMediaTypes().isEmpty())) {
                  response.setContent(problemContent());
                }
              });
    }
    return operation;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    Components components = openAPI.getComponents();
    if (components == null) {
      components = OASFactory.createComponents();
      openAPI.setComponents(components);
    }
    components.addSchema("Problem", problemSchema());
  }

  static org.eclipse.microprofile.openapi.models.responses.APIResponse problemResponse(
      String description) {
    return OASFactory.createAPIResponse().description(description).content(problemContent());
  }

  private static Content problemContent() {
    return OASFactory.createContent()
        .addMediaType(
            Problem.MEDIA_TYPE,
            OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
  }

  private static boolean isError(String code) {
    return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
  }

  private static Schema problemSchema() {
    Schema string = OASFactory.createSchema().type(Schema.SchemaType.STRING);
    Schema fieldError =
        OASFactory.createSchema()
            .type(Schema.SchemaType.OBJECT)
            .addProperty("field", OASFactory.createSchema().type(Schema.SchemaType.STRING))
            .addProperty("message", OASFactory.createSchema().type(Schema.SchemaType.STRING));
    return OASFactory.createSchema()
        .type(Schema.SchemaType.OBJECT)
        .description("RFC 9457 problem details; type is urn:ksp:problem:{code}")
        .addProperty("type", string.description("urn:ksp:problem:{code}"))
        .addProperty("title", OASFactory.createSchema().type(Schema.SchemaType.STRING))
        .addProperty("status", OASFactory.createSchema().type(Schema.SchemaType.INTEGER))
        .addProperty("detail", OASFactory.createSchema().type(Schema.SchemaType.STRING))
        .addProperty(
            "instance",
            OASFactory.createSchema()
                .type(Schema.SchemaType.STRING)
                .description("Correlation id of the request, also in the server log"))
        .addProperty(
            "errors", OASFactory.createSchema().type(Schema.SchemaType.ARRAY).items(fieldError))
        .addRequired("type")
        .addRequired("title")
        .addRequired("status");
  }
}
