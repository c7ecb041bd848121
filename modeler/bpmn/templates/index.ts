import { ElementTemplates } from './element-templates';
import { TemplatePropertiesProvider } from './properties-provider';
import { TemplateMenu } from './popup-menu';

/** Element templates without bpmn-js-element-templates (not installed): service, panel group, popup menu. */
export default {
  __init__: ['workerTemplates', 'templatePropertiesProvider', 'templateMenu'],
  workerTemplates: ['type', ElementTemplates],
  templatePropertiesProvider: ['type', TemplatePropertiesProvider],
  templateMenu: ['type', TemplateMenu],
};
