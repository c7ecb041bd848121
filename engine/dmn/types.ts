/**
 * DMN 1.3 as the engine evaluates it. Shapes follow Zeebe's EvaluateDecisionResponse, so the
 * gateway maps them one to one.
 */
export interface EvaluatedInput {
  inputId: string;
  inputName: string;
  /** JSON text of the value, as Zeebe reports it. */
  inputValue: string;
}

export interface EvaluatedOutput {
  outputId: string;
  outputName: string;
  /** JSON text of the value. */
  outputValue: string;
}

export interface MatchedRule {
  ruleId: string;
  /** 1-based, as in Zeebe. */
  ruleIndex: number;
  evaluatedOutputs: EvaluatedOutput[];
}

export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  /** DECISION_TABLE or LITERAL_EXPRESSION. */
  decisionType: string;
  /** JSON text of the decision's result. */
  decisionOutput: string;
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
}

export interface DecisionEvaluation {
  /** JSON text of the evaluated (top) decision's output. */
  decisionOutput: string;
  /** The required decisions first, the evaluated decision last. */
  evaluatedDecisions: EvaluatedDecision[];
  /** Set when evaluation failed: the decision that failed and why. */
  failedDecisionId?: string;
  failureMessage?: string;
}

export interface DecisionModel {
  id: string;
  name: string;
  /** Ids of decisions this one requires (informationRequirement/requiredDecision). */
  requiredDecisions: string[];
}

/** A parsed DMN file: one decision requirements graph (the `definitions`). */
export interface DmnResource {
  decisionRequirementsId: string;
  decisionRequirementsName: string;
  namespace: string;
  decisions: DecisionModel[];
}
