package ai.koales.ksp.web.platform;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem code a resource method (or class) answers with when its request fails Bean
 * Validation, e.g. {@code bead-validation} or {@code invalid-signal}; {@code invalid-request} when
 * absent. The public contract names a code per endpoint, so the mapper looks it up here.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidationProblem {
  String value();
}
