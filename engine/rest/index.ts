/**
 * The engine's subset of Camunda 8.8's Orchestration Cluster REST API, as a fastify plugin:
 *
 *   app.register(v2Routes, { prefix: '/v2', commands, queries: createEngineQueries(db), clockControlled,
 *     documentsDir: documentsDirOf(settings.dataDir) })
 *
 * Commands go to EngineCommands, reads to the query layer (engine/query). Every error is an RFC 9457
 * problem (engine/rest/problem.ts); bad input is a 400 naming each wrong field, and changes nothing.
 */
import type { FastifyPluginAsync } from 'fastify';
import { openDocumentStore, type DocumentStore } from '../documents';
import { noEndpoint, sendProblem, toProblem } from './problem';
import { registerBatchOperationRoutes } from './routes/batch-operations';
import { registerClusterRoutes } from './routes/cluster';
import type { RouteContext } from './routes/context';
import { registerDecisionRoutes } from './routes/decisions';
import { registerDeploymentRoutes } from './routes/deployments';
import { registerDocumentRoutes } from './routes/documents';
import { registerElementInstanceRoutes } from './routes/element-instances';
import { registerIncidentRoutes } from './routes/incidents';
import { registerJobRoutes } from './routes/jobs';
import { registerMessageRoutes } from './routes/messages';
import { registerProcessDefinitionRoutes } from './routes/process-definitions';
import { registerProcessInstanceRoutes } from './routes/process-instances';
import { registerUserTaskRoutes } from './routes/user-tasks';
import { registerVariableRoutes } from './routes/variables';
import { useBodyParsers, useStrictValidation } from './validation';

export type V2RoutesOptions = Omit<RouteContext, 'documents'> & {
  /** A document store of the caller's; else one in `documentsDir`, else one in memory (Camunda's default). */
  documents?: DocumentStore;
  documentsDir?: string;
};

export const v2Routes: FastifyPluginAsync<V2RoutesOptions> = async (app, opts) => {
  const documents = opts.documents ?? (await openDocumentStore({ dir: opts.documentsDir }));
  const ctx: RouteContext = { commands: opts.commands, queries: opts.queries, clockControlled: opts.clockControlled, documents };
  useStrictValidation(app);
  useBodyParsers(app);

  app.setErrorHandler((err, request, reply) => {
    const p = toProblem(err, request);
    if (p.status >= 500 && p.status !== 503 && p.status !== 504) request.log.error({ err, errorId: p.errorId }, 'v2 request failed');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, noEndpoint(request)));

  registerClusterRoutes(app, ctx);
  registerDeploymentRoutes(app, ctx);
  registerProcessDefinitionRoutes(app, ctx);
  registerProcessInstanceRoutes(app, ctx);
  registerElementInstanceRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerUserTaskRoutes(app, ctx);
  registerIncidentRoutes(app, ctx);
  registerVariableRoutes(app, ctx);
  registerJobRoutes(app, ctx);
  registerDecisionRoutes(app, ctx);
  registerDocumentRoutes(app, ctx);
  registerBatchOperationRoutes(app, ctx);
};

export type { Problem } from './problem';
