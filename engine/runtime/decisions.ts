/**
 * Business rule tasks with zeebe:calledDecision evaluate the latest version of a decision.
 */
import type { EvaluateDecisionRequest, DecisionEvaluationResult } from '../api';
import { evaluateDecision } from '../dmn';
import { NotFoundError } from '../errors';
import type { FlowNode } from '../model/types';
import type { DecisionRecord, ElementInstanceRecord } from '../state/records';
import { DEFAULT_TENANT } from '../state/records';
import { evalString } from './expressions';
import { raiseIncident } from './incidents';
import { completeElement, deliverResult } from './lifecycle';
import type { Runtime } from './runtime';
import { visibleVariables } from './variables';

export function latestDecision(rt: Runtime, decisionId: string, tenantId: string): DecisionRecord | undefined {
  let latest: DecisionRecord | undefined;
  for (const key of rt.idx.decisionsById.get(`${tenantId}|${decisionId}`)) {
    const d = rt.store.get('decision', key)!;
    if (!latest || d.version > latest.version) latest = d;
  }
  return latest;
}

export function evaluateCalledDecision(rt: Runtime, ei: ElementInstanceRecord, node: FlowNode): void {
  const called = node.calledDecision!;
  const decisionId = evalString(rt, ei.key, called.decisionId, 'decision id');
  const decision = latestDecision(rt, decisionId, ei.tenantId);
  if (!decision) {
    raiseIncident(
      rt,
      ei,
      'CALLED_DECISION_ERROR',
      `Expected to evaluate decision '${decisionId}', but no decision found for id '${decisionId}'`,
      'activate',
    );
    return;
  }
  const result = evaluateDecision(rt.dmnModels.get(decision.decisionRequirementsKey) as never, decisionId, visibleVariables(rt, ei.key));
  if (result.failedDecisionId) {
    raiseIncident(
      rt,
      ei,
      'DECISION_EVALUATION_ERROR',
      `Expected to evaluate decision '${decisionId}', but ${result.failureMessage ?? 'the evaluation failed'}`,
      'activate',
    );
    return;
  }
  deliverResult(rt, ei, { [called.resultVariable]: JSON.parse(result.decisionOutput) as unknown });
  completeElement(rt, ei.key);
}

export function evaluateDecisionCommand(rt: Runtime, req: EvaluateDecisionRequest): DecisionEvaluationResult {
  const tenantId = req.tenantId || DEFAULT_TENANT;
  const decision = req.decisionKey
    ? rt.store.get('decision', req.decisionKey)
    : req.decisionId
      ? latestDecision(rt, req.decisionId, tenantId)
      : undefined;
  if (!decision || decision.deleted) {
    throw new NotFoundError(
      req.decisionKey
        ? `Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision with key '${req.decisionKey}', but no such decision found`
        : `Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision '${req.decisionId}', but no decision found for id '${req.decisionId}'`,
    );
  }
  const drg = rt.store.get('decision-requirements', decision.decisionRequirementsKey)!;
  const result = evaluateDecision(rt.dmnModels.get(drg.key) as never, decision.decisionId, req.variables ?? {});
  const failureMessage = result.failureMessage && `Expected to evaluate decision '${decision.decisionId}', but ${result.failureMessage}`;
  return {
    ...result,
    failureMessage,
    decisionKey: decision.key,
    decisionId: decision.decisionId,
    decisionName: decision.name,
    decisionVersion: decision.version,
    decisionRequirementsId: drg.decisionRequirementsId,
    decisionRequirementsKey: drg.key,
    tenantId,
    decisionInstanceKey: rt.store.nextKey(),
  };
}
