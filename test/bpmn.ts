/**
 * A compact way to write Camunda 8 BPMN in tests: elements are XML snippets, `flow` and `chain`
 * connect them. The output is ordinary BPMN XML with the zeebe extension namespace.
 */
let flowCounter = 0;

export function definitions(...processes: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_1" targetNamespace="http://bpmn.io/schema/bpmn">
${processes.join('\n')}
</bpmn:definitions>`;
}

/** A process; `extra` holds root elements such as messages, errors and signals. */
export function process(id: string, body: string[], extra: string[] = []): string {
  return definitions(`${extra.join('\n')}\n<bpmn:process id="${id}" isExecutable="true">\n${body.join('\n')}\n</bpmn:process>`);
}

export function flow(from: string, to: string, condition?: string, id?: string): string {
  const fid = id ?? `Flow_${from}_${to}_${++flowCounter}`;
  const cond = condition
    ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${escape(condition)}</bpmn:conditionExpression>`
    : '';
  return `<bpmn:sequenceFlow id="${fid}" sourceRef="${from}" targetRef="${to}">${cond}</bpmn:sequenceFlow>`;
}

export function chain(...ids: string[]): string[] {
  return ids.slice(1).map((to, i) => flow(ids[i], to));
}

export function start(id: string, inner = ''): string {
  return `<bpmn:startEvent id="${id}">${inner}</bpmn:startEvent>`;
}

export function end(id: string, inner = ''): string {
  return `<bpmn:endEvent id="${id}">${inner}</bpmn:endEvent>`;
}

export function ext(inner: string): string {
  return `<bpmn:extensionElements>${inner}</bpmn:extensionElements>`;
}

export function io(inputs: Record<string, string> = {}, outputs: Record<string, string> = {}): string {
  const i = Object.entries(inputs)
    .map(([t, s]) => `<zeebe:input source="${escape(s)}" target="${t}" />`)
    .join('');
  const o = Object.entries(outputs)
    .map(([t, s]) => `<zeebe:output source="${escape(s)}" target="${t}" />`)
    .join('');
  return `<zeebe:ioMapping>${i}${o}</zeebe:ioMapping>`;
}

export function serviceTask(
  id: string,
  type: string,
  opts: { retries?: number; io?: string; headers?: Record<string, string>; inner?: string; multi?: string } = {},
): string {
  const headers = opts.headers
    ? `<zeebe:taskHeaders>${Object.entries(opts.headers)
        .map(([k, v]) => `<zeebe:header key="${k}" value="${escape(v)}" />`)
        .join('')}</zeebe:taskHeaders>`
    : '';
  const retries = opts.retries !== undefined ? ` retries="${opts.retries}"` : '';
  return `<bpmn:serviceTask id="${id}">${ext(`<zeebe:taskDefinition type="${escape(type)}"${retries} />${headers}${opts.io ?? ''}`)}${opts.inner ?? ''}${opts.multi ?? ''}</bpmn:serviceTask>`;
}

export function multiInstance(opts: {
  sequential?: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}): string {
  const attrs = [`inputCollection="${escape(opts.inputCollection)}"`];
  if (opts.inputElement) attrs.push(`inputElement="${opts.inputElement}"`);
  if (opts.outputCollection) attrs.push(`outputCollection="${opts.outputCollection}"`);
  if (opts.outputElement) attrs.push(`outputElement="${escape(opts.outputElement)}"`);
  const cc = opts.completionCondition
    ? `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">${escape(opts.completionCondition)}</bpmn:completionCondition>`
    : '';
  return `<bpmn:multiInstanceLoopCharacteristics isSequential="${opts.sequential ? 'true' : 'false'}">${ext(`<zeebe:loopCharacteristics ${attrs.join(' ')} />`)}${cc}</bpmn:multiInstanceLoopCharacteristics>`;
}

export function message(id: string, name: string): string {
  return `<bpmn:message id="${id}" name="${escape(name)}" />`;
}

export function messageWithKey(id: string, name: string, correlationKey: string): string {
  return `<bpmn:message id="${id}" name="${escape(name)}">${ext(`<zeebe:subscription correlationKey="${escape(correlationKey)}" />`)}</bpmn:message>`;
}

export function error(id: string, code: string): string {
  return `<bpmn:error id="${id}" name="${code}" errorCode="${code}" />`;
}

export function signal(id: string, name: string): string {
  return `<bpmn:signal id="${id}" name="${escape(name)}" />`;
}

export function timer(kind: 'timeDuration' | 'timeDate' | 'timeCycle', value: string): string {
  return `<bpmn:timerEventDefinition><bpmn:${kind} xsi:type="bpmn:tFormalExpression">${escape(value)}</bpmn:${kind}></bpmn:timerEventDefinition>`;
}

export function escape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
