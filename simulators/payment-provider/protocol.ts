/**
 * The payment provider's wire protocol, as its documentation would state it (shaped like the
 * hosted checkouts of Mollie or Stripe): the product's adapter (server/payment-page/provider.ts) and
 * the simulator both follow it.
 *
 *   POST /v1/checkouts          Authorization: Bearer <api key>; CheckoutRequest → 201 Checkout
 *   GET  /v1/checkouts/{id}     Authorization: Bearer <api key>; → 200 Checkout
 *   GET  /checkout/{id}         the hosted checkout page the customer is sent to
 *
 * When a checkout ends (paid, failed, canceled) the provider POSTs a WebhookEvent to the
 * checkout's webhookUrl with the header `Provider-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<raw body>" under the webhook secret>`, retrying until it gets a 2xx, then sends the
 * customer's browser to the returnUrl.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type CheckoutMethod = 'card' | 'paypal';
export type CheckoutStatus = 'open' | 'paid' | 'failed' | 'canceled';

export interface CheckoutRequest {
  amountCents: number;
  currency: 'EUR';
  method: CheckoutMethod;
  description: string;
  /** The merchant's reference (our account number), shown on the checkout page. */
  reference: string;
  /** Where the customer's browser goes when the checkout ends; `{CHECKOUT_ID}` is replaced by the checkout's id. */
  returnUrl: string;
  webhookUrl: string;
}

export interface Checkout {
  id: string;
  status: CheckoutStatus;
  amountCents: number;
  currency: 'EUR';
  method: CheckoutMethod;
  reference: string;
  checkoutUrl: string;
  /** ISO timestamp, once paid. */
  paidAt: string | null;
}

export interface WebhookEvent {
  type: 'checkout.paid' | 'checkout.failed' | 'checkout.canceled';
  checkout: Checkout;
}

export const SIGNATURE_HEADER = 'provider-signature';

/** A webhook event is refused when its timestamp is older than this (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const mac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');

export function signWebhook(secret: string, body: string, nowMs: number = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${mac(secret, t, body)}`;
}

/** Whether the header signs this raw body under the secret, within the tolerance. */
export function verifyWebhookSignature(secret: string, body: string, header: unknown, nowMs: number = Date.now()): boolean {
  if (typeof header !== 'string') return false;
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(nowMs / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  const given = Buffer.from(m[2], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
