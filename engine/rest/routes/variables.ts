/** Variables: search (values cut unless truncateValues=false) and get (full value). */
import type { FastifyInstance } from 'fastify';
import type { SearchQuery } from '../../query';
import { variableSearchDefinition } from '../../query/variables';
import { keyParams, objectSchema, searchBodySchema } from '../schemas';
import type { RouteContext } from './context';

export function registerVariableRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: SearchQuery; Querystring: { truncateValues?: string } }>(
    '/variables/search',
    {
      schema: {
        querystring: objectSchema({ truncateValues: { type: 'string', enum: ['true', 'false'] } }),
        body: searchBodySchema(variableSearchDefinition),
      },
    },
    (request) => ctx.queries.variables.search(request.body as never, { truncateValues: request.query.truncateValues !== 'false' }),
  );

  app.get<{ Params: { variableKey: string } }>('/variables/:variableKey', { schema: { params: keyParams('variableKey') } }, (request) =>
    ctx.queries.variables.get(request.params.variableKey),
  );
}
