/**
 * "Apply template" in the context pad of a task opens a searchable popup menu of the worker
 * templates, grouped by family (Order, Credit check, Documents, Mail).
 */
import { t } from '../../../web/i18n';
import type { ElementTemplates } from './element-templates';
import type { ModdleElement } from '../layout/moddle-types';

interface Shape {
  businessObject: ModdleElement;
  type: string;
  id: string;
}
interface PopupMenu {
  registerProvider(id: string, p: unknown): void;
  open(target: unknown, id: string, pos: { x: number; y: number; cursor?: unknown }, opts?: unknown): void;
}
interface ContextPad {
  registerProvider(p: unknown): void;
  getPad(el: unknown): { html: HTMLElement };
}
interface Canvas {
  getContainer(): HTMLElement;
}
interface Selection {
  select(el: unknown): void;
}

const ICON =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#0f62fe" d="M2 2h5v5H2zm7 0h5v5H9zM2 9h5v5H2zm7 2h5v1H9zm0 2h5v1H9z"/></svg>',
  );

export class TemplateMenu {
  static $inject = ['popupMenu', 'contextPad', 'workerTemplates', 'selection', 'canvas'];

  constructor(
    private popupMenu: PopupMenu,
    private contextPad: ContextPad,
    private templates: ElementTemplates,
    private selection: Selection,
    private canvas: Canvas,
  ) {
    popupMenu.registerProvider('element-templates', this);
    contextPad.registerProvider(this);
  }

  getContextPadEntries(element: Shape) {
    if (this.templates.applicable(element).length === 0) return {};
    return {
      'apply-template': {
        group: 'edit',
        imageUrl: ICON,
        title: t('modeler.template.apply'),
        action: { click: (event: MouseEvent, el: Shape) => this.open(el, event) },
      },
    };
  }

  open(element: Shape, event?: MouseEvent): void {
    const rect = this.canvas.getContainer().getBoundingClientRect();
    const pos = event ? { x: event.clientX, y: event.clientY } : { x: rect.left + rect.width / 2, y: rect.top + 100 };
    this.popupMenu.open(
      element,
      'element-templates',
      { ...pos, cursor: pos },
      { title: t('modeler.template.choose'), search: true, width: 360 },
    );
  }

  getPopupMenuEntries(element: Shape) {
    const current = this.templates.of(element);
    const entries: Record<string, unknown> = {};
    for (const tpl of this.templates.applicable(element)) {
      entries[`template-${tpl.id}`] = {
        label: tpl.name,
        description: tpl.description,
        group: tpl.category ? { id: tpl.category.id, name: tpl.category.name } : undefined,
        className: current?.id === tpl.id ? 'mdl-template-current' : undefined,
        action: () => this.selection.select(this.templates.apply(element, tpl)),
      };
    }
    return entries;
  }
}
