/**
 * The bill run: issues the bills of many contracts with a handful of statements per page, and the
 * bill of one contract (issue-bill.ts) as a page of one, so both post the same way.
 *
 * Per page, in one transaction: the contracts (one query), the bills already issued under their
 * business keys (one), the start and end readings (two; the rule is bill-readings.ts), the
 * installments requested (one, grouped), the previous bills' consumption (one); each bill is then
 * calculated by the pure calculateBill, and all of them are stored at once: bill numbers (one),
 * ledger documents (postDocuments), bills rows (one insert), the next billing periods (one UPDATE
 * … FROM VALUES), and the accounts whose open debits and credits now meet are settled (one query,
 * and two inserts only when there is something to settle). Tariffs and VAT rates are read once per
 * run. Idempotent by the bills' business keys (billKey): a rerun reports the bills it finds.
 */
import Decimal from 'decimal.js';
import type { Database } from '../../db';
import { ContractNotFoundError } from '../contracts';
import { postDocuments, settle, type DocumentInput, type PostingLine } from '../ledger';
import { validStatuses, type MeterReading, type ReadingSource, type ReadingStatus } from '../readings';
import { addDays, isoDate } from '../shared/dates';
import { jsonColumn, toCents } from '../shared/db';
import { getTariff, vatRatesFor, type Commodity, type Tariff, type VatRate } from '../tariffs';
import { pickBillReadings, END_READING_WINDOW_DAYS } from './bill-readings';
import { BillingError, billingPeriodFor, calculateBill } from './calculate';
import type { BillCalculation, BillKind, ReadingUsed } from './types';

export interface BillRunContract {
  id: string;
  contractNumber: string;
  status: string;
  tariffCode: string;
  tariffModules: string[];
  startDate: string | null;
  endDate: string | null;
  billingPeriodStart: string | null;
  annualConsumptionKwh: number;
  contractAccountId: string;
  meterNumber: string;
}

export interface BillRunInput {
  /** The contracts to bill; worked through in pages of `pageSize` (default 1000). */
  contractIds: readonly string[];
  kind: BillKind;
  billDate: string;
  /** The period end per contract; by default the end of the billing period that starts at billing_period_start. */
  periodEndOf?: (contract: BillRunContract) => string;
  /** §40c EnWG: at least two weeks after the bill. */
  paymentTermDays?: number;
  pageSize?: number;
  /**
   * Pages issued at the same time (default 1), each in its own transaction on its own connection,
   * so the database works on one while the next is calculated. Ignored inside a transaction.
   */
  concurrency?: number;
  /** Tariffs and VAT rates already read; pass one to share it between calls. */
  cache?: BillRunCache;
}

export type BillRunOutcome =
  | { contractId: string; status: 'issued' | 'existing'; billId: string; billNumber: string; amountDueCents: number }
  | { contractId: string; status: 'failed'; error: Error };

export interface BillRunResult {
  issued: number;
  existing: number;
  failed: number;
  outcomes: BillRunOutcome[];
}

export interface BillRunCache {
  tariffs: Map<string, Promise<Tariff | undefined>>;
  vatRates: Map<Commodity, Promise<VatRate[]>>;
}

export function createBillRunCache(): BillRunCache {
  return { tariffs: new Map(), vatRates: new Map() };
}

/** One bill to issue: readings and period end from the caller, or found by the run. */
export interface BillRequest {
  contractId: string;
  periodEnd?: string;
  readings?: { start: ReadingUsed; end: ReadingUsed };
  /** Set when this bill replaces a cancelled one. */
  correctsBillId?: string;
}

export interface BillPageOptions {
  kind: BillKind;
  billDate: string;
  periodEndOf?: (contract: BillRunContract) => string;
  paymentTermDays?: number;
  cache?: BillRunCache;
}

export function billKey(contractId: string, kind: BillKind, periodEnd: string, correctsBillId?: string): string {
  return `bill:${contractId}:${kind}:${periodEnd}${correctsBillId ? `:corrects:${correctsBillId}` : ''}`;
}

