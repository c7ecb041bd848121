/** Element instances: search, get, setting variables on a scope, activating ad-hoc sub-process elements. */
import type { FastifyInstance } from 'fastify';
import type { Variables } from '../../api';
import type { SearchQuery } from '../../query';
import { elementInstanceSearch } from '../../query/element-instances';
import { keyParams, objectSchema, operationReferenceSchema, searchBodySchema, variablesSchema } from '../schemas';
import type { RouteContext } from './context';

type KeyParams = { Params: { elementInstanceKey: string } };

export function registerElementInstanceRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const params = keyParams('elementInstanceKey');

  app.post<{ Body: SearchQuery }>('/element-instances/search', { schema: { body: searchBodySchema(elementInstanceSearch) } }, (request) =>
    ctx.queries.elementInstances.search(request.body as never),
  );

  app.get<KeyParams>('/element-instances/:elementInstanceKey', { schema: { params } }, (request) =>
    ctx.queries.elementInstances.get(request.params.elementInstanceKey),
  );

  // Camunda 8.8: activates inner elements of an active ad-hoc sub-process, each with its variables
  // as locals of its inner instance; 204 without body. `cancelRemainingInstances` belongs to Zeebe's
  // completion instruction, not to activation: accepted as the 8.8 clients send it, without effect.
  app.post<{
    Params: { adHocSubProcessInstanceKey: string };
    Body: { elements: { elementId: string; variables?: Variables }[]; cancelRemainingInstances?: boolean };
  }>(
    '/element-instances/ad-hoc-activities/:adHocSubProcessInstanceKey/activation',
    {
      schema: {
        params: keyParams('adHocSubProcessInstanceKey'),
        body: objectSchema(
          {
            elements: {
              type: 'array',
              items: objectSchema({ elementId: { type: 'string', minLength: 1 }, variables: variablesSchema }, ['elementId']),
            },
            cancelRemainingInstances: { type: 'boolean' },
          },
          ['elements'],
        ),
      },
    },
    async (request, reply) => {
      await ctx.commands.activateAdHocSubProcessActivities(request.params.adHocSubProcessInstanceKey, request.body.elements);
      return reply.code(204).send();
    },
  );

  app.put<KeyParams & { Body: { variables: Variables; local?: boolean } }>(
    '/element-instances/:elementInstanceKey/variables',
    {
      schema: {
        params,
        body: objectSchema({ variables: variablesSchema, local: { type: 'boolean' }, operationReference: operationReferenceSchema }, [
          'variables',
        ]),
      },
    },
    async (request, reply) => {
      const { variables, local } = request.body;
      await ctx.commands.setVariables({ elementInstanceKey: request.params.elementInstanceKey, variables, local: local ?? false });
      return reply.code(204).send();
    },
  );
}
