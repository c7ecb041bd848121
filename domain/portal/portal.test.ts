import { databaseVariants, type TestDatabase } from '../../db/testing';
import { insertContract, type ContractFixture } from '../shared/test-fixtures';
import {
  createPortalSessionStore,
  createSignInLinks,
  hashPortalToken,
  ownBillDocumentKey,
  portalOverview,
  redeemSignInToken,
  checkSignInToken,
} from './index';

describe.each(databaseVariants())('portal sign-in and view on $name', (variant) => {
  let t: TestDatabase;
  let mine: ContractFixture;
  let other: ContractFixture;
  const emailOf = async (f: ContractFixture) =>
    ((await t.db('customers').where({ id: f.customerId }).first('email')) as { email: string }).email;

  beforeAll(async () => {
    t = await variant.open();
    mine = await insertContract(t.db);
    other = await insertContract(t.db);
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('makes one link per customer with the address (any case), none for an unknown one; stores only the hash', async () => {
    const email = await emailOf(mine);
    const links = await createSignInLinks(t.db, { email: `  ${email.toUpperCase()} `, ttlMinutes: 15 });
    expect(links).toEqual([expect.objectContaining({ customerId: mine.customerId, email })]);
    const row = await t.db('portal_sign_in_tokens').where({ id: links[0].tokenId }).first();
    expect(row.token_hash).toBe(hashPortalToken(links[0].token));
    expect(JSON.stringify(row)).not.toContain(links[0].token);
    expect(await createSignInLinks(t.db, { email: 'niemand@example.org', ttlMinutes: 15 })).toEqual([]);

    // A shared address: one link each, each naming its own customer.
    const shared = await insertContract(t.db);
    await t.db('customers').where({ id: shared.customerId }).update({ email });
    const both = await createSignInLinks(t.db, { email, ttlMinutes: 15 });
    expect(both.map((l) => l.customerId).sort()).toEqual([mine.customerId, shared.customerId].sort());
  });

  it('a link signs in once, even when redeemed twice at the same moment; expired and unknown links never', async () => {
    const [link] = await createSignInLinks(t.db, { email: await emailOf(other), ttlMinutes: 15 });
    // Checking (opening the link) uses nothing.
    expect(await checkSignInToken(t.db, link.token)).toEqual({ ok: true, customerId: other.customerId });
    expect(await checkSignInToken(t.db, link.token)).toEqual({ ok: true, customerId: other.customerId });
    const results = await Promise.all([redeemSignInToken(t.db, link.token), redeemSignInToken(t.db, link.token)]);
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, customerId: other.customerId }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: 'used' }]);

    const [old] = await createSignInLinks(t.db, {
      email: await emailOf(other),
      ttlMinutes: 15,
      now: new Date(Date.now() - 16 * 60_000),
    });
    expect(await redeemSignInToken(t.db, old.token)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkSignInToken(t.db, old.token)).toEqual({ ok: false, reason: 'expired' });
    expect(await checkSignInToken(t.db, link.token)).toEqual({ ok: false, reason: 'used' });
    expect(await redeemSignInToken(t.db, 'x'.repeat(43))).toEqual({ ok: false, reason: 'unknown' });
    expect(await redeemSignInToken(t.db, undefined)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a session names its customer until it is removed', async () => {
    const store = createPortalSessionStore(t.db, 30);
    const { token, csrfToken } = await store.create(mine.customerId);
    expect(await store.find(token)).toMatchObject({ customerId: mine.customerId, csrfToken });
    expect(await t.db('portal_sessions').where({ token_hash: token }).first()).toBeUndefined();
    // Idle past its time: over.
    const idle = await store.create(mine.customerId);
    await t
      .db('portal_sessions')
      .where({ token_hash: hashPortalToken(idle.token) })
      .update({ expires_at: new Date(Date.now() - 1000) });
    expect(await store.find(idle.token)).toBeUndefined();
    await store.remove(token);
    expect(await store.find(token)).toBeUndefined();
    expect(await store.find(undefined)).toBeUndefined();
  });

  it('the view holds only the customer’s own rows; another customer’s bill has no key', async () => {
    const o = (await portalOverview(t.db, mine.customerId))!;
    expect(o.contracts.map((c) => c.id)).toEqual([mine.contractId]);
    expect(o.accounts.map((a) => a.id)).toEqual([mine.contractAccountId]);
    expect(await portalOverview(t.db, '00000000-0000-0000-0000-000000000000')).toBeUndefined();
    const [doc] = (await t
      .db('ledger_documents')
      .insert({
        document_number: 'D-1',
        business_key: 'test-bill',
        kind: 'bill',
        contract_account_id: other.contractAccountId,
        posting_date: '2026-01-15',
        text: 'x',
      })
      .returning('id')) as Array<{ id: string }>;
    const [bill] = (await t
      .db('bills')
      .insert({
        bill_number: 'R-OTHER',
        business_key: 'bill:other',
        contract_id: other.contractId,
        contract_account_id: other.contractAccountId,
        kind: 'annual',
        period_start: '2025-01-01',
        period_end: '2025-12-31',
        bill_date: '2026-01-15',
        net_cents: 0,
        vat_cents: 0,
        gross_cents: 0,
        installments_cents: 0,
        amount_due_cents: 0,
        due_date: '2026-02-01',
        ledger_document_id: doc.id,
        calculation: '{}',
      })
      .returning('id')) as Array<{ id: string }>;
    expect(await ownBillDocumentKey(t.db, other.customerId, bill.id)).toBe(`bill:${bill.id}:pdf`);
    expect(await ownBillDocumentKey(t.db, mine.customerId, bill.id)).toBeUndefined();
    expect((await portalOverview(t.db, mine.customerId))!.bills).toEqual([]);
  });
});
