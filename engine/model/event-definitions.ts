/**
 * Event definitions: which kinds each event position supports (Zeebe's rules narrowed to what this
 * engine runs), and reading message, timer, signal, error, escalation, link and terminate definitions.
 */
import type { BuildContext, Scope } from './context';
import { readCatchMessage, readSignal, readThrowMessage } from './messages';
import { body, bool, list, localType, ref, str, type ModdleElement } from './moddle';
import { staticTimerProblem, type TimerType } from './timers';
import type { EventDefinition, Expression, FlowNode } from './types';

type Kind = 'message' | 'timer' | 'signal' | 'error' | 'terminate' | 'link' | 'escalation' | 'compensate' | 'conditional' | 'other';
type Position = 'processStart' | 'subProcessStart' | 'eventSubProcessStart' | 'end' | 'catch' | 'throw' | 'boundary';

interface PositionRules {
  label: string;
  /** Kinds this engine executes (none is handled separately). */
  engine: Kind[];
  /** Kinds Zeebe 8.8 executes but this engine does not. */
  zeebeOnly: Kind[];
  /** Zeebe's message for anything else. */
  unsupported: string;
}

const RULES: Record<Position, PositionRules> = {
  processStart: {
    label: 'start',
    engine: ['message', 'timer', 'signal'],
    zeebeOnly: ['conditional'],
    unsupported: 'Start events must be one of: none, message, timer or signal',
  },
  subProcessStart: {
    label: 'start',
    engine: [],
    zeebeOnly: [],
    unsupported: 'Start events in subprocesses must be of type none',
  },
  eventSubProcessStart: {
    label: 'start',
    engine: ['message', 'timer', 'error', 'signal', 'escalation'],
    // Zeebe 8.8 rejects compensation event sub-processes as any other unsupported start (SubProcessValidator).
    zeebeOnly: ['conditional'],
    unsupported: 'Start events in event subprocesses must be one of: message, timer, error, signal or escalation',
  },
  end: {
    label: 'end',
    engine: ['error', 'message', 'terminate', 'signal', 'escalation', 'compensate'],
    zeebeOnly: [],
    unsupported: 'End events must be one of: none, error, message, terminate, signal, escalation or compensation',
  },
  catch: {
    label: 'intermediate catch',
    engine: ['message', 'timer', 'signal', 'link'],
    zeebeOnly: ['conditional'],
    unsupported: 'Event definition must be one of: message, timer, signal, link, or conditional',
  },
  throw: {
    label: 'intermediate throw',
    engine: ['message', 'link', 'signal', 'escalation', 'compensate'],
    zeebeOnly: [],
    unsupported: 'Event definition of this type is not supported',
  },
  boundary: {
    label: 'boundary',
    engine: ['message', 'timer', 'error', 'signal', 'escalation', 'compensate'],
    zeebeOnly: [],
    unsupported: 'Boundary events must be one of: timer, message, error, signal, escalation',
  },
};

const KIND_LABEL: Partial<Record<Kind, string>> = {
  signal: 'Signal',
  escalation: 'Escalation',
  compensate: 'Compensation',
  conditional: 'Conditional',
};

const NON_INTERRUPTING_KINDS: Kind[] = ['message', 'timer', 'signal', 'escalation', 'conditional'];

function kindOf(definition: ModdleElement): Kind {
  const kind = localType(definition)
    .replace(/EventDefinition$/, '')
    .toLowerCase();
  const known: Kind[] = ['message', 'timer', 'signal', 'error', 'terminate', 'link', 'escalation', 'compensate', 'conditional'];
  return (known as string[]).includes(kind) ? (kind as Kind) : 'other';
}

function positionOf(node: FlowNode, scope: Scope): Position | undefined {
  switch (node.type) {
    case 'START_EVENT':
      return scope.kind === 'process' ? 'processStart' : scope.kind === 'subProcess' ? 'subProcessStart' : 'eventSubProcessStart';
    case 'END_EVENT':
      return 'end';
    case 'INTERMEDIATE_CATCH_EVENT':
      return 'catch';
    case 'INTERMEDIATE_THROW_EVENT':
      return 'throw';
    case 'BOUNDARY_EVENT':
      return 'boundary';
    default:
      return undefined;
  }
}

