/**
 * The product's order API:
 *   POST /api/orders              order in, { orderId, processInstanceKey } out; `Idempotency-Key` makes retries safe
 *   GET  /api/orders/{id}         status, score, traffic light, decision and reasons, missing data, contract, documents
 *   GET  /orders/{id}/data        the small form page of the data post-processing (DNB)
 *   POST /api/orders/{id}/data    the supplied data; correlates message `order-data-supplied` (key = order id)
 *   GET  /api/documents/{id}      a stored letter (PDF);  GET /api/docs  the OpenAPI document
 * Invalid input is a 400 with field-level errors, and nothing is stored.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db';
import type { ZeebeClient } from '../zeebe-client';
import { findMissingData, validateOrder, type FieldError, type OrderInput } from '../orders';
import { loadOrder, updateOrder, type OrderRow } from '../../workers/order-to-contract/orders';
import { createDocumentStore } from '../../workers/documents';
import { openApiDocument } from './openapi';

export interface OrderApiDeps {
  db: Database;
  /** The SDK client the API starts processes and publishes messages with. */
  zbc: () => ZeebeClient;
  processId?: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function badRequest(reply: FastifyReply, errors: FieldError[]) {
  return reply.code(400).send({ error: 'VALIDATION_FAILED', message: 'The order is invalid; nothing was stored.', errors });
}

async function orderView(db: Database, order: OrderRow) {
  const contract = await db('contracts').where({ order_id: order.id }).first();
  let contractView: Record<string, unknown> | null = null;
  if (contract) {
    const customer = await db('customers').where({ id: contract.customer_id }).first('customer_number');
    const account = await db('contract_accounts').where({ id: contract.contract_account_id }).first('account_number', 'payment_method');
    const mandate = await db('sepa_mandates').where({ contract_account_id: contract.contract_account_id }).first('mandate_reference');
    contractView = {
      id: contract.id, contractNumber: contract.contract_number, status: contract.status, customerNumber: customer?.customer_number,
      contractAccountNumber: account?.account_number, paymentMethod: account?.payment_method, mandateReference: mandate?.mandate_reference ?? null,
      tariffCode: contract.tariff_code, startDate: contract.start_date,
    };
  }
  const documents = await db('documents').where({ order_id: order.id }).select('id', 'kind', 'file_name', 'size');
  const bureaus = await db('bureau_requests').where({ order_id: order.id }).orderBy('created_at').select('bureau', 'outcome');
  return {
    id: order.id,
    status: order.status,
    processInstanceKey: order.process_instance_key,
    score: order.score,
    trafficLight: order.traffic_light,
    decision: order.decision,
    reasons: order.reasons,
    missingData: order.missing_data,
    bureauRequests: bureaus,
    contract: contractView,
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, fileName: d.file_name, size: d.size })),
    createdAt: order.created_at,
    updatedAt: order.updated_at,
  };
}

