package ai.koales.ksp.persistence.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one {@link Clock} every service injects, so that time is a dependency (tests of the domain
 * pass fixed clocks; the server uses UTC system time).
 */
@ApplicationScoped
public class Clocks {

  @Produces
  @ApplicationScoped
  Clock systemClock() {
    return Clock.systemUTC();
  }
}
