/** Cluster endpoints: topology, status, and the controllable clock. */
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from '../problem';
import { objectSchema } from '../schemas';
import type { RouteContext } from './context';

export function registerClusterRoutes(app: FastifyInstance, ctx: RouteContext): void {
  // The REST API spells partition roles and health in lower case, unlike gRPC.
  app.get('/topology', async () => {
    const t = ctx.commands.topology();
    return {
      brokers: t.brokers.map((b) => ({
        nodeId: b.nodeId,
        host: b.host,
        port: b.port,
        partitions: b.partitions.map((p) => ({ partitionId: p.partitionId, role: p.role.toLowerCase(), health: p.health.toLowerCase() })),
        version: b.version,
      })),
      clusterSize: t.clusterSize,
      partitionsCount: t.partitionsCount,
      replicationFactor: t.replicationFactor,
      gatewayVersion: t.gatewayVersion,
      lastCompletedChangeId: '-1',
    };
  });

  app.get('/status', async (_request, reply) => reply.code(204).send());

  const clockDisabled = (instance: string) =>
    problem(403, 'FORBIDDEN', 'The engine clock is not controllable; start the engine with ENGINE_CLOCK_CONTROLLED=true.', instance);

  app.put<{ Body: { timestamp: number } }>(
    '/clock',
    { schema: { body: objectSchema({ timestamp: { type: 'integer', minimum: 0 } }, ['timestamp']) } },
    async (request, reply) => {
      if (!ctx.clockControlled) return sendProblem(reply, clockDisabled(request.url));
      await ctx.commands.pinClock(request.body.timestamp);
      return reply.code(204).send();
    },
  );

  app.post('/clock/reset', async (request, reply) => {
    if (!ctx.clockControlled) return sendProblem(reply, clockDisabled(request.url));
    await ctx.commands.resetClock();
    return reply.code(204).send();
  });
}
