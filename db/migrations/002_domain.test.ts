import { databaseVariants, type TestDatabase } from '../testing';

const tables = [
  'orders',
  'customers',
  'contract_accounts',
  'contracts',
  'meters',
  'sepa_mandates',
  'bureau_requests',
  'documents',
  'outbound_mails',
];

describe.each(databaseVariants())('migration 002_domain on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('creates every domain table', async () => {
    for (const table of tables) expect(await t.db.schema.hasTable(table)).toBe(true);
  });

  it('lets a retried POST find its order by idempotency key', async () => {
    const [first] = await t
      .db('orders')
      .insert({ idempotency_key: 'k-1', payload: { a: 1 } })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    const again = await t
      .db('orders')
      .insert({ idempotency_key: 'k-1', payload: { a: 1 } })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    expect(first.id).toEqual(expect.any(String));
    expect(again).toHaveLength(0);
  });

  it('allows one contract per order, one mail and one document per business key', async () => {
    const [order] = await t.db('orders').insert({ payload: {} }).returning('id');
    const [customer] = await t
      .db('customers')
      .insert({
        customer_number: 'K-1',
        created_by_order_id: order.id,
        first_name: 'Erika',
        last_name: 'Muster',
        birth_date: '1980-02-01',
        email: 'e@example.org',
        address: {},
        person_key: 'p',
        address_key: 'a',
      })
      .returning('id');
    const [account] = await t
      .db('contract_accounts')
      .insert({
        account_number: 'VK-1',
        customer_id: customer.id,
        created_by_order_id: order.id,
        payment_method: 'sepa_direct_debit',
        billing_address: {},
      })
      .returning('id');
    const contract = {
      order_id: order.id,
      customer_id: customer.id,
      contract_account_id: account.id,
      tariff_code: 'STROM-FIX-24',
      annual_consumption_kwh: 2500,
      supply_address: {},
    };
    await t.db('contracts').insert({ ...contract, contract_number: 'V-1' });
    await expect(t.db('contracts').insert({ ...contract, contract_number: 'V-2' })).rejects.toThrow(/unique|duplicate/i);

    const mail = {
      business_key: `order:${order.id}:confirmation`,
      message_id: '<m@x>',
      status: 'sent',
      to_address: 'e@example.org',
      subject: 's',
    };
    await t.db('outbound_mails').insert(mail);
    await expect(t.db('outbound_mails').insert(mail)).rejects.toThrow(/unique|duplicate/i);

    const doc = {
      business_key: `order:${order.id}:confirmation`,
      kind: 'order_confirmation',
      file_name: 'a.pdf',
      content_type: 'application/pdf',
      content: Buffer.from('%PDF'),
      size: 4,
      sha256: 'x',
    };
    await t.db('documents').insert(doc);
    await expect(t.db('documents').insert(doc)).rejects.toThrow(/unique|duplicate/i);
    await expect(t.db('documents').insert({ ...doc, business_key: 'other', content: null })).rejects.toThrow(
      /documents_content_check|check/i,
    );
  });

  it('keeps every failed bureau call but one answer per request key', async () => {
    const row = { bureau: 'schufa', request_key: 'rk', request: {} };
    await t.db('bureau_requests').insert({ ...row, outcome: 'failed', error: 'timeout' });
    await t.db('bureau_requests').insert({ ...row, outcome: 'failed', error: 'timeout' });
    await t.db('bureau_requests').insert({ ...row, outcome: 'answered', response: { s: 1 } });
    await expect(t.db('bureau_requests').insert({ ...row, outcome: 'answered' })).rejects.toThrow(/unique|duplicate/i);
  });

  it('rejects an unknown traffic light', async () => {
    await expect(t.db('orders').insert({ payload: {}, traffic_light: 'blue' })).rejects.toThrow(/check/i);
  });

  it('migrates down and up again', async () => {
    const { migrationSource } = await import('../migrations');
    await t.db.migrate.rollback({ migrationSource }, true);
    expect(await t.db.schema.hasTable('orders')).toBe(false);
    await t.db.migrate.latest({ migrationSource });
    expect(await t.db.schema.hasTable('orders')).toBe(true);
  });
});
