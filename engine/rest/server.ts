/**
 * The engine's /v2 REST API on a listener of its own, for the engine run alone (`npm run engine`):
 * what a Camunda 8.8 gateway serves next to gRPC, and nothing of the product (no web apps, no
 * /api, no product sign-in). With a token verifier every request needs `authorization: Bearer <JWT>`
 * of the configured provider, else a 401 problem, as a cluster with OIDC answers.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { EngineCommands } from '../api';
import type { EngineQueries } from '../query';
import type { JwtClaims } from '../gateway/jwt';
import { problem, sendProblem } from './problem';
import { v2Routes } from './index';

export interface EngineRestServerOptions {
  commands: EngineCommands;
  queries: EngineQueries;
  clockControlled: boolean;
  host: string;
  port: number;
  bodyLimit: number;
  /** Where /v2/documents keeps documents (engine/documents); in memory without one. */
  documentsDir?: string;
  verify?: (token: string) => Promise<JwtClaims>;
  log?: (message: string) => void;
}

export interface EngineRestServer {
  app: FastifyInstance;
  port: number;
  close(): Promise<void>;
}

export async function startEngineRestServer(opts: EngineRestServerOptions): Promise<EngineRestServer> {
  const app = Fastify({ bodyLimit: opts.bodyLimit });
  const verify = opts.verify;
  if (verify) {
    app.addHook('onRequest', async (request, reply) => {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      const refuse = (detail: string) => {
        void reply.header('www-authenticate', 'Bearer');
        return sendProblem(reply, problem(401, 'UNAUTHORIZED', detail, request.url.split('?')[0]));
      };
      if (!token) return refuse('Expected a bearer token of the identity provider');
      try {
        await verify(token);
      } catch (err) {
        opts.log?.(`a REST call's token was refused: ${(err as Error).message}`);
        return refuse('The bearer token is not valid');
      }
    });
  }
  await app.register(v2Routes, {
    prefix: '/v2',
    commands: opts.commands,
    queries: opts.queries,
    clockControlled: opts.clockControlled,
    documentsDir: opts.documentsDir,
  });
  await app.listen({ host: opts.host, port: opts.port });
  const address = app.server.address();
  return {
    app,
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: () => app.close(),
  };
}
