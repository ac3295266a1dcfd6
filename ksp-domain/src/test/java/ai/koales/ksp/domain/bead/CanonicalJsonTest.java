package ai.koales.ksp.domain.bead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keysAreSortedAtEveryDepth_FIX() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("z", 1);
    inner.put("a", Map.of("y", true, "b", false));
    Map<String, Object> outer = new LinkedHashMap<>();
    outer.put("rules", inner);
    outer.put("autonomy", "SUGGEST");
    assertThat(CanonicalJson.of(outer))
        .isEqualTo("{\"autonomy\":\"SUGGEST\",\"rules\":{\"a\":{\"b\":false,\"y\":true},\"z\":1}}");
  }

  @Test
  void keysSortByUtf16CodeUnitsLikeJavaScript() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("B", 2);
    m.put("é", 3);
    m.put("\uD83D\uDE00", 4); // U+1F600: surrogates 0xD83D sort before U+FF21
    m.put("\uFF21", 5);
    m.put("a_", 6);
    m.put("a", 7);
    assertThat(CanonicalJson.of(m))
        .isEqualTo("{\"B\":2,\"a\":7,\"a_\":6,\"b\":1,\"é\":3,\"\uD83D\uDE00\":4,\"\uFF21\":5}");
  }

  @Test
  void arraysKeepTheirOrderAndNullIsKept() {
    assertThat(CanonicalJson.of(Map.of("l", Arrays.asList(3, null, "x", List.of(2, 1)))))
        .isEqualTo("{\"l\":[3,null,\"x\",[2,1]]}");
    Map<String, Object> withNull = new LinkedHashMap<>();
    withNull.put("artifact_graph_divergence_id", null);
    assertThat(CanonicalJson.of(withNull)).isEqualTo("{\"artifact_graph_divergence_id\":null}");
  }

  @Test
  void numbersAreFormattedAsEcmaScriptDoes() {
    assertThat(CanonicalJson.number(new BigDecimal("1.0"))).isEqualTo("1");
    assertThat(CanonicalJson.number(1)).isEqualTo("1");
    assertThat(CanonicalJson.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(CanonicalJson.number(1e21)).isEqualTo("1e+21");
    assertThat(CanonicalJson.number(1e20)).isEqualTo("100000000000000000000");
    assertThat(CanonicalJson.number(1e-7)).isEqualTo("1e-7");
    assertThat(CanonicalJson.number(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(CanonicalJson.number(0.000001)).isEqualTo("0.000001");
    assertThat(CanonicalJson.number(-0.0)).isEqualTo("0");
    assertThat(CanonicalJson.number(-2.5)).isEqualTo("-2.5");
    assertThat(CanonicalJson.number(5e-324)).isEqualTo("5e-324");
    assertThat(CanonicalJson.number(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
    assertThat(CanonicalJson.number(Math.pow(2, 60))).isEqualTo("1152921504606847000");
    assertThat(CanonicalJson.number(new BigDecimal("0.80"))).isEqualTo("0.8");
    assertThat(CanonicalJson.number(Long.MAX_VALUE)).isEqualTo("9223372036854776000");
  }

  /**
   * 9,000 doubles (chosen values, random bit patterns and random magnitudes) with the string
   * Node.js gives for each ({@code String(x)}); generated once by {@code ecmascript-numbers.js} and
   * frozen.
   */
  @Test
  void numbersMatchNodeJsForNineThousandDoubles() throws Exception {
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/bead/ecmascript-numbers.txt"),
                StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String[] parts = line.split(" ");
        double x = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
        String actual = CanonicalJson.number(x);
        if (!actual.equals(parts[1])) {
          mismatches.add(parts[0] + ": expected " + parts[1] + " got " + actual);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(9000);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void nonFiniteNumbersHaveNoJson() {
    assertThatThrownBy(() -> CanonicalJson.number(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.number(Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stringsEscapeOnlyQuoteBackslashAndControlCharacters() {
    assertThat(CanonicalJson.of("q\"b\\s/\b\f\n\r\t\u0000\u001f\u007f\u2028é€\uD83D\uDE00"))
        .isEqualTo("\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028é€\uD83D\uDE00\"");
  }

  @Test
  void nonAsciiIsWrittenRawAndHashedAsUtf8() {
    String id = BeadId.compute("trust", Map.of("name", "Zoë"), List.of()).value();
    assertThat(BeadId.hashInput("trust", CanonicalJson.of(Map.of("name", "Zoë")), List.of()))
        .isEqualTo("trust{\"name\":\"Zoë\"}");
    assertThat(id).isEqualTo(BeadId.hash("trust{\"name\":\"Zoë\"}"));
  }

  @Test
  void jsonParsedTextGivesTheSameIdAsJavaValues() {
    JsonObject parsed =
        Json.createReader(
                new StringReader(
                    "{ \"b\" : [1.0, 2e0, {\"y\":1,\"x\":0.50}], \"a\" : \"\\u00e9\" }"))
            .readObject();
    assertThat(CanonicalJson.of(toJava(parsed)))
        .isEqualTo("{\"a\":\"é\",\"b\":[1,2,{\"x\":0.5,\"y\":1}]}");
  }

  @Property(tries = 300)
  void insertionOrderNeverChangesTheCanonicalForm(@ForAll("objects") Map<String, Object> object) {
    List<Map.Entry<String, Object>> entries = new ArrayList<>(object.entrySet());
    Collections.reverse(entries);
    Map<String, Object> reversed = new LinkedHashMap<>();
    entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
    assertThat(CanonicalJson.of(reversed)).isEqualTo(CanonicalJson.of(object));
  }

  @Property(tries = 300)
  void theCanonicalFormIsValidJsonThatReadsBackToTheSameCanonicalForm(
      @ForAll("objects") Map<String, Object> object) {
    String canonical = CanonicalJson.of(object);
    JsonObject reparsed = Json.createReader(new StringReader(canonical)).readObject();
    assertThat(CanonicalJson.of(toJava(reparsed))).isEqualTo(canonical);
  }

  @Property(tries = 2000)
  void everyFiniteDoubleRoundTrips(@ForAll double x) {
    if (Double.isFinite(x)) {
      assertThat(Double.parseDouble(CanonicalJson.number(x))).isEqualTo(x == 0 ? 0.0 : x);
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> objects() {
    Arbitrary<Object> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
            Arbitraries.doubles().between(-1e12, 1e12).map(d -> (Object) d),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.of(true, false).map(b -> (Object) b));
    Arbitrary<Object> nested =
        Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(6), scalars)
            .ofMaxSize(4)
            .map(m -> (Object) m);
    Arbitrary<Object> lists = scalars.list().ofMaxSize(4).map(l -> (Object) l);
    return Arbitraries.maps(
            Arbitraries.strings().ofMinLength(1).ofMaxLength(8),
            Arbitraries.oneOf(scalars, nested, lists))
        .ofMaxSize(8);
  }

  static Object toJava(JsonValue v) {
    return switch (v.getValueType()) {
      case NULL -> null;
      case TRUE -> true;
      case FALSE -> false;
      case STRING -> ((JsonString) v).getString();
      case NUMBER -> ((JsonNumber) v).bigDecimalValue();
      case ARRAY -> ((JsonArray) v).stream().map(CanonicalJsonTest::toJava).toList();
      case OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        v.asJsonObject().forEach((k, x) -> m.put(k, toJava(x)));
        yield m;
      }
    };
  }
}
