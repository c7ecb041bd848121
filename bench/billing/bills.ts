/**
 * The bills half of bench/billing.ts: seeds contracts set-based, posts their installments with the
 * installment run, issues their annual bills with the bill run, and measures beside each figure a
 * ceiling in the same run: the raw multi-row INSERT of as many ledger lines per page (into a copy
 * of ledger_lines without triggers), and calculateBill alone, without the database.
 */
import type { Database } from '../../db';
import { issueBills, createBillRunCache } from '../../domain/billing/bill-run';
import { calculateBill, type BillInput } from '../../domain/billing/calculate';
import { postDueInstallments } from '../../domain/billing/installment-run';
import { addMonths } from '../../domain/shared/dates';
import { getTariff, vatRatesFor, type Tariff } from '../../domain/tariffs';

export interface BenchRow {
  what: string;
  figure: string;
  ceiling: string;
}

const PERIOD_START = '2024-01-01';
const PERIOD_END = '2024-12-31';
const BILL_DATE = '2025-01-10';
/** Every tenth contract is gas (its VAT changed on 2024-04-01, so its bill has two price periods). */
const GAS_EVERY = 10;

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;

/** N active contracts from 2024-01-01 with start and end readings and an active monthly plan, in a few statements. */
export async function seedContracts(db: Database, n: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  await db.transaction(async (trx) => {
    await trx.raw(
      `CREATE TABLE bench_seed AS SELECT i, gen_random_uuid() AS order_id, gen_random_uuid() AS customer_id,
      gen_random_uuid() AS account_id, gen_random_uuid() AS meter_id, gen_random_uuid() AS contract_id,
      1500 + (i * 7919) % 4500 AS kwh FROM generate_series(1, ?::int) AS i`,
      [n],
    );
    const address = `'{"street":"Rheinallee","houseNumber":"1","postalCode":"50667","city":"Köln"}'::jsonb`;
    await trx.raw(`INSERT INTO orders (id, payload, status) SELECT order_id, '{"bench":true}'::jsonb, 'completed' FROM bench_seed`);
    await trx.raw(`INSERT INTO customers (id, customer_number, first_name, last_name, birth_date, email, address, person_key, address_key)
      SELECT customer_id, 'BK' || i, 'Erika', 'Muster' || i, DATE '1980-05-17', 'erika.' || i || '@example.org', ${address},
        'person-' || i, 'address-' || i FROM bench_seed`);
    await trx.raw(`INSERT INTO contract_accounts (id, account_number, customer_id, payment_method, billing_address)
      SELECT account_id, 'BA' || i, customer_id, 'sepa_direct_debit', ${address} FROM bench_seed`);
    await trx.raw(`INSERT INTO meters (id, meter_number, location) SELECT meter_id, 'BM' || i, ${address} FROM bench_seed`);
    await trx.raw(`INSERT INTO contracts (id, contract_number, order_id, customer_id, contract_account_id, meter_id, status, tariff_code,
        start_date, annual_consumption_kwh, supply_address, billing_period_start, installment_cadence)
      SELECT contract_id, 'BV' || i, order_id, customer_id, account_id, meter_id, 'active',
        CASE WHEN i % ${GAS_EVERY} = 0 THEN 'RHEIN-GAS-24' ELSE 'RHEIN-FIX-24' END,
        DATE '${PERIOD_START}', kwh, ${address}, DATE '${PERIOD_START}', 'monthly' FROM bench_seed`);
    // Start reading on the first day; end reading on the last, or up to 5 days before (projected, "estimated").
    // Consumption 80–120 % of the expected: about half the bills are credits.
    await trx.raw(`INSERT INTO meter_readings (business_key, meter_id, contract_id, reading_date, value_kwh, source, status)
      SELECT 'bench:' || i || ':start', meter_id, contract_id, DATE '${PERIOD_START}', 10000 + i % 50000, 'meter_operator', 'accepted'
        FROM bench_seed
      UNION ALL
      SELECT 'bench:' || i || ':end', meter_id, contract_id, DATE '${PERIOD_END}' - (i % 6),
        10000 + i % 50000 + round(kwh * (0.8 + ((i * 37) % 41) / 100.0)), 'customer', 'plausible' FROM bench_seed`);
    await trx.raw(`INSERT INTO installment_plans (business_key, contract_id, valid_from, cadence, amount_cents, status, reason)
      SELECT 'bench-plan:' || i, contract_id, DATE '2024-01-15', 'monthly', round(kwh * 0.2521 * 119 / 12 + 1190), 'active', 'Erstabschlag'
        FROM bench_seed`);
    await trx.raw(`DROP TABLE bench_seed`);
  });
  await db.raw('ANALYZE');
  return seconds(t0);
}

