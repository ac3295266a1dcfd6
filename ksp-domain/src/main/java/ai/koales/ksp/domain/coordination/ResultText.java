package ai.koales.ksp.domain.coordination;

import ai.koales.ksp.domain.bead.CanonicalJson;

/** A bead's result as text: a string as it is, anything else as its canonical JSON. */
final class ResultText {

  private ResultText() {}

  static String of(Object result) {
    if (result == null) {
      return "";
    }
    if (result instanceof String s) {
      return s;
    }
    try {
      return CanonicalJson.of(result);
    } catch (RuntimeException notJsonLike) {
      return String.valueOf(result);
    }
  }
}
