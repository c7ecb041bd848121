/**
 * The element templates of the product's job workers (Camunda 8 element template schema), one
 * JSON file per worker family. An analyst picks "Credit check · SCHUFA" instead of typing
 * `credit-check.schufa`.
 */
import order from './order.json';
import credit from './credit-check.json';
import documents from './documents.json';
import mail from './mail.json';
import { locale } from '../../web/i18n';
import { labelsDe, templatesDe } from './de';

export interface TemplateBinding {
  type: 'property' | 'zeebe:taskDefinition' | 'zeebe:taskHeader' | 'zeebe:input' | 'zeebe:output';
  name?: string;
  property?: string;
  key?: string;
  source?: string;
}

export interface TemplateProperty {
  type: string;
  label?: string;
  description?: string;
  value?: string | number | boolean;
  binding: TemplateBinding;
}

export interface ElementTemplate {
  $schema: string;
  id: string;
  name: string;
  version?: number;
  description?: string;
  category?: { id: string; name: string };
  appliesTo: string[];
  elementType?: { value: string };
  properties: TemplateProperty[];
}

const all = [...order, ...credit, ...documents, ...mail] as (ElementTemplate & { groups?: { id: string; label: string }[] })[];

/** The templates in the UI's language: the JSON files are English, German comes from de.ts at load time. */
function localised(lang: 'de' | 'en'): ElementTemplate[] {
  if (lang === 'en') return all;
  const label = (s: string | undefined) => (s === undefined ? s : (labelsDe[s] ?? s));
  return all.map((tpl) => ({
    ...tpl,
    ...(templatesDe[tpl.id] ?? {}),
    category: tpl.category && { ...tpl.category, name: label(tpl.category.name)! },
    groups: tpl.groups?.map((g) => ({ ...g, label: label(g.label)! })),
    properties: tpl.properties.map((p) => ({ ...p, label: label(p.label), description: label(p.description) })),
  }));
}

export const elementTemplates: ElementTemplate[] = localised(typeof document === 'undefined' ? 'en' : locale());