/** The node's event definition; `{kind:'none'}` for plain start, end and throw events. */
export function readEventDefinition(el: ModdleElement, node: FlowNode, scope: Scope, ctx: BuildContext): EventDefinition | undefined {
  const position = positionOf(node, scope);
  if (!position) return undefined;
  const definitions = list(el, 'eventDefinitions');
  if (!checkCount(position, definitions.length, node.id, ctx)) return undefined;

  const definition = definitions[0];
  if (!definition) {
    if (position === 'eventSubProcessStart') ctx.problems.add(node.id, RULES[position].unsupported);
    return position === 'catch' || position === 'boundary' ? undefined : { kind: 'none' };
  }
  const kind = kindOf(definition);
  const rules = RULES[position];
  if (kind === 'compensate' && position === 'eventSubProcessStart') {
    rejectCompensationEventSubProcess(el, scope, ctx);
    return undefined;
  }
  if (!rules.engine.includes(kind)) {
    const label = KIND_LABEL[kind];
    ctx.problems.add(
      node.id,
      rules.zeebeOnly.includes(kind) && label ? `${label} ${rules.label} events are not supported by this engine` : rules.unsupported,
    );
    return undefined;
  }
  if (node.interrupting === false && !NON_INTERRUPTING_KINDS.includes(kind)) {
    ctx.problems.add(node.id, 'Non-Interrupting event of this type is not allowed');
  }
  return readDefinition(kind, definition, position, node, ctx);
}

function checkCount(position: Position, count: number, field: string, ctx: BuildContext): boolean {
  if (position.endsWith('Start')) {
    if (count > 1) ctx.problems.add(field, "Start event can't have more than one type");
    return count <= 1;
  }
  if (position === 'end' || position === 'throw') {
    if (count > 1) ctx.problems.add(field, 'Must have at most one event definition');
    return count <= 1;
  }
  if (count !== 1) ctx.problems.add(field, 'Must have exactly one event definition');
  return count === 1;
}

function readDefinition(
  kind: Kind,
  definition: ModdleElement,
  position: Position,
  node: FlowNode,
  ctx: BuildContext,
): EventDefinition | undefined {
  const field = node.id;
  switch (kind) {
    case 'message': {
      if (position === 'end' || position === 'throw') {
        return { kind: 'message', ...readThrowMessage(ref(definition, 'messageRef'), field, ctx) };
      }
      const message = readCatchMessage(ref(definition, 'messageRef'), field, ctx, { subscription: position !== 'processStart' });
      return message && { kind: 'message', ...message };
    }
    case 'signal': {
      const signalName = readSignal(ref(definition, 'signalRef'), field, ctx, { constant: position === 'processStart' });
      return signalName && { kind: 'signal', signalName };
    }
    case 'timer':
      return readTimer(definition, position, node, ctx);
    case 'error':
      return readError(definition, position, field, ctx);
    case 'escalation':
      return readEscalation(definition, position, field, ctx);
    case 'link': {
      const linkName = str(definition, 'name');
      if (!linkName) {
        ctx.problems.add(field, 'Link name must be present and not empty.');
        return undefined;
      }
      return { kind: 'link', linkName };
    }
    case 'terminate':
      return { kind: 'terminate' };
    case 'compensate':
      return readCompensation(definition, position, field, ctx);
    default:
      return undefined;
  }
}

