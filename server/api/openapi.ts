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
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 }, description: 'A retried post with the same key returns the same order.' }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderInput' } } } },
        responses: {
          201: { description: 'Order accepted for processing', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreated' } } } },
          200: { description: 'The order posted before with this Idempotency-Key', content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderCreated' } } } },
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
        summary: 'Supply missing data (DNB); the process checks the order again',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: {
          meterNumber: { type: 'string' }, marketLocationId: { type: 'string' }, desiredStartDate: { type: 'string' },
          iban: { type: 'string' }, accountHolder: { type: 'string' }, mandateConsent: { type: 'boolean' },
        } } } } },
        responses: { 202: { description: 'Accepted; message order-data-supplied published' }, 400: { description: 'Invalid data', content: { 'application/json': { schema: fieldErrors } } }, 409: { description: 'The order is not waiting for data' } },
      },
    },
    '/api/documents/{id}': {
      get: { summary: 'Download a stored letter (PDF)', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }], responses: { 200: { description: 'The PDF' }, 404: { description: 'No such document' } } },
    },
  },
  components: {
    schemas: {
      OrderInput: orderInputSchema,
      OrderCreated: { type: 'object', required: ['orderId', 'processInstanceKey'], properties: { orderId: { type: 'string', format: 'uuid' }, processInstanceKey: { type: 'string' }, status: { type: 'string' } } },
    },
  },
};
