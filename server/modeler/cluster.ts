/**
 * Deploying to a Camunda 8.8 cluster through the SDK's REST client (POST /v2/deployments), with
 * the answer and the rejections in the embedded engine's terms, so the modeler's route treats
 * both engines alike: the result as a DeploymentResult, a rejected deployment as the engine's
 * DeploymentRejectedError with the element ids as `details`.
 */
import { HTTPError } from '@camunda8/sdk';
import type { DeploymentResult, ResourceInput } from '../../engine/api';
import { DeadlineExceededError, DeploymentRejectedError, UnavailableError, type ErrorDetail } from '../../engine/errors';
import { lazyClient } from '../cluster/search';

/** What the route deploys with: the embedded engine's command or the cluster's REST call. */
export type Deploy = (resources: ResourceInput[]) => Promise<DeploymentResult>;

/** The SDK's answer (CamundaRestClient#deployResources), as far as it is read here. */
interface ClusterDeployment {
  deploymentKey: string;
  tenantId: string;
  processes: {
    processDefinitionId: string;
    processDefinitionVersion: number;
    processDefinitionKey: string;
    resourceName: string;
    tenantId: string;
  }[];
  decisions: {
    decisionDefinitionId: string;
    name: string;
    version: number;
    decisionDefinitionKey: string;
    decisionRequirementsId: string;
    decisionRequirementsKey: string;
    tenantId: string;
  }[];
  decisionRequirements: {
    decisionRequirementsId: string;
    decisionRequirementsName: string;
    version: number;
    decisionRequirementsKey: string;
    resourceName: string;
    tenantId: string;
  }[];
  forms: { formId: string; version: number; formKey: string; resourceName: string; tenantId: string }[];
}

export interface DeployClient {
  deployResources(resources: { content: string; name: string }[]): Promise<unknown>;
}

/** Keys as decimal text and versions as numbers, however the SDK's lossless parser hands them over. */
export function toDeploymentResult(d: ClusterDeployment): DeploymentResult {
  const key = (k: unknown) => String(k);
  return {
    key: key(d.deploymentKey),
    tenantId: d.tenantId,
    processes: d.processes.map((p) => ({
      bpmnProcessId: p.processDefinitionId,
      version: Number(p.processDefinitionVersion),
      processDefinitionKey: key(p.processDefinitionKey),
      resourceName: p.resourceName,
      tenantId: p.tenantId,
    })),
    decisions: d.decisions.map((x) => ({
      dmnDecisionId: x.decisionDefinitionId,
      dmnDecisionName: x.name,
      version: Number(x.version),
      decisionKey: key(x.decisionDefinitionKey),
      dmnDecisionRequirementsId: x.decisionRequirementsId,
      decisionRequirementsKey: key(x.decisionRequirementsKey),
      tenantId: x.tenantId,
    })),
    decisionRequirements: d.decisionRequirements.map((x) => ({
      dmnDecisionRequirementsId: x.decisionRequirementsId,
      dmnDecisionRequirementsName: x.decisionRequirementsName,
      version: Number(x.version),
      decisionRequirementsKey: key(x.decisionRequirementsKey),
      resourceName: x.resourceName,
      tenantId: x.tenantId,
    })),
    forms: d.forms.map((f) => ({
      formId: f.formId,
      version: Number(f.version),
      formKey: key(f.formKey),
      resourceName: f.resourceName,
      tenantId: f.tenantId,
    })),
  };
}

/** The answer of the SDK's gRPC deploy (ZeebeGrpcClient#deployResources): one entry per resource kind. */
export interface ZeebeDeployment {
  key: string;
  tenantId: string;
  deployments: (
    | { process: DeploymentResult['processes'][number] }
    | { decision: DeploymentResult['decisions'][number] }
    | { decisionRequirements: DeploymentResult['decisionRequirements'][number] }
    | { form: DeploymentResult['forms'][number] }
  )[];
}

/** The gRPC answer in the engine's terms (its fields are the gRPC names already). */
export function fromZeebeDeployment(d: ZeebeDeployment): DeploymentResult {
  const result: DeploymentResult = {
    key: String(d.key),
    tenantId: d.tenantId,
    processes: [],
    decisions: [],
    decisionRequirements: [],
    forms: [],
  };
  for (const x of d.deployments) {
    if ('process' in x && x.process) result.processes.push(x.process);
    else if ('decision' in x && x.decision) result.decisions.push(x.decision);
    else if ('decisionRequirements' in x && x.decisionRequirements) result.decisionRequirements.push(x.decisionRequirements);
    else if ('form' in x && x.form) result.forms.push(x.form);
  }
  return result;
}

/**
 * The element ids of Zeebe's rejection text, e.g.
 * `…the following errors:\n'order.bpmn': - Element: Task_1\n    - ERROR: Must have …\n`: one detail
 * per element and error, the message prefixed with its resource as the embedded engine does; text
 * about a whole resource (unreadable file) is a detail of the resource name.
 */
export function rejectionDetails(text: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  let resource: string | undefined;
  let element: string | undefined;
  for (const raw of text.split('\n')) {
    let line = raw;
    const named = /^'([^']+)':\s?(.*)$/.exec(line);
    if (named) {
      resource = named[1];
      element = undefined;
      line = named[2];
    }
    const el = /^\s*- Element: (.+?)\s*$/.exec(line);
    const error = /^\s*- ERROR: (.+?)\s*$/.exec(line);
    if (el) element = el[1];
    else if (error && element) {
      const message = resource && !error[1].startsWith(`'`) ? `'${resource}': ${error[1]}` : error[1];
      details.push({ field: element, message });
    } else if (named && line.trim()) details.push({ field: resource!, message: line.trim() });
  }
  return details;
}

/** The cluster's problem answer as the engine's error; anything else is thrown on (an internal error). */
function engineErrorOf(err: unknown): unknown {
  if (!(err instanceof HTTPError)) return err;
  let body: { detail?: string; details?: ErrorDetail[] } = {};
  try {
    body = JSON.parse(String(err.response?.body ?? '{}')) as typeof body;
  } catch {
    // A gateway's HTML error page: no problem to read.
  }
  const detail = body.detail ?? err.message;
  const status = err.response?.statusCode;
  if (status === 400) {
    const parsed = rejectionDetails(detail);
    return new DeploymentRejectedError(detail, parsed.length > 0 ? parsed : Array.isArray(body.details) ? body.details : []);
  }
  // Back pressure and timeouts are worth a retry by the user; they keep their status.
  if (status === 503) return new UnavailableError(detail);
  if (status === 504) return new DeadlineExceededError(detail);
  return err;
}

export function clusterDeploy(clientOf: () => DeployClient): Deploy {
  const client = lazyClient(clientOf);
  return async (resources) => {
    try {
      const answer = await client().deployResources(resources.map((r) => ({ name: r.name, content: r.content.toString('utf8') })));
      return toDeploymentResult(answer as ClusterDeployment);
    } catch (err) {
      throw engineErrorOf(err);
    }
  };
}
