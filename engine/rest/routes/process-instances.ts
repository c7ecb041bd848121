/** Process instances: create (optionally awaiting the result), search, get, cancel, modify, migrate, incidents, statistics. */
import type { FastifyInstance } from 'fastify';
import type {
  CreateWithResultRequest,
  MigrateProcessInstanceRequest,
  ModifyProcessInstanceRequest,
  ProcessInstanceCreated,
  Variables,
} from '../../api';
import { InvalidArgumentError, type ErrorDetail } from '../../errors';
import type { SearchQuery } from '../../query';
import { incidentSearch } from '../../query/incidents';
import { processInstanceSearch } from '../../query/process-instances';
import {
  keyParams,
  keySchema,
  objectSchema,
  operationReferenceSchema,
  searchBodySchema,
  tenantIdSchema,
  variablesSchema,
} from '../schemas';
import type { RouteContext } from './context';

interface CreateBody {
  processDefinitionId?: string;
  processDefinitionVersion?: number;
  processDefinitionKey?: string;
  variables?: Variables;
  tenantId?: string;
  operationReference?: number;
  startInstructions?: { elementId: string }[];
  runtimeInstructions?: unknown[];
  awaitCompletion?: boolean;
  fetchVariables?: string[];
  requestTimeout?: number;
  tags?: string[];
}

const createSchema = objectSchema({
  processDefinitionId: { type: 'string', minLength: 1 },
  processDefinitionVersion: { type: 'integer', minimum: -1 },
  processDefinitionKey: keySchema,
  variables: variablesSchema,
  tenantId: tenantIdSchema,
  operationReference: operationReferenceSchema,
  startInstructions: { type: 'array', items: objectSchema({ elementId: { type: 'string', minLength: 1 } }, ['elementId']) },
  runtimeInstructions: { type: 'array' },
  awaitCompletion: { type: 'boolean' },
  fetchVariables: { type: 'array', items: { type: 'string' } },
  requestTimeout: { type: 'integer', minimum: 0 },
  tags: { type: 'array', items: { type: 'string' } },
});

/** The checks a schema cannot express: which definition, and what this engine does not support. */
function checkCreate(body: CreateBody): void {
  const details: ErrorDetail[] = [];
  const byId = body.processDefinitionId !== undefined;
  const byKey = body.processDefinitionKey !== undefined;
  if (byId === byKey) details.push({ field: 'processDefinitionId', message: 'give either processDefinitionId or processDefinitionKey' });
  if (byKey && body.processDefinitionVersion !== undefined)
    details.push({ field: 'processDefinitionVersion', message: 'only goes with processDefinitionId' });
  if (body.runtimeInstructions?.length) details.push({ field: 'runtimeInstructions', message: 'are not supported by this engine' });
  if (body.tags?.length) details.push({ field: 'tags', message: 'are not supported by this engine' });
  if (details.length > 0) throw new InvalidArgumentError(details.map((d) => `${d.field} ${d.message}`).join('; '), details);
}

function toCreated(c: ProcessInstanceCreated, variables: Variables): object {
  return {
    processDefinitionId: c.bpmnProcessId,
    processDefinitionVersion: c.version,
    tenantId: c.tenantId,
    variables,
    processDefinitionKey: c.processDefinitionKey,
    processInstanceKey: c.processInstanceKey,
  };
}

/** Camunda 8.8's ProcessInstanceModificationInstruction; an ancestor key of -1 means "none", as in the gRPC API. */
const modificationSchema = objectSchema({
  operationReference: operationReferenceSchema,
  activateInstructions: {
    type: 'array',
    items: objectSchema(
      {
        elementId: { type: 'string', minLength: 1 },
        ancestorElementInstanceKey: { type: 'string', pattern: '^-?[0-9]+$' },
        variableInstructions: {
          type: 'array',
          items: objectSchema({ variables: variablesSchema, scopeId: { type: 'string' } }, ['variables']),
        },
      },
      ['elementId'],
    ),
  },
  terminateInstructions: { type: 'array', items: objectSchema({ elementInstanceKey: keySchema }, ['elementInstanceKey']) },
});

type ModificationBody = Omit<ModifyProcessInstanceRequest, 'processInstanceKey'> & { operationReference?: number };

