/**
 * German for parts of the editors that have no translation hook (form-js' palette and properties
 * panel, the token simulation's buttons and log): they are translated where they render. A
 * MutationObserver replaces texts, titles and placeholders that match a dictionary, only inside
 * the given scopes — the analyst's own content (labels they typed) is never touched.
 */
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

/** Translates what renders under `host` inside `scopes` (a selector) while it lives; returns the stop function. */
export function translateDom(host: HTMLElement, scopes: string, dictionary: Record<string, string>): () => void {
  const inScope = (node: Node) => !!(node instanceof Element ? node : node.parentElement)?.closest(scopes);
  host.querySelectorAll(scopes).forEach((scope) => translateNode(scope, dictionary));
  const observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'characterData' || m.type === 'attributes') {
        if (inScope(m.target)) translateNode(m.target, dictionary);
        continue;
      }
      // A whole palette or panel may arrive at once, under a parent outside the scopes.
      m.addedNodes.forEach((n) => {
        if (inScope(n)) translateNode(n, dictionary);
        else if (n instanceof Element) n.querySelectorAll(scopes).forEach((scope) => translateNode(scope, dictionary));
      });
    }
  });
  observer.observe(host, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  return () => observer.disconnect();
}
