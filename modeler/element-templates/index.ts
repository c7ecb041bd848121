/**
 * The element templates of the product's job workers (Camunda 8 element template schema), one
 * JSON file per worker family. An analyst picks "Credit check · SCHUFA" instead of typing
 * `credit-check.schufa`.
 */
import order from './order.json';
import credit from './credit-check.json';
import documents from './documents.json';
import mail from './mail.json';

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

export const elementTemplates: ElementTemplate[] = [...order, ...credit, ...documents, ...mail] as ElementTemplate[];
