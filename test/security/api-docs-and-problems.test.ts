/**
 * The API reference at /api/docs (Swagger UI under the product's CSP, the OpenAPI document at
 * /api/docs/json), and one error shape: every 4xx of the product's API is an RFC 9457 problem.
 */
import type { System } from '../../server/system';
import { orderStatuses } from '../../server/api/order-progress';
import { routeTable } from '../../server/routes';
import { SYSTEM_API_KEY } from '../auth';
import { startSecuritySystem } from './system';

jest.setTimeout(60_000);

let system: System;
beforeAll(async () => {
  system = await startSecuritySystem();
});
afterAll(async () => {
  await system?.stop();
});

type Json = Record<string, any>;

/** Every `$ref` of the document, as a JSON pointer into it. */
function refsOf(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsOf(v, out);
    }
  }
  return out;
}

function resolve(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<any>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], doc);
}

describe('API reference', () => {
  it('serves Swagger UI at /api/docs without a sign-in, its assets within the CSP', async () => {
    const page = await fetch(`${system.httpUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    // No inline script: every script comes from this origin, which the CSP allows.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/api\/docs\/static\//);
      expect(body.trim()).toBe('');
    }
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    for (const [, attrs] of scripts) {
      const src = /src="([^"]+)"/.exec(attrs)![1];
      const asset = await fetch(`${system.httpUrl}${src}`);
      expect([src, asset.status]).toEqual([src, 200]);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
    const initializer = await (await fetch(`${system.httpUrl}/api/docs/static/swagger-initializer.js`)).text();
    expect(initializer).toContain('validatorUrl');
  });

  it('serves the OpenAPI 3.1 document at /api/docs/json: security schemes, every order response, the status enum', async () => {
    const res = await fetch(`${system.httpUrl}/api/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Json;
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    expect(doc.components.securitySchemes).toEqual({
      apiKey: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(doc.security).toEqual([{ apiKey: [] }, { bearer: [] }]);

    // Only the order and accounting APIs, not the engine's /v2 or the apps' internal routes.
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/accounts/{accountNumber}/balance',
      '/api/accounts/{accountNumber}/dunning',
      '/api/accounts/{accountNumber}/dunning-blocks',
      '/api/accounts/{accountNumber}/insolvency',
      '/api/accounts/{accountNumber}/installment-agreements',
      '/api/accounts/{accountNumber}/mandates',
      '/api/attachments',
      '/api/attachments/{id}',
      '/api/bank-statements',
      '/api/bank-statements/{id}',
      '/api/base-rates',
      '/api/bills/{id}',
      '/api/bills/{id}/cancellation',
      '/api/bills/{id}/correction',
      '/api/bills/{id}/pdf',
      '/api/bureau-report-runs',
      '/api/bureau-reports',
      '/api/bureau-reports/deliveries',
      '/api/bureau-reports/deliveries/{id}',
      '/api/care-cases/{id}',
      '/api/care-kinds',
      '/api/care/customers',
      '/api/care/customers/{customerNumber}',
      '/api/collection-cases/{caseNumber}',
      '/api/collection-cases/{caseNumber}/agency-export',
      '/api/collection-cases/{caseNumber}/court-application',
      '/api/collection-cases/{caseNumber}/court-events',
      '/api/collection-cases/{caseNumber}/insolvency-quota',
      '/api/collection-cases/{caseNumber}/write-off',
      '/api/contracts/{id}/bills',
      '/api/contracts/{id}/installment-plan',
      '/api/contracts/{id}/move-out',
      '/api/contracts/{id}/readings',
      '/api/customers/{customerNumber}/care-cases',
      '/api/documents/{id}',
      '/api/dunning-runs',
      '/api/dunning-runs/{id}',
      '/api/dunning-runs/{id}/proposals',
      '/api/dunning/strategy',
      '/api/forecast',
      '/api/forecast.csv',
      '/api/forecast/cost-bases',
      '/api/mobile/claims',
      '/api/mobile/claims/{id}',
      '/api/mobile/claims/{id}/payment',
      '/api/mobile/credit-checks',
      '/api/mobile/credit-checks/{id}',
      '/api/orders',
      '/api/orders/{id}',
      '/api/orders/{id}/data',
      '/api/pay/checkouts',
      '/api/pay/contact-requests',
      '/api/pay/installment-agreements',
      '/api/pay/mandates',
      '/api/payment-files',
      '/api/payment-files/{id}',
      '/api/payment-files/{id}/xml',
      '/api/payment-provider/webhooks',
      '/api/payment-runs',
      '/api/portal/attachments',
      '/api/portal/bills/{id}/pdf',
      '/api/portal/care-cases',
      '/api/portal/care-kinds',
      '/api/portal/overview',
      '/api/portal/session',
      '/api/portal/sign-in',
      '/api/propensity-model',
      '/api/propensity-model/training',
      '/api/tariffs',
      '/api/tariffs/{code}',
      '/api/tariffs/{code}/versions',
      '/api/vat-rates',
      '/orders/{id}/offer/acceptance',
    ]);
    // Every $ref resolves inside the document.
    const dangling = refsOf(doc).filter((ref) => resolve(doc, ref) === undefined);
    expect(dangling).toEqual([]);

    // Every operation: responses with descriptions, errors as problem+json; path parameters declared.
    for (const [path, item] of Object.entries<Json>(doc.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        expect(Object.keys(op.responses).length).toBeGreaterThan(1);
        for (const [code, response] of Object.entries<Json>(op.responses)) {
          expect([path, method, code, typeof response.description]).toEqual([path, method, code, 'string']);
          if (Number(code) >= 400) expect(Object.keys(response.content)).toEqual(['application/problem+json']);
        }
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
          expect(op.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name, in: 'path', required: true })]));
        }
      }
    }
    const post = doc.paths['/api/orders'].post;
    expect(Object.keys(post.responses).sort()).toEqual(['200', '201', '202', '400', '401', '403', '422']);
    expect(resolve(doc, post.requestBody.content['application/json'].schema.$ref)).toEqual(
      expect.objectContaining({ required: expect.arrayContaining(['customer', 'tariff']) }),
    );
    const get = doc.paths['/api/orders/{id}'].get;
    expect(Object.keys(get.responses).sort()).toEqual(['200', '401', '403', '404']);
    const order = resolve(doc, get.responses['200'].content['application/json'].schema.$ref) as Json;
    expect(Object.keys(order.properties)).toEqual(expect.arrayContaining(['status', 'openTask', 'incident', 'contract']));
    const status = resolve(doc, order.properties.status.$ref) as Json;
    expect(status.enum).toEqual([...orderStatuses]);
    expect(status.enum).toEqual(expect.arrayContaining(['in_duplicate_review', 'in_credit_review', 'stalled']));
    // The customer's token-signed calls need no API key.
    expect(doc.paths['/api/orders/{id}/data'].post.security).toEqual([]);
    const problem = resolve(doc, post.responses['400'].content['application/problem+json'].schema.$ref) as Json;
    expect(problem.properties.details.items.properties).toEqual(
      expect.objectContaining({ field: expect.any(Object), message: expect.any(Object) }),
    );
  });
});

