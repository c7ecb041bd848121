/**
 * Reading BPMN XML with bpmn-moddle and the zeebe extension, plus typed accessors for the untyped
 * moddle elements. Nothing here knows Zeebe rules.
 */
import { BpmnModdle, type ModdleElement, type ParseWarning } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json';

export type { ModdleElement, ParseWarning };

export interface ReadResult {
  definitions: ModdleElement;
  warnings: ParseWarning[];
}

/** Parses the XML; throws the moddle error (with its message) when it is not a BPMN document. */
export async function readBpmnXml(xml: string): Promise<ReadResult> {
  const moddle = BpmnModdle({ zeebe: zeebeDescriptor });
  const result = await moddle.fromXML(xml);
  return { definitions: result.rootElement, warnings: result.warnings };
}

/** The moddle type without namespace, e.g. `ComplexGateway` for `bpmn:ComplexGateway`. */
export function localType(el: ModdleElement): string {
  const type = el.$type;
  return type.slice(type.indexOf(':') + 1);
}

export function str(el: ModdleElement | undefined, prop: string): string | undefined {
  const value = el?.[prop];
  return typeof value === 'string' ? value : undefined;
}

export function bool(el: ModdleElement | undefined, prop: string): boolean | undefined {
  const value = el?.[prop];
  return typeof value === 'boolean' ? value : undefined;
}

/** A resolved reference or a contained element; undefined when absent or unresolved. */
export function ref(el: ModdleElement | undefined, prop: string): ModdleElement | undefined {
  const value = el?.[prop];
  return isElement(value) ? value : undefined;
}

export function list(el: ModdleElement | undefined, prop: string): ModdleElement[] {
  const value = el?.[prop];
  return Array.isArray(value) ? value.filter(isElement) : [];
}

/** Extension elements of an exact type such as `zeebe:TaskDefinition`. */
export function extensions(el: ModdleElement | undefined, type: string): ModdleElement[] {
  return allExtensions(el).filter((ext) => ext.$type === type);
}

export function allExtensions(el: ModdleElement | undefined): ModdleElement[] {
  return list(ref(el, 'extensionElements'), 'values');
}

/** The text of a `bpmn:FormalExpression` child such as `conditionExpression` or `timeDuration`. */
export function body(el: ModdleElement | undefined, prop: string): string | undefined {
  const expression = ref(el, prop);
  if (!expression) return undefined;
  return str(expression, 'body') ?? '';
}

/**
 * The id to report a problem of `el` under: its flow element or root element (process, message,
 * error, ...), which users know from the modeler, else the nearest ancestor with an id.
 */
export function owningId(el: ModdleElement | undefined): string | undefined {
  let nearest: string | undefined;
  for (let cur = el; cur; cur = cur.$parent) {
    const id = str(cur, 'id');
    if (!id) continue;
    // Event definitions are root elements in BPMN too, but users know the event, not its definition.
    const known = cur.$instanceOf('bpmn:FlowElement') || (cur.$instanceOf('bpmn:RootElement') && !cur.$instanceOf('bpmn:EventDefinition'));
    if (known) return id;
    nearest ??= id;
  }
  return nearest;
}

function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}
