/**
 * zeebe:ioMapping. Sources are FEEL in the model: `=expr` is stripped, a static input value becomes
 * a FEEL string literal (Zeebe passes it as a string), and an input without source maps `null`
 * (accepted since Camunda 8.8). Output sources must be expressions.
 */
import type { BuildContext } from './context';
import { feelStringLiteral } from './expressions';
import { extensions, list, str, type ModdleElement } from './moddle';
import type { Mapping } from './types';

const PATH_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const RESERVED_WORDS = ['null', 'true', 'false', 'function', 'if', 'then', 'else', 'for', 'between', 'instance', 'of'];

export function readMappings(el: ModdleElement, field: string, ctx: BuildContext): { inputs: Mapping[]; outputs: Mapping[] } {
  const ioMapping = extensions(el, 'zeebe:IoMapping')[0];
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  for (const param of list(ioMapping, 'inputParameters')) {
    const target = checkedTarget(str(param, 'target'), field, ctx);
    const source = inputSource(str(param, 'source'), field, ctx);
    if (target !== undefined && source !== undefined) inputs.push({ source, target });
  }
  for (const param of list(ioMapping, 'outputParameters')) {
    const target = checkedTarget(str(param, 'target'), field, ctx);
    const source = ctx.expressions.feel(field, str(param, 'source'), { mandatory: true });
    if (target !== undefined && source !== undefined) outputs.push({ source, target });
  }
  return { inputs, outputs };
}

function inputSource(raw: string | undefined, field: string, ctx: BuildContext): string | undefined {
  if (raw === undefined || raw === '') return 'null';
  const expression = ctx.expressions.expression(field, raw);
  if (!expression) return undefined;
  return expression.feel ?? feelStringLiteral(raw);
}

function checkedTarget(target: string | undefined, field: string, ctx: BuildContext): string | undefined {
  if (target === undefined || target === '') {
    ctx.problems.add(field, 'Expected path expression but not found.');
    return undefined;
  }
  if (!PATH_PATTERN.test(target)) {
    ctx.problems.add(field, `Expected path expression '${target}' but doesn't match the pattern '${PATH_PATTERN.source.slice(1, -1)}'.`);
    return undefined;
  }
  if (RESERVED_WORDS.includes(target)) {
    ctx.problems.add(field, `Expected path expression '${target}' but is one of the reserved words (${RESERVED_WORDS.join(', ')}).`);
    return undefined;
  }
  return target;
}
