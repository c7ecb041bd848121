/**
 * The product's order API:
 *   POST /api/orders              order in, { orderId, processInstanceKey } out: 201 started, 202 stored with
 *                                 the start pending (server/order-starts.ts); `Idempotency-Key` makes retries
 *                                 safe, and completes a start a crash interrupted; the same key with another
 *                                 body is a 422
 *   GET  /api/orders/{id}         status, score, traffic light, decision and reasons, missing data, contract, documents
 *   GET  /orders/{id}/data        the customer's form of the data post-processing (DNB); signed link
 *   POST /api/orders/{id}/data    the supplied data (only what is missing); correlates message
 *                                 `order-data-supplied` (key = order id); signed token in `?token=`
 *   GET  /orders/{id}/offer       the customer's prepayment offer page; POST …/offer/acceptance accepts it
 *   GET  /orders/{id}/offer/letter  the offer letter (PDF) for the customer
 *   GET  /api/documents/{id}      a stored letter (PDF)
 *   GET  /api/docs                the API reference (Swagger UI); /api/docs/json the OpenAPI document
 * Every error is an RFC 9457 problem (application/problem+json); invalid input is a 400 with the
 * wrong fields in `details` (English `message`, German `messageDe`), and nothing is stored. Customer
 * links carry a signed, expiring token (server/customer-links.ts): without one 401, bad or expired
 * 403, nothing changed. The status of GET /api/orders/{id} is the stored one (the workers set it)
 * with the engine's live view laid over it: an open review task or incident (./order-progress.ts).
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { problem, sendProblem } from '../../engine/rest/problem';
import type { ZeebeClient } from '../zeebe-client';
import { createCustomerLinks, type LinkPurpose } from '../customer-links';
import { createOrderStarts, type OrderStarts } from '../order-starts';
import { findMissingData, fieldLabelsDe, validateOrder, withGerman, type FieldError, type OrderInput } from '../../domain/orders';
import { legacyStatuses, loadOrder, monthlyPrepaymentCents, orderNumber, type OrderRow } from '../../domain/orders';
import { formatEuro } from '../../domain/money';
import { createDocumentStore, createTemplateRenderer, documentFilesDir } from '../../workers/documents';
import { maskIban } from '../../workers/documents/formatting';
import { createMailer, type Mailer } from '../../workers/mail';
import { customerPage, customerPageScript, customerPageStyle, escapeHtml, formField, sendPage } from './customer-pages';
import company from '../../templates/company.json';
import { documentOnly, hiddenSchema, registerApiDocs, routeSchemas } from './openapi';
import { type OrderProgress, type OrderProgressSource } from './order-progress';
import { loadOrderView, orderView } from './order-view';

export interface OrderApiDeps {
  db: Database;
  settings: Pick<
    Settings,
    | 'customerLinkTtlDays'
    | 'smtpHost'
    | 'smtpPort'
    | 'mailFrom'
    | 'orderStartClaimTimeoutSeconds'
    | 'orderStartSweepIntervalSeconds'
    | 'dataDir'
    | 'databaseUrl'
  >;
  /** The SDK client the API starts processes (external engine) and publishes messages with. */
  zbc: () => ZeebeClient;
  /** The outbox of process starts; the composition root shares it with its sweep. */
  orderStarts?: OrderStarts;
  /** For the bank-change mail; defaults to nodemailer on the SMTP settings. */
  mailer?: Mailer;
  processId?: string;
  /** The engine's live view of an order's process (open user task, incident); without it the stored status alone. */
  progress?: OrderProgressSource;
  /** How long GET /api/orders/{id} waits for the engine before it answers with the stored status. */
  progressTimeoutMs?: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pathOf = (request: FastifyRequest) => request.url.split('?')[0];

/** A 400 naming every wrong field (English `message`, German `messageDe`); nothing was stored. */
function badRequest(request: FastifyRequest, reply: FastifyReply, errors: FieldError[], what = 'The order is invalid') {
  const summary = errors.map((e) => `${e.field} ${e.message}`).join('; ');
  return sendProblem(
    reply,
    problem(400, 'INVALID_ARGUMENT', `${what}; nothing was stored: ${summary}`, pathOf(request), withGerman(errors)),
  );
}

function notFound(request: FastifyRequest, reply: FastifyReply, what: string) {
  return sendProblem(
    reply,
    problem(404, 'NOT_FOUND', `No ${what} ${(request.params as { id?: string }).id ?? ''}`.trim(), pathOf(request)),
  );
}

