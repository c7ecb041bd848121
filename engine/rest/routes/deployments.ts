/** Deploying resources (multipart upload) and deleting them. */
import type { FastifyInstance } from 'fastify';
import type { DeploymentResult } from '../../api';
import { InvalidArgumentError, type ErrorDetail } from '../../errors';
import { isMultipartBody } from '../multipart';
import { keyParams, objectSchema, operationReferenceSchema } from '../schemas';
import type { RouteContext } from './context';

/** Camunda lists processes, then decisions, decision requirements and forms. */
export function toDeploymentResponse(d: DeploymentResult): object {
  return {
    deploymentKey: d.key,
    tenantId: d.tenantId,
    deployments: [
      ...d.processes.map((p) => ({
        processDefinition: {
          processDefinitionId: p.bpmnProcessId,
          processDefinitionVersion: p.version,
          resourceName: p.resourceName,
          tenantId: p.tenantId,
          processDefinitionKey: p.processDefinitionKey,
        },
      })),
      ...d.decisions.map((x) => ({
        decisionDefinition: {
          decisionDefinitionId: x.dmnDecisionId,
          version: x.version,
          name: x.dmnDecisionName,
          tenantId: x.tenantId,
          decisionRequirementsId: x.dmnDecisionRequirementsId,
          decisionDefinitionKey: x.decisionKey,
          decisionRequirementsKey: x.decisionRequirementsKey,
        },
      })),
      ...d.decisionRequirements.map((x) => ({
        decisionRequirements: {
          decisionRequirementsId: x.dmnDecisionRequirementsId,
          version: x.version,
          decisionRequirementsName: x.dmnDecisionRequirementsName,
          tenantId: x.tenantId,
          resourceName: x.resourceName,
          decisionRequirementsKey: x.decisionRequirementsKey,
        },
      })),
      ...d.forms.map((f) => ({
        form: { formId: f.formId, version: f.version, resourceName: f.resourceName, tenantId: f.tenantId, formKey: f.formKey },
      })),
    ],
  };
}

export function registerDeploymentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/deployments', async (request) => {
    const body = request.body;
    if (!isMultipartBody(body)) {
      throw new InvalidArgumentError('Deployments are multipart/form-data requests', [
        { field: 'Content-Type', message: 'must be multipart/form-data' },
      ]);
    }
    const details: ErrorDetail[] = [];
    const resources = body.files.filter((f) => f.field === 'resources');
    if (resources.length === 0) details.push({ field: 'resources', message: 'at least one file is required' });
    resources.forEach((f, i) => {
      if (!f.filename) details.push({ field: `resources[${i}]`, message: 'must have a file name' });
    });
    for (const f of body.files)
      if (f.field !== 'resources') details.push({ field: f.field, message: 'is not a known part; files go into "resources"' });
    for (const [field, values] of Object.entries(body.fields)) {
      if (field !== 'tenantId') details.push({ field, message: 'is not a known part' });
      else if (values.length > 1 || values[0] === '') details.push({ field, message: 'must be given once and not be empty' });
    }
    if (details.length > 0)
      throw new InvalidArgumentError(`Invalid deployment: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details);
    const result = await ctx.commands.deployResources(
      resources.map((f) => ({ name: f.filename, content: f.content })),
      body.fields.tenantId?.[0],
    );
    return toDeploymentResponse(result);
  });

  app.post<{ Params: { resourceKey: string } }>(
    '/resources/:resourceKey/deletion',
    { schema: { params: keyParams('resourceKey'), body: objectSchema({ operationReference: operationReferenceSchema }) } },
    async (request, reply) => {
      await ctx.commands.deleteResource(request.params.resourceKey);
      return reply.code(200).send();
    },
  );
}
