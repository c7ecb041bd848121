import { databaseVariants, type TestDatabase } from '../../db/testing';
import { clear, postDocument, reverseDocument } from '../ledger';
import { insertContract } from '../shared/test-fixtures';
import { strategyStats } from './strategy-stats';

type Db = TestDatabase['db'];

let caseNo = 0;
async function dunningCase(
  db: Db,
  c: { variant: string; opened: string; closed?: string; reason?: string; letters?: number; emails?: number; procedure?: string },
): Promise<{ id: string; account: string }> {
  const { contractAccountId } = await insertContract(db);
  const [row] = (await db('dunning_cases')
    .insert({
      case_number: `MS-${++caseNo}`,
      contract_account_id: contractAccountId,
      status: c.closed ? 'closed' : 'open',
      cause: 'overdue',
      procedure: c.procedure ?? 'standard',
      variant: c.variant,
      opened_cents: 10000,
      opened_on: c.opened,
      closed_on: c.closed ?? null,
      close_reason: c.reason ?? null,
    })
    .returning('id')) as Array<{ id: string }>;
  const channels = [...Array<string>(c.letters ?? 0).fill('letter'), ...Array<string>(c.emails ?? 0).fill('email')];
  for (const [i, channel] of channels.entries())
    await db('dunning_notices').insert({
      business_key: `n:${row.id}:${i}`,
      case_id: row.id,
      level: i + 1,
      channel,
      sent_on: c.opened,
      open_cents: 10000,
    });
  return { id: row.id, account: contractAccountId };
}

async function fee(db: Db, caseId: string, account: string, level: number, cents: number) {
  return postDocument(db, {
    businessKey: `dunning-fee:${caseId}:${level}`,
    kind: 'fee',
    contractAccountId: account,
    postingDate: '2026-02-01',
    text: 'Mahngebühr',
    lines: [
      { glAccount: 'receivable', itemType: 'fee', amountCents: cents, dueDate: '2026-02-08', text: 'Mahngebühr' },
      { glAccount: 'fee_income', amountCents: -cents, text: 'Mahngebühr' },
    ],
  });
}

describe.each(databaseVariants())('champion/challenger statistics on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('gives realisation, days to payment and cost per procedure and variant', async () => {
    const a = await dunningCase(t.db, { variant: 'champion', opened: '2026-01-10', closed: '2026-01-20', reason: 'paid', letters: 2 });
    await dunningCase(t.db, { variant: 'champion', opened: '2026-01-10', closed: '2026-01-30', reason: 'paid', letters: 1 });
    const c = await dunningCase(t.db, {
      variant: 'champion',
      opened: '2026-01-12',
      closed: '2026-03-01',
      reason: 'written_off',
      letters: 3,
    });
    await dunningCase(t.db, { variant: 'challenger', opened: '2026-01-11', closed: '2026-01-15', reason: 'paid', emails: 1 });
    await dunningCase(t.db, { variant: 'challenger', opened: '2026-01-11', letters: 1, emails: 1 });
    // Outside the period: not counted.
    await dunningCase(t.db, { variant: 'challenger', opened: '2025-12-01', closed: '2025-12-05', reason: 'paid', letters: 5 });

    // Fees: one stands (not waived), one reversed, one written off in part.
    await fee(t.db, a.id, a.account, 1, 150);
    const reversed = await fee(t.db, a.id, a.account, 2, 150);
    await reverseDocument(t.db, reversed.id, { businessKey: 'rev:fee', postingDate: '2026-02-02', reason: 'Kulanz' });
    const written = await fee(t.db, c.id, c.account, 1, 150);
    const wo = await postDocument(t.db, {
      businessKey: 'wo:fee',
      kind: 'write_off',
      contractAccountId: c.account,
      postingDate: '2026-03-01',
      text: 'Ausbuchung',
      lines: [
        { glAccount: 'receivable', itemType: 'write_off', amountCents: -100, text: 'Ausbuchung' },
        { glAccount: 'write_off', amountCents: 100, text: 'Ausbuchung' },
      ],
    });
    await clear(t.db, {
      businessKey: 'wo:fee:clearing',
      contractAccountId: c.account,
      clearingDate: '2026-03-01',
      reason: 'Ausbuchung',
      allocations: [
        { lineId: written.lines[0].id, amountCents: 100 },
        { lineId: wo.lines[0].id, amountCents: -100 },
      ],
    });

    const rows = await strategyStats(t.db, { from: '2026-01-01', to: '2026-01-31', letterCostCents: 76 });
    expect(rows).toEqual([
      {
        procedure: 'standard',
        variant: 'challenger',
        cases: 2,
        closed: 1,
        paid: 1,
        realisationRate: 1,
        paidShareOfAll: 0.5,
        avgDaysToPayment: 4,
        openedCents: 20000,
        lettersSent: 1,
        letterCostCents: 76,
        feesWaivedCents: 0,
        costCents: 76,
        costPerCaseCents: 38,
      },
      {
        procedure: 'standard',
        variant: 'champion',
        cases: 3,
        closed: 3,
        paid: 2,
        realisationRate: 2 / 3,
        paidShareOfAll: 2 / 3,
        // (10 + 20) / 2
        avgDaysToPayment: 15,
        openedCents: 30000,
        lettersSent: 6,
        letterCostCents: 456,
        // 150 reversed + 100 written off
        feesWaivedCents: 250,
        costCents: 706,
        costPerCaseCents: 706 / 3,
      },
    ]);
    expect((await strategyStats(t.db)).reduce((s, r) => s + r.cases, 0)).toBe(6);
  });
});
