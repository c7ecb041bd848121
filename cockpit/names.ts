/**
 * How the cockpit names BPMN elements: by their name in the diagram, unnamed ones by their type in
 * the UI language (never the raw id, which stays in the tooltip), types in the UI language.
 */
import { t } from '../web/i18n';

export interface BpmnNames {
  /** The element's name, or its type's label when it has none. */
  label(elementId: string, type?: string): string;
  /** The type (`EXCLUSIVE_GATEWAY`) in the UI language. */
  typeLabel(type: string): string;
  /** The element's type as the /v2 API spells it, from its tag in the XML. */
  typeOf(elementId: string): string | undefined;
}

/** `exclusiveGateway` → `EXCLUSIVE_GATEWAY`, the /v2 element type. */
export const tagToType = (tag: string) => tag.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

export function typeLabel(type: string): string {
  const key = `ck.type.${type}`;
  const label = t(key);
  return label === key ? type.toLowerCase().replace(/_/g, ' ') : label;
}

export function bpmnNames(xml: string): BpmnNames {
  const byId = new Map<string, { name?: string; type: string }>();
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    const id = el.getAttribute('id');
    if (!id || el.namespaceURI !== 'http://www.omg.org/spec/BPMN/20100524/MODEL') continue;
    const type =
      el.localName === 'subProcess' && el.getAttribute('triggeredByEvent') === 'true' ? 'EVENT_SUB_PROCESS' : tagToType(el.localName);
    byId.set(id, { name: el.getAttribute('name')?.trim() || undefined, type });
  }
  return {
    label: (id, type) => byId.get(id)?.name ?? typeLabel(type ?? byId.get(id)?.type ?? 'UNSPECIFIED'),
    typeLabel,
    typeOf: (id) => byId.get(id)?.type,
  };
}