function conflict(request: FastifyRequest, reply: FastifyReply, title: string, detail: string) {
  return sendProblem(reply, problem(409, title, detail, pathOf(request)));
}

/** The data form's flat field names for the order paths validateOrder reports. */
const formFieldOf: Record<string, string> = {
  'meter.meterNumber': 'meterNumber',
  'meter.marketLocationId': 'marketLocationId',
  'payment.iban': 'iban',
  'payment.accountHolder': 'accountHolder',
  'payment.mandateConsent': 'mandateConsent',
  desiredStartDate: 'desiredStartDate',
};

/** Canonical JSON (sorted keys, trimmed strings): the same order sent twice hashes the same. */
function canonical(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.trim());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonical(body)).digest('hex');
}

/** The answer to a POST of an order: 201 with its process, or 202 while the start is pending. */
function intakeAnswer(reply: FastifyReply, orderId: string, processInstanceKey: string | null, created: boolean, status = 'received') {
  if (processInstanceKey === null) return reply.code(202).send({ orderId, processInstanceKey: null, status, startPending: true });
  return reply.code(created ? 201 : 200).send({ orderId, processInstanceKey, status });
}

/** What the customer may send through the data link, and the missing field that opens it. */
const dataFieldOpenedBy: Record<string, string[]> = {
  meterNumber: ['meter.meterNumber'],
  marketLocationId: ['meter.meterNumber'],
  desiredStartDate: ['desiredStartDate'],
  iban: ['payment.iban'],
  accountHolder: ['payment.iban'],
  // A new account needs the mandate anew, so the consent comes with the IBAN too.
  mandateConsent: ['payment.mandateConsent', 'payment.iban'],
};

const isTrue = (v: unknown) => v === true || v === 'true' || v === 'on';
const given = (v: unknown) => v !== undefined && v !== null && v !== '';

