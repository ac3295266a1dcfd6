package ai.koales.ksp.domain.artifact;

import java.util.Set;
import java.util.regex.Pattern;

/** The node types of core.md §1.3, by their stored names, and the rule every type string obeys. */
public final class NodeTypes {

  public static final String SPECIFICATION = "Specification";
  public static final String CLAIM = "Claim";
  public static final String EXECUTION = "Execution";
  public static final String EXECUTION_TRACE = "ExecutionTrace";
  public static final String VERIFICATION_PROCESS = "VerificationProcess";
  public static final String VERDICT = "Verdict";
  public static final String DIVERGENCE = "Divergence";
  public static final String HYPOTHESIS = "Hypothesis";
  public static final String AMENDMENT = "Amendment";
  public static final String AGENT = "Agent";
  public static final String KNOWING_STATE = "KnowingState";
  public static final String DISPOSITION_EVENT = "DispositionEvent";
  public static final String CANDIDATE_SET = "CandidateSet";
  public static final String ELUCIDATION_ARTIFACT = "ElucidationArtifact";

  public static final String SIGNAL = "Signal";
  public static final String PRESSURE = "Pressure";
  public static final String CAPABILITY = "Capability";
  public static final String FUNCTION_PROPOSAL = "FunctionProposal";
  public static final String PRD = "PRD";

  /** The PRD as commissioning writes it (api.md "Commissioning and mediation"). */
  public static final String INTENT_SPECIFICATION = "IntentSpecification";

  public static final String WORK_GRAPH = "WorkGraph";
  public static final String INVARIANT = "Invariant";
  public static final String COVERAGE_REPORT = "CoverageReport";
  public static final String ATOM_DIRECTIVE = "AtomDirective";
  public static final String TRACE_FRAGMENT = "TraceFragment";
  public static final String REJECTION_RECORD = "RejectionRecord";
  public static final String CONSOLIDATION_REPORT = "ConsolidationReport";
  public static final String VERDICT_CLOSURE_RECORD = "VerdictClosureRecord";
  public static final String ISSUE_BINDING_EVENT = "IssueBindingEvent";

  public static final Set<String> CORE =
      Set.of(
          SPECIFICATION,
          CLAIM,
          EXECUTION,
          EXECUTION_TRACE,
          VERIFICATION_PROCESS,
          VERDICT,
          DIVERGENCE,
          HYPOTHESIS,
          AMENDMENT,
          AGENT,
          KNOWING_STATE,
          DISPOSITION_EVENT,
          CANDIDATE_SET,
          ELUCIDATION_ARTIFACT);

  public static final Set<String> FACTORY =
      union(
          CORE,
          Set.of(
              SIGNAL,
              PRESSURE,
              CAPABILITY,
              FUNCTION_PROPOSAL,
              PRD,
              INTENT_SPECIFICATION,
              WORK_GRAPH,
              INVARIANT,
              COVERAGE_REPORT,
              ATOM_DIRECTIVE,
              TRACE_FRAGMENT,
              REJECTION_RECORD,
              CONSOLIDATION_REPORT,
              VERDICT_CLOSURE_RECORD,
              ISSUE_BINDING_EVENT));

  /** Longest type name stored. */
  public static final int MAX_LENGTH = 200;

  /** Types are free strings (core.md §1.3), but printable and on one line. */
  private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");

  private NodeTypes() {}

  /** True when {@code type} may be stored: non-blank, printable, at most 200 characters. */
  public static boolean isValid(String type) {
    return type != null
        && !type.isBlank()
        && type.length() <= MAX_LENGTH
        && PRINTABLE.matcher(type).matches();
  }

  static Set<String> union(Set<String> a, Set<String> b) {
    java.util.HashSet<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
