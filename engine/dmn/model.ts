/**
 * The engine's executable form of a DMN decision requirements graph: what parse.ts accepts and
 * evaluate.ts runs. Expressions are FEEL source text, checked for syntax at deployment.
 */
import type { ImportedModel } from './imports';
import type { DmnType } from './item-types';

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

/**
 * A boxed expression (DMN 1.3 chapter 10) other than a decision table or a literal expression at
 * the top of a decision; nested expressions may be any of them.
 */
export type BoxedExpression =
  | { kind: 'LITERAL'; source: string }
  | { kind: 'TABLE'; table: DecisionTableLogic }
  /** Entries without a name are the context's final result. */
  | { kind: 'CONTEXT'; entries: { name?: string; value: BoxedExpression }[] }
  | { kind: 'LIST'; items: BoxedExpression[] }
  | { kind: 'RELATION'; columns: string[]; rows: BoxedExpression[][] }
  /** `types`: each parameter's typeRef, checked on invocation. */
  | { kind: 'FUNCTION'; parameters: string[]; types: (DmnType | undefined)[]; body: BoxedExpression }
  /** `callee` is FEEL evaluating to the function, e.g. the business knowledge model's name. */
  | { kind: 'INVOCATION'; callee: string; bindings: { name: string; value: BoxedExpression | null }[] }
  /** DMN 1.4 boxed expressions. */
  | { kind: 'CONDITIONAL'; condition: BoxedExpression; then: BoxedExpression; else: BoxedExpression }
  | { kind: 'FILTER'; list: BoxedExpression; match: BoxedExpression }
  | { kind: 'FOR' | 'SOME' | 'EVERY'; variable: string; list: BoxedExpression; body: BoxedExpression }
  /** Compiled, but fails when evaluated (e.g. the body of a Java function). */
  | { kind: 'UNSUPPORTED'; message: string };

export interface BoxedLogic {
  kind: 'CONTEXT' | 'LIST' | 'RELATION' | 'INVOCATION' | 'FUNCTION_DEFINITION' | 'CONDITIONAL' | 'FILTER' | 'ITERATOR';
  expression: BoxedExpression;
}

export interface Decision {
  id: string;
  name: string;
  /** Variable its result is known by in dependent decisions: the variable name, else the id. */
  resultName: string;
  /** typeRef of the decision's variable, checked against the result. */
  resultType?: DmnType;
  requiredDecisions: string[];
  /** Ids of the business knowledge models the decision invokes (knowledgeRequirement). */
  requiredKnowledge: string[];
  logic: DecisionTableLogic | LiteralExpressionLogic | BoxedLogic | MissingLogic;
}

/** A decision without logic, accepted only for evaluation without deployment: fails when evaluated. */
export interface MissingLogic {
  kind: 'MISSING';
}

/** A business knowledge model: a function known by its variable name to the decisions requiring it. */
export interface KnowledgeModel {
  id: string;
  name: string;
  requiredKnowledge: string[];
  parameters: string[];
  types: (DmnType | undefined)[];
  body: BoxedExpression;
}

/** An input of a decision service: an input data (a variable) or an input decision (its result). */
export interface ServiceParameter {
  /** The variable name the decisions see it by. */
  name: string;
  /** Set for an input decision: the decision whose result it stands for. */
  decisionId?: string;
  typeRef?: DmnType;
}

/**
 * A decision service (DMN 1.3 §6.3.11): a function of its input data and input decisions (in that
 * order) giving its output decisions' results, one value for one output, else a context by name.
 */
export interface DecisionService {
  id: string;
  /** Its variable name: the function's name for the decisions requiring it. */
  name: string;
  parameters: ServiceParameter[];
  outputDecisions: string[];
  resultType?: DmnType;
}

export interface DmnModel {
  decisionRequirementsId: string;
  namespace: string;
  /** Imported DMN models by namespace; requirements into them are `namespace#id`. */
  imports: Map<string, ImportedModel>;
  /** Names of the decisions, knowledge models, decision services and input data, for importers' FEEL. */
  exportedNames: string[];
  decisions: Map<string, Decision>;
  knowledgeModels: Map<string, KnowledgeModel>;
  decisionServices: Map<string, DecisionService>;
}
