/**
 * `range(from)` of DMN 1.5 (§10.3.4.x "range function"): a range from its literal text, e.g.
 * `range("[18..21)")`. Not a feel-scala 1.19 built-in (Camunda 8.8 reports no such function); the
 * engine has it as the DMN TCK (1156-range-function) expects, as for `list replace`. The endpoints
 * must be literals (numbers, strings, `@"…"`, or date/time/duration constructors of a string
 * literal), of one type, start not after end; anything else is null.
 */
import { evaluate, FeelFunction } from 'feelin';

const RANGE = /^\s*([[\]()])\s*(.*?)\s*\.\.\s*(.*?)\s*([[\]()])\s*$/s;
const STRING = '"(?:[^"\\\\]|\\\\.)*"';
const ENDPOINT = new RegExp(`^(?:-?\\d+(?:\\.\\d+)?|${STRING}|@${STRING}|(?:date and time|date|time|duration)\\(\\s*${STRING}\\s*\\))$`);

function rangeFrom(from: unknown): unknown {
  if (typeof from !== 'string') return null;
  const m = RANGE.exec(from);
  if (!m || m[1] === ')' || m[4] === '(' || !ENDPOINT.test(m[2]) || !ENDPOINT.test(m[3])) return null;
  try {
    // same type (a comparison of two types is null) and start not after end
    if (evaluate(`(${m[2]}) <= (${m[3]})`, {}, 'camunda').value !== true) return null;
    return evaluate(`${m[1]}${m[2]}..${m[3]}${m[4]}`, {}, 'camunda').value ?? null;
  } catch {
    return null;
  }
}

export const rangeFromFunctions: Readonly<Record<string, FeelFunction>> = {
  range: new FeelFunction(rangeFrom, ['from']),
};
