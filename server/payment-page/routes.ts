/**
 * The payment page every dunning mail links to and every dunning letter prints as a QR code:
 *   GET  /pay?token=…                          the page (HTML): the claim, transfer data with GiroCode, card/PayPal,
 *                                              SEPA mandate, installment plan, contact form
 *   GET  /pay/return?token=…&checkout=…        where the provider sends the customer back; books a paid checkout
 *                                              the webhook has not booked yet (asking the provider)
 *   POST /api/pay/checkouts?token=…            {method} → a hosted checkout of the provider, {checkoutUrl}
 *   POST /api/pay/mandates?token=…             {accountHolder, iban, mandateConsent} → a SEPA mandate; the account pays by direct debit
 *   POST /api/pay/installment-agreements?token=…  {rateCount, firstDueDate} within the limits of DMN payment-plan-limits
 *   POST /api/pay/contact-requests?token=…     {message, contact} → process payment-page-contact (a case worker's task)
 *   POST /api/payment-provider/webhooks        the provider's signed webhook; a paid checkout is booked once
 *
 * No sign-in: the signed, expiring token of the link (./links.ts) names the contract account and is
 * checked by every handler; the account id or number alone opens nothing. Without a token 401,
 * with a bad or expired one 403 (a German page for the HTML routes, problem+json for the API).
 * Every action counts against the client and the account (PAYMENT_PAGE_FREE_ACTIONS, then 429).
 * Bad input is a 400 problem naming the fields (English `message`, German `messageDe`); it changes nothing.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Settings } from '../../config/settings';
import { descriptors } from '../../config/settings';
import type { Database } from '../../db';
import { createInstallmentAgreement } from '../../domain/dunning/agreements';
import { DunningError } from '../../domain/dunning/errors';
import { formatEuro } from '../../domain/money';
import { replaceMandate } from '../../domain/payments/mandates';
import {
  bookProviderPayment,
  loadProviderPayment,
  markProviderPaymentUnpaid,
  paymentPageClaim,
  ProviderPaymentError,
  recordCheckout,
  type Claim,
} from '../../domain/payments/provider-payments';
import { addDays, isValidIsoDate } from '../../domain/shared/dates';
import { todayInGermany } from '../../domain/orders';
import type { EmbeddedEngine } from '../../engine';
import { problem, sendProblem } from '../../engine/rest/problem';
import company from '../../templates/company.json';
import { createTemplateRenderer, defaultTemplatesDir, maskIban, type MandateConfirmationMail } from '../../workers/documents';
import { epcQrDataUrl, epcQrPayload } from '../../workers/documents/giroCode';
import { formatDate } from '../../workers/documents/formatting';
import { createMailer, type Mailer } from '../../workers/mail';
import { startProcess } from '../api/accounting/http';
import { jsonResponse, problemResponse } from '../api/accounting/http';
import { sendPage } from '../api/customer-pages';
import { CUSTOMER_TAG, documentOnly, hiddenSchema } from '../api/openapi';
import { createThrottle } from '../auth/rate-limit';
import type { ZeebeClient } from '../zeebe-client';
import { paymentPageStyle } from './assets';
import { createPaymentLinks, PAYMENT_PAGE_PATH } from './links';
import { allowedRateCounts, messagePage, paymentPage, type PlanLimits } from './page';
import { httpPaymentProvider, PaymentProviderError, type Checkout, type PaymentProvider } from './provider';

export type PaymentPageSettings = Pick<
  Settings,
  | 'paymentLinkTtlDays'
  | 'publicBaseUrl'
  | 'paymentProviderBaseUrl'
  | 'paymentProviderApiKey'
  | 'paymentProviderWebhookSecret'
  | 'paymentPageFreeActions'
  | 'smtpHost'
  | 'smtpPort'
  | 'mailFrom'
  | 'installmentTolerancePercent'
  | 'bankStatementMaxBytes'
>;

export interface PaymentPageDeps {
  db: Database;
  settings: PaymentPageSettings;
  zbc: () => ZeebeClient;
  engine?: EmbeddedEngine;
  /** Today (YYYY-MM-DD) by the engine's clock; Germany's today without one. */
  today?: () => string;
  /** Defaults to the HTTP provider of the settings; none when no webhook secret is set. */
  provider?: PaymentProvider;
  mailer?: Mailer;
}

