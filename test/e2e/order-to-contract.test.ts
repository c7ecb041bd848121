import type { System } from '../../server/system';
import { attachmentText, getOrder, mailTo, orderFor, post, startTestSystem, waitForOrder } from './system';
import { systemHeaders } from '../auth';

jest.setTimeout(90_000);

describe('order to contract, end to end', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('green: accepted, contract created, confirmation PDF mailed', async () => {
    const order = orderFor('Gruen');
    const res = await post(system, '/api/orders', order, { 'Idempotency-Key': `green-${order.customer.firstName}` });
    expect(res.status).toBe(201);
    expect(res.body.processInstanceKey).toMatch(/^\d+$/);
    const again = await post(system, '/api/orders', order, { 'Idempotency-Key': `green-${order.customer.firstName}` });
    expect(again.status).toBe(200);
    expect(again.body.orderId).toBe(res.body.orderId);
    expect(['received', 'checking', 'contracted']).toContain((await getOrder(system, res.body.orderId)).status);

    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted' && o.documents.length > 0);
    expect(done.trafficLight).toBe('green');
    expect(done.score).toBeGreaterThan(400);
    expect(done.decision).toBe('accept');
    expect(done.contract.contractNumber).toMatch(/^V\d+$/);
    expect(done.contract.mandateReference).toMatch(/^M-/);

    const db = system.db;
    expect((await db('contracts').where({ order_id: res.body.orderId })).length).toBe(1);
    expect((await db('sepa_mandates').where({ created_by_order_id: res.body.orderId })).length).toBe(1);
    expect((await db('bureau_requests').where({ order_id: res.body.orderId })).map((r) => r.bureau)).toEqual(['schufa']);

    const mail = await mailTo(system, order.customer.email, /Auftragsbest/i);
    const text = await attachmentText(mail);
    expect(text).toContain(done.contract.contractNumber);
    expect(text).toContain(order.meter.meterNumber);
    // The numbers of the customer, the contract account and the mandate, in the letter and the mail.
    const contract = await db('contracts').where({ order_id: res.body.orderId }).first();
    const customer = await db('customers').where({ id: contract.customer_id }).first();
    const account = await db('contract_accounts').where({ id: contract.contract_account_id }).first();
    expect(text).toContain(customer.customer_number);
    expect(text).toContain(account.account_number);
    expect(text).toContain(done.contract.mandateReference);
    expect(mail.text).toContain(`Ihre Kundennummer: ${customer.customer_number}`);
    expect(mail.text).toContain(`Ihre Vertragsnummer: ${contract.contract_number}`);

    const download = await fetch(`${system.httpUrl}/api/documents/${done.documents[0].id}`, { headers: systemHeaders() });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('serves the OpenAPI document at /api/docs/json (the reference UI at /api/docs)', async () => {
    const doc = (await (await fetch(`${system.httpUrl}/api/docs/json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/orders');
  });

  it('rejects an invalid order with field-level errors and stores nothing', async () => {
    const order = orderFor('Gruen') as any;
    order.customer.birthDate = '2020-01-01';
    order.supplyAddress.postalCode = '123';
    const before = (await system.db('orders').select('id')).length;
    const res = await post(system, '/api/orders', order);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, instance: '/api/orders' });
    const fields = res.body.details.map((e: { field: string }) => e.field);
    expect(fields.join(',')).toMatch(/postalCode/);
    expect((await system.db('orders').select('id')).length).toBe(before);
  });

  it('fraud: rejected at once, letter names the bureau and the right to information', async () => {
    const order = orderFor('Betrug');
    const res = await post(system, '/api/orders', order);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'rejected' && o.documents.length > 0);
    expect(done.decision).toBe('reject');
    expect(done.reasons.join(' ')).toMatch(/Betrug/);
    expect(done.contract).toBeNull();
    const mail = await mailTo(system, order.customer.email, /.*/);
    const text = await attachmentText(mail);
    expect(text).toMatch(/SCHUFA/);
    expect(text).toMatch(/Auskunft/);
  });

  it('red: prepayment offered', async () => {
    const order = orderFor('Rot');
    const res = await post(system, '/api/orders', order);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'prepayment_offered' && o.documents.length > 0);
    expect(done.trafficLight).toBe('red');
    expect(done.decision).toBe('prepayment');
    expect(done.contract).toBeNull();
    const mail = await mailTo(system, order.customer.email, /.*/);
    expect(await attachmentText(mail)).toMatch(/Vorkasse/);
  });

  it('unknown at SCHUFA only: the next bureau is asked (serial)', async () => {
    const order = orderFor('Zugezogen');
    const res = await post(system, '/api/orders', order);
    const done = await waitForOrder(system, res.body.orderId, (o) => o.status === 'contracted');
    expect(done.bureauRequests.map((r: { bureau: string; outcome: string }) => `${r.bureau}:${r.outcome}`)).toEqual([
      'schufa:person_unknown',
      'infoscore:answered',
    ]);
  });

  it('GET of an unknown order is a 404', async () => {
    const res = await fetch(`${system.httpUrl}/api/orders/00000000-0000-0000-0000-000000000000`, { headers: systemHeaders() });
    expect(res.status).toBe(404);
    expect(await getOrder(system, 'nope')).toMatchObject({ title: 'NOT_FOUND', status: 404 });
  });
});
