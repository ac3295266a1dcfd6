package ai.koales.ksp.domain.artifact;

import ai.koales.ksp.domain.shared.Ids;
import java.util.Set;

/**
 * The relations of core.md §1.3 by their stored names. A relation name obeys the path-id rule
 * ({@code [A-Za-z0-9_.:-]{1,200}}) so that every edge is addressable as {@code
 * /edges/{source}/{rel}/{target}}.
 */
public final class Relations {

  /** Successor → predecessor (Specification versions). */
  public static final String VERSION_OF = "version_of";

  public static final String COMPOSED_OF = "composed_of";
  public static final String FORMALIZES = "formalizes";

  /** Specification → Execution. */
  public static final String GOVERNS = "governs";

  public static final String GOVERNED_BY = "governed_by";

  /** Execution → ExecutionTrace. */
  public static final String PRODUCES = "produces";

  /** ExecutionTrace → Divergence. */
  public static final String EVIDENCES = "evidences";

  /** ExecutionTrace → Specification. */
  public static final String DIVERGES_FROM = "diverges_from";

  /** Divergence → Claim. */
  public static final String CONCERNS = "concerns";

  /** Divergence → Hypothesis. */
  public static final String EVIDENCE_FOR = "evidence_for";

  public static final String EXPLAINS = "explains";

  /** Hypothesis → Amendment. */
  public static final String MOTIVATES = "motivates";

  /** Amendment → the new Specification. */
  public static final String IF_ADOPTED_PRODUCES = "if_adopted_produces";

  /** Amendment → the Specification it modifies. */
  public static final String PROPOSES_MODIFICATION_OF = "proposes_modification_of";

  /** Amendment → VerificationProcess. */
  public static final String SUBJECT_TO = "subject_to";

  /** VerificationProcess → Verdict. */
  public static final String PRODUCES_VERDICT = "produces_verdict";

  public static final String BORNE_BY = "borne_by";

  /** ElucidationArtifact → DispositionEvent. */
  public static final String PRODUCED_AT = "produced_at";

  public static final String RECORDS_CANDIDATE_SET = "records_candidate_set";
  public static final String RECORDS_SELECTED_OPTION = "records_selected_option";
  public static final String INFORMS = "informs";
  public static final String CREATED_BY = "created_by";

  /** A correction of an append-only node (INV-AG-001). */
  public static final String CORRECTS = "corrects";

  public static final String SOURCE_REF = "source_ref";
  public static final String COMPILES_TO = "compiles_to";
  public static final String INSTANTIATES = "instantiates";
  public static final String ADDRESSES = "addresses";
  public static final String DERIVED_FROM = "derived_from";
  public static final String DISPATCHED_AS = "dispatched_as";
  public static final String PRODUCED_TRACE = "produced_trace";
  public static final String GATE_RESULT = "gate_result";

  public static final Set<String> CORE =
      Set.of(
          VERSION_OF,
          COMPOSED_OF,
          FORMALIZES,
          GOVERNS,
          GOVERNED_BY,
          PRODUCES,
          EVIDENCES,
          DIVERGES_FROM,
          CONCERNS,
          EVIDENCE_FOR,
          EXPLAINS,
          MOTIVATES,
          IF_ADOPTED_PRODUCES,
          PROPOSES_MODIFICATION_OF,
          SUBJECT_TO,
          PRODUCES_VERDICT,
          BORNE_BY,
          PRODUCED_AT,
          RECORDS_CANDIDATE_SET,
          RECORDS_SELECTED_OPTION,
          INFORMS,
          CREATED_BY,
          CORRECTS);

  public static final Set<String> FACTORY =
      NodeTypes.union(
          CORE,
          Set.of(
              SOURCE_REF,
              COMPILES_TO,
              INSTANTIATES,
              ADDRESSES,
              DERIVED_FROM,
              DISPATCHED_AS,
              PRODUCED_TRACE,
              GATE_RESULT));

  private Relations() {}

  public static boolean isValid(String rel) {
    return Ids.isValidId(rel);
  }
}
