/**
 * Drafts: what an analyst saved in the modeler without deploying, one per user and resource.
 *   GET    /api/modeler/drafts                  the signed-in user's drafts, without content
 *   GET    /api/modeler/drafts/:kind/:id        one draft with its content
 *   PUT    /api/modeler/drafts/:kind/:id        save (create or replace)
 *   DELETE /api/modeler/drafts/:kind/:id        discard (204 also when there is none)
 * Roles come from the auth layer's rule on /api/modeler/**; each user sees only their own drafts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db';

export type DraftKind = 'bpmn' | 'dmn' | 'form';

interface DraftRow {
  username: string;
  kind: DraftKind;
  resource_id: string;
  name: string;
  resource_name: string;
  content?: string;
  base_version: number | null;
  base_key: string | null;
  updated_at: Date | string;
}

interface DraftBody {
  name: string;
  resourceName: string;
  content: string;
  baseVersion?: number | null;
  baseKey?: string | null;
}
interface DraftParams {
  kind: DraftKind;
  id: string;
}

const paramsSchema = {
  type: 'object',
  required: ['kind', 'id'],
  properties: { kind: { type: 'string', enum: ['bpmn', 'dmn', 'form'] }, id: { type: 'string', minLength: 1, maxLength: 255 } },
};

const bodySchema = {
  type: 'object',
  required: ['name', 'resourceName', 'content'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 255 },
    resourceName: { type: 'string', pattern: '^[^/\\\\]+\\.(bpmn|dmn|form)$', maxLength: 255 },
    // The largest shipped process is about 60 kB; 5 MB leaves room without inviting abuse.
    content: { type: 'string', minLength: 1, maxLength: 5_000_000 },
    baseVersion: { type: ['integer', 'null'], minimum: 1 },
    baseKey: { type: ['string', 'null'], pattern: '^[0-9]+$' },
  },
};

function toView(r: DraftRow) {
  return {
    kind: r.kind,
    resourceId: r.resource_id,
    name: r.name,
    resourceName: r.resource_name,
    baseVersion: r.base_version ?? undefined,
    baseKey: r.base_key ?? undefined,
    updatedAt: new Date(r.updated_at).toISOString(),
    ...(r.content !== undefined ? { content: r.content } : {}),
  };
}

const notFound = (reply: FastifyReply) =>
  reply.code(404).type('application/problem+json').send({ type: 'about:blank', title: 'NOT_FOUND', status: 404, detail: 'No such draft.' });

export function registerDraftRoutes(app: FastifyInstance, db: Database, user: (request: FastifyRequest) => string): void {
  const columns = ['username', 'kind', 'resource_id', 'name', 'resource_name', 'base_version', 'base_key', 'updated_at'];

  app.get('/api/modeler/drafts', async (request) => {
    const rows = (await db('modeler_drafts')
      .where({ username: user(request) })
      .orderBy('updated_at', 'desc')
      .select(columns)) as DraftRow[];
    return { items: rows.map(toView) };
  });

  app.get<{ Params: DraftParams }>('/api/modeler/drafts/:kind/:id', { schema: { params: paramsSchema } }, async (request, reply) => {
    const { kind, id } = request.params;
    const row = (await db('modeler_drafts')
      .where({ username: user(request), kind, resource_id: id })
      .first()) as DraftRow | undefined;
    return row ? toView(row) : notFound(reply);
  });

  app.put<{ Params: DraftParams; Body: DraftBody }>(
    '/api/modeler/drafts/:kind/:id',
    { schema: { params: paramsSchema, body: bodySchema } },
    async (request) => {
      const { kind, id } = request.params;
      const b = request.body;
      const row: DraftRow = {
        username: user(request),
        kind,
        resource_id: id,
        name: b.name,
        resource_name: b.resourceName,
        content: b.content,
        base_version: b.baseVersion ?? null,
        base_key: b.baseKey ?? null,
        updated_at: new Date(),
      };
      await db('modeler_drafts').insert(row).onConflict(['username', 'kind', 'resource_id']).merge();
      const { content: _content, ...meta } = row;
      return toView(meta);
    },
  );

  // Discarding is idempotent: a draft that is gone (another tab discarded or deployed it) is fine.
  app.delete<{ Params: DraftParams }>('/api/modeler/drafts/:kind/:id', { schema: { params: paramsSchema } }, async (request, reply) => {
    const { kind, id } = request.params;
    await db('modeler_drafts')
      .where({ username: user(request), kind, resource_id: id })
      .delete();
    return reply.code(204).send();
  });
}
