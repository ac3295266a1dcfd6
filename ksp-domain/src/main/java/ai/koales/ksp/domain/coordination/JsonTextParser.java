package ai.koales.ksp.domain.coordination;

/**
 * Parses JSON text into plain Java values (Map, List, String, Number, Boolean, null); throws {@link
 * IllegalArgumentException} with the parser's message when the text is not JSON. A port: the domain
 * has no JSON parser of its own.
 */
@FunctionalInterface
public interface JsonTextParser {
  Object parse(String json);
}
