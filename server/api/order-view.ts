/**
 * What GET /api/orders/{id} shows: the order with its contract (customer, account, mandate), its
 * letters and the bureaus asked, read in one statement. Clients poll this route for the decision,
 * and the eight statements it took (five before a contract exists) were, with the engine view,
 * most of PGlite's work under load (docs/performance.md, "Order path").
 */
import type { Database } from '../../db';
import { legacyStatuses, type OrderRow } from '../../domain/orders';
import { reportedStatus, type OrderProgress } from './order-progress';

export interface OrderViewRow extends OrderRow {
  c_id: string | null;
  c_contract_number: string | null;
  c_status: string | null;
  c_tariff_code: string | null;
  c_start_date: unknown;
  c_customer_number: string | null;
  c_account_number: string | null;
  c_payment_method: string | null;
  c_mandate_reference: string | null;
  view_documents: { id: string; kind: string; fileName: string; size: number }[];
  view_bureaus: { bureau: string; outcome: string }[];
}

// contracts.order_id is unique and customers/accounts are joined by key: one row at most.
const viewSql = `
select o.*,
  c.id as c_id, c.contract_number as c_contract_number, c.status as c_status, c.tariff_code as c_tariff_code,
  c.start_date as c_start_date, cu.customer_number as c_customer_number, a.account_number as c_account_number,
  a.payment_method as c_payment_method,
  (select m.mandate_reference from sepa_mandates m where m.contract_account_id = c.contract_account_id limit 1) as c_mandate_reference,
  (select coalesce(json_agg(json_build_object('id', d.id, 'kind', d.kind, 'fileName', d.file_name, 'size', d.size)), '[]'::json)
     from documents d where d.order_id = o.id) as view_documents,
  (select coalesce(json_agg(json_build_object('bureau', b.bureau, 'outcome', b.outcome) order by b.created_at), '[]'::json)
     from bureau_requests b where b.order_id = o.id) as view_bureaus
from orders o
left join contracts c on c.order_id = o.id
left join customers cu on cu.id = c.customer_id
left join contract_accounts a on a.id = c.contract_account_id
where o.id = ?`;

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export async function loadOrderView(db: Database, orderId: string): Promise<OrderViewRow | undefined> {
  const result = (await db.raw(viewSql, [orderId])) as { rows: OrderViewRow[] };
  const row = result.rows[0];
  if (!row) return undefined;
  return { ...row, view_documents: parsed(row.view_documents), view_bureaus: parsed(row.view_bureaus) };
}

export function orderView(row: OrderViewRow, progress: OrderProgress) {
  const contractView = row.c_id
    ? {
        id: row.c_id,
        contractNumber: row.c_contract_number,
        status: row.c_status,
        customerNumber: row.c_customer_number ?? undefined,
        contractAccountNumber: row.c_account_number ?? undefined,
        paymentMethod: row.c_payment_method ?? undefined,
        mandateReference: row.c_mandate_reference ?? null,
        tariffCode: row.c_tariff_code,
        startDate: row.c_start_date,
      }
    : null;
  return {
    id: row.id,
    status: reportedStatus(legacyStatuses[row.status] ?? row.status, progress),
    ...(progress.openTask ? { openTask: progress.openTask } : {}),
    ...(progress.incident ? { incident: progress.incident } : {}),
    processInstanceKey: row.process_instance_key,
    startPending: row.process_instance_key === null,
    score: row.score,
    trafficLight: row.traffic_light,
    decision: row.decision,
    reasons: row.reasons,
    missingData: row.missing_data,
    prepaymentAcceptedAt: row.prepayment_accepted_at,
    bureauRequests: row.view_bureaus,
    contract: contractView,
    documents: row.view_documents,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
