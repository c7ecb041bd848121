/** DMN 1.3 decisions (decision tables, literal expressions) with Zeebe's evaluation semantics. */
export { parseDmn, type ParsedDmn } from './parse';
export { evaluateDecision, evaluateDecisionOrThrow } from './evaluate';
export type { DmnModel, Decision, DecisionTableLogic, LiteralExpressionLogic, HitPolicy, Aggregation } from './model';
export type * from './types';
