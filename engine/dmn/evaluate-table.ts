/**
 * Evaluates one decision table: input expressions, then each rule's input entries against the
 * input values, then the matched rules' output entries, then the hit policy. The audit (inputs,
 * matched rules) is kept up to the point of a failure, as Zeebe reports it.
 */
import { EvaluationError } from '../errors';
import { evaluateFeelRaw, evaluateUnaryTestsRaw, toJsonText } from '../feel';
import { applyHitPolicy, type Row } from './hit-policy';
import type { DecisionTableLogic } from './model';
import type { EvaluatedInput, MatchedRule } from './types';

export interface TableOutcome {
  /** Raw FEEL value of the result (undefined on failure). */
  value?: unknown;
  failure?: string;
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
}

function evaluateOutput(source: string, variables: Record<string, unknown>): unknown {
  return source === '' ? null : evaluateFeelRaw(source, variables).value;
}

/** The default output entries when no rule matched: null, one value, or a context. */
function defaults(table: DecisionTableLogic, variables: Record<string, unknown>): unknown {
  const entries = table.outputs
    .filter((o) => o.defaultEntry !== undefined)
    .map((o) => [o.name, evaluateOutput(o.defaultEntry!, variables)] as const);
  if (entries.length === 0) return null;
  if (table.outputs.length === 1) return entries[0][1];
  return Object.fromEntries(entries);
}

export function evaluateTable(table: DecisionTableLogic, variables: Record<string, unknown>): TableOutcome {
  const outcome: TableOutcome = { evaluatedInputs: [], matchedRules: [] };
  try {
    const inputValues = table.inputs.map((input) => {
      const value = evaluateFeelRaw(input.expression, variables).value;
      outcome.evaluatedInputs.push({ inputId: input.id, inputName: input.name, inputValue: toJsonText(value) });
      return value;
    });

    const matched = table.rules
      .map((rule, index) => ({ rule, index }))
      .filter(({ rule }) =>
        rule.inputEntries.every((entry, i) => {
          const result = evaluateUnaryTestsRaw(entry, inputValues[i], variables).value;
          if (result !== true && result !== false && result !== null) {
            throw new EvaluationError(`input entry must return true, false, or null, but found '${toJsonText(result)}'`);
          }
          return result === true;
        }),
      );
    if (matched.length === 0) return { ...outcome, value: defaults(table, variables) };

    const hits = table.hitPolicy === 'FIRST' ? matched.slice(0, 1) : matched;
    const rows: Row[] = hits.map(({ rule, index }) => {
      const row = rule.outputEntries.map((entry) => evaluateOutput(entry, variables));
      outcome.matchedRules.push({
        ruleId: rule.id,
        ruleIndex: index + 1,
        evaluatedOutputs: table.outputs.map((o, i) => ({ outputId: o.id, outputName: o.displayName, outputValue: toJsonText(row[i]) })),
      });
      return row;
    });
    const result = applyHitPolicy(table, rows);
    return 'failure' in result ? { ...outcome, failure: result.failure } : { ...outcome, value: result.value };
  } catch (e) {
    if (!(e instanceof EvaluationError)) throw e;
    return { ...outcome, failure: e.message };
  }
}
