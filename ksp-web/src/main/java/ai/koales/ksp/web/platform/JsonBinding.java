package ai.koales.ksp.web.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON-B as the API writes it: {@code null} members are written, not dropped, because the contract
 * has fields whose absence and null differ for clients ({@code nextCursor: null}, {@code
 * amendmentBeadId: null}).
 */
@Provider
public class JsonBinding implements ContextResolver<Jsonb> {

  private final Jsonb jsonb = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

  @Override
  public Jsonb getContext(Class<?> type) {
    return jsonb;
  }
}
