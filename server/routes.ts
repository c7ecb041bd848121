import type { FastifyInstance } from 'fastify';
import type { Settings } from '../config/settings';
import type { Database } from '../db';
import type { EmbeddedEngine } from '../engine';
import type { EngineQueries } from '../engine/query';

export interface RouteDeps {
  settings: Settings;
  db: Database;
  engine?: EmbeddedEngine;
  queries?: EngineQueries;
}

/** Mounts every HTTP surface: health, the engine's /v2 REST subset, and the product's own API. */
export async function registerRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/health', async () => ({ status: 'UP', engine: deps.engine ? 'embedded' : 'external' }));
}
