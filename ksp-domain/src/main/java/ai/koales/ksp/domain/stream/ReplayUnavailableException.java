package ai.koales.ksp.domain.stream;

import ai.koales.ksp.domain.shared.FailureKind;
import ai.koales.ksp.domain.shared.KspException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live buffer of a session that has not ended is gone (expired), so the range after the
 * client's cursor cannot be replayed from it (edges.md §1.5 ReplayUnavailable, §4.5). The client
 * resumes through the gateway's ResumeStream, which serves the durable log.
 */
public class ReplayUnavailableException extends KspException {

  private static final long serialVersionUID = 1L;

  public static final String CODE = "REPLAY_UNAVAILABLE";
  public static final String GRPC_METHOD = "weops.factory.v1.FactoryGateway/ResumeStream";

  private final long fromSeq;

  public ReplayUnavailableException(String streamId, long fromSeq) {
    super(
        "replay-unavailable",
        FailureKind.GONE,
        "The replay window of stream '"
            + streamId
            + "' has expired; events after seq "
            + fromSeq
            + " are no longer buffered.");
    this.fromSeq = fromSeq;
  }

  public long fromSeq() {
    return fromSeq;
  }

  public String guidance() {
    return "Call "
        + GRPC_METHOD
        + " with from_sequence="
        + fromSeq
        + " to resume from the durable session log.";
  }

  @Override
  public Map<String, Object> extensions() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", CODE);
    m.put("fromSeq", fromSeq);
    m.put("guidance", guidance());
    m.put("grpcMethod", GRPC_METHOD);
    return m;
  }
}
