/** Syntax checks without evaluation, for rejecting bad expressions at deployment. */
import { parseExpression, parseUnaryTests } from 'feelin';
import { expressionTooLong } from './budget';
import { parseContext } from './names';
import { rewriteRangeTypes } from './types';

export type FeelDialect = 'expression' | 'unary-tests';

/** Describes the first syntax error, or undefined when the source parses. */
export function findSyntaxError(source: string, dialect: FeelDialect): string | undefined {
  if (source.trim() === '') return dialect === 'expression' ? 'the expression is empty' : undefined;
  const tooLong = expressionTooLong(source);
  if (tooLong) return `failed to parse ${dialect === 'expression' ? 'expression' : 'unary-tests'} '${source.slice(0, 100)}…': ${tooLong}`;
  let error: { from: number; to: number } | undefined;
  // `range<T>` types are rewritten before evaluation too (types.ts)
  const typed = rewriteRangeTypes(source);
  try {
    const parse = dialect === 'expression' ? parseExpression : parseUnaryTests;
    parse(typed.source, { ...parseContext, ...typed.context }, 'camunda').iterate({
      enter(node) {
        if (error) return false;
        if (node.type.isError) {
          error = { from: node.from, to: node.to };
          return false;
        }
        return undefined;
      },
    });
  } catch (e) {
    return `failed to parse ${dialect === 'expression' ? 'expression' : 'unary-tests'} '${source}': ${(e as Error).message}`;
  }
  if (!error) return undefined;
  return `failed to parse ${dialect === 'expression' ? 'expression' : 'unary-tests'} '${source}': ${describe(typed.source, error)}`;
}

function describe(source: string, error: { from: number; to: number }): string {
  if (error.to > error.from) return `unexpected '${source.slice(error.from, error.to)}' at position ${error.from + 1}`;
  const rest = source.slice(error.from).trimStart();
  if (rest === '') return 'unexpected end of expression';
  const at = source.length - rest.length;
  return `unexpected '${rest.split(/\s/)[0]}' at position ${at + 1}`;
}
