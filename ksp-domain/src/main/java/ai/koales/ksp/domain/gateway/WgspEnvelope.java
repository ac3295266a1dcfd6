package ai.koales.ksp.domain.gateway;

import java.util.Arrays;

/**
 * The envelope of a SubmitSession (edges.md §1.1 WGSPEnvelopeProto): its schema version, who acts
 * and for which business capability objective, the WGSP OutboundEnvelope as canonical JSON bytes
 * ({@code work_graph}) and the HMAC-SHA256 over it ({@code signature}). Byte arrays are copied in
 * and out; equality is by content.
 */
public record WgspEnvelope(
    String schemaVersion, String actorType, String purposeId, byte[] workGraph, byte[] signature) {

  /** The only envelope schema version this gateway speaks (I-EXT-01). */
  public static final String SCHEMA_VERSION = "1.0.0";

  /** Purpose ids name a business capability objective. */
  public static final String PURPOSE_PREFIX = "BCO-";

  public WgspEnvelope {
    workGraph = workGraph == null ? new byte[0] : workGraph.clone();
    signature = signature == null ? new byte[0] : signature.clone();
  }

  /**
   * I-EXT-01, in the order of edges.md §2.1 step 2; the first broken rule is refused naming the
   * field and the value received.
   */
  public WgspEnvelope validate() {
    if (!SCHEMA_VERSION.equals(schemaVersion)) {
      throw InvalidGatewayRequestException.field(
          "envelope.envelope_schema_version", "must be \"" + SCHEMA_VERSION + "\"", schemaVersion);
    }
    if (actorType == null || actorType.trim().isEmpty()) {
      throw InvalidGatewayRequestException.field(
          "envelope.actor_type", "must not be blank", actorType);
    }
    // Case-sensitive: "bco-7" is not a purpose id.
    if (purposeId == null || !purposeId.startsWith(PURPOSE_PREFIX)) {
      throw InvalidGatewayRequestException.field(
          "envelope.purpose_id", "must start with \"" + PURPOSE_PREFIX + "\"", purposeId);
    }
    return this;
  }

  @Override
  public byte[] workGraph() {
    return workGraph.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WgspEnvelope e
        && java.util.Objects.equals(schemaVersion, e.schemaVersion)
        && java.util.Objects.equals(actorType, e.actorType)
        && java.util.Objects.equals(purposeId, e.purposeId)
        && Arrays.equals(workGraph, e.workGraph)
        && Arrays.equals(signature, e.signature);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(schemaVersion, actorType, purposeId)
        + 31 * Arrays.hashCode(workGraph)
        + 961 * Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "WgspEnvelope[schemaVersion="
        + schemaVersion
        + ", actorType="
        + actorType
        + ", purposeId="
        + purposeId
        + ", workGraph="
        + workGraph.length
        + " bytes, signature="
        + signature.length
        + " bytes]";
  }
}
