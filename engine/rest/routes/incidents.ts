/** Incidents: search, get, resolve. */
import type { FastifyInstance } from 'fastify';
import type { SearchQuery } from '../../query';
import { incidentSearch } from '../../query/incidents';
import { keyParams, objectSchema, operationReferenceSchema, searchBodySchema } from '../schemas';
import type { RouteContext } from './context';

type KeyParams = { Params: { incidentKey: string } };

export function registerIncidentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const params = keyParams('incidentKey');

  app.post<{ Body: SearchQuery }>('/incidents/search', { schema: { body: searchBodySchema(incidentSearch) } }, (request) =>
    ctx.queries.incidents.search(request.body as never),
  );

  app.get<KeyParams>('/incidents/:incidentKey', { schema: { params } }, (request) => ctx.queries.incidents.get(request.params.incidentKey));

  app.post<KeyParams>(
    '/incidents/:incidentKey/resolution',
    { schema: { params, body: objectSchema({ operationReference: operationReferenceSchema }) } },
    async (request, reply) => {
      await ctx.commands.resolveIncident(request.params.incidentKey);
      return reply.code(204).send();
    },
  );
}
