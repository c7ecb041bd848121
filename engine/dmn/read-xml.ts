/**
 * Reads DMN XML with dmn-moddle, which knows DMN 1.3 only. DMN 1.1, 1.2, 1.4 and 1.5 files (which
 * Zeebe accepts too, reading them as 1.3) have the same decision elements, so their namespaces are
 * mapped to DMN 1.3 first. The diagram (DMNDI) is not needed to evaluate: like Camunda, problems in
 * it (shapes pointing to missing elements) are ignored.
 */
import { DmnModdle, type ModdleElement, type ModdleWarning } from 'dmn-moddle';
import { dmnPackage } from './dmn15-types';

export const DMN13_NS = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN13_DI_NS = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';

/** Older or alternative spellings → their DMN 1.3 counterpart. */
const NAMESPACE_ALIASES: Record<string, string> = {
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd': DMN13_NS, // DMN 1.1
  'http://www.omg.org/spec/DMN/20180521/MODEL/': DMN13_NS, // DMN 1.2
  'http://www.omg.org/spec/DMN/20191111/MODEL/': DMN13_NS, // DMN 1.3, http
  'https://www.omg.org/spec/DMN/20211108/MODEL/': DMN13_NS, // DMN 1.4 (its DMNDI is 1.3's)
  'https://www.omg.org/spec/DMN/20230324/MODEL/': DMN13_NS, // DMN 1.5
  'http://www.omg.org/spec/DMN/20180521/DMNDI/': DMN13_DI_NS,
  'https://www.omg.org/spec/DMN/20230324/DMNDI/': DMN13_DI_NS,
};

export type ReadResult = { definitions: ModdleElement } | { error: string };

/** The namespace URI of the root element, from its own xmlns declarations. */
function rootNamespace(xml: string): string | undefined {
  const root = /<(?:([\w.-]+):)?definitions\b([^>]*)>/.exec(xml);
  if (!root) return undefined;
  const attribute = root[1] ? `xmlns:${root[1]}` : 'xmlns';
  const declaration = new RegExp(`\\s${attribute}\\s*=\\s*(["'])(.*?)\\1`).exec(root[2]);
  return declaration?.[2];
}

export async function readDmnXml(xml: string): Promise<ReadResult> {
  const namespace = rootNamespace(xml);
  if (!namespace) return { error: 'Expected a DMN document with a <definitions> root element' };
  if (namespace !== DMN13_NS && NAMESPACE_ALIASES[namespace] !== DMN13_NS) {
    return { error: `Unsupported DMN namespace '${namespace}': expected DMN 1.1, 1.2, 1.3, 1.4 or 1.5 (${DMN13_NS})` };
  }
  let text = xml;
  for (const [alias, target] of Object.entries(NAMESPACE_ALIASES)) {
    text = text.split(`"${alias}"`).join(`"${target}"`).split(`'${alias}'`).join(`'${target}'`);
  }
  try {
    const { rootElement, warnings } = await DmnModdle({ dmn: dmnPackage }).fromXML(text, 'dmn:Definitions');
    const relevant = warnings.filter((w) => !inDiagram(w));
    if (relevant.length > 0) return { error: `Failed to parse DMN: ${firstLine(relevant[0].message)}` };
    return { definitions: rootElement };
  } catch (e) {
    return { error: `Failed to parse DMN: ${firstLine((e as Error).message)}` };
  }
}

/** A warning about the diagram interchange (dmndi:, dc:, di:), e.g. a shape whose element is missing. */
function inDiagram(warning: ModdleWarning): boolean {
  const type = warning.element?.$type ?? '';
  return /^(dmndi|dc|di):/.test(type);
}

function firstLine(message: string): string {
  const lines = message.split('\n');
  const nested = lines.find((l) => l.trim().startsWith('nested error:'));
  return nested ? `${lines[0]} (${nested.trim()})` : lines[0];
}

/** Typed access to moddle properties. */
export function str(el: ModdleElement | undefined, prop: string): string | undefined {
  const value = el?.[prop];
  return typeof value === 'string' ? value : undefined;
}

export function list(el: ModdleElement | undefined, prop: string): ModdleElement[] {
  const value = el?.[prop];
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

export function child(el: ModdleElement | undefined, prop: string): ModdleElement | undefined {
  const value = el?.[prop];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as ModdleElement) : undefined;
}
