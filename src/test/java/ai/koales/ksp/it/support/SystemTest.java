package ai.koales.ksp.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A system test: runs against the one Payara Micro of this test run (started on first use, stopped
 * after the last test). Test methods receive a {@link Ksp} client as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KspServer.class)
@Tag("system")
public @interface SystemTest {}
