/**
 * Customer care over HTTP: the care cases (./routes.ts) and attachments (./attachments.ts), in one
 * scope with strict validation and the domain errors mapped to problems. Roles: server/auth/rules.ts.
 */
import type { FastifyInstance } from 'fastify';
import { useAccountingScope } from '../accounting/http';
import { registerAttachmentRoutes } from './attachments';
import { registerCareCaseRoutes } from './routes';
import type { CareDeps } from './start';

export type { CareDeps, StartCareCase, StartedCareCase } from './start';
export { startCareCase } from './start';

export async function registerCareRoutes(app: FastifyInstance, deps: CareDeps): Promise<void> {
  await app.register(async (scope) => {
    useAccountingScope(scope);
    await registerCareCaseRoutes(scope, deps);
    await registerAttachmentRoutes(scope, deps);
  });
}
