/**
 * bpmn:message and bpmn:signal references of events and receive tasks. Catching a message needs a
 * name and a zeebe:subscription correlation key (except on process start events); names may be FEEL.
 */
import type { BuildContext } from './context';
import { extensions, str, type ModdleElement } from './moddle';
import type { Expression } from './types';

export interface MessageRef {
  messageName: Expression;
  correlationKey?: Expression;
}

const FEEL_STRING_LITERAL = /^\s*"(?:[^"\\]|\\.)*"\s*$/;

/**
 * A catching message. `subscription` is false for process start events, whose messages are not
 * correlated by key; their name must be constant because there is no process instance to evaluate it in.
 */
export function readCatchMessage(
  message: ModdleElement | undefined,
  field: string,
  ctx: BuildContext,
  options: { subscription: boolean },
): MessageRef | undefined {
  if (!message) {
    ctx.problems.add(field, 'Must reference a message');
    return undefined;
  }
  const messageName = readName(message, field, ctx, !options.subscription);
  if (!options.subscription) return messageName && { messageName };

  const subscriptions = extensions(message, 'zeebe:Subscription');
  if (subscriptions.length !== 1) {
    ctx.problems.add(field, 'Must have exactly one zeebe:subscription extension element');
    return undefined;
  }
  const key = str(subscriptions[0], 'correlationKey');
  if (!key) {
    ctx.problems.add(field, "Attribute 'correlationKey' must be present and not empty");
    return undefined;
  }
  const correlationKey = ctx.expressions.expression(field, key, { mandatory: true, nonStatic: true });
  return messageName && correlationKey && { messageName, correlationKey };
}

/** A thrown message (job-based end/throw event): the reference is optional, the job worker publishes. */
export function readThrowMessage(message: ModdleElement | undefined, field: string, ctx: BuildContext): MessageRef {
  const name = str(message, 'name');
  const messageName = name ? ctx.expressions.expression(field, name) : undefined;
  return { messageName: messageName ?? { raw: '', feel: null } };
}

export function readSignal(
  signal: ModdleElement | undefined,
  field: string,
  ctx: BuildContext,
  options: { constant: boolean },
): Expression | undefined {
  if (!signal) {
    ctx.problems.add(field, 'Must reference a signal');
    return undefined;
  }
  return readName(signal, field, ctx, options.constant);
}

function readName(el: ModdleElement, field: string, ctx: BuildContext, constant: boolean): Expression | undefined {
  const name = str(el, 'name');
  if (!name) {
    ctx.problems.add(field, 'Name must be present and not empty');
    return undefined;
  }
  const expression = ctx.expressions.expression(field, name);
  if (expression?.feel != null && constant && !FEEL_STRING_LITERAL.test(expression.feel)) {
    // Zeebe evaluates it without variables; this parser only accepts a FEEL string literal.
    ctx.problems.add(field, `Expected constant expression but found '${name}', which could not be evaluated without context`);
    return undefined;
  }
  return expression;
}
