import { createHash } from 'node:crypto';
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { roundToCents, type Cents } from '../money';
import type { OrderInput } from './schema';

/**
 * Order statuses the workers store. GET /api/orders/{id} reports them, or `stalled` while the
 * engine has an open incident (server/api/order-progress.ts).
 */
export type OrderStatus =
  | 'received'
  | 'checking'
  | 'in_duplicate_review'
  | 'in_credit_review'
  | 'awaiting_data'
  | 'contracted'
  | 'rejected'
  | 'prepayment_offered'
  | 'cancelled';

/** Statuses rows stored before the review statuses existed, and what they mean now. */
export const legacyStatuses: Record<string, OrderStatus> = { credit_checked: 'checking', in_review: 'in_credit_review' };

export interface OrderRow {
  id: string;
  idempotency_key: string | null;
  status: OrderStatus;
  score: number | null;
  traffic_light: string | null;
  decision: string | null;
  reasons: string[];
  missing_data: Array<{ field: string; label: string }>;
  process_instance_key: string | null;
  person_key: string | null;
  address_key: string | null;
  meter_number: string | null;
  payload: OrderInput;
  /** Claim of the process start (server/order-starts.ts). */
  start_claimed_at: Date | null;
  start_claimed_by: string | null;
  idempotency_body_hash: string | null;
  prepayment_accepted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export class OrderNotFoundError extends Error {
  constructor(readonly orderId: string) {
    super(`order ${orderId} not found`);
    this.name = 'OrderNotFoundError';
  }
}

export async function loadOrder(db: Database, orderId: string): Promise<OrderRow> {
  const row = (await db('orders').where({ id: orderId }).first()) as OrderRow | undefined;
  if (!row) throw new OrderNotFoundError(orderId);
  return row;
}

/** Writes the patch; an order that does not exist is an OrderNotFoundError (the job then fails), as loadOrder. */
export async function updateOrder(db: Database, orderId: string, patch: Partial<Omit<OrderRow, 'id'>>): Promise<void> {
  const data: Record<string, unknown> = { ...patch, updated_at: db.fn.now() };
  for (const k of ['reasons', 'missing_data', 'payload'] as const) if (k in data) data[k] = JSON.stringify(data[k]);
  const updated = await db('orders').where({ id: orderId }).update(data).returning('id');
  if (updated.length === 0) throw new OrderNotFoundError(orderId);
}

/** Stable, human-readable numbers derived from the order id: a retried job derives the same ones. */
export function numberFor(prefix: string, orderId: string, digits = 9): string {
  const n = BigInt(`0x${createHash('sha256').update(`${prefix}|${orderId}`).digest('hex').slice(0, 15)}`);
  return `${prefix}${(n % 10n ** BigInt(digits)).toString().padStart(digits, '0')}`;
}

export function orderNumber(orderId: string): string {
  return `A-${orderId.slice(0, 8).toUpperCase()}`;
}

/** The monthly prepayment of the prepayment offer: 35 ct per kWh over twelve months, in cents (commercial rounding). */
export function monthlyPrepaymentCents(order: OrderInput): Cents {
  return roundToCents(new Decimal(order.annualConsumptionKwh).times('0.35').dividedBy(12));
}
