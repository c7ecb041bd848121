/**
 * Payments benchmark: the direct-debit run (pain.008) for `debits` open installments, and the
 * import of a camt.053 with `entries` entries (parse, store, match, book). Every figure is printed
 * beside a ceiling measured in the same run on the same data: building the pain.008 XML alone
 * (pure, no database), and parsing the camt file alone (parseCamt, no database).
 *
 * The data is seeded set-based (a few INSERT … SELECT over generate_series): `debits` installments
 * on direct-debit accounts with mandates (two per account) and as many installments on transfer
 * accounts, for the statement's transfers to pay. The statement comes from generateStatement over
 * the open items as the matcher sees them (loadOpenItemCandidates): collections by end-to-end id,
 * RF references, references in the text with typos, partial and combined payments, returns,
 * foreign money.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from '../../db';
import {
  buildPain008,
  createDirectDebitFile,
  defaultPaymentsConfig,
  generateStatement,
  loadOpenItemCandidates,
  matchStatement,
  parseCamt,
  receiveStatement,
  statementSummary,
  type DirectDebitBatch,
  type SequenceType,
} from '../../domain/payments';
import { isoDate } from '../../domain/shared/dates';

export interface PaymentsBenchRow {
  what: string;
  figure: string;
  ceiling: string;
}

const TODAY = '2026-04-01';
const FIRST = ['Anna', 'Bernd', 'Claudia', 'Dieter', 'Eva', 'Frank', 'Gisela', 'Hans', 'Ines', 'Jürgen', 'Karin', 'Lars', 'Maria', 'Nils'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter'];

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')}/s`;
const fmt = (n: number, s: number, unit: string) => `${rate(n, s).replace('/s', ` ${unit}/s`)} (${s.toFixed(2)} s)`;

export async function runPaymentsBench(
  db: Database,
  opts: { debits: number; entries: number; label: string; log?: (line: string) => void },
): Promise<PaymentsBenchRow[]> {
  const log = opts.log ?? (() => undefined);
  const tag = randomBytes(4).toString('hex');
  const rows: PaymentsBenchRow[] = [];

  let t = process.hrtime.bigint();
  await seed(db, tag, opts.debits, opts.entries);
  log(`${opts.label}: seeded ${opts.debits} direct-debit and ${opts.entries} transfer installments in ${seconds(t).toFixed(1)} s`);

  // ---- pain.008 ----------------------------------------------------------------------------
  t = process.hrtime.bigint();
  const run = await createDirectDebitFile(db, { runKey: `bench-debits:${tag}`, today: TODAY, config: defaultPaymentsConfig });
  const runSeconds = seconds(t);
  // In a database shared with other benches the run also collects their due items: the rate counts what it collected.
  if (!run.file || run.orders < opts.debits) throw new Error(`debit run collected ${run.orders} of ${opts.debits} items`);
  const debits = run.orders;
  const batches = await fileBatches(db, run.file.id, run.file.messageId);
  t = process.hrtime.bigint();
  buildPain008({ messageId: run.file.messageId, createdAt: '2026-04-01T08:00:00Z', creditor: defaultPaymentsConfig.creditor, batches });
  const buildSeconds = seconds(t);
  rows.push({
    what: `${opts.label}: pain.008 generation, ${debits.toLocaleString('en-US')} debits (createDirectDebitFile)`,
    figure: fmt(debits, runSeconds, 'debits'),
    ceiling: `buildPain008 alone: ${fmt(debits, buildSeconds, 'debits')}`,
  });
  log(rows[rows.length - 1].what + ': ' + rows[rows.length - 1].figure);

  // ---- camt.053 import ---------------------------------------------------------------------
  t = process.hrtime.bigint();
  const candidates = await loadOpenItemCandidates(db);
  const { xml } = generateStatement({ seed: 2026, entries: opts.entries, openItems: candidates });
  log(
    `${opts.label}: statement of ${opts.entries} entries over ${candidates.length} open items generated in ${seconds(t).toFixed(1)} s ` +
      `(${(xml.length / 2 ** 20).toFixed(0)} MiB)`,
  );

  // The ceiling: parsing alone, best of two (the first run also warms the parser up).
  let parseSeconds = Infinity;
  let transactions = 0;
  for (let i = 0; i < 2; i++) {
    t = process.hrtime.bigint();
    const file = parseCamt(xml);
    parseSeconds = Math.min(parseSeconds, seconds(t));
    transactions = file.statements.reduce((s, st) => s + st.entries.reduce((n, e) => n + e.transactions.length, 0), 0);
  }

  t = process.hrtime.bigint();
  const { statement } = await receiveStatement(db, { xml, fileName: `bench-${tag}.xml` });
  const receiveSeconds = seconds(t);
  t = process.hrtime.bigint();
  const counts = await matchStatement(db, statement.id, { today: '2026-06-12' });
  const matchSeconds = seconds(t);
  const importSeconds = receiveSeconds + matchSeconds;
  const summary = await statementSummary(db, statement.id);
  rows.push({
    what:
      `${opts.label}: camt.053 import with matching, ${opts.entries.toLocaleString('en-US')} entries / ${transactions.toLocaleString('en-US')} transactions ` +
      `(receive ${receiveSeconds.toFixed(2)} s + match ${matchSeconds.toFixed(2)} s; ${(importSeconds / parseSeconds).toFixed(2)}× the parse)`,
    figure: fmt(opts.entries, importSeconds, 'entries'),
    ceiling: `parseCamt alone: ${fmt(opts.entries, parseSeconds, 'entries')}`,
  });
  log(rows[rows.length - 1].what + ': ' + rows[rows.length - 1].figure);
  rows.push({
    what: `${opts.label}: automatic match rate (incoming payments; ${counts.matched} matched, ${counts.unmatched} to clarify, ${counts.returns} returns, ${counts.ignored} other debits)`,
    figure: `${(summary.matchRate * 100).toFixed(2)} %`,
    ceiling: '100 %',
  });
  return rows;
}

/** The file's orders as buildPain008 takes them (read outside the timing). */
async function fileBatches(db: Database, fileId: string, messageId: string): Promise<DirectDebitBatch[]> {
  const orders = (await db('payment_orders as p')
    .join('sepa_mandates as m', 'm.id', 'p.mandate_id')
    .where('p.file_id', fileId)
    .orderBy('p.id')
    .select(
      'p.end_to_end_id',
      'p.amount_cents',
      'p.sequence_type',
      'p.execution_date',
      'p.counterparty_name',
      'p.counterparty_iban',
      'p.remittance',
      'm.mandate_reference',
      'm.signed_date',
    )) as Array<{
    end_to_end_id: string;
    amount_cents: string;
    sequence_type: SequenceType;
    execution_date: Date | string;
    counterparty_name: string;
    counterparty_iban: string;
    remittance: string;
    mandate_reference: string;
    signed_date: Date | string;
  }>;
  const groups = new Map<string, DirectDebitBatch>();
  for (const o of orders) {
    const date = isoDate(o.execution_date);
    const key = `${o.sequence_type}|${date}`;
    let batch = groups.get(key);
    if (!batch)
      groups.set(
        key,
        (batch = {
          paymentInfoId: `${messageId}-${groups.size + 1}`,
          sequenceType: o.sequence_type,
          collectionDate: date,
          scheme: 'CORE',
          transactions: [],
        }),
      );
    batch.transactions.push({
      endToEndId: o.end_to_end_id,
      amountCents: Number(o.amount_cents),
      mandateId: o.mandate_reference,
      mandateSignedDate: isoDate(o.signed_date),
      debtor: { name: o.counterparty_name, iban: o.counterparty_iban },
      remittance: o.remittance,
    });
  }
  return [...groups.values()];
}

