/**
 * Deployment of a DMN resource: reads the XML, builds the executable model and rejects anything
 * the engine cannot evaluate, one detail per problem (field = decision or element id).
 */
import type { ModdleElement } from 'dmn-moddle';
import { DeploymentRejectedError } from '../errors';
import { compileDecisionTable, compileLiteralExpression, type Problems } from './compile-logic';
import type { Decision, DmnModel } from './model';
import { child, list, readDmnXml, str } from './read-xml';
import type { DecisionModel, DmnResource } from './types';

export interface ParsedDmn {
  resource: DmnResource;
  model: DmnModel;
}

function requiredDecisionIds(decision: ModdleElement, decisionId: string, problems: Problems): string[] {
  const ids: string[] = [];
  for (const requirement of list(decision, 'informationRequirement')) {
    const href = str(child(requirement, 'requiredDecision'), 'href');
    if (href === undefined) continue; // required input data: its value comes from the variables
    const hash = href.indexOf('#');
    if (hash > 0) {
      problems.push({ field: decisionId, message: `Required decision '${href}' refers to an imported model, which is not supported` });
    } else {
      ids.push(href.slice(hash + 1));
    }
  }
  if (list(decision, 'knowledgeRequirement').length > 0) {
    problems.push({ field: decisionId, message: 'Business knowledge models (knowledgeRequirement) are not supported' });
  }
  return ids;
}

function compileDecision(decision: ModdleElement, problems: Problems): Decision | undefined {
  const id = str(decision, 'id');
  if (!id) {
    problems.push({ field: str(decision, 'name') ?? 'decision', message: 'A decision must have an id' });
    return undefined;
  }
  const requiredDecisions = requiredDecisionIds(decision, id, problems);
  const logicElement = child(decision, 'decisionLogic');
  let logic: Decision['logic'];
  if (logicElement?.$type === 'dmn:DecisionTable') {
    logic = compileDecisionTable(id, logicElement, problems);
  } else if (logicElement?.$type === 'dmn:LiteralExpression') {
    logic = compileLiteralExpression(id, logicElement, problems);
  } else {
    problems.push({
      field: id,
      message: logicElement
        ? `unsupported decision expression '${logicElement.$type.replace(/^dmn:/, '')}': only decision tables and literal expressions are supported`
        : 'The decision has no decision logic: expected a decision table or a literal expression',
    });
    return undefined;
  }
  const name = str(decision, 'name') ?? id;
  return { id, name, resultName: str(child(decision, 'variable'), 'name') ?? id, requiredDecisions, logic };
}

/** Reports required decisions that do not exist and dependency cycles. */
function checkRequirements(decisions: Map<string, Decision>, problems: Problems): void {
  for (const d of decisions.values()) {
    for (const required of d.requiredDecisions) {
      if (!decisions.has(required)) problems.push({ field: d.id, message: `Required decision '${required}' not found` });
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done' || !decisions.has(id)) return;
    if (state.get(id) === 'visiting') {
      problems.push({
        field: id,
        message: `Invalid DMN model: Cyclic dependencies between decisions detected (${[...path, id].join(' -> ')})`,
      });
      return;
    }
    state.set(id, 'visiting');
    for (const required of decisions.get(id)!.requiredDecisions) visit(required, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of decisions.keys()) visit(id, []);
}

export async function parseDmn(xml: string): Promise<ParsedDmn> {
  const read = await readDmnXml(xml);
  if ('error' in read) throw new DeploymentRejectedError(read.error);
  const definitions = read.definitions;
  const drgId = str(definitions, 'id');
  if (!drgId) throw new DeploymentRejectedError('The DMN definitions must have an id');

  const problems: Problems = [];
  const decisions = new Map<string, Decision>();
  const elements = list(definitions, 'drgElement').filter((e) => e.$type === 'dmn:Decision');
  if (elements.length === 0) problems.push({ field: drgId, message: 'Expected the DMN to contain at least one decision, but none found' });
  for (const element of elements) {
    const decision = compileDecision(element, problems);
    if (!decision) continue;
    if (decisions.has(decision.id)) problems.push({ field: decision.id, message: `Duplicate decision id '${decision.id}'` });
    decisions.set(decision.id, decision);
  }
  checkRequirements(decisions, problems);
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('\n');
    throw new DeploymentRejectedError(`Invalid DMN '${drgId}':\n${summary}`, problems);
  }

  const decisionModels: DecisionModel[] = [...decisions.values()].map((d) => ({
    id: d.id,
    name: d.name,
    requiredDecisions: [...d.requiredDecisions],
  }));
  return {
    resource: {
      decisionRequirementsId: drgId,
      decisionRequirementsName: str(definitions, 'name') ?? drgId,
      namespace: str(definitions, 'namespace') ?? '',
      decisions: decisionModels,
    },
    model: { decisionRequirementsId: drgId, decisions },
  };
}