export async function registerOrderRoutes(app: FastifyInstance, deps: OrderApiDeps): Promise<void> {
  const { db } = deps;
  const documents = createDocumentStore(db, { directory: documentFilesDir(deps.settings) });
  const links = createCustomerLinks(db, deps.settings);
  const starts = deps.orderStarts ?? createOrderStarts({ db, settings: deps.settings, zbc: deps.zbc, processId: deps.processId });
  const templates = createTemplateRenderer();
  let mailer = deps.mailer;
  const mailerOf = () =>
    (mailer ??= createMailer({ smtpHost: deps.settings.smtpHost, smtpPort: deps.settings.smtpPort, from: deps.settings.mailFrom }));
  app.addHook('onClose', async () => {
    if (!deps.mailer) mailer?.close();
  });

  /** The token of a customer link (query `token`, or `token` in a JSON body); sends the problem when it does not hold. */
  async function checkToken(
    request: FastifyRequest,
    reply: FastifyReply,
    orderId: string,
    purpose: LinkPurpose,
    html: boolean,
  ): Promise<boolean> {
    const token =
      (request.query as Record<string, unknown> | undefined)?.token ?? (request.body as Record<string, unknown> | undefined)?.token;
    const check = await links.verify(token, orderId, purpose);
    if (check.ok) return true;
    const title = check.status === 401 ? 'Zugangsschlüssel fehlt' : 'Link ungültig oder abgelaufen';
    if (html) sendPage(reply, check.status, customerPage(title, `<p>${escapeHtml(check.detail)}</p>`));
    else
      sendProblem(
        reply.header('cache-control', 'no-store'),
        problem(check.status, check.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', check.detail, pathOf(request)),
      );
    return false;
  }

  /** The engine's view of the order's process; the stored status alone if the engine does not answer in time. */
  async function progressOf(request: FastifyRequest, order: OrderRow): Promise<OrderProgress> {
    if (!deps.progress || !order.process_instance_key) return {};
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<OrderProgress>((resolve) => {
      timer = setTimeout(() => resolve({}), deps.progressTimeoutMs ?? 2000);
    });
    try {
      return await Promise.race([
        deps.progress(order.process_instance_key).catch((err) => {
          request.log.warn({ err, orderId: order.id }, 'engine view of the order failed; answering with the stored status');
          return {};
        }),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  await registerApiDocs(app);

  app.get<{ Params: { id: string } }>(
    '/api/documents/:id',
    { schema: routeSchemas.getDocument, ...documentOnly },
    async (request, reply) => {
      if (!uuidPattern.test(request.params.id)) return notFound(request, reply, 'document');
      const doc = await documents.get(request.params.id);
      if (!doc) return notFound(request, reply, 'document');
      return reply
        .type(doc.contentType)
        .header('cache-control', 'no-store')
        .header('content-disposition', `inline; filename="${doc.fileName.replace(/[^\w.\- ]/g, '_')}"`)
        .send(doc.content);
    },
  );

  app.post('/api/orders', { schema: routeSchemas.postOrder, ...documentOnly }, async (request, reply) => {
    const rawKey = request.headers['idempotency-key'];
    const idempotencyKey = typeof rawKey === 'string' && rawKey.trim() ? rawKey.trim() : null;
    if (idempotencyKey && idempotencyKey.length > 200)
      return badRequest(
        request,
        reply,
        [{ field: 'Idempotency-Key', message: 'must be at most 200 characters' }],
        'The Idempotency-Key is invalid',
      );
    const hash = idempotencyKey ? bodyHash(request.body) : null;

    /** A retry: the same body gets the order's answer (and completes a start a crash interrupted). */
    const answerRetry = async (existing: OrderRow) => {
      if (existing.idempotency_body_hash && existing.idempotency_body_hash !== hash) {
        return sendProblem(
          reply,
          problem(
            422,
            'IDEMPOTENCY_KEY_REUSED',
            `Idempotency-Key "${idempotencyKey}" was already used with a different request body (order ${existing.id}); use a new key for a new order.`,
            pathOf(request),
            withGerman([{ field: 'Idempotency-Key', message: 'already used with a different body' }]),
          ),
        );
      }
      const key = existing.process_instance_key ?? (await starts.resume(existing.id));
      return intakeAnswer(reply, existing.id, key, false, existing.status);
    };

    if (idempotencyKey) {
      const existing = (await db('orders').where({ idempotency_key: idempotencyKey }).first()) as OrderRow | undefined;
      if (existing) return answerRetry(existing);
    }
    const v = validateOrder(request.body);
    if (!v.ok) return badRequest(request, reply, v.errors);
    // The order and the claim of its process start in one statement: once stored, it gets started.
    const inserted = await db('orders')
      .insert({
        idempotency_key: idempotencyKey,
        idempotency_body_hash: hash,
        status: 'received',
        payload: JSON.stringify(v.order),
        missing_data: JSON.stringify(v.missingData),
        person_key: v.keys.personKey,
        address_key: v.keys.addressKey,
        meter_number: v.keys.meterNumber ?? null,
        ...starts.claim(),
      })
      .onConflict('idempotency_key')
      .ignore()
      .returning('id');
    if (inserted.length === 0) {
      // A concurrent retry with the same key won the insert.
      return answerRetry((await db('orders').where({ idempotency_key: idempotencyKey }).first()) as OrderRow);
    }
    const orderId = inserted[0].id as string;
    return intakeAnswer(reply, orderId, await starts.startClaimed(orderId), true);
  });

  app.get<{ Params: { id: string } }>('/api/orders/:id', { schema: routeSchemas.getOrder, ...documentOnly }, async (request, reply) => {
    if (!uuidPattern.test(request.params.id)) return notFound(request, reply, 'order');
    const order = await loadOrderView(db, request.params.id);
    if (!order) return notFound(request, reply, 'order');
    return orderView(order, await progressOf(request, order));
  });

  /** DNB: the customer supplies what is missing, nothing else; the process checks again. */
  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/api/orders/:id/data',
    { schema: routeSchemas.postData, ...documentOnly },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!uuidPattern.test(request.params.id)) return notFound(request, reply, 'order');
      if (!(await checkToken(request, reply, request.params.id, 'data', false))) return reply;
      const order = await loadOrder(db, request.params.id).catch(() => undefined);
      if (!order) return notFound(request, reply, 'order');
      if (order.status !== 'awaiting_data')
        return conflict(
          request,
          reply,
          'NOT_AWAITING_DATA',
          `The order is not waiting for data (it is ${legacyStatuses[order.status] ?? order.status}).`,
        );

      const body = { ...((request.body ?? {}) as Record<string, unknown>) };
      delete body.token;
      const missing = new Set(findMissingData(order.payload).map((m) => m.field));
      const errors: FieldError[] = [];
      for (const [field, value] of Object.entries(body)) {
        if (!given(value) || (field === 'mandateConsent' && !isTrue(value) && !missing.has('payment.mandateConsent'))) continue;
        const openedBy = dataFieldOpenedBy[field];
        if (!openedBy) errors.push({ field, message: 'is not a field of this form' });
        else if (!openedBy.some((m) => missing.has(m)))
          errors.push({ field, message: 'is not missing and cannot be changed through this link' });
        else if (typeof value !== 'string' && !(field === 'mandateConsent' && typeof value === 'boolean'))
          errors.push({ field, message: 'must be a string' });
      }
      const bankChange = given(body.iban) && missing.has('payment.iban');
      if (bankChange && !isTrue(body.mandateConsent)) {
        errors.push({
          field: 'mandateConsent',
          message: 'a bank account given here needs the SEPA direct debit mandate (mandateConsent: true)',
        });
      }
      if (errors.length > 0) return badRequest(request, reply, errors, 'The data is invalid');

      const p = order.payload;
      const str = (k: string) => (given(body[k]) ? { [k]: String(body[k]) } : {});
      const merged: OrderInput = {
        ...p,
        meter: { ...p.meter, ...str('meterNumber'), ...str('marketLocationId') },
        ...str('desiredStartDate'),
        payment: {
          ...p.payment,
          ...str('iban'),
          ...str('accountHolder'),
          ...(given(body.mandateConsent) ? { mandateConsent: isTrue(body.mandateConsent) } : {}),
        },
      };
      const v = validateOrder(merged);
      // Named as the form names them (meterNumber, not meter.meterNumber), so each error sits at its input.
      if (!v.ok)
        return badRequest(
          request,
          reply,
          v.errors.map((e) => ({ ...e, field: formFieldOf[e.field] ?? e.field })),
          'The data is invalid',
        );

      if (bankChange) {
        // Never silent: the customer hears of the account at the address of the order, before it counts.
        const iban = v.order.payment.iban!;
        const accountHolder = v.order.payment.accountHolder ?? `${p.customer.firstName} ${p.customer.lastName}`;
        const mail = templates.mail('bank-details-changed', {
          recipient: { name: `${p.customer.firstName} ${p.customer.lastName}` },
          orderNumber: orderNumber(order.id),
          ibanMasked: maskIban(iban),
          accountHolder,
          changedAt: new Date().toISOString().slice(0, 10),
        });
        const mailKey = `order:${order.id}:bank-details:${createHash('sha256').update(iban).digest('hex').slice(0, 16)}`;
        try {
          await mailerOf().sendOnce(db, mailKey, { to: p.customer.email, ...mail });
        } catch (err) {
          request.log.warn({ err }, 'bank-change mail failed');
          return sendProblem(
            reply,
            problem(
              503,
              'Service Unavailable',
              'Die Bestätigung Ihrer Bankverbindung konnte gerade nicht versandt werden; es wurde nichts gespeichert. Bitte versuchen Sie es später erneut.',
              request.url.split('?')[0],
            ),
          );
        }
      }
      // Only if nobody changed the order meanwhile (a second tab, a retry).
      const updated = await db('orders')
        .where({ id: order.id, status: 'awaiting_data' })
        .whereRaw('payload = ?::jsonb', [JSON.stringify(p)])
        .update({
          payload: JSON.stringify(v.order),
          missing_data: JSON.stringify(findMissingData(v.order)),
          meter_number: v.keys.meterNumber ?? null,
          updated_at: db.fn.now(),
        });
      if (updated === 0) return conflict(request, reply, 'CHANGED_MEANWHILE', 'The order changed meanwhile; reload the form.');
      await deps.zbc().publishMessage({
        name: 'order-data-supplied',
        correlationKey: order.id,
        variables: {},
        timeToLive: 60_000,
        messageId: `data:${order.id}:${Date.now()}`,
      });
      return reply.code(202).send({ orderId: order.id, missingData: v.missingData });
    },
  );

  app.get('/orders/customer-page.js', { schema: hiddenSchema }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(customerPageScript),
  );
  app.get('/orders/customer-page.css', { schema: hiddenSchema }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(customerPageStyle),
  );

  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/orders/:id/data', async (request, reply) => {
    if (!uuidPattern.test(request.params.id))
      return sendPage(reply, 404, customerPage('Nicht gefunden', '<p>Diesen Auftrag gibt es nicht.</p>'));
    if (!(await checkToken(request, reply, request.params.id, 'data', true))) return reply;
    const order = await loadOrder(db, request.params.id).catch(() => undefined);
    if (!order) return sendPage(reply, 404, customerPage('Nicht gefunden', '<p>Auftrag nicht gefunden.</p>'));
    return sendPage(reply, 200, dataFormPage(order, request.query.token!));
  });

  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/orders/:id/offer', async (request, reply) => {
    if (!uuidPattern.test(request.params.id))
      return sendPage(reply, 404, customerPage('Nicht gefunden', '<p>Diesen Auftrag gibt es nicht.</p>'));
    if (!(await checkToken(request, reply, request.params.id, 'offer', true))) return reply;
    const order = await loadOrder(db, request.params.id).catch(() => undefined);
    if (!order) return sendPage(reply, 404, customerPage('Nicht gefunden', '<p>Auftrag nicht gefunden.</p>'));
    const letter = await documents.getByKey(`order:${order.id}:prepayment-offer`);
    return sendPage(reply, 200, offerPage(order, request.query.token!, !!letter));
  });

  app.get<{ Params: { id: string }; Querystring: { token?: string } }>('/orders/:id/offer/letter', async (request, reply) => {
    if (!uuidPattern.test(request.params.id))
      return sendPage(reply, 404, customerPage('Nicht gefunden', '<p>Diesen Auftrag gibt es nicht.</p>'));
    if (!(await checkToken(request, reply, request.params.id, 'offer', true))) return reply;
    const doc = await documents.getByKey(`order:${request.params.id}:prepayment-offer`);
    if (!doc) return sendPage(reply, 404, customerPage('Nicht gefunden', '<p>Zu diesem Auftrag gibt es kein Angebotsschreiben.</p>'));
    return reply
      .type(doc.contentType)
      .header('cache-control', 'no-store')
      .header('content-disposition', `inline; filename="${doc.fileName.replace(/[^\w.\- ]/g, '_')}"`)
      .send(doc.content);
  });

  app.post<{ Params: { id: string } }>(
    '/orders/:id/offer/acceptance',
    { schema: routeSchemas.acceptOffer, ...documentOnly },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!uuidPattern.test(request.params.id)) return notFound(request, reply, 'order');
      if (!(await checkToken(request, reply, request.params.id, 'offer', false))) return reply;
      const accepted = await db('orders')
        .where({ id: request.params.id, status: 'prepayment_offered' })
        .whereNull('prepayment_accepted_at')
        .update({ prepayment_accepted_at: db.fn.now(), updated_at: db.fn.now() })
        .returning('prepayment_accepted_at');
      const order = (await db('orders').where({ id: request.params.id }).first('status', 'prepayment_accepted_at')) as
        Pick<OrderRow, 'status' | 'prepayment_accepted_at'> | undefined;
      if (!order) return notFound(request, reply, 'order');
      if (accepted.length === 0 && !order.prepayment_accepted_at) {
        return conflict(
          request,
          reply,
          'NO_OPEN_OFFER',
          `There is no open offer for this order (it is ${legacyStatuses[order.status] ?? order.status}).`,
        );
      }
      return reply.code(200).send({ orderId: request.params.id, prepaymentAcceptedAt: order.prepayment_accepted_at });
    },
  );
}

