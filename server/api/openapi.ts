/**
 * The order API's reference: JSON schemas of its routes (body, parameters, every response), from
 * which @fastify/swagger generates the OpenAPI 3.1 document, served with Swagger UI at /api/docs
 * and as JSON at /api/docs/json (YAML at /api/docs/yaml).
 *
 * The schemas describe; they do not validate or filter. The order routes validate with
 * validateOrder (domain/orders: the same orderInputSchema plus the business rules), whose
 * field-level messages are the `details` of a 400, and answer with JSON.stringify — so the
 * documented shapes are kept by the handlers and their tests, not by Ajv's coercion or
 * fast-json-stringify's dropping of undeclared fields.
 *
 * Swagger UI runs under the product's Content-Security-Policy unchanged: its page loads only
 * scripts and styles from this origin (no inline script), and `validatorUrl: null` keeps it from
 * fetching a badge from validator.swagger.io.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { orderInputSchema } from '../../domain/orders';
import { orderStatuses } from './order-progress';

export const API_TAG = 'Orders';
export const CUSTOMER_TAG = 'Customer links';
export const ACCOUNTING_TAG = 'Accounting';
export const CARE_TAG = 'Customer care';

const uuid = { type: 'string', format: 'uuid' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });

/** RFC 9457 problem details, as every 4xx and 5xx of the product (and of its /v2 engine API) is sent. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (`application/problem+json`). A 400 lists the wrong fields in `details`.',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string', description: '`about:blank`: the status and title say what happened' },
    title: { type: 'string', description: 'A short code, e.g. INVALID_ARGUMENT, NOT_FOUND, UNAUTHORIZED, NOT_AWAITING_DATA' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    details: {
      type: 'array',
      description: 'Field-level errors (400)',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: { type: 'string', description: 'Path of the field, e.g. `customer.birthDate`' },
          message: { type: 'string', description: 'What is wrong, in English' },
          messageDe: { type: 'string', description: 'The same for a customer, in German' },
        },
      },
    },
    errorId: { type: 'string', description: '500 only: the id under which the error is logged' },
  },
} as const;

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } });

export const orderStatusSchema = {
  $id: 'OrderStatus',
  type: 'string',
  enum: orderStatuses,
  description: [
    'Where the order is:',
    '`received` stored, the process not yet at work;',
    '`checking` duplicate, credit and completeness checks running;',
    '`in_duplicate_review` a case worker checks a possible duplicate (`openTask`);',
    '`in_credit_review` a case worker reviews the credit (yellow traffic light; `openTask`);',
    '`awaiting_data` the customer was asked for missing data (`missingData`);',
    '`contracted` the contract is concluded (`contract`);',
    '`rejected` (`reasons`); `prepayment_offered` an offer with prepayment was sent;',
    '`cancelled` the missing data did not come within 21 days;',
    '`stalled` the process is stuck on an incident (`incident`) until operations resolve it.',
  ].join(' '),
} as const;

export const orderCreatedSchema = {
  $id: 'OrderCreated',
  type: 'object',
  required: ['orderId', 'processInstanceKey', 'status'],
  properties: {
    orderId: uuid,
    processInstanceKey: { type: ['string', 'null'], description: 'null while the process start is pending (202)' },
    status: { $ref: 'OrderStatus#' },
    startPending: { type: 'boolean' },
  },
} as const;

export const orderSchema = {
  $id: 'Order',
  type: 'object',
  required: ['id', 'status', 'processInstanceKey', 'startPending', 'reasons', 'missingData', 'documents', 'createdAt', 'updatedAt'],
  properties: {
    id: uuid,
    status: { $ref: 'OrderStatus#' },
    openTask: {
      type: 'object',
      description: 'The open user task, while a case worker has to decide',
      required: ['name', 'elementId', 'userTaskKey'],
      properties: {
        name: { type: 'string' },
        elementId: { type: 'string', enum: ['review_duplicate', 'credit_review'] },
        userTaskKey: { type: 'string' },
      },
    },
    incident: {
      type: 'object',
      description: 'The open incident, while the order is `stalled`',
      required: ['errorType', 'errorMessage', 'elementId'],
      properties: {
        errorType: { type: 'string', description: 'e.g. JOB_NO_RETRIES' },
        errorMessage: { type: 'string' },
        elementId: { type: 'string', description: 'The BPMN element, e.g. serial_ask in the called credit check' },
        incidentKey: { type: 'string' },
        processInstanceKey: { type: 'string', description: "The instance with the incident: the order's or one it called" },
      },
    },
    processInstanceKey: { type: ['string', 'null'] },
    startPending: { type: 'boolean' },
    score: { type: ['number', 'null'] },
    trafficLight: { type: ['string', 'null'], enum: ['green', 'yellow', 'red', null] },
    decision: { type: ['string', 'null'], enum: ['accept', 'review', 'reject', 'prepayment', null] },
    reasons: { type: 'array', items: { type: 'string' } },
    missingData: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, label: { type: 'string' } } } },
    prepaymentAcceptedAt: nullable(dateTime),
    bureauRequests: { type: 'array', items: { type: 'object', properties: { bureau: { type: 'string' }, outcome: { type: 'string' } } } },
    contract: nullable({
      type: 'object',
      properties: {
        id: uuid,
        contractNumber: { type: 'string' },
        status: { type: 'string' },
        customerNumber: { type: 'string' },
        contractAccountNumber: { type: 'string' },
        paymentMethod: { type: 'string' },
        mandateReference: { type: ['string', 'null'] },
        tariffCode: { type: 'string' },
        startDate: { type: ['string', 'null'] },
      },
    }),
    documents: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: uuid, kind: { type: 'string' }, fileName: { type: 'string' }, size: { type: 'integer' } },
      },
    },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

const idParam = { type: 'object', required: ['id'], properties: { id: uuid } } as const;
const tokenQuery = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', description: "The signed token of the link in the customer's mail" } },
} as const;
/** Public routes: the signed token in the link is the check. */
const noAuth: readonly Record<string, string[]>[] = [];

