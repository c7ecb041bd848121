/**
 * GET /api/tasklist/orders/{orderId}: the order behind a task (customer, supply address, tariff),
 * which the process deliberately does not carry as variables (personal data stays in the product's DB).
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db';
import { orderNumber, type OrderRow } from '../../workers/order-to-contract/orders';

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
    customer: { name: `${p.customer.firstName} ${p.customer.lastName}`, birthDate: p.customer.birthDate, email: p.customer.email, phone: p.customer.phone },
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

export async function registerTasklistRoutes(app: FastifyInstance, deps: { db: Database }): Promise<void> {
  app.get<{ Params: { orderId: string } }>('/api/tasklist/orders/:orderId', async (request, reply) => {
    if (!uuidPattern.test(request.params.orderId)) return reply.code(404).send({ error: 'NOT_FOUND' });
    const row = (await deps.db('orders').where({ id: request.params.orderId }).first()) as OrderRow | undefined;
    if (!row) return reply.code(404).send({ error: 'NOT_FOUND' });
    return orderSummary(row);
  });
}