describe('one error shape', () => {
  const isProblem = (res: Response, body: Json) =>
    /^application\/problem\+json/.test(res.headers.get('content-type') ?? '') &&
    typeof body.title === 'string' &&
    body.status === res.status &&
    typeof body.detail === 'string' &&
    typeof body.instance === 'string' &&
    !('error' in body) &&
    !('errors' in body);

  it('answers every 4xx of the product API as problem+json', async () => {
    const routes = routeTable(system.http)
      .filter((r) => /^\/(api\/(?!docs)|orders\/:id\/offer\/acceptance)/.test(r.url) && !['OPTIONS', 'HEAD'].includes(r.method))
      .map((r) => ({ ...r, path: r.url.replace(/:\w+/g, 'not-a-uuid').replace(/\*/g, 'x') }));
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/orders', 'GET /api/orders/:id', 'POST /api/orders/:id/data']),
    );
    const wrong: string[] = [];
    let seen = 0;
    for (const route of routes) {
      for (const headers of [{}, { 'x-api-key': SYSTEM_API_KEY }] as Record<string, string>[]) {
        const hasBody = !['GET', 'DELETE'].includes(route.method);
        for (const body of hasBody ? ['{}', '{"customer":1}', '{'] : [undefined]) {
          const res = await fetch(`${system.httpUrl}${route.path}`, {
            method: route.method,
            headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
            body,
            redirect: 'manual',
          });
          if (res.status < 400 || res.status >= 500) {
            await res.body?.cancel();
            continue;
          }
          seen += 1;
          const text = await res.text();
          let json: Json = {};
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON: wrong */
          }
          if (!isProblem(res, json))
            wrong.push(
              `${route.method} ${route.path} ${JSON.stringify(headers)} → ${res.status} ${res.headers.get('content-type')} ${text.slice(0, 100)}`,
            );
        }
      }
    }
    expect(seen).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('names each wrong field of an order in details, in English and German', async () => {
    const res = await fetch(`${system.httpUrl}/api/orders`, {
      method: 'POST',
      headers: { 'x-api-key': SYSTEM_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { firstName: 'Erika', lastName: 'Muster', birthDate: '1980-01-01', email: 'kaputt' } }),
    });
    const body = (await res.json()) as Json;
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(body).toEqual(expect.objectContaining({ type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, instance: '/api/orders' }));
    expect(body.details).toEqual(
      expect.arrayContaining([
        { field: 'supplyAddress', message: 'is required', messageDe: expect.stringMatching(/Pflichtangabe/) },
        { field: 'customer.email', message: 'has an invalid format', messageDe: 'E-Mail-Adresse hat ein ungültiges Format.' },
      ]),
    );
  });
});
