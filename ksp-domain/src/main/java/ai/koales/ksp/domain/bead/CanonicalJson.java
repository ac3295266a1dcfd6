package ai.koales.ksp.domain.bead;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical JSON of bead content (core.md §1.2, with the FIX): object keys sorted by UTF-16
 * code units at every depth, arrays in order, no whitespace, numbers as ECMAScript's {@code
 * Number.prototype.toString} writes them, strings escaping only {@code "}, {@code \} and U+0000 to
 * U+001F ({@code \b \f \n \r \t}, else {@code &#92;u00xx} in lower case), every other character
 * raw.
 *
 * <p>This function is frozen: bead ids are hashes of its output, so any change to it orphans every
 * stored bead. Its rules coincide with RFC 8785 (JCS) for the values beads carry, so the envelope
 * signatures of the gateway use it too.
 *
 * <p>Accepted values: {@code null}, {@link Boolean}, {@link String}, any {@link Number} (read as an
 * IEEE 754 double, as JavaScript does), {@link Map} with string keys, and {@link Collection}s.
 */
public final class CanonicalJson {

  private CanonicalJson() {}

  /** The canonical text of {@code value} (recursive key sort: the FIX of core.md §1.2). */
  public static String of(Object value) {
    StringBuilder sb = new StringBuilder(128);
    write(sb, value, null);
    return sb.toString();
  }

  /**
   * The original's canonical form, for importing beads written by the TypeScript implementation
   * only: {@code JSON.stringify(content, sortedTopLevelKeys)}, where the sorted top-level key list
   * is an allow-list at every depth ({@code rules:{max_spend:100}} becomes {@code rules:{}}).
   */
  public static String legacyOf(Map<String, ?> content) {
    List<String> allowed = new ArrayList<>(content.keySet());
    allowed.sort(null);
    StringBuilder sb = new StringBuilder(128);
    write(sb, content, allowed);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value, List<String> legacyKeys) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      string(sb, s);
    } else if (value instanceof Boolean b) {
      sb.append(b ? "true" : "false");
    } else if (value instanceof Number n) {
      sb.append(number(n));
    } else if (value instanceof Map<?, ?> m) {
      object(sb, m, legacyKeys);
    } else if (value instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object item : c) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        write(sb, item, legacyKeys);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException(
          "Not a JSON value: " + value.getClass().getName() + " (" + value + ")");
    }
  }

  private static void object(StringBuilder sb, Map<?, ?> m, List<String> legacyKeys) {
    sb.append('{');
    boolean first = true;
    if (legacyKeys == null) {
      // String.compareTo orders by UTF-16 code units, exactly as JavaScript's default sort.
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("Object keys must be strings: " + e.getKey());
        }
        sorted.put(k, e.getValue());
      }
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, e.getKey());
        sb.append(':');
        write(sb, e.getValue(), null);
      }
    } else {
      Set<?> present = m.keySet();
      for (String k : legacyKeys) {
        if (!present.contains(k)) {
          continue;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        string(sb, k);
        sb.append(':');
        write(sb, m.get(k), legacyKeys);
      }
    }
    sb.append('}');
  }

  /** A JSON string literal with the minimal escapes of ECMAScript's JSON.stringify. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xF, 16));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** ECMAScript {@code Number.prototype.toString()} of {@code n} read as a double. */
  public static String number(Number n) {
    double x = n instanceof BigDecimal bd ? bd.doubleValue() : n.doubleValue();
    return number(x);
  }

  private static final double TWO_POW_53 = 9007199254740992.0;

  /** ECMAScript Number::toString(x) (ECMA-262 §6.1.6.1.20) with the shortest round-trip digits. */
  public static String number(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      throw new IllegalArgumentException("JSON has no representation for " + x);
    }
    if (x == 0) {
      return "0"; // also -0
    }
    if (x < 0) {
      return "-" + number(-x);
    }
    if (x < TWO_POW_53 && x == Math.rint(x)) {
      return Long.toString((long) x); // exact integer: the common case, and what step 3 yields
    }
    BigDecimal digits = shortest(x);
    String s = digits.unscaledValue().toString();
    int k = s.length();
    int n = k - digits.scale();
    StringBuilder sb = new StringBuilder(24);
    if (k <= n && n <= 21) {
      sb.append(s).append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      sb.append(s, 0, n).append('.').append(s, n, k);
    } else if (-6 < n && n <= 0) {
      sb.append("0.").append("0".repeat(-n)).append(s);
    } else {
      int e = n - 1;
      sb.append(s.charAt(0));
      if (k > 1) {
        sb.append('.').append(s, 1, k);
      }
      sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return sb.toString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code x}; of two such
   * candidates, the one closer to {@code x}, and of two equally close, the one ending in an even
   * digit (ECMA-262 Number::toString). Trailing zeros stripped.
   */
  static BigDecimal shortest(double x) {
    BigDecimal exact = new BigDecimal(x);
    for (int p = 1; p <= 17; p++) {
      BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean downOk = down.doubleValue() == x;
      boolean upOk = up.doubleValue() == x;
      if (downOk && upOk) {
        int cmp = exact.subtract(down).compareTo(up.subtract(exact));
        if (cmp == 0) {
          // ECMA-262: of two equally close candidates, the one whose last digit is even.
          return (down.unscaledValue().testBit(0) ? up : down).stripTrailingZeros();
        }
        return (cmp < 0 ? down : up).stripTrailingZeros();
      }
      if (downOk) {
        return down.stripTrailingZeros();
      }
      if (upOk) {
        return up.stripTrailingZeros();
      }
    }
    return exact.round(MathContext.DECIMAL64).stripTrailingZeros();
  }
}
