/**
 * A payment provider simulator (development and tests): hosted checkouts for card and PayPal, a
 * checkout page without script, and signed webhooks (protocol.ts). Test cards: 4242 4242 4242 4242
 * pays, 4000 0000 0000 0002 is declined; PayPal is confirmed or cancelled with a button.
 * In memory: a restart forgets every checkout.
 */
import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import { SIGNATURE_HEADER, signWebhook, type Checkout, type CheckoutRequest, type CheckoutStatus, type WebhookEvent } from './protocol';

export interface PaymentProviderSimulatorOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  apiKey: string;
  webhookSecret: string;
  /** Webhook deliveries after the first failed one, with a doubling wait from `retryDelayMs`. */
  webhookRetries?: number;
  retryDelayMs?: number;
}

export interface PaymentProviderSimulator {
  url: string;
  close(): Promise<void>;
  checkout(id: string): Checkout | undefined;
  /** Webhook deliveries answered 2xx, per checkout id. */
  deliveries(id: string): number;
  /** Sends the checkout's webhook once more (a provider's duplicate delivery); the status the merchant answered. */
  redeliver(id: string): Promise<number>;
  /** While held, webhooks fail as if the merchant were unreachable (their retries go on in the background). */
  holdWebhooks(held: boolean): void;
}

interface Stored extends Checkout {
  returnUrl: string;
  webhookUrl: string;
  description: string;
  delivered: number;
}

