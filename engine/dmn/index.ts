/**
 * DMN decisions (DMN 1.1 to 1.5 read as 1.3: decision tables, literal expressions, boxed expressions,
 * business knowledge models) with Zeebe's evaluation semantics.
 */
export { parseDmn, type ParsedDmn, type ParseOptions } from './parse';
export { importOrder, definitionsNamespace, importNamespaces } from './imports';
export {
  evaluateDecision,
  evaluateDecisionOrThrow,
  evaluateDecisionValue,
  evaluateDecisionServiceValue,
  decisionIdByName,
  decisionServiceIdByName,
} from './evaluate';
export type {
  DmnModel,
  Decision,
  DecisionTableLogic,
  LiteralExpressionLogic,
  BoxedLogic,
  BoxedExpression,
  KnowledgeModel,
  HitPolicy,
  Aggregation,
} from './model';
export type * from './types';