function toModifyRequest(processInstanceKey: string, b: ModificationBody): ModifyProcessInstanceRequest {
  return {
    processInstanceKey,
    activateInstructions: (b.activateInstructions ?? []).map((a) => ({
      elementId: a.elementId,
      ...(a.ancestorElementInstanceKey && !a.ancestorElementInstanceKey.startsWith('-')
        ? { ancestorElementInstanceKey: a.ancestorElementInstanceKey }
        : {}),
      variableInstructions: (a.variableInstructions ?? []).map((v) => ({
        variables: v.variables,
        ...(v.scopeId ? { scopeId: v.scopeId } : {}),
      })),
    })),
    terminateInstructions: b.terminateInstructions ?? [],
  };
}

/** Camunda 8.8's ProcessInstanceMigrationInstruction. */
export const migrationPlanProperties = {
  targetProcessDefinitionKey: keySchema,
  mappingInstructions: {
    type: 'array',
    items: objectSchema({ sourceElementId: { type: 'string', minLength: 1 }, targetElementId: { type: 'string', minLength: 1 } }, [
      'sourceElementId',
      'targetElementId',
    ]),
  },
};
const migrationSchema = objectSchema({ ...migrationPlanProperties, operationReference: operationReferenceSchema }, [
  'targetProcessDefinitionKey',
  'mappingInstructions',
]);

type MigrationBody = Omit<MigrateProcessInstanceRequest, 'processInstanceKey'> & { operationReference?: number };

type KeyParams = { Params: { processInstanceKey: string } };

export function registerProcessInstanceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const q = ctx.queries.processInstances;
  const params = keyParams('processInstanceKey');

  app.post<{ Body: CreateBody }>('/process-instances', { schema: { body: createSchema } }, async (request) => {
    const b = request.body;
    checkCreate(b);
    const req: CreateWithResultRequest = {
      bpmnProcessId: b.processDefinitionId,
      version: b.processDefinitionVersion ?? -1,
      processDefinitionKey: b.processDefinitionKey,
      variables: b.variables,
      startInstructions: b.startInstructions?.map((s) => ({ elementId: s.elementId })),
      tenantId: b.tenantId,
    };
    if (!b.awaitCompletion) return toCreated(await ctx.commands.createProcessInstance(req), {});
    const result = await ctx.commands.createProcessInstanceWithResult({
      ...req,
      requestTimeoutMs: b.requestTimeout,
      fetchVariables: b.fetchVariables,
    });
    return toCreated(result, result.variables);
  });

  app.post<{ Body: SearchQuery }>('/process-instances/search', { schema: { body: searchBodySchema(processInstanceSearch) } }, (request) =>
    q.search(request.body as never),
  );

  app.get<KeyParams>('/process-instances/:processInstanceKey', { schema: { params } }, (request) =>
    q.get(request.params.processInstanceKey),
  );

  app.post<KeyParams>(
    '/process-instances/:processInstanceKey/cancellation',
    { schema: { params, body: objectSchema({ operationReference: operationReferenceSchema }) } },
    async (request, reply) => {
      await ctx.commands.cancelProcessInstance(request.params.processInstanceKey);
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: ModificationBody }>(
    '/process-instances/:processInstanceKey/modification',
    { schema: { params, body: modificationSchema } },
    async (request, reply) => {
      await ctx.commands.modifyProcessInstance(toModifyRequest(request.params.processInstanceKey, request.body ?? {}));
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: MigrationBody }>(
    '/process-instances/:processInstanceKey/migration',
    { schema: { params, body: migrationSchema } },
    async (request, reply) => {
      const { targetProcessDefinitionKey, mappingInstructions } = request.body;
      await ctx.commands.migrateProcessInstance({
        processInstanceKey: request.params.processInstanceKey,
        targetProcessDefinitionKey,
        mappingInstructions,
      });
      return reply.code(204).send();
    },
  );

  app.post<KeyParams & { Body: SearchQuery }>(
    '/process-instances/:processInstanceKey/incidents/search',
    { schema: { params, body: searchBodySchema(incidentSearch, false) } },
    async (request) => {
      const key = request.params.processInstanceKey;
      await q.get(key);
      return ctx.queries.incidents.search({ ...request.body, filter: { processInstanceKey: key } } as never);
    },
  );

  app.get<KeyParams>('/process-instances/:processInstanceKey/statistics/element-instances', { schema: { params } }, async (request) => ({
    items: await q.elementStatistics(request.params.processInstanceKey),
  }));
}