/** The inputs per missing field of the order. */
const formFields: Record<string, string> = {
  'meter.meterNumber': formField({
    name: 'meterNumber',
    label: fieldLabelsDe.meterNumber,
    required: true,
    autocomplete: 'off',
    hint: 'Sie finden sie auf Ihrem Zähler oder Ihrer letzten Jahresabrechnung, z. B. 1ESY 1160 6425.',
  }),
  desiredStartDate: formField({
    name: 'desiredStartDate',
    label: fieldLabelsDe.desiredStartDate,
    type: 'date',
    required: true,
    hint: 'Frühestens heute; Format TT.MM.JJJJ.',
  }),
  'payment.iban':
    formField({ name: 'iban', label: fieldLabelsDe.iban, required: true, autocomplete: 'off', hint: 'z. B. DE89 3704 0044 0532 0130 00' }) +
    formField({
      name: 'accountHolder',
      label: fieldLabelsDe.accountHolder,
      autocomplete: 'name',
      hint: 'Nur wenn es nicht Ihr eigenes Konto ist.',
    }),
  'payment.mandateConsent': formField({
    name: 'mandateConsent',
    type: 'checkbox',
    required: true,
    label: 'Ich erteile das SEPA-Lastschriftmandat für dieses Konto.',
    missing: 'Bitte erteilen Sie das SEPA-Lastschriftmandat für dieses Konto.',
    hint: `Gläubiger-ID ${company.creditorId}; Sie können binnen acht Wochen die Erstattung verlangen.`,
  }),
};

