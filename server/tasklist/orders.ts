/**
 * GET /api/tasklist/orders/{orderId}: the order behind a task (customer, supply address, tariff),
 * which the process deliberately does not carry as variables (personal data stays in the product's DB).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db';
import { problem, sendProblem } from '../../engine/rest/problem';
import { orderNumber, type OrderRow } from '../../domain/orders';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OrderSummary {
  orderId: string;
  orderNumber: string;
  status: string;
  processInstanceKey: string | null;
  customer: { name: string; birthDate?: string; email?: string; phone?: string };
  supplyAddress: string;
  tariff: { code?: string; commodity?: string };
  annualConsumptionKwh?: number;
  paymentMethod?: string;
  desiredStartDate?: string;
  score: number | null;
  trafficLight: string | null;
  decision: string | null;
  reasons: string[];
  createdAt: string;
}

export function orderSummary(row: OrderRow): OrderSummary {
  const p = row.payload;
  const a = p.supplyAddress;
  return {
    orderId: row.id,
    orderNumber: orderNumber(row.id),
    status: row.status,
    processInstanceKey: row.process_instance_key,
    customer: {
      name: `${p.customer.firstName} ${p.customer.lastName}`,
      birthDate: p.customer.birthDate,
      email: p.customer.email,
      phone: p.customer.phone,
    },
    supplyAddress: a ? `${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}` : '',
    tariff: { code: p.tariff?.code, commodity: p.tariff?.commodity },
    annualConsumptionKwh: p.annualConsumptionKwh,
    paymentMethod: p.payment?.method,
    desiredStartDate: p.desiredStartDate,
    score: row.score,
    trafficLight: row.traffic_light,
    decision: row.decision,
    reasons: row.reasons ?? [],
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/** What a task card shows of its order: number and customer name, no further personal data. */
export interface OrderCard {
  orderId: string;
  orderNumber: string;
  customerName: string;
}

export async function registerTasklistRoutes(app: FastifyInstance, deps: { db: Database }): Promise<void> {
  // GET /api/tasklist/orders?ids=a,b,…: the cards of up to 200 orders in one call (the task list polls).
  app.get<{ Querystring: { ids?: string } }>('/api/tasklist/orders', async (request, reply) => {
    const ids = [
      ...new Set(
        (request.query.ids ?? '')
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    if (ids.length > 200 || ids.some((id) => !uuidPattern.test(id)))
      return sendProblem(
        reply,
        problem(400, 'INVALID_ARGUMENT', 'ids: up to 200 order ids', '/api/tasklist/orders', [
          { field: 'ids', message: 'must be up to 200 order ids, separated by commas' },
        ]),
      );
    if (ids.length === 0) return { items: [] };
    const rows = (await deps.db('orders').whereIn('id', ids).select('id', 'payload')) as Pick<OrderRow, 'id' | 'payload'>[];
    const items: OrderCard[] = rows.map((r) => ({
      orderId: r.id,
      orderNumber: orderNumber(r.id),
      customerName: `${r.payload.customer.firstName} ${r.payload.customer.lastName}`,
    }));
    return { items };
  });

  app.get<{ Params: { orderId: string } }>('/api/tasklist/orders/:orderId', async (request, reply) => {
    const notFound = () => sendProblem(reply, problem(404, 'NOT_FOUND', `No order ${request.params.orderId}`, request.url.split('?')[0]));
    if (!uuidPattern.test(request.params.orderId)) return notFound();
    const row = (await deps.db('orders').where({ id: request.params.orderId }).first()) as OrderRow | undefined;
    if (!row) return notFound();
    return orderSummary(row);
  });
}
