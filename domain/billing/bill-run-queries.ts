/** The bill run's reads: one query per kind of data for a whole page of contracts. */
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { validStatuses, type MeterReading, type ReadingSource, type ReadingStatus } from '../readings';
import { addDays, isoDate } from '../shared/dates';
import { END_READING_WINDOW_DAYS } from './bill-readings';
import { jsonColumn, toCents } from '../shared/db';
import type { BillRunContract } from './bill-run';
import type { Planned } from './bill-run-types';
import type { BillCalculation } from './types';

export async function withValues<T>(
  rows: ReadonlyArray<ReadonlyArray<string>>,
  types: readonly string[],
  run: (values: string, bindings: string[]) => Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  const tuple = `(${types.map((t) => `?::${t}`).join(', ')})`;
  const chunk = Math.floor(30000 / types.length);
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    out.push(await run(part.map(() => tuple).join(', '), part.flat()));
  }
  return out;
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v ? isoDate(v as Date | string) : null);

export async function loadContracts(trx: Database, ids: string[]): Promise<Map<string, BillRunContract>> {
  const rows = (await trx('contracts as c')
    .leftJoin('meters as m', 'm.id', 'c.meter_id')
    .whereIn('c.id', [...new Set(ids)])
    .select(
      'c.id',
      'c.contract_number',
      'c.status',
      'c.tariff_code',
      'c.tariff_modules',
      'c.start_date',
      'c.end_date',
      'c.billing_period_start',
      'c.annual_consumption_kwh',
      'c.contract_account_id',
      'm.meter_number',
    )) as Row[];
  return new Map(
    rows.map((c) => [
      c.id as string,
      {
        id: c.id as string,
        contractNumber: c.contract_number as string,
        status: c.status as string,
        tariffCode: c.tariff_code as string,
        tariffModules: jsonColumn<string[]>(c.tariff_modules ?? []),
        startDate: date(c.start_date),
        endDate: date(c.end_date),
        billingPeriodStart: date(c.billing_period_start),
        annualConsumptionKwh: Number(c.annual_consumption_kwh),
        contractAccountId: c.contract_account_id as string,
        meterNumber: (c.meter_number as string | null) ?? '',
      },
    ]),
  );
}

export async function existingBills(
  trx: Database,
  keys: string[],
): Promise<Map<string, { billId: string; billNumber: string; amountDueCents: number }>> {
  if (keys.length === 0) return new Map();
  const rows = (await trx('bills').whereIn('business_key', keys).select('id', 'business_key', 'bill_number', 'amount_due_cents')) as Row[];
  return new Map(
    rows.map((r) => [
      r.business_key as string,
      { billId: r.id as string, billNumber: r.bill_number as string, amountDueCents: toCents(r.amount_due_cents as string) },
    ]),
  );
}

const statusList = validStatuses.map((s) => `'${s}'`).join(', ');

export function toReading(r: Row): MeterReading {
  return {
    id: r.id as string,
    businessKey: r.business_key as string,
    meterId: r.meter_id as string,
    contractId: (r.contract_id as string | null) ?? null,
    readingDate: isoDate(r.reading_date as Date | string),
    valueKwh: new Decimal(r.value_kwh as string).toFixed(3),
    source: r.source as ReadingSource,
    status: r.status as ReadingStatus,
    note: (r.note as string | null) ?? null,
    decidedBy: (r.decided_by as string | null) ?? null,
  };
}

