package ai.koales.ksp.web.platform;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * At most {@link #value()} elements (or characters) in a member of a request record: {@link Size}
 * under a name Payara's OpenAPI processor does not misread (see {@link Required}).
 */
@Size
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Documented
@Target({
  ElementType.FIELD,
  ElementType.METHOD,
  ElementType.PARAMETER,
  ElementType.RECORD_COMPONENT,
  ElementType.TYPE_USE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface MaxSize {
  @OverridesAttribute(constraint = Size.class, name = "max")
  int value();

  String message() default "size must be at most {value}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
