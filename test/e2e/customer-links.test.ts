import { createCustomerLinks } from '../../server/customer-links';
import type { System } from '../../server/system';
import { systemHeaders } from '../auth';
import { attachmentText, customerLink, getOrder, mailTo, orderFor, post, startTestSystem, waitForOrder } from './system';

jest.setTimeout(90_000);

const DAY = 24 * 3600 * 1000;

describe('customer links: signed, expiring, only what is missing', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem();
  });
  afterAll(async () => {
    await system?.stop();
  });

  const page = (path: string) => fetch(`${system.httpUrl}${path}`);
  const supply = (orderId: string, token: string | undefined, body: Record<string, unknown>) =>
    post(system, `/api/orders/${orderId}/data${token === undefined ? '' : `?token=${token}`}`, body);
  const payloadOf = async (orderId: string) => (await system.db('orders').where({ id: orderId }).first()).payload;

  it('meter number missing: the link opens the form for it alone; IBAN and account holder stay as ordered', async () => {
    const order = orderFor('Gruen', { withoutMeter: true });
    const res = await post(system, '/api/orders', order);
    const orderId = res.body.orderId as string;
    await waitForOrder(system, orderId, (o) => o.status === 'awaiting_data');
    const mail = await mailTo(system, order.customer.email, /vervollständigen/);
    const link = customerLink(mail.text, orderId, 'data');

    const form = await page(link.path);
    expect(form.status).toBe(200);
    expect(form.headers.get('cache-control')).toBe('no-store');
    const html = await form.text();
    expect(html).toContain('name="meterNumber"');
    expect(html).not.toContain('name="iban"');
    expect(html).not.toContain('name="accountHolder"');
    expect(html).not.toMatch(/<script>/); // the page runs under the CSP: no inline script

    expect((await page(`/orders/${orderId}/data`)).status).toBe(401);
    const tampered = `${link.token.slice(0, -2)}${link.token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await page(`/orders/${orderId}/data?token=${tampered}`)).status).toBe(403);

    const before = await payloadOf(orderId);
    const overwrite = await supply(orderId, link.token, {
      meterNumber: '1ESY 1160 6425',
      iban: 'DE02120300000000202051',
      accountHolder: 'Mallory',
    });
    expect(overwrite.status).toBe(400);
    expect(overwrite.body.details.map((e: { field: string }) => e.field).sort()).toEqual(['accountHolder', 'iban']);
    expect(await payloadOf(orderId)).toEqual(before);

    const noToken = await supply(orderId, undefined, { meterNumber: '1ESY 1160 6425' });
    expect(noToken.status).toBe(401);
    expect(noToken.body).toMatchObject({ status: 401, detail: expect.stringMatching(/Zugangsschlüssel/) });
    const otherOrder = await createCustomerLinks(system.db, system.settings).token('00000000-0000-4000-8000-000000000000', 'data');
    expect((await supply(orderId, otherOrder, { meterNumber: '1ESY 1160 6425' })).status).toBe(403);
    const offerToken = await createCustomerLinks(system.db, system.settings).token(orderId, 'offer');
    expect((await supply(orderId, offerToken, { meterNumber: '1ESY 1160 6425' })).status).toBe(403);
    const expired = await createCustomerLinks(system.db, { customerLinkTtlDays: 1 }, () => Date.now() - 2 * DAY).token(orderId, 'data');
    const late = await supply(orderId, expired, { meterNumber: '1ESY 1160 6425' });
    expect(late.status).toBe(403);
    expect(late.body.detail).toMatch(/abgelaufen/);
    expect(await payloadOf(orderId)).toEqual(before);

    const supplied = await supply(orderId, link.token, { meterNumber: '1ESY 1160 6425' });
    expect(supplied.status).toBe(202);
    const done = await waitForOrder(system, orderId, (o) => o.status === 'contracted');
    const mandate = await system.db('sepa_mandates').where({ created_by_order_id: orderId }).first();
    expect(mandate).toMatchObject({ iban: order.payment.iban, account_holder: (order.payment as { accountHolder: string }).accountHolder });
    expect(done.contract.mandateReference).toBe(mandate.mandate_reference);
  });

  it('IBAN missing: given through the link only with the SEPA mandate, and the customer gets a mail about it', async () => {
    const order = { ...orderFor('Gruen'), payment: { method: 'sepa_direct_debit' as const } };
    const res = await post(system, '/api/orders', order);
    const orderId = res.body.orderId as string;
    const waiting = await waitForOrder(system, orderId, (o) => o.status === 'awaiting_data');
    expect(waiting.missingData.map((m: { field: string }) => m.field)).toEqual(['payment.iban', 'payment.mandateConsent']);
    const link = customerLink((await mailTo(system, order.customer.email, /vervollständigen/)).text, orderId, 'data');
    const html = await (await page(link.path)).text();
    expect(html).toContain('name="iban"');
    expect(html).toContain('name="mandateConsent"');

    const withoutMandate = await supply(orderId, link.token, { iban: 'DE02 1203 0000 0000 2020 51', mandateConsent: false });
    expect(withoutMandate.status).toBe(400);
    expect(withoutMandate.body.details).toEqual([
      expect.objectContaining({ field: 'mandateConsent', messageDe: expect.stringMatching(/Lastschriftmandat/) }),
    ]);
    expect(system.mailSink!.list().filter((m) => m.to.includes(order.customer.email) && /Bankverbindung/.test(m.subject))).toEqual([]);

    const given = await supply(orderId, link.token, {
      iban: 'DE02 1203 0000 0000 2020 51',
      accountHolder: 'Erika Gruen',
      mandateConsent: true,
    });
    expect(given.status).toBe(202);
    const notice = await mailTo(system, order.customer.email, /Bankverbindung/);
    expect(notice.text).toContain('DE02 XXXX XXXX XXXX XX20 51');
    expect(notice.text).not.toContain('DE02120300000000202051');
    expect(notice.text).toMatch(/Waren Sie das nicht/);
    await waitForOrder(system, orderId, (o) => o.status === 'contracted');
    expect(await system.db('sepa_mandates').where({ created_by_order_id: orderId }).first()).toMatchObject({
      iban: 'DE02120300000000202051',
      account_holder: 'Erika Gruen',
    });
  });

  it('prepayment offer: the mail and the letter link to a signed page the customer can open and accept on', async () => {
    const order = orderFor('Rot');
    const res = await post(system, '/api/orders', order);
    const orderId = res.body.orderId as string;
    const offered = await waitForOrder(system, orderId, (o) => o.status === 'prepayment_offered' && o.documents.length > 0);
    const mail = await mailTo(system, order.customer.email, /Angebot/);
    expect(mail.text).not.toContain('/api/');
    const link = customerLink(mail.text, orderId, 'offer');
    expect(await attachmentText(mail)).toContain(`/orders/${orderId}/offer`);

    const offer = await page(link.path);
    expect(offer.status).toBe(200);
    expect(offer.headers.get('cache-control')).toBe('no-store');
    const html = await offer.text();
    expect(html).toContain('72,92');
    expect(html).toContain('Angebot annehmen');
    expect((await page(`/orders/${orderId}/offer`)).status).toBe(401);

    const letter = await page(`/orders/${orderId}/offer/letter?token=${link.token}`);
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toBe('application/pdf');
    expect(letter.headers.get('cache-control')).toBe('no-store');

    const dataToken = await createCustomerLinks(system.db, system.settings).token(orderId, 'data');
    const wrongPurpose = await fetch(`${system.httpUrl}/orders/${orderId}/offer/acceptance?token=${dataToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongPurpose.status).toBe(403);
    const accepted = await fetch(`${system.httpUrl}/orders/${orderId}/offer/acceptance?token=${link.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"accept":true}',
    });
    expect(accepted.status).toBe(200);
    expect((await getOrder(system, orderId)).prepaymentAcceptedAt).toEqual(expect.any(String));
    expect(await (await page(link.path)).text()).toMatch(/angenommen/);

    const doc = await fetch(`${system.httpUrl}/api/documents/${offered.documents[0].id}`, { headers: systemHeaders() });
    expect(doc.status).toBe(200);
    expect(doc.headers.get('cache-control')).toBe('no-store');
  });
});
