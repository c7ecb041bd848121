import { databaseVariants, type TestDatabase } from '../../db/testing';
import {
  accountBalance,
  clear,
  clearAccount,
  clearMany,
  postDocument,
  receivableTotal,
  resetClearing,
  reverseDocument,
  LedgerError,
} from './index';

async function insertAccount(db: TestDatabase['db']): Promise<string> {
  const [order] = (await db('orders').insert({ payload: {} }).returning('id')) as Array<{ id: string }>;
  const [customer] = (await db('customers')
    .insert({
      customer_number: `K${order.id.slice(0, 8)}`,
      created_by_order_id: order.id,
      first_name: 'Erika',
      last_name: 'Mustermann',
      birth_date: '1980-01-01',
      email: 'erika@example.org',
      address: {},
      person_key: 'p',
      address_key: 'a',
    })
    .returning('id')) as Array<{ id: string }>;
  const [account] = (await db('contract_accounts')
    .insert({
      account_number: `V${order.id.slice(0, 8)}`,
      customer_id: customer.id,
      payment_method: 'sepa_direct_debit',
      billing_address: {},
    })
    .returning('id')) as Array<{ id: string }>;
  return account.id;
}

const installment = (accountId: string, key: string, cents: number, due: string) => ({
  businessKey: key,
  kind: 'installment' as const,
  contractAccountId: accountId,
  postingDate: due,
  text: `Abschlag ${due}`,
  lines: [
    { glAccount: 'receivable' as const, itemType: 'installment' as const, amountCents: cents, dueDate: due, text: 'Abschlag' },
    { glAccount: 'down_payments' as const, amountCents: -cents, text: 'Abschlag' },
  ],
});

const payment = (accountId: string, key: string, cents: number, date: string) => ({
  businessKey: key,
  kind: 'payment' as const,
  contractAccountId: accountId,
  postingDate: date,
  text: 'Zahlung',
  lines: [
    { glAccount: 'bank' as const, amountCents: cents, text: 'Bank' },
    { glAccount: 'receivable' as const, itemType: 'payment' as const, amountCents: -cents, text: 'Zahlung' },
  ],
});

