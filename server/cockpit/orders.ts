/**
 * GET /api/cockpit/orders?q=: orders by customer name, e-mail, order number or id. The cockpit turns
 * the hits into a /v2 variables filter on `orderId`, since customer data are not process variables.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db';
import type { OrderRow } from '../../domain/orders';
import { orderSummary } from '../tasklist/orders';

export async function registerCockpitRoutes(app: FastifyInstance, deps: { db: Database }): Promise<void> {
  app.get<{ Querystring: { q?: string } }>('/api/cockpit/orders', async (request) => {
    const q = (request.query.q ?? '').trim();
    if (q.length < 2) return { items: [] };
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Order numbers are "A-" plus the first eight hex digits of the id.
    const idPrefix = q.replace(/^A-/i, '').toLowerCase();
    const rows = (await deps
      .db('orders')
      .where((w) => {
        w.whereRaw("(payload->'customer'->>'firstName') || ' ' || (payload->'customer'->>'lastName') ilike ?", [like]).orWhereRaw(
          "payload->'customer'->>'email' ilike ?",
          [like],
        );
        if (/^[0-9a-f-]{4,36}$/.test(idPrefix)) w.orWhereRaw('id::text like ?', [`${idPrefix}%`]);
      })
      .orderBy('created_at', 'desc')
      .limit(50)) as OrderRow[];
    return { items: rows.map(orderSummary) };
  });
}