export async function issueBills(db: Database, input: BillRunInput): Promise<BillRunResult> {
  const pageSize = input.pageSize ?? 1000;
  const opts: BillPageOptions = { ...input, cache: input.cache ?? createBillRunCache() };
  // Pages at once only on a database (a transaction has one connection), and then no account in two of them.
  const concurrency = db.isTransaction ? 1 : Math.max(1, input.concurrency ?? 1);
  const pages = concurrency > 1 ? await pagesByAccount(db, input.contractIds, pageSize) : pagesInOrder(input.contractIds.length, pageSize);
  const outcomes: BillRunOutcome[] = new Array<BillRunOutcome>(input.contractIds.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, pages.length) }, async () => {
      while (next < pages.length) {
        const page = pages[next++];
        const done = await issueBillPage(
          db,
          page.map((i) => ({ contractId: input.contractIds[i] })),
          opts,
        );
        page.forEach((i, k) => (outcomes[i] = done[k]));
      }
    }),
  );
  const result: BillRunResult = { issued: 0, existing: 0, failed: 0, outcomes };
  for (const outcome of outcomes) result[outcome.status] += 1;
  return result;
}

/** Pages of indexes into the contract ids, in their order. */
function pagesInOrder(count: number, pageSize: number): number[][] {
  const pages: number[][] = [];
  for (let i = 0; i < count; i += pageSize) pages.push(Array.from({ length: Math.min(pageSize, count - i) }, (_, k) => i + k));
  return pages;
}

/**
 * Pages that share no contract account, so pages issued at the same time never wait for each
 * other's open items (settlement locks them per account): the contracts of one account stay in one page.
 */
async function pagesByAccount(db: Database, contractIds: readonly string[], pageSize: number): Promise<number[][]> {
  const accountOf = new Map<string, string>();
  for (let i = 0; i < contractIds.length; i += 10000) {
    const rows = (await db('contracts')
      .whereIn('id', contractIds.slice(i, i + 10000))
      .select('id', 'contract_account_id')) as Array<{ id: string; contract_account_id: string }>;
    for (const r of rows) accountOf.set(r.id, r.contract_account_id);
  }
  const groups = new Map<string, number[]>();
  contractIds.forEach((id, i) => {
    // Unknown contracts fail on their own; a duplicate id stays with its first occurrence.
    const key = accountOf.get(id) ?? `contract:${id}`;
    const group = groups.get(key) ?? [];
    group.push(i);
    groups.set(key, group);
  });
  const pages: number[][] = [];
  let page: number[] = [];
  for (const group of groups.values()) {
    if (page.length > 0 && page.length + group.length > pageSize) {
      pages.push(page);
      page = [];
    }
    page.push(...group);
  }
  if (page.length) pages.push(page);
  return pages;
}

const kindText: Record<BillKind, string> = { annual: 'Jahresabrechnung', final: 'Schlussrechnung', interim: 'Zwischenabrechnung' };

interface Planned {
  request: BillRequest;
  contract: BillRunContract;
  tariff: Tariff;
  periodStart: string;
  periodEnd: string;
  businessKey: string;
}

interface Calculated extends Planned {
  calculation: BillCalculation;
}

