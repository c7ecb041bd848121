/**
 * Batch operations (Camunda 8.8): created over the process instances a search filter finds
 * (cancellation, incident resolution, migration, modification), then read, searched, canceled,
 * suspended and resumed. Creation answers at once with the key; the items run in the background.
 */
import type { FastifyInstance } from 'fastify';
import type { BatchOperationType, CreateBatchOperationRequest } from '../../api';
import type { SearchQuery } from '../../query';
import { batchOperationItemSearch, batchOperationSearch } from '../../query/batch-operations';
import { processInstanceSearch } from '../../query/process-instances';
import { filterSchema, keyParams, objectSchema, operationReferenceSchema, searchBodySchema } from '../schemas';
import type { RouteContext } from './context';
import { migrationPlanProperties } from './process-instances';

type KeyParams = { Params: { batchOperationKey: string } };
type CreateBody = Omit<CreateBatchOperationRequest, 'batchOperationType'> & { operationReference?: number };

const processInstanceFilter = filterSchema(processInstanceSearch);
const moveInstruction = objectSchema(
  { sourceElementId: { type: 'string', minLength: 1 }, targetElementId: { type: 'string', minLength: 1 } },
  ['sourceElementId', 'targetElementId'],
);

/** Each creating route: its path, the batch type, and what its body holds besides the filter. */
const CREATIONS: { path: string; type: BatchOperationType; properties: Record<string, object>; required: string[] }[] = [
  { path: '/process-instances/cancellation', type: 'CANCEL_PROCESS_INSTANCE', properties: {}, required: [] },
  { path: '/process-instances/incident-resolution', type: 'RESOLVE_INCIDENT', properties: {}, required: [] },
  {
    path: '/process-instances/migration',
    type: 'MIGRATE_PROCESS_INSTANCE',
    properties: { migrationPlan: objectSchema(migrationPlanProperties, ['targetProcessDefinitionKey', 'mappingInstructions']) },
    required: ['migrationPlan'],
  },
  {
    path: '/process-instances/modification',
    type: 'MODIFY_PROCESS_INSTANCE',
    properties: { moveInstructions: { type: 'array', minItems: 1, items: moveInstruction } },
    required: ['moveInstructions'],
  },
];

const LIFECYCLE = { cancellation: 'cancel', suspension: 'suspend', resumption: 'resume' } as const;

export function registerBatchOperationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  for (const c of CREATIONS) {
    const body = objectSchema({ filter: processInstanceFilter, operationReference: operationReferenceSchema, ...c.properties }, [
      'filter',
      ...c.required,
    ]);
    app.post<{ Body: CreateBody }>(c.path, { schema: { body } }, (request) => {
      const { filter, migrationPlan, moveInstructions } = request.body;
      const req: CreateBatchOperationRequest = { batchOperationType: c.type, filter };
      if (migrationPlan) {
        req.migrationPlan = {
          targetProcessDefinitionKey: migrationPlan.targetProcessDefinitionKey,
          mappingInstructions: migrationPlan.mappingInstructions,
        };
      }
      if (moveInstructions) req.moveInstructions = moveInstructions;
      return ctx.commands.createBatchOperation(req);
    });
  }

  const params = keyParams('batchOperationKey');
  app.get<KeyParams>('/batch-operations/:batchOperationKey', { schema: { params } }, (request) =>
    ctx.queries.batchOperations.get(request.params.batchOperationKey),
  );
  app.post<{ Body: SearchQuery }>('/batch-operations/search', { schema: { body: searchBodySchema(batchOperationSearch) } }, (request) =>
    ctx.queries.batchOperations.search(request.body as never),
  );
  app.post<{ Body: SearchQuery }>(
    '/batch-operation-items/search',
    { schema: { body: searchBodySchema(batchOperationItemSearch) } },
    (request) => ctx.queries.batchOperations.searchItems(request.body as never),
  );
  for (const [segment, action] of Object.entries(LIFECYCLE)) {
    app.post<KeyParams>(`/batch-operations/:batchOperationKey/${segment}`, { schema: { params } }, async (request, reply) => {
      await ctx.commands.changeBatchOperation(request.params.batchOperationKey, action);
      return reply.code(204).send();
    });
  }
}