/** Start reading and the readings around the period end of each contract, in two queries. */
export async function loadReadings(
  trx: Database,
  planned: Planned[],
): Promise<Map<string, { start: MeterReading | undefined; near: MeterReading[] }>> {
  const out = new Map<string, { start: MeterReading | undefined; near: MeterReading[] }>();
  for (const p of planned) out.set(p.contract.id, { start: undefined, near: [] });
  if (planned.length === 0) return out;
  const columns = 'r.id, r.business_key, r.meter_id, r.contract_id, r.reading_date, r.value_kwh, r.source, r.status, r.note, r.decided_by';
  const starts = await withValues(
    planned.map((p) => [p.contract.id, p.periodStart]),
    ['uuid', 'date'],
    (values, bindings) =>
      trx.raw(
        `SELECT DISTINCT ON (r.contract_id) ${columns} FROM meter_readings r
         JOIN (VALUES ${values}) AS v(contract_id, d) ON r.contract_id = v.contract_id AND r.reading_date <= v.d
         WHERE r.status IN (${statusList})
         ORDER BY r.contract_id, r.reading_date DESC, r.created_at DESC`,
        bindings,
      ) as Promise<{ rows: Row[] }>,
  );
  for (const r of starts.flatMap((s) => s.rows)) out.get(r.contract_id as string)!.start = toReading(r);
  const near = await withValues(
    planned.map((p) => [p.contract.id, addDays(p.periodEnd, -END_READING_WINDOW_DAYS), addDays(p.periodEnd, END_READING_WINDOW_DAYS)]),
    ['uuid', 'date', 'date'],
    (values, bindings) =>
      trx.raw(
        `SELECT ${columns} FROM meter_readings r
         JOIN (VALUES ${values}) AS v(contract_id, f, t) ON r.contract_id = v.contract_id AND r.reading_date BETWEEN v.f AND v.t
         WHERE r.status IN (${statusList})
         ORDER BY r.contract_id, r.reading_date, r.created_at`,
        bindings,
      ) as Promise<{ rows: Row[] }>,
  );
  for (const r of near.flatMap((s) => s.rows)) out.get(r.contract_id as string)!.near.push(toReading(r));
  return out;
}

/**
 * Gross installments requested per contract and period: the down-payment lines of installment
 * documents (and their reversals) due in it; a bill's own release line has no due date. Those
 * documents are posted on the contract's account, which lets the query find them by its index.
 */
export async function installmentsRequestedFor(trx: Database, planned: Planned[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (planned.length === 0) return out;
  const results = await withValues(
    planned.map((p) => [p.contract.id, p.contract.contractAccountId, p.periodStart, p.periodEnd]),
    ['uuid', 'uuid', 'date', 'date'],
    (values, bindings) =>
      trx.raw(
        `SELECT v.contract_id, sum(l.amount_cents) AS s
         FROM (VALUES ${values}) AS v(contract_id, account_id, f, t)
         JOIN ledger_documents d ON d.contract_account_id = v.account_id AND d.kind IN ('installment', 'reversal')
         JOIN ledger_lines l ON l.document_id = d.id AND l.contract_id = v.contract_id AND l.gl_account = 'down_payments'
           AND l.due_date BETWEEN v.f AND v.t
         GROUP BY v.contract_id`,
        bindings,
      ) as Promise<{ rows: Array<{ contract_id: string; s: string | number | null }> }>,
  );
  for (const r of results.flatMap((x) => x.rows)) out.set(r.contract_id, -toCents(r.s ?? 0));
  return out;
}

/** The latest bill of each contract that is not cancelled: the comparison §40 EnWG asks for. */
export async function previousPeriods(trx: Database, contractIds: string[]): Promise<Map<string, BillCalculation['previousPeriod']>> {
  const out = new Map<string, BillCalculation['previousPeriod']>();
  if (contractIds.length === 0) return out;
  const rows = (
    (await trx.raw(
      `SELECT DISTINCT ON (b.contract_id) b.contract_id, b.calculation->>'periodStart' AS ps, b.calculation->>'periodEnd' AS pe,
         b.calculation->>'consumptionKwh' AS kwh
       FROM bills b
       WHERE b.contract_id IN (${contractIds.map(() => '?').join(', ')})
         AND NOT EXISTS (SELECT 1 FROM bill_cancellations c WHERE c.bill_id = b.id)
       ORDER BY b.contract_id, b.period_end DESC`,
      contractIds,
    )) as { rows: Array<{ contract_id: string; ps: string; pe: string; kwh: string }> }
  ).rows;
  for (const r of rows) out.set(r.contract_id, { periodStart: r.ps, periodEnd: r.pe, consumptionKwh: r.kwh });
  return out;
}