/** Issues the bills of one page of contracts in one transaction; one outcome per request, in order. */
export async function issueBillPage(db: Database, requests: readonly BillRequest[], opts: BillPageOptions): Promise<BillRunOutcome[]> {
  if (requests.length === 0) return [];
  const cache = opts.cache ?? createBillRunCache();
  return db.transaction(async (trx) => {
    const outcomes = new Map<BillRequest, BillRunOutcome>();
    const fail = (r: BillRequest, error: Error) => outcomes.set(r, { contractId: r.contractId, status: 'failed', error });
    const contracts = await loadContracts(
      trx,
      requests.map((r) => r.contractId),
    );

    // Who is to be billed for which period, under which key.
    const planned: Planned[] = [];
    // The same contract twice in a page is billed once; the second gets the first's outcome.
    const firstOfKey = new Map<string, BillRequest>();
    const duplicates: Array<[BillRequest, BillRequest]> = [];
    for (const request of requests) {
      const contract = contracts.get(request.contractId);
      if (!contract) {
        fail(request, new ContractNotFoundError(request.contractId));
        continue;
      }
      try {
        const tariff = await cached(cache.tariffs, contract.tariffCode, () => getTariff(trx, contract.tariffCode));
        if (!tariff) throw new BillingError('tariffCode', `Tarif ${contract.tariffCode} ist nicht angelegt`);
        const periodStart = contract.billingPeriodStart ?? contract.startDate;
        if (!periodStart || !contract.startDate)
          throw new BillingError('startDate', `Vertrag ${contract.contractNumber} hat keinen Lieferbeginn`);
        const periodEnd = request.periodEnd ?? opts.periodEndOf?.(contract) ?? defaultPeriodEnd(contract, tariff, periodStart);
        const businessKey = billKey(contract.id, opts.kind, periodEnd, request.correctsBillId);
        const first = firstOfKey.get(businessKey);
        if (first) duplicates.push([request, first]);
        else {
          firstOfKey.set(businessKey, request);
          planned.push({ request, contract, tariff, periodStart, periodEnd, businessKey });
        }
      } catch (err) {
        if (!(err instanceof BillingError)) throw err;
        fail(request, err);
      }
    }

    // Bills already issued (a rerun) are reported, not issued again.
    const existing = await existingBills(
      trx,
      planned.map((p) => p.businessKey),
    );
    const toIssue = planned.filter((p) => {
      const bill = existing.get(p.businessKey);
      if (bill) outcomes.set(p.request, { contractId: p.contract.id, status: 'existing', ...bill });
      return !bill;
    });

    const readings = await loadReadings(
      trx,
      toIssue.filter((p) => !p.request.readings),
    );
    const installments = await installmentsRequestedFor(trx, toIssue);
    const previous = await previousPeriods(
      trx,
      toIssue.map((p) => p.contract.id),
    );
    const calculated: Calculated[] = [];
    for (const p of toIssue) {
      try {
        const found = p.request.readings ?? pickBillReadings(p.contract, p.periodStart, p.periodEnd, readings.get(p.contract.id)!);
        const calculation = calculateBill({
          contract: {
            id: p.contract.id,
            startDate: p.contract.startDate!,
            annualConsumptionKwh: p.contract.annualConsumptionKwh,
            tariffModules: p.contract.tariffModules,
          },
          tariff: p.tariff,
          vatRates: await cached(cache.vatRates, p.tariff.commodity, () => vatRatesFor(trx, p.tariff.commodity)),
          kind: opts.kind,
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          readings: found,
          installmentsCents: installments.get(p.contract.id) ?? 0,
          previousPeriod: previous.get(p.contract.id),
        });
        calculated.push({ ...p, calculation });
      } catch (err) {
        if (!(err instanceof BillingError)) throw err;
        fail(p.request, err);
      }
    }

    if (calculated.length) {
      for (const [request, outcome] of await store(trx, calculated, opts)) outcomes.set(request, outcome);
    }
    for (const [request, first] of duplicates) outcomes.set(request, outcomes.get(first)!);
    return requests.map((r) => outcomes.get(r)!);
  });
}

function cached<K, V>(map: Map<K, Promise<V>>, key: K, load: () => Promise<V>): Promise<V> {
  let hit = map.get(key);
  if (!hit) {
    hit = load();
    map.set(key, hit);
  }
  return hit;
}

function defaultPeriodEnd(contract: BillRunContract, tariff: Tariff, periodStart: string): string {
  return billingPeriodFor(
    {
      startDate: contract.startDate!,
      billingPeriodStart: contract.billingPeriodStart,
      endDate: contract.endDate,
      billingPeriodMonths: tariff.billingPeriodMonths,
    },
    periodStart,
  ).end;
}

