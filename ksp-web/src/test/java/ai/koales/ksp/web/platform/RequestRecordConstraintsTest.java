package ai.koales.ksp.web.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the {@code /openapi} document: Payara's OpenAPI processor fails the whole document when a
 * record component carries one of these constraints (it takes the record's constructor parameter
 * for a path parameter), and whether it walks a given record depends on the rest of the
 * application. Use {@link Required}, {@link NonNegative} or {@link Fraction} instead.
 */
class RequestRecordConstraintsTest {

  static final Set<String> INTERCEPTED =
      Set.of(
          "NotBlank",
          "NotEmpty",
          "Size",
          "Min",
          "Max",
          "DecimalMin",
          "DecimalMax",
          "Positive",
          "PositiveOrZero",
          "Negative",
          "NegativeOrZero");

  @Test
  void noWebRecordComponentCarriesAConstraintPayaraMisreads() throws Exception {
    Path classes = Path.of("target/classes");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name =
            classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> c = Class.forName(name, false, getClass().getClassLoader());
        if (!c.isRecord()) {
          continue;
        }
        // What Payara reads: the canonical constructor's parameters (where a component's
        // constraint lands unless the constructor is declared) and the components' fields.
        RecordComponent[] components = c.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
        }
        Annotation[][] parameters = c.getDeclaredConstructor(types).getParameterAnnotations();
        for (int i = 0; i < components.length; i++) {
          List<Annotation> found = new ArrayList<>(List.of(parameters[i]));
          found.addAll(List.of(c.getDeclaredField(components[i].getName()).getAnnotations()));
          for (Annotation a : found) {
            if (a.annotationType().getName().startsWith("jakarta.validation.constraints.")
                && INTERCEPTED.contains(a.annotationType().getSimpleName())) {
              offenders.add(
                  c.getName()
                      + "."
                      + components[i].getName()
                      + " @"
                      + a.annotationType().getSimpleName());
            }
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
