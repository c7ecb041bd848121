/**
 * Applying a template as one command, so a single undo reverts it: nested modeling calls made in
 * preExecute are recorded as part of this command by diagram-js.
 */
import type { ElementTemplate, TemplateProperty } from '../../element-templates';
import type { ModdleElement } from '../layout/moddle-types';

interface Shape {
  businessObject: ModdleElement;
  type: string;
}
interface Modeling {
  updateProperties(el: Shape, props: Record<string, unknown>): void;
  updateModdleProperties(el: Shape, target: ModdleElement, props: Record<string, unknown>): void;
}
interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}
interface BpmnReplace {
  replaceElement(el: Shape, target: { type: string }): Shape;
}

export interface ApplyContext {
  element: Shape;
  template: ElementTemplate;
}

export class ApplyTemplateHandler {
  static $inject = ['modeling', 'bpmnFactory', 'bpmnReplace'];
  constructor(
    private modeling: Modeling,
    private bpmnFactory: BpmnFactory,
    private bpmnReplace: BpmnReplace,
  ) {}

  preExecute(ctx: ApplyContext): void {
    const { template } = ctx;
    let element = ctx.element;
    const wanted = template.elementType?.value;
    if (wanted && element.type !== wanted) element = ctx.element = this.bpmnReplace.replaceElement(element, { type: wanted });
    const values = (kind: TemplateProperty['binding']['type']) => template.properties.filter((p) => p.binding.type === kind);

    const props: Record<string, unknown> = { 'zeebe:modelerTemplate': template.id, 'zeebe:modelerTemplateVersion': template.version ?? 1 };
    for (const p of values('property')) props[p.binding.name!] = p.value;
    this.modeling.updateProperties(element, props);

    const ext = this.extensionElements(element);
    const taskDefinition = Object.fromEntries(values('zeebe:taskDefinition').map((p) => [p.binding.property!, String(p.value ?? '')]));
    this.replaceExtension(element, ext, 'zeebe:TaskDefinition', Object.keys(taskDefinition).length ? taskDefinition : undefined);

    const headers = values('zeebe:taskHeader').map((p) =>
      this.bpmnFactory.create('zeebe:Header', { key: p.binding.key, value: String(p.value ?? '') }),
    );
    this.replaceExtension(element, ext, 'zeebe:TaskHeaders', headers.length ? { values: headers } : undefined);

    const inputs = values('zeebe:input').map((p) =>
      this.bpmnFactory.create('zeebe:Input', { target: p.binding.name, source: String(p.value ?? '') }),
    );
    const outputs = values('zeebe:output').map((p) =>
      this.bpmnFactory.create('zeebe:Output', { source: p.binding.source, target: String(p.value ?? '') }),
    );
    this.replaceExtension(
      element,
      ext,
      'zeebe:IoMapping',
      inputs.length || outputs.length ? { inputParameters: inputs, outputParameters: outputs } : undefined,
    );
  }

  execute(): unknown[] {
    return [];
  }
  revert(): unknown[] {
    return [];
  }

  private extensionElements(element: Shape): ModdleElement {
    const bo = element.businessObject;
    let ext = bo.get('extensionElements');
    if (!ext) {
      ext = this.bpmnFactory.create('bpmn:ExtensionElements', { values: [] });
      this.modeling.updateProperties(element, { extensionElements: ext });
    }
    return ext;
  }

  /** Replaces the template-owned extension of `type` (or removes it when attrs is undefined). */
  private replaceExtension(element: Shape, ext: ModdleElement, type: string, attrs: Record<string, unknown> | undefined): void {
    const kept = (ext.get('values') as ModdleElement[]).filter((v) => !v.$instanceOf(type));
    if (attrs) {
      const created = this.bpmnFactory.create(type, attrs);
      created.$parent = ext;
      for (const list of ['values', 'inputParameters', 'outputParameters'])
        for (const child of (attrs[list] as ModdleElement[] | undefined) ?? []) child.$parent = created;
      kept.push(created);
    }
    this.modeling.updateModdleProperties(element, ext, { values: kept });
  }
}
