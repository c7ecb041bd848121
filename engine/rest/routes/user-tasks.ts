/** User tasks: the task list, a task, its form and variables; assign, unassign, complete. */
import type { FastifyInstance } from 'fastify';
import type { UserTaskChangeset, Variables } from '../../api';
import type { SearchQuery } from '../../query';
import { userTaskSearch } from '../../query/user-tasks';
import { variableSearchDefinition } from '../../query/variables';
import { keyParams, objectSchema, searchBodySchema } from '../schemas';
import type { RouteContext } from './context';

type KeyParams = { Params: { userTaskKey: string } };
const action = { type: ['string', 'null'] };

/** An ISO 8601 date-time with its offset, or empty to clear the date. */
const DATE_TIME_OR_EMPTY = '^$|^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

export function registerUserTaskRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const q = ctx.queries.userTasks;
  const params = keyParams('userTaskKey');

  app.post<{ Body: SearchQuery }>('/user-tasks/search', { schema: { body: searchBodySchema(userTaskSearch) } }, (request) =>
    q.search(request.body as never),
  );

  app.get<KeyParams>('/user-tasks/:userTaskKey', { schema: { params } }, (request) => q.get(request.params.userTaskKey));

  app.get<KeyParams>('/user-tasks/:userTaskKey/form', { schema: { params } }, async (request, reply) => {
    const form = await q.getForm(request.params.userTaskKey);
    return form ? form : reply.code(204).send();
  });

  // Only the name filter, as in Camunda's user task variable search.
  const variableSearch = { ...variableSearchDefinition, filters: { name: variableSearchDefinition.filters.name } };
  app.post<KeyParams & { Body: SearchQuery; Querystring: { truncateValues?: string } }>(
    '/user-tasks/:userTaskKey/variables/search',
    {
      schema: {
        params,
        querystring: objectSchema({ truncateValues: { type: 'string', enum: ['true', 'false'] } }),
        body: searchBodySchema(variableSearch),
      },
    },
    (request) =>
      q.searchVariables(request.params.userTaskKey, request.body as never, { truncateValues: request.query.truncateValues !== 'false' }),
  );

  app.post<KeyParams & { Body: { assignee: string; allowOverride?: boolean | null; action?: string | null } }>(
    '/user-tasks/:userTaskKey/assignment',
    {
      schema: {
        params,
        body: objectSchema({ assignee: { type: 'string', minLength: 1 }, allowOverride: { type: ['boolean', 'null'] }, action }, [
          'assignee',
        ]),
      },
    },
    async (request, reply) => {
      // Camunda reassigns by default; allowOverride false refuses a task that has an assignee.
      const b = request.body;
      await ctx.commands.assignUserTask(request.params.userTaskKey, b.assignee, b.allowOverride ?? true, b.action ?? undefined);
      return reply.code(204).send();
    },
  );

  app.patch<KeyParams & { Body: { changeset?: UserTaskChangeset | null; action?: string | null } }>(
    '/user-tasks/:userTaskKey',
    {
      schema: {
        params,
        body: objectSchema({
          changeset: {
            type: ['object', 'null'],
            additionalProperties: false,
            properties: {
              dueDate: { type: ['string', 'null'], pattern: DATE_TIME_OR_EMPTY },
              followUpDate: { type: ['string', 'null'], pattern: DATE_TIME_OR_EMPTY },
              candidateUsers: { type: ['array', 'null'], items: { type: 'string' } },
              candidateGroups: { type: ['array', 'null'], items: { type: 'string' } },
              priority: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
            },
          },
          action,
        }),
      },
    },
    async (request, reply) => {
      await ctx.commands.updateUserTask(request.params.userTaskKey, request.body.changeset ?? {}, request.body.action ?? undefined);
      return reply.code(204).send();
    },
  );

  app.delete<KeyParams>('/user-tasks/:userTaskKey/assignee', { schema: { params } }, async (request, reply) => {
    await ctx.commands.unassignUserTask(request.params.userTaskKey);
    return reply.code(204).send();
  });

  app.post<KeyParams & { Body: { variables?: Variables | null; action?: string | null } }>(
    '/user-tasks/:userTaskKey/completion',
    { schema: { params, body: objectSchema({ variables: { type: ['object', 'null'] }, action }) } },
    async (request, reply) => {
      await ctx.commands.completeUserTask(
        request.params.userTaskKey,
        request.body.variables ?? undefined,
        request.body.action ?? undefined,
      );
      return reply.code(204).send();
    },
  );
}
