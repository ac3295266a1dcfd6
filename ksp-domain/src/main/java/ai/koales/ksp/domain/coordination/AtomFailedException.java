package ai.koales.ksp.domain.coordination;

/** A runner's own failure of an atom (a model error, a {@code [[fail]]} marker...). */
public class AtomFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  public AtomFailedException(String message) {
    super(message);
  }

  public AtomFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
