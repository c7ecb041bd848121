/**
 * The engine's executable form of a DMN decision requirements graph: what parse.ts accepts and
 * evaluate.ts runs. Expressions are FEEL source text, checked for syntax at deployment.
 */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface TableInput {
  id: string;
  /** Zeebe's inputName: the label, else the expression text (truncated to 30 characters). */
  name: string;
  expression: string;
}

export interface TableOutput {
  id: string;
  /** Key of the output in a multi-output result. */
  name: string;
  /** Zeebe's outputName: the label, else the name. */
  displayName: string;
  /** Output values list, unquoted; orders results for PRIORITY and OUTPUT ORDER. */
  priorities: string[];
  /** FEEL of the default output entry, used when no rule matches. */
  defaultEntry?: string;
}

export interface TableRule {
  id: string;
  /** Unary tests per input; '' matches everything. */
  inputEntries: string[];
  /** FEEL expressions per output; '' yields null. */
  outputEntries: string[];
}

export interface DecisionTableLogic {
  kind: 'DECISION_TABLE';
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: TableInput[];
  outputs: TableOutput[];
  rules: TableRule[];
}

export interface LiteralExpressionLogic {
  kind: 'LITERAL_EXPRESSION';
  expression: string;
}

export interface Decision {
  id: string;
  name: string;
  /** Variable its result is known by in dependent decisions: the variable name, else the id. */
  resultName: string;
  requiredDecisions: string[];
  logic: DecisionTableLogic | LiteralExpressionLogic;
}

export interface DmnModel {
  decisionRequirementsId: string;
  decisions: Map<string, Decision>;
}
