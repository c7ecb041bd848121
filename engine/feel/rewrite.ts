/**
 * Routes FEEL arithmetic through arithmetic.ts. feelin compiles `a + b` into a closure of its own
 * (module-private, no hook), so the expression is rewritten before feelin sees it: every
 * ArithmeticExpression of the parse tree becomes a call of a function bound in the context,
 * `a + b * c` → `__feel_add(a, __feel_mul(b, c))`. The tree comes from feelin's own parser with the
 * same context, so precedence, names with spaces and string literals are exactly as feelin reads them.
 */
import { parseExpression, parseUnaryTests, FeelFunction } from 'feelin';
import { add, divide, multiply, negate, power, subtract } from './arithmetic';
import { segments } from './source';
import type { FeelDialect } from './syntax';

/** A node of feelin's parse tree (a lezer SyntaxNode), as far as the rewrites read it. */
export type Node = {
  name: string;
  from: number;
  to: number;
  firstChild: Node | null;
  nextSibling: Node | null;
  type: { isError: boolean };
};

const OPERATIONS: Record<string, { name: string; fn: (x: unknown, y: unknown) => unknown }> = {
  '+': { name: '__feel_add', fn: add },
  '-': { name: '__feel_sub', fn: subtract },
  '*': { name: '__feel_mul', fn: multiply },
  '/': { name: '__feel_div', fn: divide },
  '**': { name: '__feel_pow', fn: power },
  '^': { name: '__feel_pow', fn: power },
};
const NEGATE = '__feel_neg';

export const arithmeticFunctions: Readonly<Record<string, FeelFunction>> = {
  ...Object.fromEntries(Object.values(OPERATIONS).map(({ name, fn }) => [name, new FeelFunction(fn, ['x', 'y'])])),
  [NEGATE]: new FeelFunction(negate, ['x']),
};

const ARITHMETIC = /[-+*/^]/;

export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/**
 * The source with arithmetic replaced by calls, or the source itself when it has none or does not
 * parse (feelin then reports the syntax error on the original).
 */
export function rewriteArithmetic(source: string, dialect: FeelDialect, context: Record<string, unknown>): string {
  // most expressions have no operator outside string literals (dates are strings): no second parse
  if (!segments(source).some((seg) => seg.kind === 'code' && ARITHMETIC.test(source.slice(seg.from, seg.to)))) return source;
  let top: Node;
  try {
    const parse = dialect === 'expression' ? parseExpression : parseUnaryTests;
    top = parse(source, context, 'camunda').topNode as unknown as Node;
  } catch {
    return source;
  }
  let broken = false;
  let changed = false;
  const text = (node: Node): string => {
    if (node.type.isError) broken = true;
    const kids = children(node);
    if (node.name === 'ArithmeticExpression') {
      const op = kids.find((k) => k.name === 'ArithOp');
      const operands = kids.filter((k) => k !== op && !k.name.endsWith('Comment'));
      const symbol = op ? source.slice(op.from, op.to) : '';
      if (operands.length === 2 && OPERATIONS[symbol]) {
        changed = true;
        return `${OPERATIONS[symbol].name}(${text(operands[0])}, ${text(operands[1])})`;
      }
      if (operands.length === 1 && symbol === '-' && op && op.from < operands[0].from) {
        changed = true;
        return `${NEGATE}(${text(operands[0])})`;
      }
    }
    let out = '';
    let at = node.from;
    for (const kid of kids) {
      out += source.slice(at, kid.from) + text(kid);
      at = kid.to;
    }
    return out + source.slice(at, node.to);
  };
  const rewritten = source.slice(0, top.from) + text(top) + source.slice(top.to);
  return broken || !changed ? source : rewritten;
}
