/**
 * `x instance of range<T>` (DMN 1.4+ type syntax). feelin's grammar knows `list<T>`,
 * `context<k: T>` and `function<T> -> T` but not `range<T>`, so each `range<...>` after
 * `instance of` is replaced by a generated type name before parsing. feelin resolves an unknown
 * type name from the context and checks `value instanceof it`; the bound object answers that
 * check (Symbol.hasInstance) by testing the range's endpoints against T with feelin itself.
 *
 * feel-scala 1.19 does not parse typed `instance of` at all (FeelParser.typeName is a plain
 * name): this serves the DMN TCK, beyond what Camunda accepts.
 */
import { evaluate, isRange } from 'feelin';
import { segments } from './source';

const PREFIX = '__feel_type_';
const RANGE_TYPE = /\brange\s*</;
const AFTER_INSTANCE_OF = /\binstance\s+of\s+(?:[\w\s,:<>-]*<\s*)?$/;

/** Index just after the `>` closing the `<` at `open`, or -1. */
function closing(source: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = source[i];
    if (c === '<') depth++;
    else if (c === '>' && source[i - 1] !== '-') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** A function, as feelin only consults functions for `instanceof`; the check is its hasInstance. */
function rangeCheck(elementType: string): () => void {
  const matchesElement = (v: unknown): boolean =>
    v === null || v === undefined || evaluate(`__value instance of ${elementType}`, { __value: v }).value === true;
  const check = (): void => undefined;
  Object.defineProperty(check, Symbol.hasInstance, {
    value: (value: unknown) => isRange(value) && matchesElement(value.start) && matchesElement(value.end),
  });
  return check;
}

export interface TypeRewrite {
  source: string;
  context: Record<string, unknown>;
}

/** Replaces `range<T>` types after `instance of` by names bound to their checks. */
export function rewriteRangeTypes(source: string): TypeRewrite {
  if (!/\binstance\s+of\b/.test(source) || !RANGE_TYPE.test(source)) return { source, context: {} };
  const context: Record<string, unknown> = {};
  let out = '';
  let count = 0;
  for (const seg of segments(source)) {
    let text = source.slice(seg.from, seg.to);
    if (seg.kind === 'code') {
      let rewritten = '';
      let at = 0;
      for (const m of text.matchAll(new RegExp(RANGE_TYPE.source, 'g'))) {
        const start = m.index;
        if (start < at || !AFTER_INSTANCE_OF.test(out + rewritten + text.slice(at, start))) continue;
        const end = closing(text, start + m[0].length - 1, text.length);
        if (end < 0) continue;
        const name = `${PREFIX}${count++}`;
        context[name] = rangeCheck(text.slice(start + m[0].length, end - 1).trim());
        rewritten += text.slice(at, start) + name;
        at = end;
      }
      text = rewritten + text.slice(at);
    }
    out += text;
  }
  return { source: out, context };
}
