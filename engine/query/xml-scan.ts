/**
 * A small, forgiving XML element scanner for what the read models need from deployed BPMN:
 * element names and start forms. The engine's parser has already validated every deployed file,
 * so this only has to read well-formed XML; it ignores text content.
 */

export interface XmlElement {
  /** Local name, without namespace prefix. */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<![^>]*>|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decode(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

/** Parses the element tree; returns the root element, or undefined for no element at all. */
export function scanXml(xml: string): XmlElement | undefined {
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  for (const m of xml.matchAll(TOKEN)) {
    const [, closing, qname, attrText, selfClosing] = m;
    if (!qname) continue;
    if (closing) {
      const name = localName(qname);
      // Pop to the matching open element; tolerate stray closers.
      for (let i = stack.length - 1; i > 0; i--) {
        if (stack[i].name === name) {
          stack.length = i;
          break;
        }
      }
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of (attrText ?? '').matchAll(ATTR)) attrs[localName(a[1])] = decode(a[2] ?? a[3] ?? '');
    const el: XmlElement = { name: localName(qname), attrs, children: [] };
    stack[stack.length - 1].children.push(el);
    if (!selfClosing) stack.push(el);
  }
  return root.children[0];
}

export function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const c of el.children) {
    yield c;
    yield* descendants(c);
  }
}

/** Element id → name for every element of the file that has both. */
export function elementNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  const root = scanXml(xml);
  if (!root) return names;
  for (const el of descendants(root)) {
    if (el.attrs.id && el.attrs.name) names.set(el.attrs.id, el.attrs.name);
  }
  return names;
}

export interface StartForm {
  /** A linked Camunda form (`zeebe:formDefinition formId`). */
  formId?: string;
  /** An embedded form key or an external reference. */
  formKey?: string;
  externalReference?: string;
}

/** The form of the process's none start event, if it has one. */
export function startForm(xml: string, bpmnProcessId: string): StartForm | undefined {
  const root = scanXml(xml);
  if (!root) return undefined;
  const process = [...descendants(root)].find((e) => e.name === 'process' && e.attrs.id === bpmnProcessId);
  if (!process) return undefined;
  for (const start of process.children.filter((c) => c.name === 'startEvent')) {
    const ext = start.children.find((c) => c.name === 'extensionElements');
    const def = ext?.children.find((c) => c.name === 'formDefinition');
    if (!def) continue;
    const form: StartForm = {};
    if (def.attrs.formId) form.formId = def.attrs.formId;
    if (def.attrs.formKey) form.formKey = def.attrs.formKey;
    if (def.attrs.externalReference) form.externalReference = def.attrs.externalReference;
    return form;
  }
  return undefined;
}
