/** The template catalogue as a bpmn-js service: which templates fit an element, which one it uses, apply. */
import { elementTemplates, type ElementTemplate } from '../../element-templates';
import type { ModdleElement } from '../layout/moddle-types';
import { ApplyTemplateHandler } from './apply';

interface Shape {
  businessObject: ModdleElement;
  type: string;
}
interface CommandStack {
  registerHandler(name: string, handler: unknown): void;
  execute(name: string, ctx: unknown): void;
}

export class ElementTemplates {
  static $inject = ['commandStack'];
  readonly all: ElementTemplate[] = elementTemplates;

  constructor(private commandStack: CommandStack) {
    commandStack.registerHandler('workerTemplates.apply', ApplyTemplateHandler);
  }

  applicable(element: Shape): ElementTemplate[] {
    const bo = element?.businessObject;
    if (!bo) return [];
    return this.all.filter((t) => t.appliesTo.some((type) => bo.$instanceOf(type)));
  }

  /** The template the element was made from, if any (zeebe:modelerTemplate). */
  of(element: Shape): ElementTemplate | undefined {
    const id = element?.businessObject?.get?.('zeebe:modelerTemplate');
    if (id) return this.all.find((t) => t.id === id);
    // Elements written by hand (as in processes/) carry no template id: match by job type.
    const type = element?.businessObject
      ?.get?.('extensionElements')
      ?.get('values')
      ?.find((v: ModdleElement) => v.$instanceOf('zeebe:TaskDefinition'))?.type;
    return type
      ? this.all.find((t) =>
          t.properties.some((p) => p.binding.type === 'zeebe:taskDefinition' && p.binding.property === 'type' && p.value === type),
        )
      : undefined;
  }

  apply(element: Shape, template: ElementTemplate): Shape {
    const ctx = { element, template };
    this.commandStack.execute('workerTemplates.apply', ctx);
    return ctx.element;
  }
}