describe.each(databaseVariants())('ledger on $name', (variant) => {
  let t: TestDatabase;
  let account: string;
  beforeAll(async () => {
    t = await variant.open();
    account = await insertAccount(t.db);
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('posts once per business key', async () => {
    const first = await postDocument(t.db, installment(account, 'inst:1', 8900, '2026-01-15'));
    const again = await postDocument(t.db, installment(account, 'inst:1', 8900, '2026-01-15'));
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.id).toBe(first.id);
    expect(again.lines.map((l) => l.amountCents)).toEqual([8900, -8900]);
  });

  it('refuses an unbalanced document in the code and in the database', async () => {
    const bad = installment(account, 'inst:bad', 100, '2026-01-15');
    bad.lines[1].amountCents = -99;
    await expect(postDocument(t.db, bad)).rejects.toThrow(LedgerError);
    await expect(
      t.db.transaction(async (trx) => {
        const [doc] = (await trx('ledger_documents')
          .insert({ document_number: 'X1', business_key: 'raw:1', kind: 'fee', posting_date: '2026-01-01', text: 'x' })
          .returning('id')) as Array<{ id: string }>;
        await trx('ledger_lines').insert({ document_id: doc.id, line_no: 1, gl_account: 'bank', amount_cents: 5, text: 'x' });
      }),
    ).rejects.toThrow(/not balanced/);
    expect(await t.db('ledger_documents').where({ business_key: 'raw:1' }).first()).toBeUndefined();
  });

  it('keeps posted lines unchangeable', async () => {
    await expect(t.db('ledger_lines').update({ amount_cents: 1 })).rejects.toThrow(/immutable/);
    await expect(t.db('ledger_documents').del()).rejects.toThrow(/immutable/);
  });

  it('clears fully, partly and several at once; the balance equals the sum of items', async () => {
    await postDocument(t.db, installment(account, 'inst:2', 8900, '2026-02-15'));
    const pay = await postDocument(t.db, payment(account, 'pay:1', 10000, '2026-02-20'));
    const cleared = await clearAccount(t.db, account, 'clear:1', '2026-02-20');
    expect(cleared?.created).toBe(true);
    const bal = await accountBalance(t.db, account, '2026-02-20');
    // 2 × 89.00 owed, 100.00 paid: the first installment is cleared, 11.00 of the second, 78.00 remain.
    expect(bal.balanceCents).toBe(7800);
    expect(bal.balanceCents).toBe(await receivableTotal(t.db, account));
    expect(bal.clearedItems.map((i) => i.text)).toContain('Abschlag');
    const first = bal.clearedItems.find((i) => i.itemType === 'installment')!;
    expect(first.clearings[0].counterItems[0].documentNumber).toBe(pay.documentNumber);
    expect(bal.openItems.map((i) => i.openCents)).toEqual([7800]);
  });

  it('refuses to clear beyond an item, in the code and in the database', async () => {
    const [item] = (await accountBalance(t.db, account, '2026-03-01')).openItems;
    const credit = await postDocument(t.db, payment(account, 'pay:2', 50000, '2026-03-01'));
    const creditLine = credit.lines.find((l) => l.glAccount === 'receivable')!;
    await expect(
      clear(t.db, {
        businessKey: 'clear:over',
        contractAccountId: account,
        clearingDate: '2026-03-01',
        reason: 'x',
        allocations: [
          { lineId: item.lineId, amountCents: 9000 },
          { lineId: creditLine.id, amountCents: -9000 },
        ],
      }),
    ).rejects.toThrow(LedgerError);
    await expect(
      t.db.transaction(async (trx) => {
        const [c] = (await trx('clearings')
          .insert({ business_key: 'raw:c', contract_account_id: account, clearing_date: '2026-03-01', reason: 'x' })
          .returning('id')) as Array<{ id: string }>;
        await trx('clearing_allocations').insert([
          { clearing_id: c.id, line_id: item.lineId, amount_cents: 9000 },
          { clearing_id: c.id, line_id: creditLine.id, amount_cents: -9000 },
        ]);
      }),
    ).rejects.toThrow(/beyond/);
  });

  it('reopens items by resetting a clearing, and reverses documents', async () => {
    const before = await accountBalance(t.db, account, '2026-03-01');
    const c = await clearAccount(t.db, account, 'clear:2', '2026-03-01');
    expect((await accountBalance(t.db, account, '2026-03-01')).balanceCents).toBe(before.balanceCents);
    await resetClearing(t.db, c!.id, 'reset:2', '2026-03-02', 'Rücklastschrift');
    const after = await accountBalance(t.db, account, '2026-03-02');
    expect(after.openItems.map((i) => i.openCents).sort((a, b) => a - b)).toEqual(
      before.openItems.map((i) => i.openCents).sort((a, b) => a - b),
    );

    const doc = await postDocument(t.db, installment(account, 'inst:wrong', 1234, '2026-04-15'));
    const rev = await reverseDocument(t.db, doc.id, { businessKey: 'rev:1', postingDate: '2026-03-03', reason: 'falscher Betrag' });
    expect(rev.reversesDocumentId).toBe(doc.id);
    await expect(reverseDocument(t.db, doc.id, { businessKey: 'rev:other', postingDate: '2026-03-03', reason: 'x' })).rejects.toThrow(
      /already reversed/,
    );
    const end = await accountBalance(t.db, account, '2026-03-03');
    expect(end.balanceCents).toBe(after.balanceCents);
    expect(end.balanceCents).toBe(await receivableTotal(t.db, account));
  });
  describe('clearMany', () => {
    let acc: string;
    const items: Record<string, string> = {};
    const openOf = async (lineId: string) =>
      Number(((await t.db('open_items').where({ line_id: lineId }).first()) as { open_cents: string }).open_cents);
    const receivable = (doc: { lines: Array<{ id: string; glAccount: string }> }) =>
      doc.lines.find((l) => l.glAccount === 'receivable')!.id;
    beforeAll(async () => {
      acc = await insertAccount(t.db);
      items.i1 = receivable(await postDocument(t.db, installment(acc, 'many:i1', 5000, '2026-01-15')));
      items.i2 = receivable(await postDocument(t.db, installment(acc, 'many:i2', 7000, '2026-02-15')));
      items.i3 = receivable(await postDocument(t.db, installment(acc, 'many:i3', 3000, '2026-03-15')));
      items.p1 = receivable(await postDocument(t.db, payment(acc, 'many:p1', 8000, '2026-02-20')));
      items.p2 = receivable(await postDocument(t.db, payment(acc, 'many:p2', 6000, '2026-03-20')));
    });
    const batch = () => [
      // p1 pays i1 and 30.00 of i2; p2 pays the other 40.00 of i2 and 20.00 of i3: i2 is cleared twice in the batch.
      {
        businessKey: 'many:c1',
        contractAccountId: acc,
        clearingDate: '2026-02-20',
        reason: 'Zahlungseingang',
        allocations: [
          { lineId: items.i1, amountCents: 5000 },
          { lineId: items.i2, amountCents: 3000 },
          { lineId: items.p1, amountCents: -8000 },
        ],
      },
      {
        businessKey: 'many:c2',
        contractAccountId: acc,
        clearingDate: '2026-03-20',
        reason: 'Zahlungseingang',
        allocations: [
          { lineId: items.i2, amountCents: 4000 },
          { lineId: items.i3, amountCents: 2000 },
          { lineId: items.p2, amountCents: -6000 },
        ],
      },
    ];

    it('refuses a batch in which one clearing takes more than is left, and stores none of it', async () => {
      const bad = batch();
      // The second clearing would take 50.00 of i2, of which the first left 40.00.
      bad[1].allocations = [
        { lineId: items.i2, amountCents: 5000 },
        { lineId: items.p2, amountCents: -5000 },
      ];
      await expect(clearMany(t.db, bad)).rejects.toMatchObject({ code: 'over_cleared' });
      expect(await t.db('clearings').whereIn('business_key', ['many:c1', 'many:c2'])).toEqual([]);
      expect(await openOf(items.i1)).toBe(5000);
      expect(await openOf(items.i2)).toBe(7000);
      await expect(
        clearMany(t.db, [{ ...bad[0], allocations: [...bad[0].allocations.slice(0, 2), { lineId: items.p1, amountCents: -7999 }] }]),
      ).rejects.toMatchObject({ code: 'unbalanced' });
    });

    it('stores many clearings in one call; two clearings of one item see each other', async () => {
      const result = await clearMany(t.db, batch());
      expect(result.map((c) => [c.businessKey, c.created])).toEqual([
        ['many:c1', true],
        ['many:c2', true],
      ]);
      expect(await openOf(items.i1)).toBe(0);
      expect(await openOf(items.i2)).toBe(0);
      expect(await openOf(items.i3)).toBe(1000);
      expect(await openOf(items.p1)).toBe(0);
      expect(await openOf(items.p2)).toBe(0);
      const allocations = (await t.db('clearing_allocations').whereIn(
        'clearing_id',
        result.map((c) => c.id),
      )) as unknown[];
      expect(allocations).toHaveLength(6);
      expect((await accountBalance(t.db, acc, '2026-03-20')).balanceCents).toBe(1000);
    });

    it('returns the stored clearings on a retry and books nothing twice', async () => {
      const first = (await t.db('clearings').whereIn('business_key', ['many:c1', 'many:c2']).orderBy('business_key')) as Array<{
        id: string;
      }>;
      const again = await clearMany(t.db, batch());
      expect(again.map((c) => [c.id, c.created])).toEqual(first.map((c) => [c.id, false]));
      // A retry may carry new clearings beside the stored ones: only those are checked and stored.
      const mixed = await clearMany(t.db, [
        ...batch(),
        {
          businessKey: 'many:c3',
          contractAccountId: acc,
          clearingDate: '2026-03-21',
          reason: 'Ausgleich',
          allocations: [],
        },
      ]);
      expect(mixed.map((c) => c.created)).toEqual([false, false, true]);
      expect(await openOf(items.i3)).toBe(1000);
      expect(await t.db('clearing_allocations').whereIn('clearing_id', [mixed[2].id])).toEqual([]);
    });
  });
});