const TEST_CARD_DECLINED = '4000000000000002';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const euro = (cents: number) => `${Math.floor(cents / 100).toLocaleString('de-DE')},${String(cents % 100).padStart(2, '0')} €`;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return digits.length >= 12 && sum % 10 === 0;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} – PaySim</title><style>
body{font-family:system-ui,sans-serif;margin:0;background:#eef1f6;color:#1b1f29;line-height:1.5}
main{max-width:28rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.3rem;margin-top:0}.amount{font-size:1.6rem;font-weight:700}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}input{font:inherit;padding:.5rem;width:100%;box-sizing:border-box;border:2px solid #5b6270;border-radius:.3rem}
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:0;border-radius:.3rem;margin:1rem .5rem 0 0;cursor:pointer;background:#2a3eb1;color:#fff}
button.secondary{background:#fff;color:#2a3eb1;border:2px solid #2a3eb1}.error{color:#a4161a;font-weight:600}
:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}</style></head><body><main>${body}</main></body></html>`;
}

export async function startPaymentProviderSimulator(opts: PaymentProviderSimulatorOptions): Promise<PaymentProviderSimulator> {
  const checkouts = new Map<string, Stored>();
  const timers = new Set<NodeJS.Timeout>();
  const app = Fastify({ logger: false });
  let baseUrl = '';
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  const publicView = (c: Stored): Checkout => ({
    id: c.id,
    status: c.status,
    amountCents: c.amountCents,
    currency: c.currency,
    method: c.method,
    reference: c.reference,
    checkoutUrl: c.checkoutUrl,
    paidAt: c.paidAt,
  });
  const authorised = (header: unknown) => header === `Bearer ${opts.apiKey}`;

  let held = false;
  async function deliverOnce(c: Stored): Promise<number> {
    if (held) return 0;
    const type = `checkout.${c.status}` as WebhookEvent['type'];
    const body = JSON.stringify({ type, checkout: publicView(c) } satisfies WebhookEvent);
    try {
      const res = await fetch(c.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(opts.webhookSecret, body) },
        body,
        signal: AbortSignal.timeout(5000),
      });
      if (res.ok) c.delivered += 1;
      return res.status;
    } catch {
      return 0;
    }
  }

  /** First delivery awaited (so the return page usually finds the payment booked), retries in the background. */
  async function deliver(c: Stored): Promise<void> {
    let status = await deliverOnce(c);
    let attempt = 0;
    const retry = () => {
      if (status >= 200 && status < 300) return;
      if (attempt >= (opts.webhookRetries ?? 5)) return;
      const wait = (opts.retryDelayMs ?? 500) * 2 ** attempt++;
      const timer = setTimeout(async () => {
        timers.delete(timer);
        status = await deliverOnce(c);
        retry();
      }, wait);
      timers.add(timer);
    };
    retry();
  }

  app.post<{ Body: Partial<CheckoutRequest> }>('/v1/checkouts', async (request, reply) => {
    if (!authorised(request.headers.authorization)) return reply.code(401).send({ error: 'invalid api key' });
    const b = request.body ?? {};
    const problems: string[] = [];
    if (!Number.isSafeInteger(b.amountCents) || (b.amountCents ?? 0) < 1) problems.push('amountCents');
    if (b.currency !== 'EUR') problems.push('currency');
    if (b.method !== 'card' && b.method !== 'paypal') problems.push('method');
    for (const k of ['description', 'reference', 'returnUrl', 'webhookUrl'] as const)
      if (typeof b[k] !== 'string' || !b[k]) problems.push(k);
    if (problems.length) return reply.code(422).send({ error: 'invalid request', fields: problems });
    const id = `pay_${randomBytes(9).toString('base64url')}`;
    const c: Stored = {
      id,
      status: 'open',
      amountCents: b.amountCents!,
      currency: 'EUR',
      method: b.method!,
      reference: b.reference!,
      description: b.description!,
      checkoutUrl: `${baseUrl}/checkout/${id}`,
      paidAt: null,
      returnUrl: b.returnUrl!.replace('{CHECKOUT_ID}', id),
      webhookUrl: b.webhookUrl!,
      delivered: 0,
    };
    checkouts.set(id, c);
    return reply.code(201).send(publicView(c));
  });

  app.get<{ Params: { id: string } }>('/v1/checkouts/:id', async (request, reply) => {
    if (!authorised(request.headers.authorization)) return reply.code(401).send({ error: 'invalid api key' });
    const c = checkouts.get(request.params.id);
    if (!c) return reply.code(404).send({ error: 'no such checkout' });
    return publicView(c);
  });

  const checkoutPage = (c: Stored, error?: string) => {
    const head = `<h1>${c.method === 'paypal' ? 'PayPal (Simulation)' : 'Kartenzahlung (Simulation)'}</h1>
<p>${esc(c.description)}<br>Referenz ${esc(c.reference)}</p><p class="amount">${euro(c.amountCents)}</p>`;
    if (c.status !== 'open') return page('Zahlung abgeschlossen', `${head}<p>Diese Zahlung ist abgeschlossen (${esc(c.status)}).</p>`);
    const err = error ? `<p class="error" role="alert">${esc(error)}</p>` : '';
    const form =
      c.method === 'card'
        ? `<label for="card">Kartennummer</label><input id="card" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required>
<p>Testkarten: 4242 4242 4242 4242 (bezahlt), 4000 0000 0000 0002 (abgelehnt)</p>
<button type="submit" name="action" value="pay" id="pay">Jetzt bezahlen</button>`
        : `<p>Angemeldet als kunde@paypal.example</p><button type="submit" name="action" value="pay" id="pay">Zahlung bestätigen</button>`;
    return page(
      'Bezahlen',
      `${head}${err}<form method="post" action="/checkout/${esc(c.id)}">${form}
<button type="submit" name="action" value="cancel" class="secondary" id="cancel" formnovalidate>Abbrechen</button></form>`,
    );
  };

  app.get<{ Params: { id: string } }>('/checkout/:id', async (request, reply) => {
    const c = checkouts.get(request.params.id);
    if (!c) return reply.code(404).type('text/html; charset=utf-8').send(page('Unbekannt', '<p>Diese Zahlung gibt es nicht.</p>'));
    return reply.type('text/html; charset=utf-8').send(checkoutPage(c));
  });

  app.post<{ Params: { id: string }; Body: Record<string, string> }>('/checkout/:id', async (request, reply) => {
    const c = checkouts.get(request.params.id);
    if (!c) return reply.code(404).type('text/html; charset=utf-8').send(page('Unbekannt', '<p>Diese Zahlung gibt es nicht.</p>'));
    if (c.status !== 'open') return reply.redirect(c.returnUrl, 303);
    const body = request.body ?? {};
    let status: CheckoutStatus;
    if (body.action === 'cancel') status = 'canceled';
    else if (c.method === 'paypal') status = 'paid';
    else {
      const card = String(body.cardNumber ?? '').replace(/\s+/g, '');
      if (!/^\d{12,19}$/.test(card) || !luhn(card))
        return reply.code(422).type('text/html; charset=utf-8').send(checkoutPage(c, 'Die Kartennummer ist ungültig.'));
      status = card === TEST_CARD_DECLINED ? 'failed' : 'paid';
    }
    c.status = status;
    if (status === 'paid') c.paidAt = new Date().toISOString();
    await deliver(c);
    return reply.redirect(c.returnUrl, 303);
  });

  await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  baseUrl = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  return {
    url: baseUrl,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await app.close();
    },
    checkout: (id) => {
      const c = checkouts.get(id);
      return c && publicView(c);
    },
    deliveries: (id) => checkouts.get(id)?.delivered ?? 0,
    holdWebhooks: (h) => {
      held = h;
    },
    redeliver: async (id) => {
      const c = checkouts.get(id);
      return c ? deliverOnce(c) : 404;
    },
  };
}
