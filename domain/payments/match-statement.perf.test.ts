/**
 * Volume: 10,000 statement entries against 10,000 open items on the database (the matcher alone
 * is tested with 100,000 in matching/). Prints the time of each step.
 */
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { seedOpenItems } from '../../test/statement-seed';
import {
  defaultPaymentsConfig,
  generateStatement,
  loadOpenItemCandidates,
  matchStatement,
  processReturn,
  receiveStatement,
  returnEntryIds,
  statementSummary,
} from './index';

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
    // Installments only, with the direct-debit run that gives the debit items their end-to-end ids.
    const seeded = await time('seed 4,000 accounts, 10,000 items, direct-debit run', () =>
      seedOpenItems(t.db, { seed: 42, accounts: 4000, items: 10000, billShare: 0 }),
    );
    expect(seeded.debitOrders).toBeGreaterThan(1000);
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