/** Runs the installment run once per month (due day 15) and times it; returns the figure's row. */
async function installmentRuns(db: Database, months: number, contracts: number): Promise<{ row: BenchRow; linesPerPage: number }> {
  let posted = 0;
  const t0 = process.hrtime.bigint();
  for (let m = 0; m < months; m++) posted += (await postDueInstallments(db, { today: addMonths('2024-01-15', m) })).posted;
  const s = seconds(t0);
  if (posted !== months * contracts) throw new Error(`installment run posted ${posted}, expected ${months * contracts}`);
  return {
    row: {
      what: `installment postings (postDueInstallments, ${months} monthly runs, ${posted.toLocaleString('en-US')} postings, ${s.toFixed(1)} s)`,
      figure: rate(posted, s),
      ceiling: '',
    },
    linesPerPage: 2000,
  };
}

/**
 * The months the timed runs left out, posted set-based in SQL as the installment run would have
 * (same business keys, texts and lines), so the bills release a whole year of installments.
 */
async function seedRemainingInstallments(db: Database, fromMonth: number): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let m = fromMonth; m < 12; m++) {
    const due = addMonths('2024-01-15', m);
    await db.transaction(async (trx) => {
      await trx.raw(
        `INSERT INTO ledger_documents (document_number, business_key, kind, contract_account_id, posting_date, reference, text)
         SELECT 'B' || lpad(nextval('ledger_document_number_seq')::text, 10, '0'), 'installment:' || c.id || ':' || ?::text, 'installment',
           c.contract_account_id, ?::date, c.contract_number, 'Abschlag ' || ?::text || ' Vertrag ' || c.contract_number
         FROM installment_plans p JOIN contracts c ON c.id = p.contract_id WHERE p.status = 'active' AND p.amount_cents <> 0`,
        [due, due, due],
      );
      await trx.raw(
        `INSERT INTO ledger_lines (document_id, line_no, gl_account, contract_account_id, contract_id, item_type, amount_cents, due_date, text)
         SELECT d.id, x.line_no, x.gl, x.account, p.contract_id, x.item, x.amount, ?::date, 'Abschlag ' || ?::text
         FROM installment_plans p
         JOIN ledger_documents d ON d.business_key = 'installment:' || p.contract_id || ':' || ?::text
         CROSS JOIN LATERAL (VALUES (1, 'receivable', d.contract_account_id, 'installment', p.amount_cents),
                                    (2, 'down_payments', NULL::uuid, NULL, -p.amount_cents)) AS x(line_no, gl, account, item, amount)
         WHERE p.status = 'active' AND p.amount_cents <> 0`,
        [due, due, due],
      );
      await trx('installment_plans').where({ status: 'active' }).update({ posted_through: due });
    });
  }
  await db.raw('ANALYZE');
  return seconds(t0);
}

/** The ceiling: the same number of ledger lines, one multi-row INSERT per page, into a trigger-less copy. */
async function rawLineInserts(db: Database, lines: number, linesPerPage: number): Promise<number> {
  await db.raw(`DROP TABLE IF EXISTS bench_lines`);
  await db.raw(`CREATE TABLE bench_lines (LIKE ledger_lines INCLUDING DEFAULTS INCLUDING INDEXES)`);
  const [doc] = (await db('ledger_documents').select('id').limit(1)) as Array<{ id: string }>;
  const [c] = (await db('contracts').select('id', 'contract_account_id').limit(1)) as Array<{ id: string; contract_account_id: string }>;
  const t0 = process.hrtime.bigint();
  for (let done = 0; done < lines; done += linesPerPage) {
    const rows = Array.from({ length: Math.min(linesPerPage, lines - done) }, (_, i) => ({
      document_id: doc.id,
      line_no: done + i + 1,
      gl_account: 'receivable',
      contract_account_id: c.contract_account_id,
      contract_id: c.id,
      item_type: 'installment',
      amount_cents: 10000,
      due_date: '2024-01-15',
      vat_rate_percent: null,
      text: 'Abschlag 2024-01-15',
    }));
    await db('bench_lines').insert(rows);
  }
  const s = seconds(t0);
  await db.raw(`DROP TABLE bench_lines`);
  return s;
}

/** calculateBill alone over the seeded contracts' inputs, no database. */
function pureCalculation(inputs: BillInput[]): number {
  const t0 = process.hrtime.bigint();
  for (const input of inputs) calculateBill(input);
  return seconds(t0);
}

