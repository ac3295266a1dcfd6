package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of a live buffer; deleted with its buffer at expiry. */
@Entity
@Table(name = "buffered_event")
@IdClass(EventKey.class)
public class BufferedEventRow extends EventColumns {

  protected BufferedEventRow() {}

  BufferedEventRow(BufferedEvent e, String payloadJson) {
    super(e, payloadJson);
  }
}
