/**
 * The DMN TCK runner: reads each test case file (the TCK's testCases XML), deploys its model with
 * the engine's DMN parser, evaluates each result node's decision by name with the input nodes as
 * variables, and compares with the expected values the way the TCK's runners do (Camunda's
 * dmn-scala runner: numbers equal within 1e-8, lists element-wise, contexts entry-wise; an expected
 * error passes when the evaluation fails or gives null).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Decimal from 'decimal.js';
import { XMLParser } from 'fast-xml-parser';
import {
  decisionIdByName,
  decisionServiceIdByName,
  definitionsNamespace,
  importNamespaces,
  evaluateDecisionServiceValue,
  evaluateDecisionValue,
  parseDmn,
  type DmnModel,
} from '../../engine/dmn';
import { evaluateFeelRaw, feelLimits, setFeelLimits, toJsonText } from '../../engine/feel';

export const LEVELS = ['compliance-level-2', 'compliance-level-3'] as const;
export type Level = (typeof LEVELS)[number];

export interface TckOutcome {
  level: Level;
  /** `<folder>/<test case id>`. */
  name: string;
  passed: boolean;
  /**
   * False when the model is read only by the evaluate-only parse (no ids, a decision without
   * logic: docs/decisions/dmn-ids.md), which Zeebe's deployment rejects.
   */
  deployable?: boolean;
  /** Why it failed, generalised so that failures group (ids and values elided). */
  cause?: string;
  detail?: string;
}

// Node shapes of fast-xml-parser's output; the TCK schema is in TestCases/testCases.xsd.
type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['testCase', 'inputNode', 'resultNode', 'component', 'item', 'label'].includes(name),
});

const asNode = (v: unknown): XmlNode | undefined => (v && typeof v === 'object' ? (v as XmlNode) : undefined);
const asArray = (v: unknown): XmlNode[] => (Array.isArray(v) ? (v as XmlNode[]) : []);
const isNil = (node: XmlNode | undefined): boolean => node?.['@nil'] === 'true';

function feel(source: string): unknown {
  return evaluateFeelRaw(source, {}).value;
}

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)$/;

function number(text: string): unknown {
  const t = text.trim();
  // Through FEEL, so that numbers take the engine's own representation.
  return DECIMAL.test(t) ? feel(t.replace(/^\+/, '')) : Number(t);
}

/** A typed `<value>` (xsi:type xsd:…); untyped values are read as the Camunda runner does. */
function scalar(value: unknown): unknown {
  const node = asNode(value);
  if (isNil(node)) return null;
  const text = typeof value === 'string' ? value : String(node?.['#text'] ?? '');
  const type = String(node?.['@type'] ?? '').replace(/^.*:/, '');
  const quoted = JSON.stringify(text.trim());
  switch (type) {
    case 'string':
      return text;
    case 'boolean':
      return text.trim() === 'true';
    case 'decimal':
    case 'double':
    case 'float':
    case 'int':
    case 'integer':
    case 'long':
    case 'short':
      return number(text);
    case 'date':
      return feel(`date(${quoted})`);
    case 'dateTime':
      return feel(`date and time(${quoted})`);
    case 'time':
      return feel(`time(${quoted})`);
    case 'duration':
      return feel(`duration(${quoted})`);
    default: {
      const t = text.trim();
      if (t === 'true' || t === 'false') return t === 'true';
      return DECIMAL.test(t) ? number(t) : text;
    }
  }
}

/** A valueType: `<value>`, `<component>`s (a context) or `<list>`; absent is null. */
export function readValue(node: XmlNode | undefined): unknown {
  if (!node || isNil(node)) return null;
  if ('list' in node) {
    const list = node.list;
    if (isNil(asNode(list))) return null;
    return asArray(asNode(list)?.item).map(readValue);
  }
  if ('component' in node) {
    return Object.fromEntries(asArray(node.component).map((c) => [String(c['@name']), readValue(c)]));
  }
  if ('value' in node) return scalar(node.value);
  return null;
}

