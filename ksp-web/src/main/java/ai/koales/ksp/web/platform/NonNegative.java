package ai.koales.ksp.web.platform;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.PositiveOrZero;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Zero or more; {@link PositiveOrZero} for record components (see {@link Required} for why). */
@PositiveOrZero
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
public @interface NonNegative {
  String message() default "must not be negative";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
