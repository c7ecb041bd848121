/**
 * Deployment of a DMN resource: reads the XML, builds the executable model and rejects anything
 * the engine cannot evaluate, one detail per problem (field = decision or element id).
 */
import type { ModdleElement } from 'dmn-moddle';
import { DeploymentRejectedError } from '../errors';
import { compileBoxed, compileBoxedLogic } from './compile-boxed';
import { compileDecisionTable, compileLiteralExpression, type Problems, type Scope } from './compile-logic';
import { compileDecisionServices } from './compile-service';
import type { Decision, DmnModel, KnowledgeModel } from './model';
import { importedElement, importedNames, readImports } from './imports';
import { instanceOfRewriter } from './instance-of';
import { itemTypes } from './item-types';
import { nameEscaper } from './names';
import { localId, type Drg, type ParseOptions } from './parse-context';
import { child, list, readDmnXml, str } from './read-xml';
import type { DecisionModel, DmnResource } from './types';

export type { ParseOptions } from './parse-context';

export interface ParsedDmn {
  resource: DmnResource;
  model: DmnModel;
}

function requiredDecisionIds(decision: ModdleElement, decisionId: string, drg: Drg): string[] {
  const ids: string[] = [];
  for (const requirement of list(decision, 'informationRequirement')) {
    const href = str(child(requirement, 'requiredDecision'), 'href');
    if (href === undefined) continue; // required input data: its value comes from the variables
    const id = localId(href, decisionId, drg);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

function requiredKnowledgeIds(element: ModdleElement, elementId: string, drg: Drg): string[] {
  const ids: string[] = [];
  for (const requirement of list(element, 'knowledgeRequirement')) {
    const href = str(child(requirement, 'requiredKnowledge'), 'href');
    const id = href === undefined ? undefined : localId(href, elementId, drg);
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

function variableName(element: ModdleElement, fallback: string): string {
  return str(child(element, 'variable'), 'name') ?? str(element, 'name') ?? fallback;
}

function compileDecision(decision: ModdleElement, drg: Drg): Decision | undefined {
  const { problems, escape } = drg;
  const id = str(decision, 'id') ?? (drg.options.evaluateOnly ? str(decision, 'name') : undefined);
  if (!id) {
    problems.push({ field: str(decision, 'name') ?? 'decision', message: 'A decision must have an id' });
    return undefined;
  }
  const scope: Scope = { decisionId: id, problems, escape, typeOf: drg.typeOf };
  const requiredDecisions = requiredDecisionIds(decision, id, drg);
  const requiredKnowledge = requiredKnowledgeIds(decision, id, drg);
  const logicElement = child(decision, 'decisionLogic');
  let logic: Decision['logic'] | undefined;
  if (logicElement?.$type === 'dmn:DecisionTable') {
    logic = compileDecisionTable(scope, logicElement);
  } else if (logicElement?.$type === 'dmn:LiteralExpression') {
    logic = compileLiteralExpression(scope, logicElement);
  } else if (logicElement) {
    const before = problems.length;
    logic = compileBoxedLogic(scope, logicElement);
    if (!logic && problems.length === before) {
      problems.push({ field: id, message: `unsupported decision expression '${logicElement.$type.replace(/^dmn:/, '')}'` });
    }
  } else if (drg.options.evaluateOnly) {
    // dmn-scala's lazy evaluation: the model stays usable, the decision fails when evaluated
    logic = { kind: 'MISSING' };
  } else {
    problems.push({ field: id, message: 'The decision has no decision logic: expected a decision table or a literal expression' });
  }
  if (!logic) return undefined;
  const name = str(decision, 'name') ?? id;
  const resultType = drg.typeOf(str(child(decision, 'variable'), 'typeRef'));
  // As Camunda's engine: the result is known by the decision's variable, else by its id (not its name).
  const resultName = str(child(decision, 'variable'), 'name') ?? id;
  return { id, name, resultName, resultType, requiredDecisions, requiredKnowledge, logic };
}

function compileKnowledgeModel(element: ModdleElement, drg: Drg): KnowledgeModel | undefined {
  const { problems, escape } = drg;
  const id = str(element, 'id');
  if (!id) {
    problems.push({ field: str(element, 'name') ?? 'businessKnowledgeModel', message: 'A business knowledge model must have an id' });
    return undefined;
  }
  const scope: Scope = { decisionId: id, problems, escape, typeOf: drg.typeOf };
  const logic = child(element, 'encapsulatedLogic');
  const fn = logic ? compileBoxed(scope, logic) : undefined;
  return {
    id,
    name: variableName(element, id),
    requiredKnowledge: requiredKnowledgeIds(element, id, drg),
    parameters: fn?.kind === 'FUNCTION' ? fn.parameters : [],
    types: fn?.kind === 'FUNCTION' ? fn.types : [],
    body: fn?.kind === 'FUNCTION' ? fn.body : { kind: 'LITERAL', source: '' },
  };
}

const NAMED_TYPES = new Set([
  'dmn:InputData',
  'dmn:Decision',
  'dmn:BusinessKnowledgeModel',
  'dmn:DecisionService',
  'dmn:InformationItem',
  'dmn:ItemDefinition',
]);

/** Every name the model declares (inputs, decisions, knowledge models, context entries, parameters, types). */
function declaredNames(root: ModdleElement): Set<string> {
  const names = new Set<string>();
  const visit = (el: ModdleElement): void => {
    const name = str(el, 'name');
    if (name && NAMED_TYPES.has(el.$type)) names.add(name);
    for (const [key, value] of Object.entries(el)) {
      if (key.startsWith('$') || key === 'dmnDI') continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof item === 'object' && typeof (item as ModdleElement).$type === 'string') visit(item as ModdleElement);
      }
    }
  };
  visit(root);
  return names;
}

/** Reports required decisions and knowledge that do not exist, and cycles between decisions. */
function checkRequirements(model: DmnModel, elementIds: Set<string>, problems: Problems): void {
  const { decisions } = model;
  for (const d of decisions.values()) {
    for (const required of d.requiredDecisions) {
      const imported = importedElement(model, required);
      if (imported ? !imported.imported.model.decisions.has(imported.id) : !decisions.has(required))
        problems.push({ field: d.id, message: `Required decision '${required}' not found` });
    }
  }
  for (const element of [...decisions.values(), ...model.knowledgeModels.values()]) {
    for (const required of element.requiredKnowledge) {
      // A decision service is invocable too; not supported, so not in scope: its invocation fails at evaluation.
      const imported = importedElement(model, required);
      const known = imported
        ? imported.imported.model.knowledgeModels.has(imported.id) || imported.imported.model.decisionServices.has(imported.id)
        : elementIds.has(required);
      if (!known) problems.push({ field: element.id, message: `Required knowledge '${required}' not found` });
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

export async function parseDmn(xml: string, options: ParseOptions = {}): Promise<ParsedDmn> {
  const read = await readDmnXml(xml);
  if ('error' in read) throw new DeploymentRejectedError(read.error);
  const definitions = read.definitions;
  const drgId = str(definitions, 'id') ?? (options.evaluateOnly ? (str(definitions, 'name') ?? str(definitions, 'namespace')) : undefined);
  if (!drgId) throw new DeploymentRejectedError('The DMN definitions must have an id');

  const imports = readImports(definitions, options.imports ?? []);
  const problems: Problems = [];
  const escapeNames = nameEscaper([...declaredNames(definitions), ...importedNames(imports)]);
  const typeOf = itemTypes(definitions);
  const itemNames = list(definitions, 'itemDefinition').map((el) => str(el, 'name') ?? '');
  const rewriteInstanceOf = instanceOfRewriter(itemNames, typeOf);
  const escape = (source: string): string => rewriteInstanceOf(escapeNames(source));
  const namespace = str(definitions, 'namespace') ?? '';
  const drg: Drg = { problems, escape, namespace, options, typeOf, imported: new Set(imports.keys()) };
  const decisions = new Map<string, Decision>();
  const knowledgeModels = new Map<string, KnowledgeModel>();
  const drgElements = list(definitions, 'drgElement');
  const elements = drgElements.filter((e) => e.$type === 'dmn:Decision');
  // Zeebe's rule; dmn-scala evaluates a model of knowledge models only (imported by others, TCK 0086)
  if (elements.length === 0 && !options.evaluateOnly)
    problems.push({ field: drgId, message: 'Expected the DMN to contain at least one decision, but none found' });
  for (const element of elements) {
    const decision = compileDecision(element, drg);
    if (!decision) continue;
    if (decisions.has(decision.id)) problems.push({ field: decision.id, message: `Duplicate decision id '${decision.id}'` });
    decisions.set(decision.id, decision);
  }
  for (const element of drgElements.filter((e) => e.$type === 'dmn:BusinessKnowledgeModel')) {
    const bkm = compileKnowledgeModel(element, drg);
    if (bkm) knowledgeModels.set(bkm.id, bkm);
  }
  const decisionServices = compileDecisionServices(drgElements, drg);
  const exportedNames = drgElements.map((e) => str(child(e, 'variable'), 'name') ?? str(e, 'name')).filter((n): n is string => !!n);
  const model: DmnModel = {
    decisionRequirementsId: drgId,
    namespace,
    imports,
    exportedNames,
    decisions,
    knowledgeModels,
    decisionServices,
  };
  const elementIds = new Set(drgElements.map((e) => str(e, 'id')).filter((id): id is string => id !== undefined));
  checkRequirements(model, elementIds, problems);
  if (problems.length > 0) {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('\n');
    throw new DeploymentRejectedError(`Invalid DMN '${drgId}':\n${summary}`, problems);
  }

  const decisionModels: DecisionModel[] = [...decisions.values()].map((d) => ({
    id: d.id,
    name: d.name,
    requiredDecisions: d.requiredDecisions.filter((id) => !importedElement(model, id)),
  }));
  return {
    resource: {
      decisionRequirementsId: drgId,
      decisionRequirementsName: str(definitions, 'name') ?? drgId,
      namespace: str(definitions, 'namespace') ?? '',
      decisions: decisionModels,
    },
    model,
  };
}
