/**
 * The modeler's own API, next to the engine's /v2:
 *   POST /api/modeler/deployments  {comment, resources: [{name, content}]} → deploys, logs who and why
 *   GET  /api/modeler/deployments  the deployment log, newest first
 *   GET  /api/modeler/forms        every deployed form version (/v2 has no form search)
 *   /api/modeler/drafts            saved work in progress per user and resource (drafts.ts)
 * Roles (GET analyst, mutations analyst/admin) are enforced by the auth layer's rule on /api/modeler/*.
 * Engine rejections come back as the same problem+json as /v2, with the element ids in `details`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db';
import type { EngineCommands } from '../../engine/api';
import { toProblem, sendProblem } from '../../engine/rest/problem';
import { toDeploymentResponse } from '../../engine/rest/routes/deployments';
import { recordData, recordsOf } from '../../engine/query/search';
import type { FormRecord } from '../../engine/state/records';
import { summarise, type DeployedResource } from './summary';
import { registerDraftRoutes } from './drafts';

export interface ModelerApiDeps {
  db: Database;
  commands: EngineCommands;
}

interface DeployBody {
  comment: string;
  resources: { name: string; content: string }[];
}

const deployBodySchema = {
  type: 'object',
  required: ['resources'],
  additionalProperties: false,
  properties: {
    comment: { type: 'string', maxLength: 2000, default: '' },
    resources: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        required: ['name', 'content'],
        additionalProperties: false,
        properties: { name: { type: 'string', pattern: '^[^/\\\\]+\\.(bpmn|dmn|form)$' }, content: { type: 'string', minLength: 1 } },
      },
    },
  },
};

/** Who deploys: the auth layer's principal (a user, or `apikey:<name>`). */
function userOf(request: FastifyRequest): string {
  const principal = (request as FastifyRequest & { principal?: { username?: string } | null }).principal;
  return principal?.username ?? 'unknown';
}

interface DeploymentRow {
  deployment_key: string;
  comment: string;
  username: string;
  resources: DeployedResource[] | string;
  created_at: Date | string;
}

function toView(r: DeploymentRow) {
  return {
    deploymentKey: r.deployment_key,
    comment: r.comment,
    user: r.username,
    resources: typeof r.resources === 'string' ? (JSON.parse(r.resources) as DeployedResource[]) : r.resources,
    createdAt: new Date(r.created_at).toISOString(),
  };
}

export async function registerModelerRoutes(app: FastifyInstance, deps: ModelerApiDeps): Promise<void> {
  const { db, commands } = deps;

  app.post<{ Body: DeployBody }>('/api/modeler/deployments', { schema: { body: deployBodySchema } }, async (request, reply) => {
    const { comment, resources } = request.body;
    try {
      const result = await commands.deployResources(resources.map((r) => ({ name: r.name, content: Buffer.from(r.content, 'utf8') })));
      const row: DeploymentRow = {
        deployment_key: result.key,
        comment: comment.trim(),
        username: userOf(request),
        resources: summarise(result),
        created_at: new Date(),
      };
      await db('modeler_deployments').insert({ ...row, resources: JSON.stringify(row.resources) });
      return reply.code(201).send({ ...toView(row), deployment: toDeploymentResponse(result) });
    } catch (err) {
      return sendProblem(reply, toProblem(err, request));
    }
  });

  app.get<{ Querystring: { limit?: number } }>(
    '/api/modeler/deployments',
    {
      schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 } } } },
    },
    async (request) => {
      const rows = (await db('modeler_deployments')
        .orderBy('id', 'desc')
        .limit(request.query.limit ?? 100)) as DeploymentRow[];
      return { items: rows.map(toView) };
    },
  );

  registerDraftRoutes(app, db, userOf);

  app.get('/api/modeler/forms', async () => {
    const rows = (await recordsOf(db, 'form')
      .whereRaw("coalesce((r.data->>'deleted')::boolean, false) = false")
      .orderByRaw("r.data->>'formId', (r.data->>'version')::int desc")
      .select('r.data')) as { data: unknown }[];
    return {
      items: rows.map(({ data }) => {
        const f = recordData<FormRecord>(data);
        return {
          formKey: f.key,
          formId: f.formId,
          version: f.version,
          resourceName: f.resourceName,
          deploymentKey: f.deploymentKey,
          schema: f.schema,
        };
      }),
    };
  });
}
