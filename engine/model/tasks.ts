/**
 * Task-specific extensions: job workers (service, send, job-based script/business rule tasks and
 * message throw events), zeebe:script, zeebe:calledDecision, zeebe:calledElement and receive tasks.
 */
import { readBinding } from './bindings';
import type { BuildContext } from './context';
import { readTaskDefinition, readTaskHeaders, requireTaskDefinition } from './job-worker';
import { readCatchMessage } from './messages';
import { bool, extensions, ref, str, type ModdleElement } from './moddle';
import type { FlowNode } from './types';
import { applyUserTask } from './user-task';

export function applyTaskExtensions(el: ModdleElement, node: FlowNode, ctx: BuildContext): void {
  switch (node.type) {
    case 'SERVICE_TASK':
    case 'SEND_TASK':
      node.taskDefinition = requireTaskDefinition(el, node.id, ctx);
      break;
    case 'END_EVENT':
    case 'INTERMEDIATE_THROW_EVENT':
      // Message throw events are job-based: a worker publishes the message.
      if (node.eventDefinition?.kind === 'message') node.taskDefinition = requireTaskDefinition(el, node.id, ctx);
      break;
    case 'SCRIPT_TASK':
      applyEither(el, node, 'zeebe:Script', 'script', ctx, () => {
        node.script = readScript(el, node.id, ctx);
      });
      break;
    case 'BUSINESS_RULE_TASK':
      applyEither(el, node, 'zeebe:CalledDecision', 'calledDecision', ctx, () => {
        node.calledDecision = readCalledDecision(el, node.id, ctx);
      });
      break;
    case 'USER_TASK':
      applyUserTask(el, node, ctx);
      break;
    case 'RECEIVE_TASK': {
      // The runtime subscribes receive tasks like message catch events.
      const message = readCatchMessage(ref(el, 'messageRef'), node.id, ctx, { subscription: true });
      if (message) node.eventDefinition = { kind: 'message', ...message };
      break;
    }
    case 'CALL_ACTIVITY':
      readCalledElement(el, node, ctx);
      break;
    default:
      break;
  }
  // Camunda user tasks keep their headers too (as custom headers of the task).
  if (node.taskDefinition || node.type === 'USER_TASK') node.taskHeaders = readTaskHeaders(el, node.id, ctx);
}

/** Script and business rule tasks run either natively or as a job, never both. */
function applyEither(
  el: ModdleElement,
  node: FlowNode,
  nativeType: string,
  nativeName: string,
  ctx: BuildContext,
  readNative: () => void,
): void {
  const natives = extensions(el, nativeType).length;
  const jobs = extensions(el, 'zeebe:TaskDefinition').length;
  if (!((natives === 1 && jobs === 0) || (natives === 0 && jobs === 1))) {
    ctx.problems.add(node.id, `Must have either one 'zeebe:${nativeName}' or one 'zeebe:taskDefinition' extension element`);
    return;
  }
  if (natives === 1) readNative();
  else node.taskDefinition = readTaskDefinition(el, node.id, ctx);
}

function readScript(el: ModdleElement, field: string, ctx: BuildContext): FlowNode['script'] {
  const script = extensions(el, 'zeebe:Script')[0];
  const raw = str(script, 'expression');
  const resultVariable = str(script, 'resultVariable');
  if (!raw) ctx.problems.add(field, "Attribute 'expression' must be present and not empty");
  if (!resultVariable) ctx.problems.add(field, "Attribute 'resultVariable' must be present and not empty");
  const expression = raw ? ctx.expressions.feel(field, raw, { mandatory: true }) : undefined;
  return expression !== undefined && resultVariable ? { expression, resultVariable } : undefined;
}

function readCalledDecision(el: ModdleElement, field: string, ctx: BuildContext): FlowNode['calledDecision'] {
  const ext = extensions(el, 'zeebe:CalledDecision')[0]!;
  const rawId = str(ext, 'decisionId');
  const resultVariable = str(ext, 'resultVariable');
  if (!rawId) ctx.problems.add(field, "Attribute 'decisionId' must be present and not empty");
  if (!resultVariable) ctx.problems.add(field, "Attribute 'resultVariable' must be present and not empty");
  const decisionId = rawId ? ctx.expressions.expression(field, rawId, { mandatory: true }) : undefined;
  const binding = readBinding(ext, field, ctx);
  return decisionId && resultVariable ? { decisionId, resultVariable, ...binding } : undefined;
}

function readCalledElement(el: ModdleElement, node: FlowNode, ctx: BuildContext): void {
  const all = extensions(el, 'zeebe:CalledElement');
  if (all.length !== 1) {
    ctx.problems.add(node.id, "Must have exactly one 'zeebe:calledElement' extension element");
    return;
  }
  const ext = all[0]!;
  const rawId = str(ext, 'processId');
  if (!rawId) {
    ctx.problems.add(node.id, "Attribute 'processId' must be present and not empty");
    return;
  }
  const processId = ctx.expressions.expression(node.id, rawId, { mandatory: true });
  const binding = readBinding(ext, node.id, ctx);
  if (!processId) return;
  node.calledElement = {
    processId,
    // Zeebe propagates all variables both ways unless switched off.
    propagateAllChildVariables: bool(ext, 'propagateAllChildVariables') ?? true,
    propagateAllParentVariables: bool(ext, 'propagateAllParentVariables') ?? true,
    ...binding,
  };
}