/**
 * Accounts, customers, contracts, mandates and installments in a few INSERT … SELECT statements.
 * Numbers are scattered (i × a prime modulo the range, a bijection) so the matcher's typo search
 * finds realistic neighbours, not the next customer.
 */
async function seed(db: Database, tag: string, debits: number, transfers: number): Promise<void> {
  const ddAccounts = Math.ceil(debits / 2);
  const accounts = ddAccounts + Math.ceil(transfers / 2);
  const uuid = (kind: string, i: string) => `md5('${tag}:${kind}:' || ${i})::uuid`;
  const address = `'{"street":"Ring","houseNumber":"1","postalCode":"50667","city":"Köln"}'::jsonb`;
  const first = `(ARRAY[${FIRST.map((n) => `'${n}'`).join(',')}])[1 + a % ${FIRST.length}]`;
  const last = `(ARRAY[${LAST.map((n) => `'${n}'`).join(',')}])[1 + (a / ${FIRST.length}) % ${LAST.length}]`;
  await db.transaction(async (trx) => {
    const series = `FROM generate_series(1, ${accounts}) a`;
    await trx.raw(`INSERT INTO orders (id, payload, status) SELECT ${uuid('order', 'a')}, '{}'::jsonb, 'completed' ${series}`);
    await trx.raw(
      `INSERT INTO customers (id, customer_number, first_name, last_name, birth_date, email, address, person_key, address_key)
       SELECT ${uuid('customer', 'a')}, 'K' || (100000000 + (a::bigint * 829348951) % 900000000), ${first}, ${last}, '1970-01-01',
              'c' || a || '@example.org', ${address}, 'p:${tag}:' || a, 'a:${tag}:' || a ${series}`,
    );
    await trx.raw(
      `INSERT INTO contract_accounts (id, account_number, customer_id, payment_method, billing_address)
       SELECT ${uuid('account', 'a')}, '4' || lpad(((a::bigint * 15485863) % 100000000000)::text, 11, '0'), ${uuid('customer', 'a')},
              CASE WHEN a <= ${ddAccounts} THEN 'sepa_direct_debit' ELSE 'bank_transfer' END, ${address} ${series}`,
    );
    await trx.raw(
      `INSERT INTO contracts (id, contract_number, order_id, customer_id, contract_account_id, status, tariff_code, start_date,
                              annual_consumption_kwh, supply_address)
       SELECT ${uuid('contract', 'a')}, 'V-' || (1000000000 + (a::bigint * 15485867) % 9000000000), ${uuid('order', 'a')},
              ${uuid('customer', 'a')}, ${uuid('account', 'a')}, 'active', 'RHEIN-FIX-24', '2025-01-01', 3500, ${address} ${series}`,
    );
    await trx.raw(
      `INSERT INTO sepa_mandates (contract_account_id, mandate_reference, iban, account_holder, signed_date)
       SELECT ${uuid('account', 'a')}, 'M-${tag}-' || a,
              'DE' || lpad((98 - (bban || '131400')::numeric % 97)::text, 2, '0') || bban, ${first} || ' ' || ${last}, '2025-01-01'
         FROM (SELECT a, '37040044' || lpad(((a::bigint * 7777777) % 10000000000)::text, 10, '0') AS bban
                 FROM generate_series(1, ${ddAccounts}) a) m`,
    );
  });
  // Installments: item k on account (k+1)/2 (direct debit) or ddAccounts + (k−debits+1)/2 (transfer).
  const total = debits + transfers;
  const step = 50_000;
  for (let from = 1; from <= total; from += step) {
    const to = Math.min(total, from + step - 1);
    await db.transaction(async (trx) => {
      const items = `SELECT k, CASE WHEN k <= ${debits} THEN (k + 1) / 2 ELSE ${ddAccounts} + (k - ${debits} + 1) / 2 END AS a,
                            ('2026-0' || (2 + k % 2) || '-' || lpad((1 + k % 27)::text, 2, '0'))::date AS due,
                            3000 + (k * 7919) % 13000 AS cents
                       FROM generate_series(${from}, ${to}) k`;
      await trx.raw(
        `INSERT INTO ledger_documents (id, document_number, business_key, kind, contract_account_id, posting_date, reference, text)
         SELECT ${uuid('doc', 'k')}, 'B' || lpad(nextval('ledger_document_number_seq')::text, 10, '0'), 'bench:${tag}:' || k,
                'installment', ${uuid('account', 'a')}, due, 'R-2026-' || (10000000 + (k::bigint * 15485863) % 90000000),
                'Abschlag ' || to_char(due, 'MM/YYYY')
           FROM (${items}) i`,
      );
      await trx.raw(
        `INSERT INTO ledger_lines (document_id, line_no, gl_account, contract_account_id, contract_id, item_type, amount_cents, due_date, text)
         SELECT ${uuid('doc', 'k')}, n, CASE n WHEN 1 THEN 'receivable' ELSE 'down_payments' END,
                CASE n WHEN 1 THEN ${uuid('account', 'a')} END, ${uuid('contract', 'a')}, CASE n WHEN 1 THEN 'installment' END,
                CASE n WHEN 1 THEN cents ELSE -cents END, CASE n WHEN 1 THEN due END, 'Abschlag ' || to_char(due, 'MM/YYYY')
           FROM (${items}) i CROSS JOIN (VALUES (1), (2)) AS l(n)`,
      );
    });
  }
  await db.raw('ANALYZE');
}
