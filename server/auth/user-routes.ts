/**
 * User management for admins (the role check is the rules table: /api/users/** → admin):
 *   GET /api/users · POST /api/users · PATCH /api/users/{username} {displayName?, roles?, locale?}
 *   POST /api/users/{username}/password {password} · DELETE /api/users/{username}
 * An admin cannot lock everyone out: the last admin keeps the role and cannot be deleted.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../../engine/rest/problem';
import { MIN_PASSWORD_LENGTH } from './passwords';
import { USER_ROLES, type Role } from './roles';
import { UserExistsError, type UserStore } from './users';

const rolesSchema = { type: 'array', items: { enum: [...USER_ROLES] }, uniqueItems: true };
const createSchema = {
  type: 'object', additionalProperties: false, required: ['username', 'displayName', 'password', 'roles'],
  properties: {
    username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,63}$' },
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 },
    roles: rolesSchema,
    locale: { enum: ['de', 'en'] },
  },
};
const patchSchema = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: { displayName: { type: 'string', minLength: 1, maxLength: 200 }, roles: rolesSchema, locale: { enum: ['de', 'en'] } },
};
const passwordSchema = { type: 'object', additionalProperties: false, required: ['password'], properties: { password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 } } };

type Params = { Params: { username: string } };

function fail(request: FastifyRequest, reply: FastifyReply, status: number, title: string, detail: string) {
  return sendProblem(reply, problem(status, title, detail, request.url.split('?')[0]));
}

export function registerUserRoutes(app: FastifyInstance, users: UserStore): void {
  const wouldLoseLastAdmin = async (username: string, newRoles?: Role[]) => {
    const row = await users.find(username);
    const isAdmin = Array.isArray(row?.roles) && (row!.roles as string[]).includes('admin');
    const staysAdmin = newRoles ? newRoles.includes('admin') : false;
    return isAdmin && !staysAdmin && (await users.countAdmins()) <= 1;
  };

  app.get('/api/users', async () => ({ items: await users.list() }));

  app.post<{ Body: { username: string; displayName: string; password: string; roles: Role[]; locale?: 'de' | 'en' } }>(
    '/api/users', { schema: { body: createSchema } }, async (request, reply) => {
      try {
        return reply.code(201).send(await users.create(request.body));
      } catch (err) {
        if (err instanceof UserExistsError) return fail(request, reply, 409, 'ALREADY_EXISTS', `User ${err.username} exists.`);
        throw err;
      }
    });

  app.patch<Params & { Body: { displayName?: string; roles?: Role[]; locale?: 'de' | 'en' } }>(
    '/api/users/:username', { schema: { body: patchSchema } }, async (request, reply) => {
      if (request.body.roles && (await wouldLoseLastAdmin(request.params.username, request.body.roles))) {
        return fail(request, reply, 409, 'INVALID_STATE', 'The last admin keeps the role admin.');
      }
      const user = await users.update(request.params.username, request.body);
      return user ?? fail(request, reply, 404, 'NOT_FOUND', `No user ${request.params.username}.`);
    });

  app.post<Params & { Body: { password: string } }>('/api/users/:username/password', { schema: { body: passwordSchema } }, async (request, reply) => {
    if (!(await users.setPassword(request.params.username, request.body.password))) return fail(request, reply, 404, 'NOT_FOUND', `No user ${request.params.username}.`);
    return reply.code(204).send();
  });

  app.delete<Params>('/api/users/:username', async (request, reply) => {
    if (await wouldLoseLastAdmin(request.params.username)) return fail(request, reply, 409, 'INVALID_STATE', 'The last admin cannot be deleted.');
    if (!(await users.remove(request.params.username))) return fail(request, reply, 404, 'NOT_FOUND', `No user ${request.params.username}.`);
    return reply.code(204).send();
  });
}
