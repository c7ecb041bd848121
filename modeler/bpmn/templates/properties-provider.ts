/**
 * A "Template" group at the top of the properties panel: choose the worker template of a task
 * (the template chooser of the Camunda Modeler, in the panel), see what it does, or unlink it.
 */
import { SelectEntry } from '@bpmn-io/properties-panel';
import { h } from '@bpmn-io/properties-panel/preact';
import { t } from '../../../web/i18n';
import type { ElementTemplates } from './element-templates';
import type { ModdleElement } from '../layout/moddle-types';

interface Shape {
  businessObject: ModdleElement;
  type: string;
}
interface Group {
  id: string;
  label: string;
  entries: unknown[];
}
interface Selection {
  select(el: unknown): void;
}
interface Modeling {
  updateProperties(el: Shape, props: Record<string, unknown>): void;
}

export class TemplatePropertiesProvider {
  static $inject = ['propertiesPanel', 'workerTemplates', 'selection', 'modeling'];

  constructor(
    propertiesPanel: { registerProvider(p: number, x: unknown): void },
    private templates: ElementTemplates,
    private selection: Selection,
    private modeling: Modeling,
  ) {
    propertiesPanel.registerProvider(400, this);
  }

  getGroups(element: Shape) {
    return (groups: Group[]) => {
      if (this.templates.applicable(element).length === 0) return groups;
      const current = this.templates.of(element);
      const entries: unknown[] = [{ id: 'template-select', component: this.select(), isEdited: () => !!current }];
      if (current?.description)
        entries.push({ id: 'template-description', component: () => h('p', { class: 'mdl-template-description' }, current.description) });
      groups.unshift({
        id: 'elementTemplate',
        label: current ? `${t('modeler.template.group')}: ${current.name}` : t('modeler.template.group'),
        entries,
      });
      return groups;
    };
  }

  private select() {
    const templates = this.templates;
    const selection = this.selection;
    const modeling = this.modeling;
    return function TemplateSelect(props: { element: Shape; id: string }) {
      const { element, id } = props;
      return h(SelectEntry, {
        element,
        id,
        label: t('modeler.template.label'),
        description: t('modeler.template.hint'),
        getValue: () => templates.of(element)?.id ?? '',
        getOptions: () => [
          { value: '', label: t('modeler.template.none') },
          ...templates.applicable(element).map((tpl) => ({ value: tpl.id, label: tpl.name })),
        ],
        setValue: (value: string) => {
          if (!value) {
            modeling.updateProperties(element, { 'zeebe:modelerTemplate': undefined, 'zeebe:modelerTemplateVersion': undefined });
            return;
          }
          const tpl = templates.all.find((x) => x.id === value);
          // Replacing a task by a service task makes a new shape: keep it selected.
          if (tpl) selection.select(templates.apply(element, tpl));
        },
      });
    };
  }
}
