/**
 * The dunning proposal over `size` open items (one account per five items; 70 % of the items
 * overdue, the rest due later, one account in a hundred disputed), seeded set-based in a few
 * statements. Reported beside the plain scan-and-aggregate of the same open items measured in the
 * same run: the least any proposal over them can cost. The aim: under 10 s for 1,000,000
 * items on PostgreSQL.
 */
import type { Database } from '../../db';
import { createProposal } from '../../domain/dunning/proposal';
import type { DunningBenchPart, DunningBenchRow } from './part';

const TODAY = '2027-03-01';
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** `items` open bills over one account per `perAccount` items; returns the number of accounts. */
export async function seedOpenItems(db: Database, items: number, perAccount = 5): Promise<number> {
  const accounts = Math.max(1, Math.floor(items / perAccount));
  await db.raw(
    `INSERT INTO customers (customer_number, first_name, last_name, birth_date, email, address, person_key, address_key)
     SELECT 'BK' || g, 'Erika', 'Bench' || g, DATE '1980-01-01', 'bench' || g || '@example.org', '{}'::jsonb, 'bp' || g, 'ba' || g
       FROM generate_series(1, ?) g`,
    [accounts],
  );
  await db.raw(
    `INSERT INTO contract_accounts (account_number, customer_id, payment_method, billing_address)
     SELECT 'B' || substr(c.customer_number, 3), c.id, 'bank_transfer', '{}'::jsonb FROM customers c WHERE c.customer_number LIKE 'BK%'`,
  );
  // Documents and their two lines each, in one statement apiece (the balance trigger checks per statement).
  await db.raw(
    `INSERT INTO ledger_documents (document_number, business_key, kind, contract_account_id, posting_date, text)
     SELECT 'BB' || lpad(g::text, 10, '0'), 'bench-bill:' || g, 'bill', a.id, DATE '2027-01-01', 'Rechnung'
       FROM generate_series(1, ?) g
       JOIN (SELECT id, row_number() OVER (ORDER BY account_number) - 1 AS n FROM contract_accounts WHERE account_number LIKE 'B%') a
         ON a.n = (g - 1) % ?`,
    [items, accounts],
  );
  await db.raw(
    `INSERT INTO ledger_lines (document_id, line_no, gl_account, contract_account_id, item_type, amount_cents, due_date, text)
     SELECT d.id, x.line_no, x.gl, CASE WHEN x.line_no = 1 THEN d.contract_account_id END, CASE WHEN x.line_no = 1 THEN 'bill' END,
            x.sign * (1000 + (hashtext(d.business_key) & 65535)),
            CASE WHEN x.line_no = 1 THEN DATE '2027-03-01' + ((abs(hashtext(d.business_key)) % 100) - 70) END, 'Rechnung'
       FROM ledger_documents d
      CROSS JOIN (VALUES (1, 'receivable', 1), (2, 'revenue', -1)) AS x(line_no, gl, sign)
      WHERE d.business_key LIKE 'bench-bill:%'`,
  );
  await db.raw(
    `INSERT INTO dunning_blocks (contract_account_id, reason, valid_until, created_by)
     SELECT id, 'bestritten', DATE '2027-06-30', 'bench' FROM contract_accounts WHERE account_number LIKE 'B%' AND abs(hashtext(account_number)) % 100 = 0`,
  );
  await db.raw('ANALYZE');
  return accounts;
}

export const proposalPart: DunningBenchPart = {
  name: 'proposal',
  defaultSize: { postgres: 1_000_000, pglite: 100_000 },
  async run(db: Database, { label, size, log }): Promise<DunningBenchRow[]> {
    let t0 = Date.now();
    const accounts = await seedOpenItems(db, size);
    log(
      `${label}: ${size.toLocaleString('en-US')} open items of ${accounts.toLocaleString('en-US')} accounts seeded in ${seconds(Date.now() - t0)}`,
    );

    // The reference: one scan of the open items, grouped by account, nothing else.
    t0 = Date.now();
    await db.raw(
      `SELECT contract_account_id, sum(open_cents) FROM open_items WHERE open_cents <> 0 AND due_date <= DATE '2027-02-28' GROUP BY contract_account_id`,
    );
    const scanMs = Date.now() - t0;

    t0 = Date.now();
    const run = await createProposal(db, { runKey: `bench-${label}`, today: TODAY, config: { graceDays: 1, minAmountCents: 500 } });
    const proposalMs = Date.now() - t0;
    return [
      {
        what: `proposal over ${size.toLocaleString('en-US')} open items → ${run.proposalCount.toLocaleString('en-US')} accounts`,
        figure: seconds(proposalMs),
        ceiling: `scan and group of the same items ${seconds(scanMs)}; aim < 10 s for 1,000,000 on PostgreSQL`,
      },
    ];
  },
};
