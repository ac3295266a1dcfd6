package ai.koales.ksp.web.artifact;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a graph write whose body {@link BodyLimitFilter} checks before it is read: data or props of
 * at most {@code ksp.artifact.max-data-bytes}, plus {@link #ENVELOPE_BYTES} for the rest.
 */
@NameBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface LimitedBody {

  /** Room for what surrounds the data in a request: ids, type, relation, JSON punctuation. */
  long ENVELOPE_BYTES = 16 * 1024;
}
