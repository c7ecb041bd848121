/**
 * The payment page end to end, without a browser (test/browser/payment-page.test.ts drives it in
 * Chromium): signed links, the claim, card payment through the provider simulator and its signed
 * webhook (booked once however often it arrives), mandate, installment plan, contact process,
 * refused input and the action budget.
 */
import { addDays } from '../../domain/shared/dates';
import { todayInGermany } from '../../domain/orders';
import { insertAccount, postBill } from '../../domain/payments/testing';
import { createPaymentLinks } from '../../server/payment-page/links';
import type { System } from '../../server/system';
import { signWebhook } from '../../simulators/payment-provider';
import { systemHeaders } from '../auth';
import { chain, end, messageWithKey, process as bpmnProcess, start } from '../bpmn';
import { startTestSystem, waitFor } from './system';

jest.setTimeout(90_000);

const DAY = 24 * 3600 * 1000;

describe('payment page', () => {
  let system: System;
  beforeAll(async () => {
    system = await startTestSystem({ paymentPageFreeActions: 40 });
  });
  afterAll(async () => {
    await system?.stop();
  });

  const today = () => todayInGermany(new Date(system.engine!.engine.clock.now()));
  async function overdueAccount(cents = 12_345) {
    const a = await insertAccount(system.db, { first: 'Ute', last: 'Säumig', method: 'bank_transfer', mandate: false });
    const line = await postBill(
      system.db,
      a,
      `R${Date.now()}${Math.floor(Math.random() * 1000)}`,
      cents,
      addDays(today(), -45),
      addDays(today(), -31),
    );
    const url = await createPaymentLinks(system.db, system.settings).url(system.httpUrl, a.contractAccountId);
    const token = new URL(url).searchParams.get('token')!;
    return { a, line, url, token };
  }
  const postJson = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${system.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      body: (await res.json().catch(() => ({}))) as Record<string, any>,
    };
  };
  /** A stand-in for the dunning's wait: ends with the message's variables when it arrives for the account. */
  async function caught(name: string, accountNumber: string, fetchVariables: string[]) {
    const id = `test-wait-${name}`;
    await system.zbc.deployResource({
      process: Buffer.from(
        bpmnProcess(
          id,
          [
            start('s'),
            `<bpmn:intermediateCatchEvent id="got"><bpmn:messageEventDefinition messageRef="M" /></bpmn:intermediateCatchEvent>`,
            end('e'),
            ...chain('s', 'got', 'e'),
          ],
          [messageWithKey('M', name, '=accountNumber')],
        ),
      ),
      name: `${id}.bpmn`,
    });
    return system.zbc.createProcessInstanceWithResult({
      bpmnProcessId: id,
      variables: { accountNumber },
      fetchVariables,
      requestTimeout: 60_000,
    });
  }
  const openCents = async (lineId: string) =>
    Number(((await system.db('open_items').where({ line_id: lineId }).first('open_cents')) as { open_cents: string }).open_cents);

  it('the link opens the claim; without, with a forged or an expired token nothing is shown', async () => {
    const { a, url, token } = await overdueAccount();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('lang="de"');
    expect(html).toContain(a.accountNumber);
    expect(html).toContain('123,45 €');
    expect(html).toContain('DE89 3704 0044 0532 0130 00');
    expect(html).toMatch(/<img src="data:image\/svg\+xml;base64,/);
    expect(html).not.toMatch(/<script>/);

    expect((await fetch(`${system.httpUrl}/pay`)).status).toBe(401);
    const [body, sig] = token.split('.');
    const forged = `${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const refused = await fetch(`${system.httpUrl}/pay?token=${forged}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/Link ist ungültig/);
    const old = createPaymentLinks(system.db, system.settings, () => Date.now() - (system.settings.paymentLinkTtlDays + 1) * DAY);
    const expired = await fetch(`${system.httpUrl}/pay?token=${await old.token(a.contractAccountId)}`);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/abgelaufen/);
    // The account id alone opens nothing, neither the page nor an action.
    expect((await fetch(`${system.httpUrl}/pay?token=${a.contractAccountId}`)).status).toBe(403);
    const noToken = await postJson('/api/pay/contact-requests', { message: 'Hallo', contact: 'ute@example.org' });
    expect(noToken.status).toBe(401);
    expect(noToken.type).toMatch(/application\/problem\+json/);
  });

  it('card payment: checkout at the provider, signed webhook books once, the return page confirms', async () => {
    const { a, line, token } = await overdueAccount(9_900);
    const reassessed = caught('dunning-payment-received', a.accountNumber, ['amountCents', 'providerPaymentId']);
    const bad = await postJson(`/api/pay/checkouts?token=${token}`, { method: 'bitcoin' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'method', messageDe: expect.any(String) })]);
    const created = await postJson(`/api/pay/checkouts?token=${token}`, { method: 'card' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ amountCents: 9_900, checkoutUrl: expect.stringContaining(system.paymentProvider!.url) });
    const id = created.body.providerPaymentId as string;

    // The customer pays on the provider's page; the provider calls the webhook and sends the browser back.
    const paid = await fetch(`${system.paymentProvider!.url}/checkout/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=pay&cardNumber=4242+4242+4242+4242',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const back = paid.headers.get('location')!;
    expect(back).toContain(`/pay/return?token=${encodeURIComponent(token)}&checkout=${id}`);
    expect(system.paymentProvider!.deliveries(id)).toBe(1);
    expect(await openCents(line)).toBe(0);
    expect((await reassessed).variables).toEqual({ amountCents: 9_900, providerPaymentId: id });
    // Delivered again (providers do): nothing more is booked.
    expect(await system.paymentProvider!.redeliver(id)).toBe(204);
    const docs = await system
      .db('ledger_documents')
      .where({ business_key: `provider-payment:${id}` })
      .select('id');
    expect(docs).toHaveLength(1);
    const ret = await fetch(back);
    expect(ret.status).toBe(200);
    expect(await ret.text()).toMatch(/Vielen Dank für Ihre Zahlung[\s\S]*99,00 €/);
    const page = await (await fetch(`${system.httpUrl}/pay?token=${token}`)).text();
    expect(page).toContain('Derzeit ist nichts zu zahlen');
  });

  it('a webhook that does not arrive: the return page asks the provider and books; the late webhook books nothing more', async () => {
    const { line, token } = await overdueAccount(2_500);
    const created = await postJson(`/api/pay/checkouts?token=${token}`, { method: 'paypal' });
    const id = created.body.providerPaymentId as string;
    system.paymentProvider!.holdWebhooks(true);
    try {
      const paid = await fetch(`${system.paymentProvider!.url}/checkout/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'action=pay',
        redirect: 'manual',
      });
      expect(await openCents(line)).toBe(2_500);
      const ret = await fetch(paid.headers.get('location')!);
      expect(await ret.text()).toContain('Vielen Dank für Ihre Zahlung');
      expect(await openCents(line)).toBe(0);
    } finally {
      system.paymentProvider!.holdWebhooks(false);
    }
    await waitFor(async () => system.paymentProvider!.deliveries(id) === 1, 'the late webhook');
    const docs = await system
      .db('ledger_documents')
      .where({ business_key: `provider-payment:${id}` })
      .select('id');
    expect(docs).toHaveLength(1);
  });

  it('a webhook with a wrong signature or a foreign checkout books nothing', async () => {
    const { line, token } = await overdueAccount(5_000);
    const created = await postJson(`/api/pay/checkouts?token=${token}`, { method: 'paypal' });
    const checkout = {
      id: created.body.providerPaymentId,
      status: 'paid',
      amountCents: 5_000,
      currency: 'EUR',
      method: 'paypal',
      reference: 'x',
      checkoutUrl: 'x',
      paidAt: null,
    };
    const raw = JSON.stringify({ type: 'checkout.paid', checkout });
    const send = (signature: string, body = raw) =>
      fetch(`${system.httpUrl}/api/payment-provider/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'provider-signature': signature },
        body,
      });
    const wrong = await send(signWebhook('not-the-secret', raw));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toMatch(/problem\+json/);
    const tampered = JSON.stringify({ type: 'checkout.paid', checkout: { ...checkout, amountCents: 1 } });
    expect((await send(signWebhook(system.settings.paymentProviderWebhookSecret, raw), tampered)).status).toBe(401);
    const foreign = JSON.stringify({ type: 'checkout.paid', checkout: { ...checkout, id: 'pay_not_ours' } });
    expect((await send(signWebhook(system.settings.paymentProviderWebhookSecret, foreign), foreign)).status).toBe(404);
    const wrongAmount = JSON.stringify({ type: 'checkout.paid', checkout: { ...checkout, amountCents: 1 } });
    expect((await send(signWebhook(system.settings.paymentProviderWebhookSecret, wrongAmount), wrongAmount)).status).toBe(422);
    expect(await openCents(line)).toBe(5_000);
    // Signed right, twice: booked once.
    expect((await send(signWebhook(system.settings.paymentProviderWebhookSecret, raw))).status).toBe(204);
    expect((await send(signWebhook(system.settings.paymentProviderWebhookSecret, raw))).status).toBe(204);
    expect(await openCents(line)).toBe(0);
  });

  it('mandate: a wrong IBAN is a 400 in German; a valid one switches the account to direct debit', async () => {
    const { a, token } = await overdueAccount();
    const bad = await postJson(`/api/pay/mandates?token=${token}`, { accountHolder: 'U', iban: 'DE00 1234', mandateConsent: false });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['accountHolder', 'iban', 'mandateConsent']);
    expect(await system.db('sepa_mandates').where({ contract_account_id: a.contractAccountId })).toHaveLength(0);
    const ok = await postJson(`/api/pay/mandates?token=${token}`, {
      accountHolder: 'Ute Säumig',
      iban: 'DE02 1203 0000 0000 2020 51',
      mandateConsent: true,
    });
    expect(ok.status).toBe(201);
    expect(ok.body.mandateReference).toBe(`M-${a.accountNumber}-1`);
    const acc = (await system.db('contract_accounts').where({ id: a.contractAccountId }).first()) as { payment_method: string };
    expect(acc.payment_method).toBe('sepa_direct_debit');
    // The confirmation with the pre-notification of what will be collected.
    const email = ((await system.db('customers').where({ id: a.customerId }).first('email')) as { email: string }).email;
    const mail = await system.mailSink!.waitFor((m) => m.to.includes(email) && /SEPA-Lastschriftmandat/.test(m.subject), 20_000);
    expect(mail.text).toContain(`M-${a.accountNumber}-1`);
    expect(mail.text).toContain('123,45 €');
  });

  it('installment plan within the DMN limits; contact form starts the case worker task', async () => {
    const { a, token } = await overdueAccount(30_000);
    const tooMany = await postJson(`/api/pay/installment-agreements?token=${token}`, { rateCount: 12, firstDueDate: addDays(today(), 10) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details[0]).toMatchObject({ field: 'rateCount', messageDe: 'Bitte wählen Sie 2 bis 6 Raten.' });
    const late = await postJson(`/api/pay/installment-agreements?token=${token}`, { rateCount: 3, firstDueDate: addDays(today(), 90) });
    expect(late.body.details[0]).toMatchObject({ field: 'firstDueDate' });
    const agreed = caught('dunning-agreement-made', a.accountNumber, ['agreementId']);
    const made = await postJson(`/api/pay/installment-agreements?token=${token}`, { rateCount: 3, firstDueDate: addDays(today(), 10) });
    expect(made.status).toBe(201);
    expect((await agreed).variables).toEqual({ agreementId: made.body.agreementId });
    expect(made.body).toMatchObject({
      totalCents: 30_000,
      rates: [{ amountCents: 10_000 }, { amountCents: 10_000 }, { amountCents: 10_000 }],
    });
    const again = await postJson(`/api/pay/installment-agreements?token=${token}`, { rateCount: 3, firstDueDate: addDays(today(), 10) });
    expect(again.status).toBe(409);

    const empty = await postJson(`/api/pay/contact-requests?token=${token}`, { message: ' ', contact: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['contact', 'message']);
    const sent = await postJson(`/api/pay/contact-requests?token=${token}`, { message: 'Ich war im Urlaub.', contact: 'ute@example.org' });
    expect(sent.status).toBe(202);
    const task = await waitFor(async () => {
      const res = await fetch(`${system.httpUrl}/v2/user-tasks/search`, {
        method: 'POST',
        headers: systemHeaders({ 'content-type': 'application/json' }),
        body: JSON.stringify({ filter: { elementId: 'answer_contact' } }),
      });
      const out = (await res.json()) as { items: Array<{ userTaskKey: string }> };
      return out.items.length ? out.items : undefined;
    }, 'contact task');
    expect(task).toHaveLength(1);
    // The case worker answers; the customer gets the answer by mail.
    await system.engine!.engine.completeUserTask(task[0].userTaskKey, {
      outcome: 'answered',
      note: 'Kein Problem, die Raten sind vereinbart.',
    });
    const email = ((await system.db('customers').where({ id: a.customerId }).first('email')) as { email: string }).email;
    const reply = await system.mailSink!.waitFor((m) => m.to.includes(email) && /Antwort auf Ihre Nachricht/.test(m.subject), 20_000);
    expect(reply.text).toContain('Kein Problem, die Raten sind vereinbart.');
    expect(reply.text).toContain('Ich war im Urlaub.');
  });

  it('too many actions from one client: 429 with Retry-After', async () => {
    const { token } = await overdueAccount();
    let last = 0;
    let retryAfter: string | null = null;
    for (let i = 0; i < 60 && last !== 429; i++) {
      const res = await fetch(`${system.httpUrl}/api/pay/contact-requests?token=${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      last = res.status;
      retryAfter = res.headers.get('retry-after');
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
