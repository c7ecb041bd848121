/**
 * German for bpmn-js, the properties panel, the minimap and dmn-js: their `translate` service
 * replaced by one that looks the English template up in a dictionary (de.ts) when the UI is German.
 * English stays as the libraries write it. Templates without a German entry are collected in
 * `window.__untranslated`, so a browser test can show that a panel has no English left.
 */
import { locale } from '../../../web/i18n';
import { de } from './de';

declare global {
  interface Window {
    __untranslated?: Set<string>;
  }
}

export function translate(template: string, replacements: Record<string, string> = {}): string {
  let text = template;
  if (locale() === 'de') {
    const german = de[template];
    if (german !== undefined) text = german;
    else (window.__untranslated ??= new Set()).add(template);
  }
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements[key] ?? `{${key}}`);
}

/** The bpmn-js / diagram-js / dmn-js module that overrides the built-in `translate`. */
export default { translate: ['value', translate] };