function dataFormPage(order: OrderRow, token: string): string {
  const missing = findMissingData(order.payload).map((m) => m.field);
  // Giving an IBAN here always comes with the mandate for that account.
  if (missing.includes('payment.iban') && !missing.includes('payment.mandateConsent')) missing.push('payment.mandateConsent');
  const greeting = `<p>Hallo ${escapeHtml(order.payload.customer.firstName)} ${escapeHtml(order.payload.customer.lastName)},</p>`;
  if (order.status !== 'awaiting_data' || missing.length === 0) {
    return customerPage('Fehlende Angaben zu Ihrem Auftrag', `${greeting}<p>Für diesen Auftrag fehlen keine Angaben.</p>`);
  }
  const fields = missing.map((m) => formFields[m] ?? '').join('\n');
  const bankNote = missing.includes('payment.iban')
    ? '<p class="notice">Wir bestätigen Ihnen eine hier angegebene Bankverbindung per E-Mail.</p>'
    : '';
  return customerPage(
    'Fehlende Angaben zu Ihrem Auftrag',
    `${greeting}<p>damit wir Ihren Auftrag ${orderNumber(order.id)} abschließen können, ergänzen Sie bitte:</p>
<div id="errors" class="errors" role="alert" tabindex="-1" hidden></div>
<form id="f" novalidate><p class="hint">Pflichtangaben sind mit <span class="req" aria-hidden="true">*</span><span class="sr-only">Stern</span> markiert.</p>
${fields}${bankNote}<p><button type="submit">Angaben senden</button></p></form><p id="msg" role="status" aria-live="polite"></p>`,
    { action: `/api/orders/${order.id}/data?token=${encodeURIComponent(token)}`, done: 'Vielen Dank, wir prüfen Ihre Angaben.' },
  );
}