export async function registerOrderRoutes(app: FastifyInstance, deps: OrderApiDeps): Promise<void> {
  const { db } = deps;
  const processId = deps.processId ?? 'order-to-contract';
  const documents = createDocumentStore(db);

  app.get('/api/docs', async () => openApiDocument);

  app.get<{ Params: { id: string } }>('/api/documents/:id', async (request, reply) => {
    if (!uuidPattern.test(request.params.id)) return reply.code(404).send({ error: 'NOT_FOUND' });
    const doc = await documents.get(request.params.id);
    if (!doc) return reply.code(404).send({ error: 'NOT_FOUND' });
    return reply.type(doc.contentType).header('content-disposition', `inline; filename="${doc.fileName.replace(/[^\w.\- ]/g, '_')}"`).send(doc.content);
  });

  app.post('/api/orders', async (request, reply) => {
    const rawKey = request.headers['idempotency-key'];
    const idempotencyKey = typeof rawKey === 'string' && rawKey.trim() ? rawKey.trim() : null;
    if (idempotencyKey && idempotencyKey.length > 200) return badRequest(reply, [{ field: 'Idempotency-Key', message: 'must be at most 200 characters' }]);
    if (idempotencyKey) {
      const existing = (await db('orders').where({ idempotency_key: idempotencyKey }).first()) as OrderRow | undefined;
      if (existing) return reply.code(200).send({ orderId: existing.id, processInstanceKey: existing.process_instance_key, status: existing.status });
    }
    const v = validateOrder(request.body);
    if (!v.ok) return badRequest(reply, v.errors);
    const inserted = await db('orders').insert({
      idempotency_key: idempotencyKey, status: 'received', payload: JSON.stringify(v.order), missing_data: JSON.stringify(v.missingData),
      person_key: v.keys.personKey, address_key: v.keys.addressKey, meter_number: v.keys.meterNumber ?? null,
    }).onConflict('idempotency_key').ignore().returning('id');
    if (inserted.length === 0) {
      // A concurrent retry with the same key won the insert.
      const existing = (await db('orders').where({ idempotency_key: idempotencyKey }).first()) as OrderRow;
      return reply.code(200).send({ orderId: existing.id, processInstanceKey: existing.process_instance_key, status: existing.status });
    }
    const orderId = inserted[0].id as string;
    const instance = await deps.zbc().createProcessInstance({
      bpmnProcessId: processId,
      variables: { orderId, commodity: v.order.tariff.commodity, paymentMethod: v.order.payment.method },
    });
    await db('orders').where({ id: orderId }).update({ process_instance_key: String(instance.processInstanceKey) });
    return reply.code(201).send({ orderId, processInstanceKey: String(instance.processInstanceKey), status: 'received' });
  });

  app.get<{ Params: { id: string } }>('/api/orders/:id', async (request, reply) => {
    if (!uuidPattern.test(request.params.id)) return reply.code(404).send({ error: 'NOT_FOUND', message: `no order ${request.params.id}` });
    const order = (await db('orders').where({ id: request.params.id }).first()) as OrderRow | undefined;
    if (!order) return reply.code(404).send({ error: 'NOT_FOUND', message: `no order ${request.params.id}` });
    return orderView(db, order);
  });

  /** DNB: the customer supplies the missing data; the process checks again. */
  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>('/api/orders/:id/data', async (request, reply) => {
    if (!uuidPattern.test(request.params.id)) return reply.code(404).send({ error: 'NOT_FOUND' });
    const order = await loadOrder(db, request.params.id).catch(() => undefined);
    if (!order) return reply.code(404).send({ error: 'NOT_FOUND' });
    if (order.status !== 'awaiting_data') return reply.code(409).send({ error: 'NOT_AWAITING_DATA', message: `order is ${order.status}` });
    const body = (request.body ?? {}) as { meterNumber?: string; marketLocationId?: string; desiredStartDate?: string; iban?: string; accountHolder?: string; mandateConsent?: boolean };
    const p = order.payload;
    const merged: OrderInput = {
      ...p,
      meter: { ...p.meter, ...(body.meterNumber ? { meterNumber: body.meterNumber } : {}), ...(body.marketLocationId ? { marketLocationId: body.marketLocationId } : {}) },
      ...(body.desiredStartDate ? { desiredStartDate: body.desiredStartDate } : {}),
      payment: {
        ...p.payment, ...(body.iban ? { iban: body.iban } : {}), ...(body.accountHolder ? { accountHolder: body.accountHolder } : {}),
        ...(body.mandateConsent !== undefined ? { mandateConsent: body.mandateConsent === true || String(body.mandateConsent) === 'true' } : {}),
      },
    };
    const v = validateOrder(merged);
    if (!v.ok) return badRequest(reply, v.errors);
    await updateOrder(db, order.id, { payload: v.order, missing_data: findMissingData(v.order), meter_number: v.keys.meterNumber ?? null });
    await deps.zbc().publishMessage({ name: 'order-data-supplied', correlationKey: order.id, variables: {}, timeToLive: 60_000, messageId: `data:${order.id}:${Date.now()}` });
    return reply.code(202).send({ orderId: order.id, missingData: v.missingData });
  });

  app.get<{ Params: { id: string } }>('/orders/:id/data', async (request, reply) => {
    if (!uuidPattern.test(request.params.id)) return reply.code(404).send('Nicht gefunden');
    const order = await loadOrder(db, request.params.id).catch(() => undefined);
    if (!order) return reply.code(404).type('text/plain').send('Auftrag nicht gefunden');
    return reply.type('text/html; charset=utf-8').send(dataFormPage(order));
  });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const formFields: Record<string, string> = {
  'meter.meterNumber': '<label>Zählernummer <input name="meterNumber" required></label>',
  desiredStartDate: '<label>Gewünschter Lieferbeginn <input type="date" name="desiredStartDate" required></label>',
  'payment.iban': '<label>IBAN <input name="iban" required></label>',
  'payment.mandateConsent': '<label><input type="checkbox" name="mandateConsent" value="true" required> Ich erteile das SEPA-Lastschriftmandat.</label>',
};

function dataFormPage(order: OrderRow): string {
  const missing = findMissingData(order.payload);
  const fields = missing.map((m) => `<p>${formFields[m.field] ?? escape(m.label)}</p>`).join('\n');
  const body = order.status !== 'awaiting_data' || missing.length === 0
    ? '<p>Für diesen Auftrag fehlen keine Angaben.</p>'
    : `<form id="f">${fields}<p><button type="submit">Absenden</button></p></form><p id="msg"></p>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = Object.fromEntries(new FormData(e.target).entries());
  if ('mandateConsent' in data) data.mandateConsent = true;
  const res = await fetch('/api/orders/${order.id}/data', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
  const out = await res.json();
  document.getElementById('msg').textContent = res.ok ? 'Vielen Dank, wir prüfen Ihre Angaben.' : (out.errors || []).map((x) => x.field + ': ' + x.message).join('; ');
});
</script>`;
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Fehlende Angaben</title></head>
<body><h1>Fehlende Angaben zu Ihrem Auftrag</h1><p>Hallo ${escape(order.payload.customer.firstName)} ${escape(order.payload.customer.lastName)},
bitte ergänzen Sie:</p>${body}</body></html>`;
}
