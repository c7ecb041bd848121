import type { DeploymentResult } from '../../engine/api';

/** One deployed resource as the modeler shows it: "order-to-contract v4". */
export interface DeployedResource {
  kind: 'process' | 'decision' | 'decisionRequirements' | 'form';
  id: string;
  version: number;
  key: string;
  resourceName?: string;
  /**
   * A form's JSON as deployed. Kept in the log because Camunda 8.8 has no form search: without an
   * embedded engine the modeler lists the forms from the log (GET /api/modeler/forms).
   */
  schema?: string;
}

/** `contents`: the deployed files by name, for the forms' JSON. */
export function summarise(d: DeploymentResult, contents: ReadonlyMap<string, string> = new Map()): DeployedResource[] {
  return [
    ...d.processes.map((p) => ({
      kind: 'process' as const,
      id: p.bpmnProcessId,
      version: p.version,
      key: p.processDefinitionKey,
      resourceName: p.resourceName,
    })),
    ...d.decisionRequirements.map((x) => ({
      kind: 'decisionRequirements' as const,
      id: x.dmnDecisionRequirementsId,
      version: x.version,
      key: x.decisionRequirementsKey,
      resourceName: x.resourceName,
    })),
    ...d.decisions.map((x) => ({ kind: 'decision' as const, id: x.dmnDecisionId, version: x.version, key: x.decisionKey })),
    ...d.forms.map((f) => ({
      kind: 'form' as const,
      id: f.formId,
      version: f.version,
      key: f.formKey,
      resourceName: f.resourceName,
      schema: contents.get(f.resourceName),
    })),
  ];
}
