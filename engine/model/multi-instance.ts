/** bpmn:multiInstanceLoopCharacteristics with zeebe:loopCharacteristics. */
import type { BuildContext } from './context';
import { feelStringLiteral } from './expressions';
import { body, bool, extensions, ref, str, type ModdleElement } from './moddle';
import type { MultiInstance } from './types';

export function readMultiInstance(el: ModdleElement, field: string, ctx: BuildContext): MultiInstance | undefined {
  const loop = ref(el, 'loopCharacteristics');
  if (!loop) return undefined;
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    ctx.problems.add(field, 'Standard loop characteristics are not supported; use multi-instance instead');
    return undefined;
  }
  const zeebeLoops = extensions(loop, 'zeebe:LoopCharacteristics');
  if (zeebeLoops.length !== 1) {
    ctx.problems.add(field, "Must have exactly one 'zeebe:loopCharacteristics' extension element");
    return undefined;
  }
  const zeebeLoop = zeebeLoops[0]!;
  const rawCollection = str(zeebeLoop, 'inputCollection');
  if (!rawCollection) ctx.problems.add(field, "Attribute 'inputCollection' must be present and not empty");
  const inputCollection = rawCollection ? ctx.expressions.feel(field, rawCollection, { mandatory: true }) : undefined;

  const outputCollection = str(zeebeLoop, 'outputCollection') || undefined;
  const rawOutputElement = str(zeebeLoop, 'outputElement') || undefined;
  if (outputCollection && !rawOutputElement) {
    ctx.problems.add(field, "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set");
  } else if (rawOutputElement && !outputCollection) {
    ctx.problems.add(field, "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set");
  }
  const outputElement = rawOutputElement ? ctx.expressions.feel(field, rawOutputElement) : undefined;
  const completionCondition = readCompletionCondition(body(loop, 'completionCondition'), field, ctx);
  if (inputCollection === undefined) return undefined;

  const result: MultiInstance = { sequential: bool(loop, 'isSequential') ?? false, inputCollection };
  const inputElement = str(zeebeLoop, 'inputElement') || undefined;
  if (inputElement) result.inputElement = inputElement;
  if (outputCollection) result.outputCollection = outputCollection;
  if (outputElement !== undefined) result.outputElement = outputElement;
  if (completionCondition !== undefined) result.completionCondition = completionCondition;
  return result;
}

/** Optional; Zeebe accepts a static value (which then fails at runtime as a non-boolean), so it is kept as a string literal. */
function readCompletionCondition(raw: string | undefined, field: string, ctx: BuildContext): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const expression = ctx.expressions.expression(field, raw.trim());
  if (!expression) return undefined;
  return expression.feel ?? feelStringLiteral(expression.raw);
}
