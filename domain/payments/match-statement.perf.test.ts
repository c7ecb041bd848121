/**
 * Volume: 10,000 statement entries against 10,000 open items on the database (the matcher alone
 * is tested with 100,000 in matching/). Prints the time of each step.
 */
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { postDocuments, type DocumentInput } from '../ledger';
import { chunks } from './files';
import {
  createDirectDebitFile,
  defaultPaymentsConfig,
  generateStatement,
  loadOpenItemCandidates,
  makeIban,
  matchStatement,
  processReturn,
  receiveStatement,
  returnEntryIds,
  seededRandom,
  statementSummary,
} from './index';

const FIRST = ['Anna', 'Bernd', 'Claudia', 'Dieter', 'Eva', 'Frank', 'Gisela', 'Hans', 'Ines', 'Jürgen', 'Karin', 'Lars'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter'];

async function seed(db: TestDatabase['db'], accounts: number, items: number): Promise<void> {
  const r = seededRandom(42);
  const used = new Set<string>();
  const unique = (prefix: string, n: number) => {
    for (;;) {
      const v = `${prefix}${Array.from({ length: n }, () => Math.floor(r() * 10)).join('')}`;
      if (!used.has(v.replace(/\D/g, ''))) {
        used.add(v.replace(/\D/g, ''));
        return v;
      }
    }
  };
  const rows = Array.from({ length: accounts }, (_, i) => ({
    i,
    first: FIRST[Math.floor(r() * FIRST.length)],
    last: LAST[Math.floor(r() * LAST.length)],
    dd: r() < 0.55,
  }));
  const address = JSON.stringify({ street: 'Ring', houseNumber: '1', postalCode: '50667', city: 'Köln' });
  const ids: Array<{ account: string; contract: string; dd: boolean; name: string }> = [];
  for (const part of chunks(rows, 500)) {
    const orders = (await db('orders')
      .insert(part.map(() => ({ payload: '{}', status: 'completed' })))
      .returning('id')) as Array<{ id: string }>;
    const customers = (await db('customers')
      .insert(
        part.map((p) => ({
          customer_number: unique('K', 9),
          first_name: p.first,
          last_name: p.last,
          birth_date: '1970-01-01',
          email: `c${p.i}@example.org`,
          address,
          person_key: `p${p.i}`,
          address_key: `a${p.i}`,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const accs = (await db('contract_accounts')
      .insert(
        part.map((p, k) => ({
          account_number: unique('4', 11),
          customer_id: customers[k].id,
          payment_method: p.dd ? 'sepa_direct_debit' : 'bank_transfer',
          billing_address: address,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const contracts = (await db('contracts')
      .insert(
        part.map((p, k) => ({
          contract_number: unique('V-', 10),
          order_id: orders[k].id,
          customer_id: customers[k].id,
          contract_account_id: accs[k].id,
          status: 'active',
          tariff_code: 'RHEIN-FIX-24',
          start_date: '2025-01-01',
          annual_consumption_kwh: 3500,
          supply_address: address,
        })),
      )
      .returning('id')) as Array<{ id: string }>;
    const dd = part.map((p, k) => ({ p, k })).filter(({ p }) => p.dd);
    if (dd.length)
      await db('sepa_mandates').insert(
        dd.map(({ p, k }) => ({
          mandate_reference: `M-PERF-${p.i}`,
          contract_account_id: accs[k].id,
          iban: makeIban('DE', unique('', 18)),
          account_holder: `${p.first} ${p.last}`,
          signed_date: '2025-01-01',
        })),
      );
    part.forEach((p, k) => ids.push({ account: accs[k].id, contract: contracts[k].id, dd: p.dd, name: `${p.first} ${p.last}` }));
  }
  const docs: DocumentInput[] = Array.from({ length: items }, (_, n) => {
    const a = ids[n % accounts];
    const due = `2026-0${1 + Math.floor(n / accounts)}-${String(1 + Math.floor(r() * 27)).padStart(2, '0')}`;
    const cents = r() < 0.7 ? (30 + Math.floor(r() * 130)) * 100 : 1500 + Math.floor(r() * 58000);
    return {
      businessKey: `perf:${n}`,
      kind: 'installment',
      contractAccountId: a.account,
      postingDate: due,
      reference: unique('R-2026-', 8),
      text: 'Abschlag',
      lines: [
        { glAccount: 'receivable', itemType: 'installment', amountCents: cents, contractId: a.contract, dueDate: due, text: 'Abschlag' },
        { glAccount: 'down_payments', amountCents: -cents, contractId: a.contract, text: 'Abschlag' },
      ],
    };
  });
  for (const part of chunks(docs, 2500)) await postDocuments(db, part);
}

describe.each(databaseVariants())('matching a large statement on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('matches 10,000 entries against 10,000 open items, none wrongly, and books the returns', async () => {
    const times: Record<string, number> = {};
    const time = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
      const start = Date.now();
      const result = await f();
      times[name] = Date.now() - start;
      return result;
    };
    await time('seed 4,000 accounts, 10,000 items', () => seed(t.db, 4000, 10000));
    const run = await time('direct-debit run', () =>
      createDirectDebitFile(t.db, { runKey: 'perf-run', today: '2026-04-01', config: defaultPaymentsConfig }),
    );
    expect(run.orders).toBeGreaterThan(1000);
    const candidates = await time('load candidates', () => loadOpenItemCandidates(t.db));
    expect(candidates.length).toBe(10000);
    const { xml, truth } = generateStatement({ seed: 9, entries: 10000, openItems: candidates });
    const { statement } = await time('receive statement', () => receiveStatement(t.db, { xml, fileName: 'perf.xml' }));
    const counts = await time('match statement', () => matchStatement(t.db, statement.id, { today: '2026-06-12' }));
    const returns = await returnEntryIds(t.db, statement.id);
    await time(`process ${returns.length} returns`, async () => {
      for (const id of returns) await processReturn(t.db, id, { today: '2026-06-12', config: defaultPaymentsConfig });
    });
    const summary = await statementSummary(t.db, statement.id);
    console.log(
      `payments volume on ${variant.name}: ${JSON.stringify(counts)}, match rate ${(summary.matchRate * 100).toFixed(2)} %\n` +
        Object.entries(times)
          .map(([k, v]) => `  ${k}: ${v} ms`)
          .join('\n'),
    );

    // Nothing matched to a wrong account.
    const entries = (await t
      .db('bank_entries')
      .where({ statement_id: statement.id })
      .select('entry_ref', 'tx_index', 'status', 'contract_account_id')) as Array<{
      entry_ref: string;
      tx_index: number;
      status: string;
      contract_account_id: string | null;
    }>;
    const byRef = new Map(entries.map((e) => [`${e.entry_ref}-${e.tx_index + 1}`, e]));
    let wrong = 0;
    for (const row of truth) {
      const e = entries.find((x) => x.entry_ref === row.entryRef && x.tx_index === row.txIndex) ?? byRef.get(row.entryRef);
      if (!e || !e.contract_account_id || !row.expected.accountId) continue;
      if (e.contract_account_id !== row.expected.accountId) wrong++;
    }
    expect(wrong).toBe(0);
    expect(summary.matchRate).toBeGreaterThan(0.9);
    expect(summary.byStatus.new).toBe(0);
    // The ledger still adds up: open items = receivable lines.
    const sums = (await t.db.raw(
      `SELECT (SELECT coalesce(sum(open_cents), 0) FROM open_items) AS open, (SELECT coalesce(sum(amount_cents), 0) FROM ledger_lines WHERE gl_account = 'receivable') AS lines`,
    )) as { rows: Array<{ open: string; lines: string }> };
    expect(sums.rows[0].open).toBe(sums.rows[0].lines);
  }, 600_000);
});