/** Posts the documents, stores the bills, moves the billing periods on and settles the accounts. */
async function store(trx: Database, bills: Calculated[], opts: BillPageOptions): Promise<Map<BillRequest, BillRunOutcome>> {
  const dueDate = addDays(opts.billDate, opts.paymentTermDays ?? 14);
  const numbers = (await trx.raw(`SELECT nextval('bill_number_seq') AS n FROM generate_series(1, ?)`, [bills.length])) as {
    rows: Array<{ n: string | number }>;
  };
  const billNumbers = bills.map((_, i) => `R${opts.billDate.slice(0, 4)}${String(numbers.rows[i].n).padStart(8, '0')}`);
  const docs: DocumentInput[] = bills.map((b, i) => ({
    businessKey: b.businessKey,
    kind: 'bill',
    contractAccountId: b.contract.contractAccountId,
    postingDate: opts.billDate,
    reference: billNumbers[i],
    text: `${kindText[opts.kind]} ${billNumbers[i]}`,
    lines: billLines(b.contract.id, b.calculation, billNumbers[i], dueDate),
  }));
  const posted = await postDocuments(trx, docs);

  const outcomes = new Map<BillRequest, BillRunOutcome>();
  // A document that was there already belongs to a bill a concurrent run has just issued.
  const raced = bills.filter((_, i) => !posted[i].created);
  const fresh = bills.map((b, i) => ({ b, number: billNumbers[i], doc: posted[i] })).filter((x) => x.doc.created);
  if (raced.length) {
    const found = await existingBills(
      trx,
      raced.map((b) => b.businessKey),
    );
    for (const b of raced) {
      const bill = found.get(b.businessKey);
      if (!bill) throw new BillingError('businessKey', `Beleg ${b.businessKey} ist gebucht, die Rechnung dazu fehlt`);
      outcomes.set(b.request, { contractId: b.contract.id, status: 'existing', ...bill });
    }
  }
  if (fresh.length === 0) return outcomes;

  const ids: Array<{ id: string; business_key: string }> = [];
  for (let i = 0; i < fresh.length; i += 1000) {
    const rows = fresh.slice(i, i + 1000).map(({ b, number, doc }) => ({
      bill_number: number,
      business_key: b.businessKey,
      contract_id: b.contract.id,
      contract_account_id: b.contract.contractAccountId,
      kind: opts.kind,
      period_start: b.calculation.periodStart,
      period_end: b.calculation.periodEnd,
      bill_date: opts.billDate,
      net_cents: b.calculation.netCents,
      vat_cents: b.calculation.vatCents,
      gross_cents: b.calculation.grossCents,
      installments_cents: b.calculation.installmentsCents,
      amount_due_cents: b.calculation.amountDueCents,
      due_date: dueDate,
      ledger_document_id: doc.id,
      corrects_bill_id: b.request.correctsBillId ?? null,
      calculation: JSON.stringify(b.calculation),
    }));
    ids.push(...((await trx('bills').insert(rows).returning(['id', 'business_key'])) as Array<{ id: string; business_key: string }>));
  }
  const idByKey = new Map(ids.map((r) => [r.business_key, r.id]));
  for (const { b, number } of fresh)
    outcomes.set(b.request, {
      contractId: b.contract.id,
      status: 'issued',
      billId: idByKey.get(b.businessKey)!,
      billNumber: number,
      amountDueCents: b.calculation.amountDueCents,
    });

  // The next period starts the day after; a final bill ends the contract's billing.
  await withValues(
    fresh.map(({ b }) => [b.contract.id, addDays(b.calculation.periodEnd, 1)]),
    ['uuid', 'date'],
    (values, bindings) =>
      trx.raw(`UPDATE contracts c SET billing_period_start = v.d FROM (VALUES ${values}) AS v(id, d) WHERE c.id = v.id`, bindings),
  );
  await settleAccounts(
    trx,
    fresh.map(({ b }) => ({ contractAccountId: b.contract.contractAccountId, businessKey: `${b.businessKey}:settle` })),
    opts.billDate,
  );
  return outcomes;
}

function billLines(contractId: string, calc: BillCalculation, billNumber: string, dueDate: string): PostingLine[] {
  const lines: PostingLine[] = [];
  if (calc.amountDueCents !== 0)
    lines.push({
      glAccount: 'receivable',
      itemType: calc.amountDueCents > 0 ? 'bill' : 'credit',
      amountCents: calc.amountDueCents,
      contractId,
      dueDate,
      text: calc.amountDueCents > 0 ? `Rechnung ${billNumber}` : `Guthaben aus Rechnung ${billNumber}`,
    });
  for (const g of calc.vat) {
    lines.push({
      glAccount: 'revenue',
      amountCents: -g.netCents,
      contractId,
      vatRatePercent: g.ratePercent,
      text: `Erlös ${g.ratePercent} %`,
    });
    lines.push({
      glAccount: 'vat',
      amountCents: -g.vatCents,
      contractId,
      vatRatePercent: g.ratePercent,
      text: `Umsatzsteuer ${g.ratePercent} %`,
    });
  }
  if (calc.installmentsCents !== 0)
    lines.push({ glAccount: 'down_payments', amountCents: calc.installmentsCents, contractId, text: 'Verrechnung Abschläge' });
  return lines;
}

