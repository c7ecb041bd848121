/**
 * The modeler's own API, next to the engine's /v2:
 *   POST /api/modeler/deployments  {comment, resources: [{name, content}]} → deploys, logs who and why
 *   GET  /api/modeler/deployments  the deployment log, newest first
 *   GET  /api/modeler/forms        every deployed form version (/v2 has no form search)
 *   /api/modeler/drafts            saved work in progress per user and resource (drafts.ts)
 * Roles (GET analyst, mutations analyst/admin) are enforced by the auth layer's rule on /api/modeler/*.
 * Engine rejections come back as the same problem+json as /v2, with the element ids in `details`.
 *
 * The engine is the embedded one (`commands`) or, with ENGINE_EMBEDDED=false, a Camunda 8.8 cluster
 * reached through the SDK's REST client (cluster.ts); the answers are the same either way.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import type { DeploymentResult, EngineCommands } from '../../engine/api';
import { toProblem, sendProblem } from '../../engine/rest/problem';
import { toDeploymentResponse } from '../../engine/rest/routes/deployments';
import { recordData, recordsOf } from '../../engine/query/search';
import type { FormRecord } from '../../engine/state/records';
import { camundaRestClient } from '../zeebe-client';
import { clusterDeploy, type Deploy } from './cluster';
import { summarise, type DeployedResource } from './summary';
import { registerDraftRoutes } from './drafts';

export interface ModelerApiDeps {
  db: Database;
  settings: Settings;
  /** The embedded engine's commands; without them deploys go to the cluster of `settings`. */
  commands?: EngineCommands;
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

const resourcesOf = (r: Pick<DeploymentRow, 'resources'>): DeployedResource[] =>
  typeof r.resources === 'string' ? (JSON.parse(r.resources) as DeployedResource[]) : r.resources;

/** A log entry as the modeler shows it; the forms' JSON stays in the log (see formsFromLog). */
function toView(r: DeploymentRow) {
  return {
    deploymentKey: r.deployment_key,
    comment: r.comment,
    user: r.username,
    resources: resourcesOf(r).map(({ schema: _schema, ...rest }) => rest),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

interface FormItem {
  formKey: string;
  formId: string;
  version: number;
  resourceName?: string;
  deploymentKey: string;
  schema: string;
}

/** Every form version in the embedded engine's records. */
async function formsOfEngine(db: Database): Promise<FormItem[]> {
  const rows = (await recordsOf(db, 'form')
    .whereRaw("coalesce((r.data->>'deleted')::boolean, false) = false")
    .orderByRaw("r.data->>'formId', (r.data->>'version')::int desc")
    .select('r.data')) as { data: unknown }[];
  return rows.map(({ data }) => {
    const f = recordData<FormRecord>(data);
    return {
      formKey: f.key,
      formId: f.formId,
      version: f.version,
      resourceName: f.resourceName,
      deploymentKey: f.deploymentKey,
      schema: f.schema,
    };
  });
}

/**
 * Every form version the modeler deployed, from its log: Camunda 8.8 has no form search (GET
 * /v2/forms/{key} came with 8.10). A redeployed unchanged form keeps key and version; it is listed
 * once, with the deployment that made it. Forms deployed otherwise (processes/ at start, other
 * tools) are not in the log and not listed; neither are log entries without their JSON.
 */
async function formsFromLog(db: Database): Promise<FormItem[]> {
  const rows = (await db('modeler_deployments')
    .whereRaw('resources @> ?::jsonb', [JSON.stringify([{ kind: 'form' }])])
    .orderBy('id', 'asc')) as DeploymentRow[];
  const byKey = new Map<string, FormItem>();
  for (const row of rows) {
    for (const r of resourcesOf(row)) {
      if (r.kind !== 'form' || r.schema === undefined || byKey.has(r.key)) continue;
      byKey.set(r.key, {
        formKey: r.key,
        formId: r.id,
        version: r.version,
        resourceName: r.resourceName,
        deploymentKey: row.deployment_key,
        schema: r.schema,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.formId.localeCompare(b.formId) || b.version - a.version);
}

/** Writes a deployment to the log; `contents`: the deployed files by name (the forms' JSON is kept). */
export async function recordDeployment(
  db: Database,
  result: DeploymentResult,
  contents: ReadonlyMap<string, string>,
  who: { comment: string; user: string },
): Promise<DeploymentRow> {
  const row: DeploymentRow = {
    deployment_key: result.key,
    comment: who.comment,
    username: who.user,
    resources: summarise(result, contents),
    created_at: new Date(),
  };
  await db('modeler_deployments').insert({ ...row, resources: JSON.stringify(row.resources) });
  return row;
}

/**
 * Logs the deployment of processes/ at start (server/deploy-processes.ts) when the engine is a
 * cluster, so the modeler lists the shipped forms (formsFromLog); not when every resource of it is
 * logged already (a restart with unchanged files deploys no new versions). True when logged.
 */
export async function recordStartDeployment(
  db: Database,
  result: DeploymentResult,
  contents: ReadonlyMap<string, string>,
): Promise<boolean> {
  const keys = summarise(result).map((r) => r.key);
  const rows = (await db('modeler_deployments').select('resources')) as Pick<DeploymentRow, 'resources'>[];
  const logged = new Set(rows.flatMap((r) => resourcesOf(r).map((x) => x.key)));
  if (keys.every((k) => logged.has(k))) return false;
  await recordDeployment(db, result, contents, { comment: 'processes/ beim Start', user: 'system' });
  return true;
}

export async function registerModelerRoutes(app: FastifyInstance, deps: ModelerApiDeps): Promise<void> {
  const { db, commands } = deps;
  const deploy: Deploy = commands
    ? (resources) => commands.deployResources(resources)
    : clusterDeploy(() => camundaRestClient(deps.settings));

  app.post<{ Body: DeployBody }>('/api/modeler/deployments', { schema: { body: deployBodySchema } }, async (request, reply) => {
    const { comment, resources } = request.body;
    try {
      const result = await deploy(resources.map((r) => ({ name: r.name, content: Buffer.from(r.content, 'utf8') })));
      const contents = new Map(resources.map((r) => [r.name, r.content]));
      const row = await recordDeployment(db, result, contents, { comment: comment.trim(), user: userOf(request) });
      return reply.code(201).send({ ...toView(row), deployment: toDeploymentResponse(result) });
    } catch (err) {
      const p = toProblem(err, request);
      if (p.status >= 500) request.log.error({ err, errorId: p.errorId }, 'deployment failed');
      return sendProblem(reply, p);
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

  // The embedded engine knows every form; a cluster's forms come from the log.
  app.get('/api/modeler/forms', async () => ({ items: await (commands ? formsOfEngine(db) : formsFromLog(db)) }));
}