export const PAYMENT_PLAN_DECISION = 'payment-plan-limits';
export const PAYMENT_RECEIVED_MESSAGE = 'dunning-payment-received';
export const AGREEMENT_MADE_MESSAGE = 'dunning-agreement-made';
const MESSAGE_TTL_MS = 3_600_000;

type FieldError = { field: string; message: string; messageDe: string };

const pathOf = (request: FastifyRequest) => request.url.split('?')[0];
const tokenQuery = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', description: 'The signed token of the payment-page link in the dunning mail or letter' } },
} as const;
const customerProblems = {
  400: problemResponse('Wrong fields in `details` (`field`, `message`, German `messageDe`); nothing changed'),
  401: problemResponse('No token'),
  403: problemResponse('Token invalid or expired'),
  429: problemResponse('Too many actions from this client or for this account; `Retry-After` says when to try again'),
};
const schemaOf = (summary: string, description: string, body: Record<string, unknown>, responses: Record<string, unknown>) => ({
  schema: {
    tags: [CUSTOMER_TAG],
    summary,
    description,
    security: [] as Record<string, string[]>[],
    querystring: tokenQuery,
    body,
    response: { ...responses, ...customerProblems },
  },
  ...documentOnly,
});

const isAlreadyPublished = (err: unknown) => /ALREADY_EXISTS/.test(String((err as Error)?.message ?? err));

