/**
 * API keys for admins (the role check is the rules table: /api/api-keys/** → admin):
 *   GET /api/api-keys → {items: [{name, roles, createdAt, createdBy, lastUsedAt, managedBy}]}
 *   POST /api/api-keys {name, roles} → 201 {…, key}: the secret is in this answer only; the table keeps its hash
 *   DELETE /api/api-keys/{name} → 204: revoked; REST refuses the key from the next request on, the
 *     gRPC gateway after at most 5 s (it caches known keys, server/auth/grpc.ts)
 * The key `system` belongs to the SYSTEM_API_KEY setting: listed as managed by configuration, its
 * name is reserved and it cannot be revoked here (change or empty the setting instead).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../../engine/rest/problem';
import { ApiKeyExistsError, CONFIG_KEY_NAME, type ApiKeyStore } from './api-keys';
import { ROLES, type Role } from './roles';
import { refuseInvalid, strictBody } from './validation';

export const API_KEY_NAME_PATTERN = '^[a-z0-9][a-z0-9._-]{1,63}$';

const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'roles'],
  properties: {
    name: { type: 'string', pattern: API_KEY_NAME_PATTERN },
    roles: { type: 'array', items: { enum: [...ROLES] }, minItems: 1, uniqueItems: true },
  },
};

function fail(request: FastifyRequest, reply: FastifyReply, status: number, title: string, detail: string) {
  return sendProblem(reply, problem(status, title, detail, request.url.split('?')[0]));
}

export function registerApiKeyRoutes(app: FastifyInstance, keys: ApiKeyStore): void {
  app.get('/api/api-keys', async () => ({ items: await keys.list() }));

  app.post<{ Body: { name: string; roles: Role[] } }>('/api/api-keys', strictBody(createSchema), async (request, reply) => {
    if (refuseInvalid(request, reply)) return reply;
    const { name, roles } = request.body;
    if (name === CONFIG_KEY_NAME)
      return fail(request, reply, 409, 'ALREADY_EXISTS', `The name ${CONFIG_KEY_NAME} belongs to the SYSTEM_API_KEY setting.`);
    try {
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await keys.create(name, roles, request.principal?.username ?? 'unknown'));
    } catch (err) {
      if (err instanceof ApiKeyExistsError) return fail(request, reply, 409, 'ALREADY_EXISTS', `An API key ${name} exists.`);
      throw err;
    }
  });

  app.delete<{ Params: { name: string } }>('/api/api-keys/:name', async (request, reply) => {
    const { name } = request.params;
    if (name === CONFIG_KEY_NAME)
      return fail(request, reply, 409, 'INVALID_STATE', 'The system key is managed by the SYSTEM_API_KEY setting.');
    if (!(await keys.remove(name))) return fail(request, reply, 404, 'NOT_FOUND', `No API key ${name}.`);
    return reply.code(204).send();
  });
}