/**
 * Settles each account's open debits with its open credits, oldest due first, as clearAccount
 * does for one account (items in a payment order under way are left to it). One query finds the
 * accounts that have both and locks their items; only those get a clearing.
 */
async function settleAccounts(
  trx: Database,
  accounts: Array<{ contractAccountId: string; businessKey: string }>,
  clearingDate: string,
): Promise<void> {
  const keyOf = new Map<string, string>();
  for (const a of accounts) if (!keyOf.has(a.contractAccountId)) keyOf.set(a.contractAccountId, a.businessKey);
  const ids = [...keyOf.keys()];
  const notInPayment = `NOT EXISTS (SELECT 1 FROM payment_orders po WHERE po.line_id = o.line_id AND po.status IN ('pending', 'in_file'))`;
  const rows = (
    (await trx.raw(
      `SELECT o.line_id, o.contract_account_id, o.open_cents FROM open_items o
       WHERE o.open_cents <> 0 AND ${notInPayment}
         AND o.contract_account_id IN (
           SELECT o.contract_account_id FROM open_items o
           WHERE o.contract_account_id IN (${ids.map(() => '?').join(', ')}) AND o.open_cents <> 0 AND ${notInPayment}
           GROUP BY o.contract_account_id HAVING bool_or(o.open_cents > 0) AND bool_or(o.open_cents < 0))
       ORDER BY o.contract_account_id, o.due_date NULLS FIRST, o.line_id
       FOR UPDATE OF o`,
      ids,
    )) as { rows: Array<{ line_id: string; contract_account_id: string; open_cents: string | number }> }
  ).rows;
  if (rows.length === 0) return;
  const byAccount = new Map<string, typeof rows>();
  for (const r of rows) {
    const list = byAccount.get(r.contract_account_id) ?? [];
    list.push(r);
    byAccount.set(r.contract_account_id, list);
  }
  const clearings: Array<{ accountId: string; allocations: ReturnType<typeof settle> }> = [];
  for (const [accountId, items] of byAccount) {
    const open = items.map((r) => ({ lineId: r.line_id, open: toCents(r.open_cents) }));
    const allocations = settle(
      open.filter((o) => o.open > 0),
      open.filter((o) => o.open < 0).map((o) => ({ lineId: o.lineId, open: -o.open })),
    ).filter((a) => a.amountCents !== 0);
    if (allocations.length) clearings.push({ accountId, allocations });
  }
  if (clearings.length === 0) return;
  const inserted = (await trx('clearings')
    .insert(
      clearings.map((c) => ({
        business_key: keyOf.get(c.accountId)!,
        contract_account_id: c.accountId,
        clearing_date: clearingDate,
        reason: 'Ausgleich offener Posten',
      })),
    )
    .onConflict('business_key')
    .ignore()
    .returning(['id', 'contract_account_id'])) as Array<{ id: string; contract_account_id: string }>;
  const clearingOf = new Map(inserted.map((r) => [r.contract_account_id, r.id]));
  const allocations = clearings.flatMap((c) => {
    const clearingId = clearingOf.get(c.accountId);
    return clearingId ? c.allocations.map((a) => ({ clearing_id: clearingId, line_id: a.lineId, amount_cents: a.amountCents })) : [];
  });
  for (let i = 0; i < allocations.length; i += 5000) await trx('clearing_allocations').insert(allocations.slice(i, i + 5000));
}

// ---- Reading what the page needs, set-based -------------------------------------------------

/** Runs `run` over chunks of rows as a VALUES list with typed placeholders. */
async function withValues<T>(
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

async function loadContracts(trx: Database, ids: string[]): Promise<Map<string, BillRunContract>> {
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

async function existingBills(
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

function toReading(r: Row): MeterReading {
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
async function loadReadings(
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
async function installmentsRequestedFor(trx: Database, planned: Planned[]): Promise<Map<string, number>> {
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
async function previousPeriods(trx: Database, contractIds: string[]): Promise<Map<string, BillCalculation['previousPeriod']>> {
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
