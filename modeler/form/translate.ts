/**
 * German for the form editor's own chrome. form-js has no translation hook (unlike bpmn-js'
 * `translate`), so its palette and properties panel are translated where they render: a
 * MutationObserver replaces texts, titles and placeholders that match the dictionary. Only inside
 * the palette and the properties panel — the analyst's own form (labels they typed) is never touched.
 */
import { formEditorDe } from './de';

const SCOPES = '.fjs-palette-container, .fjs-properties-container';
const ATTRIBUTES = ['title', 'placeholder', 'aria-label'];

function translateNode(node: Node, dictionary: Record<string, string>): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node.textContent ?? '';
    const key = text.trim();
    const de = dictionary[key];
    if (de && de !== key) node.textContent = text.replace(key, de);
    return;
  }
  if (!(node instanceof Element)) return;
  for (const name of ATTRIBUTES) {
    const value = node.getAttribute(name);
    if (value && dictionary[value]) node.setAttribute(name, dictionary[value]);
  }
  for (const child of Array.from(node.childNodes)) translateNode(child, dictionary);
}

const inScope = (node: Node) => !!(node instanceof Element ? node : node.parentElement)?.closest(SCOPES);

/** Translates the form editor under `host` while it lives; returns the function that stops it. */
export function translateFormEditor(host: HTMLElement, locale: 'de' | 'en'): () => void {
  if (locale !== 'de') return () => {};
  const dictionary = formEditorDe;
  host.querySelectorAll(SCOPES).forEach((scope) => translateNode(scope, dictionary));
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'characterData' || m.type === 'attributes') {
        if (inScope(m.target)) translateNode(m.target, dictionary);
        continue;
      }
      // A whole palette or panel may arrive at once, under a parent outside the scopes.
      m.addedNodes.forEach((n) => {
        if (inScope(n)) translateNode(n, dictionary);
        else if (n instanceof Element) n.querySelectorAll(SCOPES).forEach((scope) => translateNode(scope, dictionary));
      });
    }
  });
  observer.observe(host, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  return () => observer.disconnect();
}
