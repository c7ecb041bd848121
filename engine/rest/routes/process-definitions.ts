/** Deployed processes: search, get, BPMN XML, start form. */
import type { FastifyInstance } from 'fastify';
import type { SearchQuery } from '../../query';
import { processDefinitionSearch } from '../../query/process-definitions';
import { keyParams, searchBodySchema } from '../schemas';
import type { RouteContext } from './context';

type KeyParams = { Params: { processDefinitionKey: string } };

export function registerProcessDefinitionRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const q = ctx.queries.processDefinitions;
  const params = keyParams('processDefinitionKey');

  app.post<{ Body: SearchQuery }>(
    '/process-definitions/search',
    { schema: { body: searchBodySchema(processDefinitionSearch) } },
    (request) => q.search(request.body as never),
  );

  app.get<KeyParams>('/process-definitions/:processDefinitionKey', { schema: { params } }, (request) =>
    q.get(request.params.processDefinitionKey),
  );

  app.get<KeyParams>('/process-definitions/:processDefinitionKey/xml', { schema: { params } }, async (request, reply) =>
    reply.type('text/xml').send(await q.getXml(request.params.processDefinitionKey)),
  );

  app.get<KeyParams>('/process-definitions/:processDefinitionKey/form', { schema: { params } }, async (request, reply) => {
    const form = await q.getStartForm(request.params.processDefinitionKey);
    return form ? form : reply.code(204).send();
  });
}