export async function registerPaymentPageRoutes(app: FastifyInstance, deps: PaymentPageDeps): Promise<void> {
  const { db, settings } = deps;
  const links = createPaymentLinks(db, settings);
  const today = deps.today ?? (() => todayInGermany());
  const provider =
    deps.provider ??
    (settings.paymentProviderWebhookSecret && settings.paymentProviderBaseUrl
      ? httpPaymentProvider({
          baseUrl: settings.paymentProviderBaseUrl,
          apiKey: settings.paymentProviderApiKey,
          webhookSecret: settings.paymentProviderWebhookSecret,
        })
      : undefined);
  const throttle = createThrottle({ freeFailures: settings.paymentPageFreeActions, maxDelaySeconds: 60, forgetSeconds: 60 });
  const templates = createTemplateRenderer({ dir: defaultTemplatesDir });
  let mailer = deps.mailer;
  const mailerOf = () => (mailer ??= createMailer({ smtpHost: settings.smtpHost, smtpPort: settings.smtpPort, from: settings.mailFrom }));
  app.addHook('onClose', async () => {
    if (!deps.mailer) mailer?.close();
  });

  /** Links and webhooks must reach this server: PUBLIC_BASE_URL, or (left at its default) the origin the request came to. */
  const baseUrlOf = (request: FastifyRequest) =>
    settings.publicBaseUrl && settings.publicBaseUrl !== descriptors.publicBaseUrl.default
      ? settings.publicBaseUrl.replace(/\/$/, '')
      : `${request.protocol}://${request.host}`;

  /** Counts one action of the client (and the account); the seconds to wait when over the budget. */
  function overBudget(request: FastifyRequest, accountId?: string): number {
    const keys = [`ip:${request.ip}`, ...(accountId ? [`account:${accountId}`] : [])];
    const wait = throttle.check(keys);
    if (wait === 0) throttle.fail(keys);
    return wait;
  }

  type Verified = { contractAccountId: string; token: string };
  /** The token of the query; on failure the answer (a German page or a problem) is sent and undefined returned. */
  async function verified(request: FastifyRequest, reply: FastifyReply, html: boolean): Promise<Verified | undefined> {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    const check = await links.verify(token);
    if (check.ok) {
      const wait = html ? 0 : overBudget(request, check.contractAccountId);
      if (wait === 0) return { contractAccountId: check.contractAccountId, token: token as string };
      reply.header('retry-after', String(wait));
      sendProblem(reply, problem(429, 'TOO_MANY_REQUESTS', `Too many actions; try again in ${wait} s.`, pathOf(request)));
      return undefined;
    }
    // A refused link counts against the client, so guessing tokens gets slow.
    const wait = overBudget(request);
    if (wait > 0) reply.header('retry-after', String(wait));
    const status = wait > 0 ? 429 : check.status;
    if (html) {
      const title = check.status === 401 ? 'Zugangsschlüssel fehlt' : 'Link ungültig oder abgelaufen';
      sendPage(reply, status, messagePage(title, check.detail));
    } else
      sendProblem(
        reply,
        problem(
          status,
          status === 429 ? 'TOO_MANY_REQUESTS' : status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN',
          check.detail,
          pathOf(request),
        ),
      );
    return undefined;
  }

  function sendInputError(request: FastifyRequest, reply: FastifyReply, errors: FieldError[]) {
    return sendProblem(
      reply,
      problem(
        400,
        'INVALID_ARGUMENT',
        `The request is invalid; nothing changed: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
        pathOf(request),
        errors,
      ),
    );
  }

  function conflict(request: FastifyRequest, reply: FastifyReply, status: 409 | 503, detail: string, detailDe: string) {
    // `detailDe`: the German sentence the page shows.
    return sendProblem(
      reply,
      Object.assign(problem(status, status === 409 ? 'CONFLICT' : 'UNAVAILABLE', detail, pathOf(request)), { detailDe }),
    );
  }

  async function customerTypeOf(accountId: string): Promise<string> {
    const row = (await db('contract_accounts as a')
      .join('customers as c', 'c.id', 'a.customer_id')
      .where('a.id', accountId)
      .first('c.customer_type')) as { customer_type?: string } | undefined;
    return row?.customer_type ?? 'consumer';
  }

  /** The limits of DMN payment-plan-limits, decided by the engine. */
  async function planLimits(claim: Claim): Promise<PlanLimits> {
    const result = await deps.zbc().evaluateDecision({
      decisionId: PAYMENT_PLAN_DECISION,
      variables: { totalCents: claim.totalCents, customerType: await customerTypeOf(claim.contractAccountId) },
    });
    const out = JSON.parse(result.decisionOutput) as Partial<PlanLimits> | null;
    return {
      maxRates: Number(out?.maxRates ?? 0),
      minRateCents: Number(out?.minRateCents ?? 0),
      maxFirstDueDays: Number(out?.maxFirstDueDays ?? 0),
      reason: String(out?.reason ?? ''),
    };
  }

  async function publish(name: string, accountNumber: string, messageId: string, variables: Record<string, unknown>) {
    try {
      await deps
        .zbc()
        .publishMessage({ name, correlationKey: accountNumber, messageId, timeToLive: MESSAGE_TTL_MS, variables: variables as never });
    } catch (err) {
      if (!isAlreadyPublished(err)) throw err;
    }
  }

  /** Books a checkout the provider reports paid (once), then lets a running dunning reassess. */
  async function settlePaid(checkout: Checkout) {
    const paidOn = today();
    const booked = await bookProviderPayment(db, { providerPaymentId: checkout.id, amountCents: checkout.amountCents, paidOn });
    // Published after every report, booked now or before: a publish lost after the booking is made up by the retry.
    await publish(PAYMENT_RECEIVED_MESSAGE, booked.accountNumber, `provider-payment:${checkout.id}`, {
      providerPaymentId: checkout.id,
      amountCents: checkout.amountCents,
    });
    return booked;
  }

  // ---- Style (the script is the customer pages') -----------------------------------------------------------------------------
  app.get(`${PAYMENT_PAGE_PATH}/page.css`, { schema: hiddenSchema }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(paymentPageStyle),
  );

  // ---- The page ------------------------------------------------------------------------------------
  app.get(PAYMENT_PAGE_PATH, { schema: hiddenSchema }, async (request, reply) => {
    const v = await verified(request, reply, true);
    if (!v) return reply;
    const day = today();
    let claim: Claim;
    try {
      claim = await paymentPageClaim(db, v.contractAccountId, day);
    } catch (err) {
      if (err instanceof ProviderPaymentError)
        return sendPage(reply, 404, messagePage('Nicht gefunden', 'Zu diesem Link gibt es kein Vertragskonto mehr.'));
      throw err;
    }
    let giroCodeDataUrl: string | undefined;
    if (claim.totalCents > 0)
      giroCodeDataUrl = await epcQrDataUrl(
        epcQrPayload({
          name: company.name,
          iban: company.iban,
          bic: company.bic,
          amountCents: claim.totalCents,
          text: `Vertragskonto ${claim.accountNumber}`,
        }),
      );
    let limits: PlanLimits | null = null;
    let limitsUnavailable = false;
    if (claim.totalCents > 0 && !claim.hasActiveAgreement) {
      try {
        limits = await planLimits(claim);
      } catch (err) {
        request.log.warn({ err }, 'payment plan limits could not be decided');
        limitsUnavailable = true;
      }
    }
    return sendPage(
      reply,
      200,
      paymentPage({ claim, token: v.token, today: day, giroCodeDataUrl, providerEnabled: !!provider, limits, limitsUnavailable }),
    );
  });

  app.get<{ Querystring: { token?: string; checkout?: string } }>(
    `${PAYMENT_PAGE_PATH}/return`,
    { schema: hiddenSchema },
    async (request, reply) => {
      const v = await verified(request, reply, true);
      if (!v) return reply;
      const back = { href: `${PAYMENT_PAGE_PATH}?token=${encodeURIComponent(v.token)}`, label: 'Zurück zur Übersicht' };
      const id = String(request.query.checkout ?? '');
      const row = /^[A-Za-z0-9_-]{1,100}$/.test(id) ? await loadProviderPayment(db, id) : undefined;
      // A checkout of another account is as unknown as none.
      if (!row || row.contractAccountId !== v.contractAccountId)
        return sendPage(reply, 404, messagePage('Zahlung nicht gefunden', 'Zu diesem Link gehört keine Zahlung.', back));
      let status = row.status;
      if (status === 'open' && provider) {
        try {
          const checkout = await provider.getCheckout(id);
          if (checkout.status === 'paid') {
            await settlePaid(checkout);
            status = 'paid';
          } else if (checkout.status === 'failed' || checkout.status === 'canceled') {
            await markProviderPaymentUnpaid(db, id, checkout.status);
            status = checkout.status;
          }
        } catch (err) {
          request.log.warn({ err }, 'payment provider status unavailable');
        }
      }
      const amount = formatEuro(row.amountCents);
      if (status === 'paid')
        return sendPage(
          reply,
          200,
          messagePage('Vielen Dank für Ihre Zahlung', `Ihre Zahlung über ${amount} ist bei uns eingegangen und verbucht.`, back),
        );
      if (status === 'failed')
        return sendPage(
          reply,
          200,
          messagePage(
            'Zahlung nicht erfolgt',
            `Die Zahlung über ${amount} wurde abgelehnt. Bitte versuchen Sie es erneut oder wählen Sie einen anderen Weg.`,
            back,
          ),
        );
      if (status === 'canceled')
        return sendPage(
          reply,
          200,
          messagePage('Zahlung abgebrochen', `Sie haben die Zahlung über ${amount} abgebrochen. Es wurde nichts belastet.`, back),
        );
      return sendPage(
        reply,
        200,
        messagePage(
          'Zahlung in Bearbeitung',
          `Ihre Zahlung über ${amount} wird noch bearbeitet. Sie sehen sie in Kürze auf der Übersicht.`,
          back,
        ),
      );
    },
  );

  // ---- Card and PayPal ---------------------------------------------------------------------------
  app.post<{ Body: { method?: unknown } }>(
    '/api/pay/checkouts',
    schemaOf(
      'Pay the claim by card or PayPal',
      'Opens a hosted checkout of the payment provider over the amount due now; the page sends the customer to `checkoutUrl`. The payment is booked when the provider’s signed webhook reports it paid.',
      { type: 'object', required: ['method'], properties: { method: { type: 'string', enum: ['card', 'paypal'] } } },
      {
        201: jsonResponse('The checkout', {
          type: 'object',
          properties: { providerPaymentId: { type: 'string' }, checkoutUrl: { type: 'string' }, amountCents: { type: 'integer' } },
        }),
        409: problemResponse('Nothing is due'),
        503: problemResponse('The payment provider is not configured or does not answer'),
      },
    ),
    async (request, reply) => {
      const v = await verified(request, reply, false);
      if (!v) return reply;
      const method = (request.body as Record<string, unknown> | undefined)?.method;
      if (method !== 'card' && method !== 'paypal')
        return sendInputError(request, reply, [
          { field: 'method', message: 'must be card or paypal', messageDe: 'Bitte wählen Sie Karte oder PayPal.' },
        ]);
      if (!provider) return conflict(request, reply, 503, 'No payment provider is configured', 'Kartenzahlung ist gerade nicht möglich.');
      const claim = await paymentPageClaim(db, v.contractAccountId, today());
      if (claim.totalCents <= 0) return conflict(request, reply, 409, 'Nothing is due', 'Derzeit ist nichts zu zahlen.');
      const base = baseUrlOf(request);
      let checkout: Checkout;
      try {
        checkout = await provider.createCheckout({
          amountCents: claim.totalCents,
          method,
          description: `${company.name}: offene Forderung`,
          reference: claim.accountNumber,
          returnUrl: `${base}${PAYMENT_PAGE_PATH}/return?token=${encodeURIComponent(v.token)}&checkout={CHECKOUT_ID}`,
          webhookUrl: `${base}/api/payment-provider/webhooks`,
        });
      } catch (err) {
        if (!(err instanceof PaymentProviderError)) throw err;
        request.log.warn({ err }, 'payment provider checkout failed');
        return conflict(
          request,
          reply,
          503,
          err.message,
          'Der Zahlungsdienst antwortet gerade nicht. Bitte versuchen Sie es später erneut.',
        );
      }
      await recordCheckout(db, {
        providerPaymentId: checkout.id,
        contractAccountId: v.contractAccountId,
        method,
        amountCents: checkout.amountCents,
        checkoutUrl: checkout.checkoutUrl,
      });
      return reply.code(201).send({ providerPaymentId: checkout.id, checkoutUrl: checkout.checkoutUrl, amountCents: checkout.amountCents });
    },
  );

  // The webhook signs its raw body: this scope keeps the raw text beside the parsed JSON (which the
  // text guard checks like any body) and the handler checks the signature over the raw text.
  const rawBodies = new WeakMap<FastifyRequest, string>();
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 * 1024 }, (request, body, done) => {
      rawBodies.set(request, body as string);
      try {
        done(null, JSON.parse(body as string));
      } catch (err) {
        done(Object.assign(err as Error, { statusCode: 400 }), undefined);
      }
    });
    scope.post(
      '/api/payment-provider/webhooks',
      {
        schema: {
          tags: [CUSTOMER_TAG],
          summary: 'Webhook of the payment provider',
          description:
            'Signed with `Provider-Signature: t=…,v1=HMAC-SHA256("t.body")` under PAYMENT_PROVIDER_WEBHOOK_SECRET. A paid checkout is booked once (the provider’s payment id is the business key) and message `dunning-payment-received` is published (correlation key: the account number).',
          security: [] as Record<string, string[]>[],
          body: { type: 'object' },
          response: {
            204: { description: 'Taken (also a repeated delivery)' },
            401: problemResponse('No or a wrong signature; nothing booked'),
            404: problemResponse('No checkout of ours'),
            422: problemResponse('The reported amount is not the checkout’s; nothing booked'),
          },
        },
        ...documentOnly,
      },
      async (request, reply) => {
        const raw = rawBodies.get(request) ?? '';
        const event = provider?.parseWebhook(raw, request.headers['provider-signature']);
        if (!event) return sendProblem(reply, problem(401, 'UNAUTHORIZED', 'The webhook signature does not hold', pathOf(request)));
        const c = event.checkout;
        try {
          if (event.type === 'checkout.paid') await settlePaid(c);
          else if (!(await loadProviderPayment(db, c.id))) throw new ProviderPaymentError('unknown_payment', `no checkout ${c.id}`);
          else await markProviderPaymentUnpaid(db, c.id, event.type === 'checkout.failed' ? 'failed' : 'canceled');
        } catch (err) {
          if (err instanceof ProviderPaymentError && err.code === 'unknown_payment')
            return sendProblem(reply, problem(404, 'NOT_FOUND', err.message, pathOf(request)));
          if (err instanceof ProviderPaymentError && err.code === 'amount_mismatch') {
            request.log.error({ err }, 'provider webhook amount differs from the checkout');
            return sendProblem(reply, problem(422, 'AMOUNT_MISMATCH', err.message, pathOf(request)));
          }
          throw err;
        }
        return reply.code(204).send();
      },
    );
  });

  // ---- SEPA mandate ------------------------------------------------------------------------------
  app.post<{ Body: Record<string, unknown> }>(
    '/api/pay/mandates',
    schemaOf(
      'Grant a SEPA direct-debit mandate',
      'A new mandate (`M-<account>-<n>`) signed today replaces the active one; the account pays by direct debit, and the next run collects what is due. The customer gets the confirmation with the pre-notification.',
      {
        type: 'object',
        required: ['accountHolder', 'iban', 'mandateConsent'],
        properties: {
          accountHolder: { type: 'string', minLength: 2, maxLength: 70 },
          iban: { type: 'string', maxLength: 64 },
          mandateConsent: { type: 'boolean', const: true },
        },
      },
      {
        201: jsonResponse('The mandate', {
          type: 'object',
          properties: { mandateReference: { type: 'string' }, created: { type: 'boolean' }, ibanMasked: { type: 'string' } },
        }),
      },
    ),
    async (request, reply) => {
      const v = await verified(request, reply, false);
      if (!v) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const errors: FieldError[] = [];
      const holder = typeof body.accountHolder === 'string' ? body.accountHolder.trim() : '';
      if (holder.length < 2 || holder.length > 70)
        errors.push({
          field: 'accountHolder',
          message: 'must have 2 to 70 characters',
          messageDe: 'Bitte geben Sie den Kontoinhaber an (2 bis 70 Zeichen).',
        });
      const iban = typeof body.iban === 'string' ? (electronicFormatIBAN(body.iban) ?? '') : '';
      if (!isValidIBAN(iban))
        errors.push({ field: 'iban', message: 'is not a valid IBAN', messageDe: 'Die IBAN ist ungültig. Bitte prüfen Sie sie.' });
      if (body.mandateConsent !== true)
        errors.push({ field: 'mandateConsent', message: 'must be true', messageDe: 'Bitte bestätigen Sie das Lastschriftmandat.' });
      if (errors.length) return sendInputError(request, reply, errors);
      const day = today();
      const replaced = await replaceMandate(db, {
        contractAccountId: v.contractAccountId,
        iban,
        accountHolder: holder,
        signedDate: day,
        businessKey: `payment-page-mandate:${v.contractAccountId}:${iban}:${day}`,
      });
      const { mandate } = replaced;
      const claim = await paymentPageClaim(db, v.contractAccountId, day);
      const data: MandateConfirmationMail = {
        recipient: { name: claim.customerName },
        accountNumber: claim.accountNumber,
        mandateReference: mandate.reference,
        ibanMasked: maskIban(mandate.iban),
        accountHolder: mandate.accountHolder,
        signedDate: mandate.signedDate,
        nextDebits: claim.items
          .filter((i) => i.status === 'due' || i.status === 'not_due')
          .map((i) => ({ date: i.dueDate && i.dueDate > day ? i.dueDate : day, amountCents: i.openCents, what: i.text })),
      };
      try {
        // The accounting route's key: one confirmation per mandate, however it was granted.
        await mailerOf().sendOnce(db, `mandate:${mandate.id}:confirmation`, {
          to: claim.customerEmail,
          ...templates.mail('mandate-confirmation', data),
        });
      } catch (err) {
        request.log.warn({ err }, 'mandate confirmation mail failed');
      }
      return reply.code(201).send({
        mandateReference: mandate.reference,
        created: replaced.created,
        ibanMasked: maskIban(mandate.iban),
        summaryDe: `Mandatsreferenz ${mandate.reference}, Konto ${maskIban(mandate.iban)}.`,
      });
    },
  );

  // ---- Installment plan ----------------------------------------------------------------------------
  app.post<{ Body: Record<string, unknown> }>(
    '/api/pay/installment-agreements',
    schemaOf(
      'Agree an installment plan',
      'Within the limits of DMN `payment-plan-limits` (rates by amount, smallest rate, latest first due date): the open, undisputed items are replaced by monthly rates, and message `dunning-agreement-made` (variables `agreementId`) lets the dunning wait.',
      {
        type: 'object',
        required: ['rateCount', 'firstDueDate'],
        properties: { rateCount: { type: 'integer', minimum: 2 }, firstDueDate: { type: 'string', format: 'date' } },
      },
      {
        201: jsonResponse('The agreement', {
          type: 'object',
          properties: {
            agreementId: { type: 'string' },
            totalCents: { type: 'integer' },
            rates: {
              type: 'array',
              items: { type: 'object', properties: { dueDate: { type: 'string' }, amountCents: { type: 'integer' } } },
            },
          },
        }),
        409: problemResponse('An agreement exists already'),
        503: problemResponse('The limits could not be decided (engine unavailable)'),
      },
    ),
    async (request, reply) => {
      const v = await verified(request, reply, false);
      if (!v) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const day = today();
      const claim = await paymentPageClaim(db, v.contractAccountId, day);
      if (claim.hasActiveAgreement)
        return conflict(
          request,
          reply,
          409,
          'An installment agreement exists already',
          'Für Ihr Konto besteht bereits eine Ratenvereinbarung.',
        );
      let limits: PlanLimits;
      try {
        limits = await planLimits(claim);
      } catch (err) {
        request.log.warn({ err }, 'payment plan limits could not be decided');
        return conflict(
          request,
          reply,
          503,
          'The limits could not be decided',
          'Eine Ratenzahlung ist gerade nicht möglich. Bitte versuchen Sie es später.',
        );
      }
      const counts = allowedRateCounts(claim.totalCents, limits);
      const errors: FieldError[] = [];
      const rateCount = body.rateCount;
      if (counts.length === 0)
        errors.push({
          field: 'rateCount',
          message: 'no installment plan for this amount',
          messageDe: limits.reason || 'Für diesen Betrag ist keine Ratenzahlung möglich.',
        });
      else if (typeof rateCount !== 'number' || !counts.includes(rateCount))
        errors.push({
          field: 'rateCount',
          message: `must be one of ${counts.join(', ')}`,
          messageDe: `Bitte wählen Sie ${counts[0]} bis ${counts[counts.length - 1]} Raten.`,
        });
      const first = body.firstDueDate;
      const latest = addDays(day, limits.maxFirstDueDays);
      if (!isValidIsoDate(first) || first <= day || first > latest)
        errors.push({
          field: 'firstDueDate',
          message: `must be a date after ${day} and not after ${latest}`,
          messageDe: `Die erste Rate muss zwischen dem ${formatDate(addDays(day, 1))} und dem ${formatDate(latest)} fällig sein.`,
        });
      if (errors.length) return sendInputError(request, reply, errors);
      let agreement;
      try {
        agreement = await createInstallmentAgreement(db, {
          contractAccountId: v.contractAccountId,
          rateCount: rateCount as number,
          firstDueDate: first as string,
          origin: 'payment_page',
          today: day,
        });
      } catch (err) {
        if (err instanceof DunningError && err.code === 'invalid')
          return sendInputError(request, reply, [
            { field: err.field ?? 'rateCount', message: err.message, messageDe: 'Diese Ratenzahlung ist nicht möglich.' },
          ]);
        if (err instanceof DunningError && err.code === 'conflict')
          return conflict(request, reply, 409, err.message, 'Für Ihr Konto besteht bereits eine Ratenvereinbarung.');
        throw err;
      }
      await publish(AGREEMENT_MADE_MESSAGE, claim.accountNumber, `agreement-made:${agreement.agreementId}`, {
        agreementId: agreement.agreementId,
      });
      const summaryDe = agreement.rates
        .map((r, i) => `${i + 1}. Rate am ${formatDate(r.dueDate)}: ${formatEuro(r.amountCents)}`)
        .join('; ');
      return reply.code(201).send({ ...agreement, summaryDe });
    },
  );

  // ---- Contact -------------------------------------------------------------------------------------
  app.post<{ Body: Record<string, unknown> }>(
    '/api/pay/contact-requests',
    schemaOf(
      'Write to customer service',
      'Starts process `payment-page-contact`: a case worker answers in the task list.',
      {
        type: 'object',
        required: ['message', 'contact'],
        properties: {
          message: { type: 'string', minLength: 1, maxLength: 2000 },
          contact: { type: 'string', minLength: 3, maxLength: 200 },
        },
      },
      { 202: jsonResponse('Received', { type: 'object', properties: { received: { type: 'boolean' } } }) },
    ),
    async (request, reply) => {
      const v = await verified(request, reply, false);
      if (!v) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const message = typeof body.message === 'string' ? body.message.trim() : '';
      const contact = typeof body.contact === 'string' ? body.contact.trim() : '';
      const errors: FieldError[] = [];
      if (message.length < 1 || message.length > 2000)
        errors.push({
          field: 'message',
          message: 'must have 1 to 2000 characters',
          messageDe: 'Bitte schreiben Sie uns Ihre Nachricht (höchstens 2000 Zeichen).',
        });
      if (contact.length < 3 || contact.length > 200)
        errors.push({
          field: 'contact',
          message: 'must have 3 to 200 characters',
          messageDe: 'Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer an.',
        });
      if (errors.length) return sendInputError(request, reply, errors);
      const claim = await paymentPageClaim(db, v.contractAccountId, today());
      await startProcess({ db, settings, zbc: deps.zbc, engine: deps.engine }, 'payment-page-contact', {
        contactId: randomUUID(),
        contractAccountId: v.contractAccountId,
        accountNumber: claim.accountNumber,
        message,
        contact,
      });
      return reply.code(202).send({ received: true });
    },
  );
}