function offerPage(order: OrderRow, token: string, hasLetter: boolean): string {
  const o = order.payload;
  const title = 'Ihr Angebot mit Vorauszahlung';
  const greeting = `<p>Hallo ${escapeHtml(o.customer.firstName)} ${escapeHtml(o.customer.lastName)},</p>`;
  if (order.decision !== 'prepayment')
    return customerPage(title, `${greeting}<p>Zu diesem Auftrag liegt kein Angebot mit Vorauszahlung vor.</p>`);
  const a = o.supplyAddress;
  const letter = hasLetter
    ? `<p><a href="/orders/${order.id}/offer/letter?token=${encodeURIComponent(token)}">Angebotsschreiben (PDF)</a></p>`
    : '';
  const facts = `<table>
<tr><td>Auftrag</td><td>${orderNumber(order.id)}</td></tr>
<tr><td>Tarif</td><td>${o.tariff.commodity === 'gas' ? 'Gas' : 'Strom'}tarif ${escapeHtml(o.tariff.code)}</td></tr>
<tr><td>Lieferstelle</td><td>${escapeHtml(`${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}`)}</td></tr>
<tr><td>Monatliche Vorauszahlung</td><td>${formatEuro(monthlyPrepaymentCents(o))}</td></tr>
</table>${letter}`;
  if (order.prepayment_accepted_at) {
    const on = new Date(order.prepayment_accepted_at).toLocaleDateString('de-DE', { timeZone: 'Europe/Berlin' });
    return customerPage(title, `${greeting}${facts}<p>Sie haben das Angebot am ${on} angenommen. Vielen Dank!</p>`);
  }
  if (order.status !== 'prepayment_offered') return customerPage(title, `${greeting}${facts}<p>Dieses Angebot ist nicht mehr offen.</p>`);
  return customerPage(
    title,
    `${greeting}${facts}
<div id="errors" class="errors" role="alert" tabindex="-1" hidden></div>
<form id="f" novalidate>${formField({ name: 'accept', type: 'checkbox', required: true, label: 'Ich nehme das Angebot mit monatlicher Vorauszahlung an.', missing: 'Bitte bestätigen Sie, dass Sie das Angebot annehmen.' })}
<p><button type="submit">Angebot annehmen</button></p></form><p id="msg" role="status" aria-live="polite"></p>`,
    {
      action: `/orders/${order.id}/offer/acceptance?token=${encodeURIComponent(token)}`,
      done: 'Vielen Dank, Sie haben das Angebot angenommen.',
    },
  );
}
