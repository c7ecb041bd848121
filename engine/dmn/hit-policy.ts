/**
 * Combines the outputs of the matched rules into the decision table's result, per hit policy,
 * following dmn-scala (the DMN engine inside Zeebe), including its failure messages.
 */
import { FeelDate, FeelDateTime, FeelDuration, FeelTime } from 'feelin';
import { toJsonText, toJsonValue } from '../feel';
import type { DecisionTableLogic, TableOutput } from './model';

/** One matched rule's output values, in the order of the table's outputs. */
export type Row = unknown[];

export type HitResult = { value: unknown } | { failure: string };

function single(table: DecisionTableLogic, row: Row): unknown {
  if (table.outputs.length === 1) return row[0];
  return Object.fromEntries(table.outputs.map((o, i) => [o.name, row[i]]));
}

function multiple(table: DecisionTableLogic, rows: Row[]): unknown[] {
  return rows.map((row) => single(table, row));
}

/** How dmn-scala prints the matched outputs in failure messages, as JSON here. */
function render(table: DecisionTableLogic, rows: Row[]): string {
  return JSON.stringify(rows.map((row) => toJsonValue(Object.fromEntries(table.outputs.map((o, i) => [o.name, row[i]])))));
}

/** Same FEEL type and same value. */
function rowKey(row: Row): string {
  return row
    .map((v) => {
      const type =
        v instanceof FeelDateTime || v instanceof FeelDate || v instanceof FeelTime || v instanceof FeelDuration
          ? v.constructor.name
          : typeof v;
      return `${type}:${toJsonText(v)}`;
    })
    .join('|');
}

function priorityOf(output: TableOutput, value: unknown): number {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  const index = text === undefined ? -1 : output.priorities.indexOf(text);
  return index === -1 ? Number.POSITIVE_INFINITY : index;
}

/** Orders rows by the position of their values in the outputs' value lists (stable). */
function byPriority(table: DecisionTableLogic, rows: Row[]): Row[] {
  const keyed = rows.map((row) => ({ row, key: table.outputs.map((o, i) => priorityOf(o, row[i])) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return a.key[i] < b.key[i] ? -1 : 1;
    return 0;
  });
  return keyed.map((k) => k.row);
}

function aggregate(table: DecisionTableLogic, rows: Row[]): HitResult {
  if (table.aggregation === 'COUNT') return { value: rows.length };
  const numbers: number[] = [];
  for (const row of rows) {
    if (typeof row[0] !== 'number') return { failure: `expected number but found '${toJsonText(row[0])}'` };
    numbers.push(row[0]);
  }
  switch (table.aggregation) {
    case 'SUM':
      return { value: numbers.reduce((a, b) => a + b, 0) };
    case 'MIN':
      return { value: Math.min(...numbers) };
    default:
      return { value: Math.max(...numbers) };
  }
}

/** `rows` holds at least one matched rule (no match is handled by the default outputs). */
export function applyHitPolicy(table: DecisionTableLogic, rows: Row[]): HitResult {
  switch (table.hitPolicy) {
    case 'FIRST':
      return { value: single(table, rows[0]) };
    case 'UNIQUE':
      if (rows.length > 1) return { failure: `multiple values aren't allowed for UNIQUE hit policy. found: '${render(table, rows)}'` };
      return { value: single(table, rows[0]) };
    case 'ANY': {
      const distinct = [...new Map(rows.map((row) => [rowKey(row), row])).values()];
      if (distinct.length > 1)
        return { failure: `different values aren't allowed for ANY hit policy. found: '${render(table, distinct)}'` };
      return { value: single(table, rows[0]) };
    }
    case 'PRIORITY':
      return { value: single(table, byPriority(table, rows)[0]) };
    case 'OUTPUT ORDER':
      return { value: multiple(table, byPriority(table, rows)) };
    case 'RULE ORDER':
      return { value: multiple(table, rows) };
    case 'COLLECT':
      return table.aggregation ? aggregate(table, rows) : { value: multiple(table, rows) };
  }
}
