/**
 * User management for admins (the role check is the rules table: /api/users/** → admin):
 *   GET /api/users · POST /api/users · PATCH /api/users/{username} {displayName?, roles?, locale?, active?}
 *   POST /api/users/{username}/password {password} · DELETE /api/users/{username}
 * `active: false` deactivates: the user cannot sign in and their sessions end (`true` reactivates).
 * An admin cannot lock everyone out: the last active admin keeps the role and can be neither
 * deactivated nor deleted. Bodies are validated strictly (400 problem+json naming each field).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../../engine/rest/problem';
import { MIN_PASSWORD_LENGTH } from './passwords';
import { USER_ROLES, type Role } from './roles';
import { UserExistsError, type UserStore } from './users';
import { refuseInvalid, strictBody } from './validation';

const rolesSchema = { type: 'array', items: { enum: [...USER_ROLES] }, uniqueItems: true };
const createSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'displayName', 'password', 'roles'],
  properties: {
    username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,63}$' },
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 },
    roles: rolesSchema,
    locale: { enum: ['de', 'en'] },
  },
};
const patchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    roles: rolesSchema,
    locale: { enum: ['de', 'en'] },
    active: { type: 'boolean' },
  },
};
const passwordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['password'],
  properties: { password: { type: 'string', minLength: MIN_PASSWORD_LENGTH, maxLength: 200 } },
};

type Params = { Params: { username: string } };

function fail(request: FastifyRequest, reply: FastifyReply, status: number, title: string, detail: string) {
  return sendProblem(reply, problem(status, title, detail, request.url.split('?')[0]));
}

export function registerUserRoutes(app: FastifyInstance, users: UserStore): void {
  const wouldLoseLastAdmin = async (username: string, newRoles?: Role[]) => {
    const row = await users.find(username);
    const isAdmin = row?.active !== false && Array.isArray(row?.roles) && (row!.roles as string[]).includes('admin');
    const staysAdmin = newRoles ? newRoles.includes('admin') : false;
    return isAdmin && !staysAdmin && (await users.countAdmins()) <= 1;
  };

  app.get('/api/users', async () => ({ items: await users.list() }));

  app.post<{ Body: { username: string; displayName: string; password: string; roles: Role[]; locale?: 'de' | 'en' } }>(
    '/api/users',
    strictBody(createSchema),
    async (request, reply) => {
      if (refuseInvalid(request, reply)) return reply;
      try {
        return reply.code(201).send(await users.create(request.body));
      } catch (err) {
        if (err instanceof UserExistsError) return fail(request, reply, 409, 'ALREADY_EXISTS', `User ${err.username} exists.`);
        throw err;
      }
    },
  );

  app.patch<Params & { Body: { displayName?: string; roles?: Role[]; locale?: 'de' | 'en'; active?: boolean } }>(
    '/api/users/:username',
    strictBody(patchSchema),
    async (request, reply) => {
      if (refuseInvalid(request, reply)) return reply;
      const { active, ...patch } = request.body;
      const { username } = request.params;
      if (patch.roles && (await wouldLoseLastAdmin(username, patch.roles))) {
        return fail(request, reply, 409, 'INVALID_STATE', 'The last active admin keeps the role admin.');
      }
      if (active === false && (await wouldLoseLastAdmin(username))) {
        return fail(request, reply, 409, 'INVALID_STATE', 'The last active admin cannot be deactivated.');
      }
      if (!(await users.find(username))) return fail(request, reply, 404, 'NOT_FOUND', `No user ${username}.`);
      if (active !== undefined) await users.setActive(username, active);
      if (Object.keys(patch).length > 0) await users.update(username, patch);
      return (await users.get(username))!;
    },
  );

  app.post<Params & { Body: { password: string } }>('/api/users/:username/password', strictBody(passwordSchema), async (request, reply) => {
    if (refuseInvalid(request, reply)) return reply;
    if (!(await users.setPassword(request.params.username, request.body.password)))
      return fail(request, reply, 404, 'NOT_FOUND', `No user ${request.params.username}.`);
    return reply.code(204).send();
  });

  app.delete<Params>('/api/users/:username', async (request, reply) => {
    if (await wouldLoseLastAdmin(request.params.username))
      return fail(request, reply, 409, 'INVALID_STATE', 'The last active admin cannot be deleted.');
    if (!(await users.remove(request.params.username)))
      return fail(request, reply, 404, 'NOT_FOUND', `No user ${request.params.username}.`);
    return reply.code(204).send();
  });
}
