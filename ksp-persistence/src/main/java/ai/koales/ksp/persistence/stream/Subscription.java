package ai.koales.ksp.persistence.stream;

/** A live subscription; cancel it when the client goes away. */
public interface Subscription {

  void cancel();

  /** The sink can take events again ({@link EventSink#ready}): go on delivering. */
  default void resume() {}
}
