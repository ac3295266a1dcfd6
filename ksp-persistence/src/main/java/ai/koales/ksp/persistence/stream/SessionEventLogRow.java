package ai.koales.ksp.persistence.stream;

import ai.koales.ksp.domain.stream.BufferedEvent;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of the permanent session event log (edges.md §8 Q8): never updated, never deleted. */
@Entity
@Table(name = "session_event_log")
@IdClass(EventKey.class)
public class SessionEventLogRow extends EventColumns {

  @Column(name = "org_id", length = 200)
  private String orgId;

  protected SessionEventLogRow() {}

  SessionEventLogRow(BufferedEvent e, String payloadJson, String orgId) {
    super(e, payloadJson);
    this.orgId = orgId;
  }

  public String orgId() {
    return orgId;
  }
}
