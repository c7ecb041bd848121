/** The transmission log: what went to which bureau, when, and what the bureau answered. */
import type { Database } from '../../db';
import { isoDate, type IsoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import type { ClaimStatus } from './eligibility';

export interface DeliveryInfo {
  id: string;
  deliveryId: string;
  bureau: string;
  period: string;
  reportDate: IsoDate;
  recordCount: number;
  status: 'pending' | 'accepted' | 'partly_accepted' | 'rejected';
  attempts: number;
  sentAt: string | null;
  responseStatus: number | null;
  receiptId: string | null;
  createdAt: string;
}

export interface RecordInfo {
  id: string;
  deliveryId: string;
  bureau: string;
  period: string;
  accountNumber: string;
  caseNumber: string;
  recordType: 'new' | 'update';
  claimStatus: ClaimStatus;
  openCents: number;
  writtenOffCents: number;
  dunningLevel: number;
  status: 'pending' | 'accepted' | 'rejected';
  error: string | null;
  sentAt: string | null;
}

export interface DeliveryDetail extends DeliveryInfo {
  contentType: string;
  payload: string;
  responseBody: string | null;
  records: RecordInfo[];
}

type Row = Record<string, unknown>;
const stamp = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

const deliveryOf = (r: Row): DeliveryInfo => ({
  id: r.id as string,
  deliveryId: r.delivery_key as string,
  bureau: r.bureau as string,
  period: r.period as string,
  reportDate: isoDate(r.report_date as Date | string),
  recordCount: Number(r.record_count),
  status: r.status as DeliveryInfo['status'],
  attempts: Number(r.attempts),
  sentAt: stamp(r.sent_at),
  responseStatus: r.response_status === null ? null : Number(r.response_status),
  receiptId: (r.receipt_id as string | null) ?? null,
  createdAt: stamp(r.created_at)!,
});

const recordOf = (r: Row): RecordInfo => ({
  id: r.id as string,
  deliveryId: r.delivery_key as string,
  bureau: r.bureau as string,
  period: r.period as string,
  accountNumber: r.account_number as string,
  caseNumber: r.case_number as string,
  recordType: r.record_type as RecordInfo['recordType'],
  claimStatus: r.claim_status as ClaimStatus,
  openCents: toCents(r.open_cents as string),
  writtenOffCents: toCents(r.written_off_cents as string),
  dunningLevel: Number(r.dunning_level),
  status: r.status as RecordInfo['status'],
  error: (r.error as string | null) ?? null,
  sentAt: stamp(r.sent_at),
});

const deliveryColumns = [
  'id',
  'delivery_key',
  'bureau',
  'period',
  'report_date',
  'record_count',
  'status',
  'attempts',
  'sent_at',
  'response_status',
  'receipt_id',
  'created_at',
];

export interface LogFilter {
  bureau?: string;
  period?: string;
  accountNumber?: string;
  limit?: number;
}

export async function listDeliveries(db: Database, filter: LogFilter = {}): Promise<DeliveryInfo[]> {
  const q = db('bureau_report_deliveries').select(deliveryColumns);
  if (filter.bureau) q.where({ bureau: filter.bureau });
  if (filter.period) q.where({ period: filter.period });
  const rows = (await q
    .orderBy('created_at', 'desc')
    .orderBy('delivery_key', 'desc')
    .limit(filter.limit ?? 200)) as Row[];
  return rows.map(deliveryOf);
}

function recordQuery(db: Database) {
  return db('bureau_report_records as r')
    .join('bureau_report_deliveries as d', 'd.id', 'r.delivery_id')
    .join('dunning_cases as c', 'c.id', 'r.case_id')
    .join('contract_accounts as a', 'a.id', 'r.contract_account_id')
    .select('r.*', 'd.delivery_key', 'd.sent_at', 'c.case_number', 'a.account_number');
}

/** The reported claims, newest first; by account number to answer a customer's question. */
export async function listRecords(db: Database, filter: LogFilter = {}): Promise<RecordInfo[]> {
  const q = recordQuery(db);
  if (filter.bureau) q.where('r.bureau', filter.bureau);
  if (filter.period) q.where('r.period', filter.period);
  if (filter.accountNumber) q.where('a.account_number', filter.accountNumber);
  const rows = (await q
    .orderBy('r.created_at', 'desc')
    .orderBy('c.case_number')
    .limit(filter.limit ?? 200)) as Row[];
  return rows.map(recordOf);
}

export async function loadDelivery(db: Database, id: string): Promise<DeliveryDetail | undefined> {
  const row = (await db('bureau_report_deliveries')
    .where({ id })
    .first([...deliveryColumns, 'content_type', 'payload', 'response_body'])) as Row | undefined;
  if (!row) return undefined;
  const records = (await recordQuery(db).where('r.delivery_id', id).orderBy('c.case_number')) as Row[];
  return {
    ...deliveryOf(row),
    contentType: row.content_type as string,
    payload: row.payload as string,
    responseBody: (row.response_body as string | null) ?? null,
    records: records.map(recordOf),
  };
}
