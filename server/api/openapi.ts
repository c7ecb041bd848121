/** The OpenAPI 3.1 description of the order API, served at /api/docs. */
import { orderInputSchema } from '../orders';

const fieldErrors = {
  type: 'object',
  properties: {
    error: { type: 'string', const: 'VALIDATION_FAILED' },
    message: { type: 'string' },
    errors: { type: 'array', items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Order to contract', version: '1.0.0', description: 'Orders of energy supply contracts: credit check, decision, data post-processing (DNB), contract.' },
  paths: {
    '/api/orders': {
      post: {
        summary: 'Post an order',
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'A retried post with the same key and body returns the same order, and starts its process if a crash interrupted the start; the same key with another body is a 422.' }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderInput' } } } },
        responses: {
          201: { description: 'Order accepted for processing', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreated' } } } },
          200: { description: 'The order posted before with this Idempotency-Key', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreated' } } } },
          202: { description: 'Order stored, its process start is pending (the engine was not reachable); the server starts it, exactly once', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreated' } } } },
          422: { description: 'Idempotency-Key already used with a different body (problem details)' },
          400: { description: 'Field-level validation errors; nothing was stored', content: { 'application/json': { schema: fieldErrors } } },
        },
      },
    },
    '/api/orders/{id}': {
      get: {
        summary: 'Status, score, traffic light, decision and reasons, missing data, contract',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { 200: { description: 'The order' }, 404: { description: 'No such order' } },
      },
    },
    '/api/orders/{id}/data': {
      post: {
        summary: 'Supply missing data (DNB); the process checks the order again. Only fields that are missing; an IBAN needs mandateConsent and the customer is mailed about it',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
          { name: 'token', in: 'query', required: true, schema: { type: 'string' }, description: 'The signed token of the link in the DNB mail' }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: {
          meterNumber: { type: 'string' }, marketLocationId: { type: 'string' }, desiredStartDate: { type: 'string' },
          iban: { type: 'string' }, accountHolder: { type: 'string' }, mandateConsent: { type: 'boolean' },
        } } } } },
        responses: { 202: { description: 'Accepted; message order-data-supplied published' }, 400: { description: 'Invalid data', content: { 'application/json': { schema: fieldErrors } } }, 401: { description: 'No token (problem details)' }, 403: { description: 'Token invalid, for another order or expired (problem details)' }, 409: { description: 'The order is not waiting for data' }, 503: { description: 'The notice about a new bank account could not be sent; nothing was stored' } },
      },
    },
    '/api/documents/{id}': {
      get: { summary: 'Download a stored letter (PDF)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: 'The PDF' }, 404: { description: 'No such document' } } },
    },
  },
  components: {
    schemas: {
      OrderInput: orderInputSchema,
      OrderCreated: { type: 'object', required: ['orderId', 'processInstanceKey'], properties: { orderId: { type: 'string', format: 'uuid' }, processInstanceKey: { type: ['string', 'null'] }, status: { type: 'string' }, startPending: { type: 'boolean' } } },
    },
  },
};
