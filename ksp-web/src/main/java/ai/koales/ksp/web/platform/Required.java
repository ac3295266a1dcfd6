package ai.koales.ksp.web.platform;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotBlank;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A required, non-blank text member of a request record. Use it instead of {@link NotBlank} on
 * record components: Payara's OpenAPI processor takes {@code @NotBlank}, {@code @NotEmpty},
 * {@code @Size}, {@code @Min}/{@code @Max}, {@code @DecimalMin}/{@code @DecimalMax} and the
 * {@code @Positive}/{@code @Negative} family on a record's (implicit) constructor parameters for
 * path parameters and fails the whole {@code /openapi} document with a NullPointerException. A
 * composed constraint validates the same and is not mistaken.
 */
@NotBlank
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
public @interface Required {
  String message() default "must not be blank";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
