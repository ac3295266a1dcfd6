package ai.koales.ksp.domain.commissioning;

/** A commissioning session's status (coordination.md §3.4), by its wire name. */
public enum CommissioningStatus {
  QUEUED("queued"),
  COMMISSIONING("commissioning"),
  SUSPENDED_APPROVAL("suspended-approval"),
  IDLE("idle"),
  FAILED("failed"),
  REJECTED("rejected");

  private final String wireName;

  CommissioningStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The poll phase: queued/commissioning -> commissioning; suspended stays; the rest -> idle. */
  public String phase() {
    return switch (this) {
      case QUEUED, COMMISSIONING -> "commissioning";
      case SUSPENDED_APPROVAL -> "suspended-approval";
      case IDLE, FAILED, REJECTED -> "idle";
    };
  }

  public boolean isFinal() {
    return this == IDLE || this == FAILED || this == REJECTED;
  }

  public static CommissioningStatus fromWireName(String s) {
    for (CommissioningStatus v : values()) {
      if (v.wireName.equals(s)) {
        return v;
      }
    }
    throw new IllegalArgumentException("Unknown commissioning status " + s);
  }
}
