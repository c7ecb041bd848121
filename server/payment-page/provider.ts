/**
 * The payment page's port to a payment provider (card, PayPal through a hosted checkout), and its
 * one implementation over HTTP (simulators/payment-provider/protocol.ts is the provider's protocol;
 * the simulator speaks it in development). Another provider is another implementation.
 */
import { verifyWebhookSignature, type Checkout, type CheckoutMethod, type WebhookEvent } from '../../simulators/payment-provider/protocol';

export type { Checkout, CheckoutMethod, WebhookEvent };

export interface CheckoutInput {
  amountCents: number;
  method: CheckoutMethod;
  description: string;
  reference: string;
  /** May contain `{CHECKOUT_ID}`. */
  returnUrl: string;
  webhookUrl: string;
}

export interface PaymentProvider {
  createCheckout(input: CheckoutInput): Promise<Checkout>;
  getCheckout(id: string): Promise<Checkout>;
  /** The event of a webhook whose signature holds; null for anything else. */
  parseWebhook(rawBody: string, signatureHeader: unknown): WebhookEvent | null;
}

/** The provider did not answer, or not as its protocol says. */
export class PaymentProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

export interface HttpPaymentProviderOptions {
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
  timeoutMs?: number;
}

function isCheckout(v: unknown): v is Checkout {
  const c = v as Checkout;
  return (
    !!c &&
    typeof c.id === 'string' &&
    /^[A-Za-z0-9_-]{1,100}$/.test(c.id) &&
    ['open', 'paid', 'failed', 'canceled'].includes(c.status) &&
    Number.isSafeInteger(c.amountCents) &&
    typeof c.checkoutUrl === 'string'
  );
}

export function httpPaymentProvider(opts: HttpPaymentProviderOptions): PaymentProvider {
  const base = opts.baseUrl.replace(/\/$/, '');
  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Checkout> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.apiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new PaymentProviderError(`payment provider unreachable: ${(err as Error).message}`);
    }
    const out = (await res.json().catch(() => undefined)) as unknown;
    if (!res.ok || !isCheckout(out)) throw new PaymentProviderError(`payment provider answered ${res.status} to ${method} ${path}`);
    return out;
  }
  return {
    createCheckout: (input) => call('POST', '/v1/checkouts', { ...input, currency: 'EUR' }),
    getCheckout: (id) => call('GET', `/v1/checkouts/${encodeURIComponent(id)}`),
    parseWebhook(rawBody, signatureHeader) {
      if (!opts.webhookSecret || !verifyWebhookSignature(opts.webhookSecret, rawBody, signatureHeader)) return null;
      let event: WebhookEvent;
      try {
        event = JSON.parse(rawBody) as WebhookEvent;
      } catch {
        return null;
      }
      if (!['checkout.paid', 'checkout.failed', 'checkout.canceled'].includes(event?.type) || !isCheckout(event.checkout)) return null;
      return event;
    },
  };
}