export const routeSchemas = {
  postOrder: {
    tags: [API_TAG],
    summary: 'Post an order',
    description:
      'Validates the order (structure and business rules) and starts its process. Invalid input is a 400 naming every wrong field; nothing is stored.',
    headers: {
      type: 'object',
      properties: {
        'idempotency-key': {
          type: 'string',
          maxLength: 200,
          description:
            'A retried post with the same key and body returns the same order, and starts its process if a crash interrupted the start; the same key with another body is a 422.',
        },
      },
    },
    body: { $ref: 'OrderInput#' },
    response: {
      201: { description: 'Order accepted, its process started', content: { 'application/json': { schema: { $ref: 'OrderCreated#' } } } },
      200: {
        description: 'The order posted before with this Idempotency-Key',
        content: { 'application/json': { schema: { $ref: 'OrderCreated#' } } },
      },
      202: {
        description: 'Order stored, its process start is pending (engine not reachable); the server starts it, exactly once',
        content: { 'application/json': { schema: { $ref: 'OrderCreated#' } } },
      },
      400: problem('Field-level validation errors in `details`; nothing was stored'),
      401: problem('No or an unknown API key / token'),
      403: problem('The caller lacks the role system'),
      422: problem('Idempotency-Key already used with a different body'),
    },
  },
  getOrder: {
    tags: [API_TAG],
    summary: 'Where an order is',
    description:
      'Status (with the open user task or incident), score, traffic light, decision and reasons, missing data, contract and documents.',
    params: idParam,
    response: {
      200: { description: 'The order', content: { 'application/json': { schema: { $ref: 'Order#' } } } },
      401: problem('No or an unknown API key / token'),
      403: problem('The caller lacks the role system'),
      404: problem('No such order'),
    },
  },
  postData: {
    tags: [CUSTOMER_TAG],
    summary: 'Supply missing data (DNB)',
    security: noAuth,
    description:
      'Only fields that are missing; an IBAN needs mandateConsent and the customer is mailed about it. Correlates the message order-data-supplied; the process checks the order again. Field names in `details` are the ones of this body.',
    params: idParam,
    querystring: tokenQuery,
    body: {
      type: 'object',
      properties: {
        meterNumber: { type: 'string' },
        marketLocationId: { type: 'string' },
        desiredStartDate: { type: 'string', description: 'YYYY-MM-DD' },
        iban: { type: 'string' },
        accountHolder: { type: 'string' },
        mandateConsent: { type: 'boolean' },
      },
    },
    response: {
      202: {
        description: 'Accepted; message order-data-supplied published',
        content: {
          'application/json': {
            schema: { type: 'object', properties: { orderId: uuid, missingData: { type: 'array', items: { type: 'object' } } } },
          },
        },
      },
      400: problem('Invalid data, by field in `details` (with `messageDe`)'),
      401: problem('No token'),
      403: problem('Token invalid, for another order or expired'),
      404: problem('No such order'),
      409: problem('The order is not waiting for data (NOT_AWAITING_DATA), or changed meanwhile (CHANGED_MEANWHILE)'),
      503: problem('The notice about a new bank account could not be sent; nothing was stored'),
    },
  },
  acceptOffer: {
    tags: [CUSTOMER_TAG],
    summary: 'Accept the prepayment offer',
    security: noAuth,
    params: idParam,
    querystring: tokenQuery,
    response: {
      200: {
        description: 'Accepted (also when accepted before)',
        content: { 'application/json': { schema: { type: 'object', properties: { orderId: uuid, prepaymentAcceptedAt: dateTime } } } },
      },
      401: problem('No token'),
      403: problem('Token invalid, for another order or expired'),
      404: problem('No such order'),
      409: problem('No open offer (NO_OPEN_OFFER)'),
    },
  },
  getDocument: {
    tags: [API_TAG],
    summary: 'Download a stored letter (PDF)',
    params: idParam,
    response: {
      200: { description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
      401: problem('No or an unknown API key / token'),
      403: problem('The caller lacks a role that may read documents'),
      404: problem('No such document'),
    },
  },
} satisfies Record<string, FastifySchema & Record<string, unknown>>;

/** The customer's HTML pages: not part of the API reference. */
export const hiddenSchema = { hide: true } as const;

/** Per route: the schemas document only (see above). */
export const documentOnly = {
  validatorCompiler: () => (data: unknown) => ({ value: data }),
  serializerCompiler: () => (data: unknown) => JSON.stringify(data),
};

/**
 * Registers the shared schemas, the OpenAPI generator and Swagger UI. Call before the order routes:
 * the generator collects the routes registered after it; only tagged routes are documented.
 */
export async function registerApiDocs(app: FastifyInstance): Promise<void> {
  app.addSchema(problemSchema);
  app.addSchema(orderStatusSchema);
  app.addSchema(orderCreatedSchema);
  app.addSchema(orderSchema);
  app.addSchema({ ...orderInputSchema });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Order to contract',
        version: '1.0.0',
        description:
          'Orders of energy supply contracts: duplicate and credit check, decision, data post-processing (DNB), contract. ' +
          'Every error is an RFC 9457 problem (`application/problem+json`); a 400 names the wrong fields in `details`.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'The API key of a system client (role system)' },
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key or access token as bearer token' },
        },
      },
      security: [{ apiKey: [] }, { bearer: [] }],
      tags: [
        { name: API_TAG, description: 'For ordering systems (portals, call center); role system' },
        { name: CUSTOMER_TAG, description: 'Called by the customer pages; the signed token of the mailed link authorises' },
        {
          name: ACCOUNTING_TAG,
          description:
            'Tariffs and VAT, meter readings, installments, move-out, bills, account balances, SEPA files, payment runs and bank statements; roles per route in server/auth/rules.ts. A 400 names the wrong fields in `errors` (and `details`).',
        },
        {
          name: CARE_TAG,
          description:
            'Care cases: every change a case worker or a customer asks for (tariff, address, bank account, installment, reading, withdrawal, termination, move, complaint, question on a bill) starts its process; a refused request is a 422 naming the reason, and nothing is changed.',
        },
      ],
    },
    hideUntagged: true,
    // Shared schemas become components.schemas, referenced by their $id.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null, tryItOutEnabled: false },
  });
}
