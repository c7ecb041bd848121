/**
 * Turns a decision's logic (decision table or literal expression) into the executable model,
 * reporting what Zeebe would reject: FEEL syntax errors, unknown hit policies, unnamed outputs.
 */
import type { ModdleElement } from 'dmn-moddle';
import type { ErrorDetail } from '../errors';
import { checkExpression, checkUnaryTests } from '../feel';
import type { Aggregation, DecisionTableLogic, HitPolicy, LiteralExpressionLogic, TableOutput } from './model';
import type { TypeResolver } from './item-types';
import type { NameEscaper } from './names';
import { child, list, str } from './read-xml';

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];
const FEEL_LANGUAGE = /^(feel|https?:\/\/www\.omg\.org\/spec\/(feel\/\d{8}|dmn\/\d{8}\/feel)\/?)$/i;

export type Problems = ErrorDetail[];

export interface Scope {
  decisionId: string;
  problems: Problems;
  /** Puts the model's names with spaces or dashes in backticks. */
  escape: NameEscaper;
  /** Resolves a typeRef (item definitions included). */
  typeOf: TypeResolver;
}

function field(scope: Scope, el: ModdleElement | undefined): string {
  return str(el, 'id') ?? scope.decisionId;
}

function checkLanguage(scope: Scope, el: ModdleElement | undefined): void {
  const language = str(el, 'expressionLanguage');
  if (language && !FEEL_LANGUAGE.test(language)) {
    scope.problems.push({ field: field(scope, el), message: `Expression language '${language}' is not supported` });
  }
}

/** FEEL expression text of a literal expression; reports missing text and syntax errors. */
export function expressionText(scope: Scope, el: ModdleElement | undefined, required: boolean): string {
  checkLanguage(scope, el);
  const text = scope.escape((str(el, 'text') ?? '').trim());
  if (text === '') {
    if (required) scope.problems.push({ field: field(scope, el), message: `The expression '${field(scope, el)}' must not be empty.` });
    return '';
  }
  const error = checkExpression(text);
  if (error) scope.problems.push({ field: field(scope, el), message: `FEEL expression: ${error}` });
  return text;
}

function unaryTestsText(scope: Scope, el: ModdleElement | undefined): string {
  checkLanguage(scope, el);
  const text = scope.escape((str(el, 'text') ?? '').trim());
  const error = checkUnaryTests(text);
  if (error) scope.problems.push({ field: field(scope, el), message: `FEEL unary-tests: ${error}` });
  return text;
}

/** `"gold", "silver"` → ['gold', 'silver'], as dmn-scala reads output values. */
function priorities(outputValues: ModdleElement | undefined): string[] {
  const text = str(outputValues, 'text');
  if (!text) return [];
  return text.split(',').map((v) => v.trim().replace(/["']/g, ''));
}

function compileOutputs(scope: Scope, table: ModdleElement): TableOutput[] {
  const outputs = list(table, 'output');
  if (outputs.length === 0) scope.problems.push({ field: field(scope, table), message: 'A decision table must have at least one output' });
  return outputs.map((o) => {
    const name = str(o, 'name');
    const label = str(o, 'label');
    if (outputs.length > 1 && !name) {
      scope.problems.push({ field: field(scope, o), message: `no output name defined for \`${label ?? str(o, 'id') ?? ''}\`` });
    }
    const defaultEntry = expressionText(scope, child(o, 'defaultOutputEntry'), false);
    return {
      id: str(o, 'id') ?? '',
      name: name ?? '',
      displayName: label ?? name ?? '',
      priorities: priorities(child(o, 'outputValues')),
      ...(defaultEntry ? { defaultEntry } : {}),
    };
  });
}

export function compileDecisionTable(scope: Scope, table: ModdleElement): DecisionTableLogic {
  const { problems } = scope;
  const hitPolicy = (str(table, 'hitPolicy') ?? 'UNIQUE') as HitPolicy;
  if (!HIT_POLICIES.includes(hitPolicy)) {
    problems.push({
      field: field(scope, table),
      message: `Unsupported hit policy '${hitPolicy}', expected one of ${HIT_POLICIES.join(', ')}`,
    });
  }
  const aggregationText = str(table, 'aggregation');
  const aggregation = hitPolicy === 'COLLECT' ? (aggregationText as Aggregation | undefined) : undefined;
  if (aggregation && !AGGREGATIONS.includes(aggregation)) {
    problems.push({
      field: field(scope, table),
      message: `Unsupported aggregation '${aggregation}', expected one of ${AGGREGATIONS.join(', ')}`,
    });
  }
  const outputs = compileOutputs(scope, table);
  if (aggregation && outputs.length > 1) {
    problems.push({ field: field(scope, table), message: "hit policy 'COLLECT' with aggregator is not defined for compound output" });
  }
  const inputs = list(table, 'input').map((i) => {
    const expression = expressionText(scope, child(i, 'inputExpression') ?? i, true);
    return { id: str(i, 'id') ?? '', name: str(i, 'label') ?? expression.slice(0, 30), expression };
  });
  const rules = list(table, 'rule').map((r) => {
    const inputEntries = list(r, 'inputEntry');
    const outputEntries = list(r, 'outputEntry');
    if (inputEntries.length !== inputs.length || outputEntries.length !== outputs.length) {
      problems.push({
        field: field(scope, r),
        message: `Expected ${inputs.length} input entries and ${outputs.length} output entries, but found ${inputEntries.length} and ${outputEntries.length}`,
      });
    }
    return {
      id: str(r, 'id') ?? '',
      inputEntries: inputEntries.map((e) => unaryTestsText(scope, e)),
      outputEntries: outputEntries.map((e) => expressionText(scope, e, false)),
    };
  });
  return { kind: 'DECISION_TABLE', hitPolicy, ...(aggregation ? { aggregation } : {}), inputs, outputs, rules };
}

export function compileLiteralExpression(scope: Scope, literal: ModdleElement): LiteralExpressionLogic {
  return { kind: 'LITERAL_EXPRESSION', expression: expressionText(scope, literal, true) };
}