async function calculationInputs(db: Database, n: number): Promise<BillInput[]> {
  const tariffs = new Map<string, Tariff>();
  for (const code of ['RHEIN-FIX-24', 'RHEIN-GAS-24']) tariffs.set(code, (await getTariff(db, code))!);
  const vat = { electricity: await vatRatesFor(db, 'electricity'), gas: await vatRatesFor(db, 'gas') };
  const rows = (await db('contracts').select('id', 'tariff_code', 'annual_consumption_kwh').orderBy('id').limit(n)) as Array<{
    id: string;
    tariff_code: string;
    annual_consumption_kwh: number;
  }>;
  return rows.map((r, i) => {
    const tariff = tariffs.get(r.tariff_code)!;
    return {
      contract: { id: r.id, startDate: PERIOD_START, annualConsumptionKwh: r.annual_consumption_kwh },
      tariff,
      vatRates: vat[tariff.commodity],
      kind: 'annual',
      periodStart: PERIOD_START,
      periodEnd: PERIOD_END,
      readings: {
        start: { meterNumber: 'BM', date: PERIOD_START, valueKwh: '10000.000', kind: 'read' },
        end: {
          meterNumber: 'BM',
          date: PERIOD_END,
          valueKwh: `${10000 + r.annual_consumption_kwh + (i % 400) - 200}.000`,
          kind: 'customer',
        },
      },
      installmentsCents: 120000,
    };
  });
}

export interface BillsBenchOptions {
  contracts: number;
  months: number;
  pageSize: number;
  /** Pages issued at the same time (issueBills' concurrency). */
  concurrency: number;
  label: string;
  log: (line: string) => void;
}

export async function runBillsBench(db: Database, opts: BillsBenchOptions): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const seed = await seedContracts(db, opts.contracts);
  opts.log(`${opts.label}: seeded ${opts.contracts.toLocaleString('en-US')} contracts with readings and plans in ${seed.toFixed(1)} s`);

  const inst = await installmentRuns(db, opts.months, opts.contracts);
  opts.log(`${opts.label}: ${inst.row.what}: ${inst.row.figure}`);
  if (opts.months < 12) {
    const rest = await seedRemainingInstallments(db, opts.months);
    opts.log(
      `${opts.label}: installments of months ${opts.months + 1}–12 posted set-based in SQL (not timed, for the bills) in ${rest.toFixed(1)} s`,
    );
  }
  const instLines = opts.contracts * 2;
  const instCeiling = await rawLineInserts(db, instLines, inst.linesPerPage);
  inst.row.ceiling = `${rate(opts.contracts, instCeiling)} (raw INSERT of ${instLines.toLocaleString('en-US')} lines, ${inst.linesPerPage} a statement)`;
  opts.log(`${opts.label}: ceiling for the installment run: ${inst.row.ceiling}`);
  rows.push(inst.row);

  const ids = ((await db('contracts').select('id').orderBy('id')) as Array<{ id: string }>).map((r) => r.id);
  const t0 = process.hrtime.bigint();
  const result = await issueBills(db, {
    contractIds: ids,
    kind: 'annual',
    billDate: BILL_DATE,
    pageSize: opts.pageSize,
    concurrency: opts.concurrency,
    cache: createBillRunCache(),
  });
  const s = seconds(t0);
  if (result.issued !== ids.length) {
    const failed = result.outcomes.find((o) => o.status === 'failed');
    throw new Error(`bill run issued ${result.issued} of ${ids.length}${failed?.status === 'failed' ? `: ${failed.error.message}` : ''}`);
  }
  const stats = (await db.raw(
    `SELECT count(*) AS lines, count(DISTINCT l.document_id) AS docs,
       (SELECT count(*) FROM bills WHERE amount_due_cents < 0) AS credits, (SELECT count(*) FROM clearings) AS clearings
     FROM ledger_lines l JOIN ledger_documents d ON d.id = l.document_id WHERE d.kind = 'bill'`,
  )) as { rows: Array<{ lines: string | number; docs: string | number; credits: string | number; clearings: string | number }> };
  const st = stats.rows[0];
  const billLines = Number(st.lines);
  opts.log(
    `${opts.label}: bill run: ${result.issued.toLocaleString('en-US')} annual bills in ${s.toFixed(1)} s = ${rate(result.issued, s)} ` +
      `(${billLines.toLocaleString('en-US')} ledger lines, ${Number(st.credits).toLocaleString('en-US')} credits, ${Number(st.clearings).toLocaleString('en-US')} clearings)`,
  );
  const linesPerPage = Math.round((billLines / ids.length) * opts.pageSize);
  const billCeiling = await rawLineInserts(db, billLines, linesPerPage);
  const inputs = await calculationInputs(db, opts.contracts);
  const calc = pureCalculation(inputs);
  opts.log(
    `${opts.label}: ceilings for the bill run: raw INSERT ${rate(result.issued, billCeiling)}, calculateBill alone ${rate(inputs.length, calc)}`,
  );
  rows.push({
    what: `annual bills without PDF (issueBills, pages of ${opts.pageSize} × ${opts.concurrency} at once, ${result.issued.toLocaleString('en-US')} bills, ${s.toFixed(1)} s)`,
    figure: rate(result.issued, s),
    ceiling: `${rate(result.issued, billCeiling)} (raw INSERT of ${billLines.toLocaleString('en-US')} lines, ~${linesPerPage} a statement); calculateBill alone ${rate(inputs.length, calc)}`,
  });
  return rows;
}
