import { databaseVariants, type TestDatabase } from '../../db/testing';
import { receivableTotal } from '../ledger';
import { postCharge } from './provider-payments-testing';
import { setBlock } from '../dunning/blocks';
import { bookProviderPayment, paymentPageClaim, ProviderPaymentError, recordCheckout } from './provider-payments';
import { insertAccount, postBill, postInstallment, type TestAccount } from './testing';

const today = '2026-03-10';

describe.each(databaseVariants())('provider payments on $name', (variant) => {
  let t: TestDatabase;
  let a: TestAccount;
  const lines: Record<string, string> = {};
  beforeAll(async () => {
    t = await variant.open();
    a = await insertAccount(t.db, { first: 'Paula', last: 'Zahlmann', method: 'bank_transfer', mandate: false });
    lines.bill = await postBill(t.db, a, 'R202600000777', 10_000, '2026-01-20', '2026-02-03');
    lines.disputed = await postBill(t.db, a, 'R202600000778', 5_000, '2026-01-25', '2026-02-08');
    lines.fee = await postCharge(t.db, a.contractAccountId, 'fee', 150, '2026-03-01');
    lines.interest = await postCharge(t.db, a.contractAccountId, 'interest', 87, '2026-03-01');
    lines.later = await postInstallment(t.db, a, 4_000, '2026-04-01');
    await setBlock(t.db, {
      contractAccountId: a.contractAccountId,
      lineId: lines.disputed,
      reason: 'Zählerstand bestritten',
      validUntil: '2026-04-30',
      createdBy: 'test',
      today,
    });
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('the claim lists fees and interest apart, shows the disputed and later items without demanding them', async () => {
    const claim = await paymentPageClaim(t.db, a.contractAccountId, today);
    expect(claim).toMatchObject({
      accountNumber: a.accountNumber,
      customerName: 'Paula Zahlmann',
      principalCents: 10_000,
      feesCents: 150,
      interestCents: 87,
      disputedCents: 5_000,
      notDueCents: 4_000,
      creditCents: 0,
      totalCents: 10_237,
    });
    const status = Object.fromEntries(claim.items.map((i) => [i.lineId, `${i.category}/${i.status}`]));
    expect(status).toEqual({
      [lines.bill]: 'principal/due',
      [lines.disputed]: 'principal/disputed',
      [lines.fee]: 'fees/due',
      [lines.interest]: 'interest/due',
      [lines.later]: 'principal/not_due',
    });
    await expect(paymentPageClaim(t.db, '00000000-0000-4000-8000-000000000000', today)).rejects.toBeInstanceOf(ProviderPaymentError);
  });

  it('books a paid checkout once, costs and interest first, and leaves the disputed item open', async () => {
    await recordCheckout(t.db, {
      providerPaymentId: 'pay_test_1',
      contractAccountId: a.contractAccountId,
      method: 'card',
      amountCents: 10_237,
      checkoutUrl: 'http://provider.example/checkout/pay_test_1',
    });
    await expect(bookProviderPayment(t.db, { providerPaymentId: 'pay_test_1', amountCents: 999, paidOn: today })).rejects.toMatchObject({
      code: 'amount_mismatch',
    });
    await expect(bookProviderPayment(t.db, { providerPaymentId: 'pay_unknown', amountCents: 10_237, paidOn: today })).rejects.toMatchObject(
      {
        code: 'unknown_payment',
      },
    );
    const first = await bookProviderPayment(t.db, { providerPaymentId: 'pay_test_1', amountCents: 10_237, paidOn: today });
    expect(first).toMatchObject({ booked: true, accountNumber: a.accountNumber, amountCents: 10_237 });
    // The same webhook again, and concurrently twice more: nothing new.
    const again = await Promise.all(
      [1, 2, 3].map(() => bookProviderPayment(t.db, { providerPaymentId: 'pay_test_1', amountCents: 10_237, paidOn: today })),
    );
    expect(again.map((r) => [r.booked, r.documentId])).toEqual([1, 2, 3].map(() => [false, first.documentId]));
    const docs = (await t.db('ledger_documents').where({ business_key: 'provider-payment:pay_test_1' }).select('id')) as unknown[];
    expect(docs).toHaveLength(1);

    const open = async (lineId: string) =>
      Number(((await t.db('open_items').where({ line_id: lineId }).first('open_cents')) as { open_cents: string }).open_cents);
    expect(await open(lines.bill)).toBe(0);
    expect(await open(lines.fee)).toBe(0);
    expect(await open(lines.interest)).toBe(0);
    expect(await open(lines.disputed)).toBe(5_000);
    expect(await open(lines.later)).toBe(4_000);
    const claim = await paymentPageClaim(t.db, a.contractAccountId, today);
    expect(claim.totalCents).toBe(0);
    expect(await receivableTotal(t.db, a.contractAccountId)).toBe(5_000 + 4_000);
    const row = (await t.db('provider_payments').where({ provider_payment_id: 'pay_test_1' }).first()) as {
      status: string;
      document_id: string;
    };
    expect(row).toMatchObject({ status: 'paid', document_id: first.documentId });
  });

  it('a partial payment goes to the costs, then the interest, then the principal (§367 BGB)', async () => {
    const b = await insertAccount(t.db, { first: 'Bruno', last: 'Teilzahler', method: 'bank_transfer', mandate: false });
    const bill = await postBill(t.db, b, 'R202600000901', 3_000, '2026-01-20', '2026-02-03');
    const fee = await postCharge(t.db, b.contractAccountId, 'fee', 150, '2026-03-01');
    const interest = await postCharge(t.db, b.contractAccountId, 'interest', 50, '2026-03-01');
    await recordCheckout(t.db, {
      providerPaymentId: 'pay_partial',
      contractAccountId: b.contractAccountId,
      method: 'paypal',
      amountCents: 1_000,
      checkoutUrl: 'http://provider.example/checkout/pay_partial',
    });
    await bookProviderPayment(t.db, { providerPaymentId: 'pay_partial', amountCents: 1_000, paidOn: today });
    const open = async (lineId: string) =>
      Number(((await t.db('open_items').where({ line_id: lineId }).first('open_cents')) as { open_cents: string }).open_cents);
    expect([await open(fee), await open(interest), await open(bill)]).toEqual([0, 0, 3_000 - 800]);
  });
});
