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
import type { Database } from '../../db';
import { ContractNotFoundError } from '../contracts';
import { getTariff, vatRatesFor, type Commodity, type Tariff, type VatRate } from '../tariffs';
import { tariffChangesOf, withTariffChanges } from '../contracts/tariff-change';
import { pickBillReadings } from './bill-readings';
import { BillingError, billingPeriodFor, calculateBill } from './calculate';
import type { BillKind, ReadingUsed } from './types';
import { existingBills, installmentsRequestedFor, loadContracts, loadReadings, previousPeriods } from './bill-run-queries';
import { store } from './bill-run-store';
import type { Calculated, Planned } from './bill-run-types';

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
    // Contracts that changed tariff are billed with each tariff in its own time (one query a page).
    const tariffChanges = await tariffChangesOf(trx, [...contracts.keys()]);
    const loadTariff = (code: string) => cached(cache.tariffs, code, () => getTariff(trx, code));

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
        const current = await loadTariff(contract.tariffCode);
        if (!current) throw new BillingError('tariffCode', `Tarif ${contract.tariffCode} ist nicht angelegt`);
        const tariff = await withTariffChanges(current, tariffChanges.get(contract.id), loadTariff);
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