function isNumeric(v: unknown): boolean {
  return typeof v === 'number' || Decimal.isDecimal(v) || (typeof v === 'object' && v?.constructor?.name === 'Big');
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

const TOLERANCE = new Decimal('0.00000001');

export function sameValue(expected: unknown, actual: unknown): boolean {
  if (expected === null || expected === undefined) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (isNumeric(expected) && isNumeric(actual)) {
    try {
      return new Decimal(String(expected)).minus(String(actual)).abs().lt(TOLERANCE);
    } catch {
      return String(expected) === String(actual);
    }
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => sameValue(e, actual[i]));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return false;
    const keys = Object.keys(expected);
    return Object.keys(actual).length === keys.length && keys.every((k) => Object.hasOwn(actual, k) && sameValue(expected[k], actual[k]));
  }
  if (typeof expected !== 'object') return expected === actual;
  return typeof actual === 'object' && expected.constructor === actual.constructor && toJsonText(expected) === toJsonText(actual);
}

function show(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value) && !isNumeric(value)) {
    return `${value.constructor.name}(${toJsonText(value)})`;
  }
  try {
    return toJsonText(value);
  } catch {
    return String(value);
  }
}

/** Failure messages with the specific parts (quoted text, numbers, ids) elided, so that they group. */
export function generalise(message: string): string {
  return message
    .split('\n')[0]
    .replace(/'[^']*'/g, "'…'")
    .replace(/`[^`]*`/g, '`…`')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/<[^>]*>/g, '<…>')
    .replace(/\b_?[0-9a-f]{8}-[0-9a-f-]{27}\b/gi, 'ID')
    .replace(/\d+(\.\d+)?/g, 'N')
    .slice(0, 140);
}

interface Loaded {
  model?: DmnModel;
  error?: string;
  /** Whether a deployment would take the model (parsed without `evaluateOnly`). */
  deployable?: boolean;
}

async function importedModels(xml: string, file: string, cache: Map<string, Loaded>): Promise<DmnModel[]> {
  const dir = dirname(file);
  const namespaces = importNamespaces(xml);
  if (namespaces.length === 0) return [];
  const models: DmnModel[] = [];
  for (const other of readdirSync(dir).filter((f) => f.endsWith('.dmn') && join(dir, f) !== file)) {
    const namespace = definitionsNamespace(readFileSync(join(dir, other), 'utf8'));
    if (namespace === undefined || !namespaces.includes(namespace)) continue;
    const loaded = await loadModel(join(dir, other), cache);
    if (loaded.model) models.push(loaded.model);
  }
  return models;
}

async function loadModel(file: string, cache: Map<string, Loaded>): Promise<Loaded> {
  let loaded = cache.get(file);
  if (!loaded) {
    try {
      const xml = readFileSync(file, 'utf8');
      const imports = await importedModels(xml, file, cache);
      const model = (await parseDmn(xml, { evaluateOnly: true, imports })).model;
      const deployable = await parseDmn(xml, { imports }).then(
        () => true,
        () => false,
      );
      loaded = { model, deployable };
    } catch (e) {
      loaded = { error: (e as Error).message.replace(/^Invalid DMN '[^']*':\n/, '') };
    }
    cache.set(file, loaded);
  }
  return loaded;
}

function runCase(level: Level, folder: string, testCase: XmlNode, loaded: Loaded): TckOutcome {
  const name = `${folder}/${String(testCase['@id'] ?? '?')}`;
  const fail = (cause: string, detail?: string): TckOutcome => ({
    level,
    name,
    passed: false,
    deployable: loaded.deployable,
    cause,
    detail,
  });
  if (loaded.error !== undefined) return fail(`deploy: ${generalise(loaded.error)}`, loaded.error.split('\n')[0]);
  const model = loaded.model!;
  const variables: Record<string, unknown> = {};
  try {
    for (const input of asArray(testCase.inputNode)) variables[String(input['@name'])] = readValue(input);
  } catch (e) {
    return fail('input not readable', (e as Error).message);
  }
  // A decisionService test case invokes the service `invocableName`; its result nodes are its output decisions.
  const serviceId =
    testCase['@type'] === 'decisionService' ? decisionServiceIdByName(model, String(testCase['@invocableName'])) : undefined;
  if (testCase['@type'] === 'decisionService' && serviceId === undefined) return fail('no decision service with the invocable name');
  const service = serviceId === undefined ? undefined : evaluateDecisionServiceValue(model, serviceId, variables);
  for (const result of asArray(testCase.resultNode)) {
    const decisionName = String(result['@name']);
    const decisionId = decisionIdByName(model, decisionName) ?? (model.decisions.has(decisionName) ? decisionName : undefined);
    const namedService = decisionId === undefined ? decisionServiceIdByName(model, decisionName) : undefined;
    if (decisionId === undefined && namedService === undefined) return fail('no decision with the result node name', decisionName);
    let expected: unknown;
    try {
      expected = readValue(asNode(result.expected));
    } catch (e) {
      return fail('expected value not readable', (e as Error).message);
    }
    let evaluation: { value: unknown } | { failureMessage: string };
    try {
      if (service) evaluation = 'value' in service ? { value: outputOf(service.value, decisionName, model) } : service;
      else if (namedService !== undefined) evaluation = evaluateDecisionServiceValue(model, namedService, variables);
      else evaluation = evaluateDecisionValue(model, decisionId!, variables);
    } catch (e) {
      return fail(`engine error: ${generalise((e as Error).message)}`, (e as Error).stack);
    }
    const actual = 'value' in evaluation ? evaluation.value : null;
    if (sameValue(expected, actual)) continue;
    if ('failureMessage' in evaluation) {
      return fail(`evaluation: ${generalise(evaluation.failureMessage)}`, `${decisionName}: ${evaluation.failureMessage}`);
    }
    return fail('wrong result', `${decisionName}: expected ${show(expected)}, got ${show(actual)}`);
  }
  return { level, name, passed: true, deployable: loaded.deployable };
}

/** The result of output decision `name` in a decision service's result (a context when it has several). */
function outputOf(value: unknown, name: string, model: DmnModel): unknown {
  const decisions = [...model.decisions.values()].filter((d) => d.name === name);
  return isPlainObject(value) && decisions.length === 1 && Object.hasOwn(value, decisions[0].resultName)
    ? value[decisions[0].resultName]
    : value;
}

/**
 * The TCK measures semantics, not speed: on a loaded machine the engine's default budget of 200 ms
 * per FEEL evaluation (ENGINE_FEEL_EVALUATION_TIMEOUT_MS) would make the counts vary from run to run.
 */
export const TCK_FEEL_TIMEOUT_MS = 5000;

/** Runs every test case under `root` (holding compliance-level-2 and -3); `only` filters folders. */
export async function runTck(root: string, only?: RegExp): Promise<TckOutcome[]> {
  const previous = feelLimits().evaluationTimeoutMs;
  setFeelLimits({ evaluationTimeoutMs: TCK_FEEL_TIMEOUT_MS });
  try {
    return await runAll(root, only);
  } finally {
    setFeelLimits({ evaluationTimeoutMs: previous });
  }
}

async function runAll(root: string, only?: RegExp): Promise<TckOutcome[]> {
  const outcomes: TckOutcome[] = [];
  const models = new Map<string, Loaded>();
  for (const level of LEVELS) {
    const levelDir = join(root, level);
    const folders = readdirSync(levelDir, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const folder of folders.map((e) => e.name).sort()) {
      if (only && !only.test(folder)) continue;
      const dir = join(levelDir, folder);
      for (const file of readdirSync(dir)
        .filter((f) => /-test-\d+\.xml$/.test(f))
        .sort()) {
        const doc = asNode(parser.parse(readFileSync(join(dir, file), 'utf8'))?.testCases);
        const modelName = String(doc?.modelName ?? '').trim();
        const loaded = await loadModel(join(dir, modelName), models);
        for (const testCase of asArray(doc?.testCase)) outcomes.push(runCase(level, folder, testCase, loaded));
      }
    }
  }
  return outcomes;
}

export interface PassCount {
  passed: number;
  total: number;
  /** Passed in models a Zeebe deployment takes (the rest need the evaluate-only parse). */
  passedDeployable: number;
}

export function passCounts(outcomes: TckOutcome[]): Record<Level, PassCount> {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, { passed: 0, total: 0, passedDeployable: 0 }])) as Record<Level, PassCount>;
  for (const o of outcomes) {
    counts[o.level].total++;
    if (o.passed) counts[o.level].passed++;
    if (o.passed && o.deployable !== false) counts[o.level].passedDeployable++;
  }
  return counts;
}
