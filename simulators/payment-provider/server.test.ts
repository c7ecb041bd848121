import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpPaymentProvider } from '../../server/payment-page/provider';
import { startPaymentProviderSimulator, type PaymentProviderSimulator } from './server';
import { signWebhook, verifyWebhookSignature } from './protocol';

describe('payment provider simulator and its adapter', () => {
  let sim: PaymentProviderSimulator;
  let merchant: http.Server;
  let merchantUrl = '';
  const received: Array<{ body: string; signature: string }> = [];
  let answer = 204;

  beforeAll(async () => {
    merchant = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['provider-signature']) });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((r) => merchant.listen(0, '127.0.0.1', r));
    merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}`;
    sim = await startPaymentProviderSimulator({ port: 0, apiKey: 'k', webhookSecret: 's', retryDelayMs: 50, webhookRetries: 2 });
  });
  afterAll(async () => {
    await sim?.close();
    await new Promise((r) => merchant?.close(r));
  });

  const provider = (apiKey = 'k') => httpPaymentProvider({ baseUrl: sim.url, apiKey, webhookSecret: 's' });
  const input = (method: 'card' | 'paypal') => ({
    amountCents: 4_711,
    method,
    description: 'Forderung',
    reference: '4123',
    returnUrl: 'http://shop.example/back?c={CHECKOUT_ID}',
    webhookUrl: `${merchantUrl}/hook`,
  });
  const submit = (id: string, form: string) =>
    fetch(`${sim.url}/checkout/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });

  it('refuses a wrong API key', async () => {
    await expect(provider('wrong').createCheckout(input('card'))).rejects.toThrow(/answered 401/);
  });

  it('a declined card: the webhook says failed, signed; the adapter accepts only the right signature', async () => {
    const c = await provider().createCheckout(input('card'));
    expect(c).toMatchObject({ status: 'open', amountCents: 4_711, checkoutUrl: `${sim.url}/checkout/${c.id}` });
    expect((await submit(c.id, 'action=pay&cardNumber=1234')).status).toBe(422);
    const res = await submit(c.id, 'action=pay&cardNumber=4000+0000+0000+0002');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`http://shop.example/back?c=${c.id}`);
    const hook = received.at(-1)!;
    expect(verifyWebhookSignature('s', hook.body, hook.signature)).toBe(true);
    expect(provider().parseWebhook(hook.body, hook.signature)).toMatchObject({ type: 'checkout.failed', checkout: { id: c.id } });
    expect(provider().parseWebhook(hook.body, signWebhook('other', hook.body))).toBeNull();
    expect(provider().parseWebhook(hook.body, signWebhook('s', hook.body, Date.now() - 3_600_000))).toBeNull();
    expect((await provider().getCheckout(c.id)).status).toBe('failed');
  });

  it('PayPal paid: a webhook the merchant refuses is delivered again until it is taken', async () => {
    answer = 503;
    const c = await provider().createCheckout(input('paypal'));
    const before = received.length;
    await submit(c.id, 'action=pay');
    answer = 204;
    for (let i = 0; i < 50 && sim.deliveries(c.id) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(sim.deliveries(c.id)).toBe(1);
    expect(received.length - before).toBe(2);
    expect(sim.checkout(c.id)).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
  });
});
