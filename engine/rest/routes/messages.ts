/** Messages and signals. */
import type { FastifyInstance } from 'fastify';
import type { Variables } from '../../api';
import { objectSchema, tenantIdSchema, variablesSchema } from '../schemas';
import type { RouteContext } from './context';

interface PublishBody {
  name: string;
  correlationKey?: string;
  timeToLive?: number;
  messageId?: string;
  variables?: Variables;
  tenantId?: string;
}

interface BroadcastBody {
  signalName: string;
  variables?: Variables;
  tenantId?: string;
}

/** What publication and correlation share; Camunda's default correlation key is empty. */
const messageProperties = {
  name: { type: 'string', minLength: 1 },
  correlationKey: { type: 'string' },
  variables: variablesSchema,
  tenantId: tenantIdSchema,
};
const messageOf = (b: PublishBody) => ({
  name: b.name,
  correlationKey: b.correlationKey ?? '',
  variables: b.variables,
  tenantId: b.tenantId,
});

export function registerMessageRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post<{ Body: PublishBody }>(
    '/messages/publication',
    {
      schema: {
        body: objectSchema({ ...messageProperties, timeToLive: { type: 'integer', minimum: 0 }, messageId: { type: 'string' } }, ['name']),
      },
    },
    async (request) => {
      const b = request.body;
      const res = await ctx.commands.publishMessage({ ...messageOf(b), timeToLiveMs: b.timeToLive ?? 0, messageId: b.messageId });
      return { tenantId: res.tenantId, messageKey: res.key };
    },
  );

  app.post<{ Body: Omit<PublishBody, 'timeToLive' | 'messageId'> }>(
    '/messages/correlation',
    {
      schema: {
        body: objectSchema(messageProperties, ['name']),
      },
    },
    async (request) => {
      const res = await ctx.commands.correlateMessage(messageOf(request.body));
      return { tenantId: res.tenantId, messageKey: res.key, processInstanceKey: res.processInstanceKey };
    },
  );

  app.post<{ Body: BroadcastBody }>(
    '/signals/broadcast',
    {
      schema: {
        body: objectSchema({ signalName: { type: 'string', minLength: 1 }, variables: variablesSchema, tenantId: tenantIdSchema }, [
          'signalName',
        ]),
      },
    },
    async (request) => {
      const { signalName, variables, tenantId } = request.body;
      const res = await ctx.commands.broadcastSignal(signalName, variables, tenantId);
      return { tenantId: res.tenantId, signalKey: res.key };
    },
  );
}