function readTimer(definition: ModdleElement, position: Position, node: FlowNode, ctx: BuildContext): EventDefinition | undefined {
  const field = node.id;
  const values: [TimerType, string | undefined][] = [
    ['date', body(definition, 'timeDate')],
    ['cycle', body(definition, 'timeCycle')],
    ['duration', body(definition, 'timeDuration')],
  ];
  const present = values.filter((v): v is [TimerType, string] => v[1] !== undefined);
  if (present.length !== 1) {
    ctx.problems.add(field, 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const [timerType, raw] = present[0]!;
  if (position === 'catch' && timerType === 'cycle') {
    ctx.problems.add(field, 'Intermediate timer catch event must have either a time duration or a time date.');
    return undefined;
  }
  if (timerType === 'cycle' && node.interrupting === true && position !== 'processStart') {
    ctx.problems.add(field, 'Interrupting timer event with time cycle is not allowed.');
    return undefined;
  }
  const expression = ctx.expressions.expression(field, raw.trim());
  if (!expression) return undefined;
  if (expression.feel === null) {
    const problem = staticTimerProblem(timerType, expression.raw);
    if (problem) {
      ctx.problems.add(field, problem);
      return undefined;
    }
  }
  return { kind: 'timer', timerType, expression };
}

/**
 * Errors and escalations, by Zeebe's rules: a thrown one needs a code (FEEL allowed; an escalation
 * is thrown by end and intermediate throw events, an error by end events); a catch event's code
 * is static, and a catch event without one catches all.
 */
function readCoded(
  kind: 'error' | 'escalation',
  definition: ModdleElement,
  position: Position,
  field: string,
  ctx: BuildContext,
): Expression | 'catch-all' | undefined {
  const referenced = ref(definition, `${kind}Ref`);
  const code = str(referenced, `${kind}Code`);
  if (position === 'end' || position === 'throw') {
    if (!referenced) ctx.problems.add(field, `Must reference an ${kind}`);
    else if (!code) ctx.problems.add(field, `${kind === 'error' ? 'ErrorCode' : 'EscalationCode'} must be present and not empty`);
    return code ? ctx.expressions.expression(field, code) : undefined;
  }
  if (!code) return 'catch-all';
  if (code.startsWith('=')) {
    ctx.problems.add(field, `The ${kind}Code of the ${kind} catch event is not allowed to be an expression`);
    return undefined;
  }
  return { raw: code, feel: null };
}

function readError(definition: ModdleElement, position: Position, field: string, ctx: BuildContext): EventDefinition | undefined {
  const code = readCoded('error', definition, position, field, ctx);
  return code && { kind: 'error', ...(code !== 'catch-all' && { errorCode: code }) };
}

function readEscalation(definition: ModdleElement, position: Position, field: string, ctx: BuildContext): EventDefinition | undefined {
  const code = readCoded('escalation', definition, position, field, ctx);
  return code && { kind: 'escalation', ...(code !== 'catch-all' && { escalationCode: code }) };
}

/**
 * Zeebe's rules for a compensation definition: a throw event waits for its handlers
 * (`waitForCompletion` false is rejected); the `activityRef` is checked once the model is complete
 * (./compensation.ts). A boundary event's handler is its association's target (./compensation.ts).
 */
function readCompensation(definition: ModdleElement, position: Position, field: string, ctx: BuildContext): EventDefinition {
  if (bool(definition, 'waitForCompletion') === false) {
    if (position === 'throw') {
      ctx.problems.add(field, 'A compensation intermediate throwing event waitForCompletion attribute must be true or not present');
    } else if (position === 'end') {
      ctx.problems.add(field, 'A compensation end event waitForCompletion attribute must be true or not present');
    }
  }
  const activityRef = str(ref(definition, 'activityRef'), 'id');
  return position !== 'boundary' && activityRef ? { kind: 'compensate', activityRef } : { kind: 'compensate' };
}

/** Zeebe 8.8 (SubProcessValidator) does not deploy compensation event sub-processes; it names the event sub-process. */
function rejectCompensationEventSubProcess(el: ModdleElement, scope: Scope, ctx: BuildContext): void {
  const eventSubProcess = el.$parent;
  if (!eventSubProcess?.$parent?.$instanceOf('bpmn:SubProcess')) {
    ctx.problems.add(scope.id, 'A compensation event subprocess is not allowed on the process level');
  }
  ctx.problems.add(scope.id, RULES.eventSubProcessStart.unsupported);
}
