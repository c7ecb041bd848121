/** The propensity model over HTTP: analysts train it and everyone who reads tariffs sees its figures. */
import type { System } from '../../system';
import { signIn, type SignedIn } from '../../../test/auth';
import { startSecuritySystem } from '../../../test/security/system';
import { generatePaymentHistory } from '../../../domain/dunning/synthetic-history';

let system: System;
let analyst: SignedIn;
let caseworker: SignedIn;

beforeAll(async () => {
  system = await startSecuritySystem();
  analyst = await signIn(system.httpUrl, 'analyst');
  caseworker = await signIn(system.httpUrl, 'caseworker');
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

it('answers 404 before the first training and 422 on too little history', async () => {
  expect((await call('GET', '/api/propensity-model', analyst.headers)).status).toBe(404);
  const thin = await call('POST', '/api/propensity-model/training', analyst.headers, { asOf: '2025-12-31' });
  expect(thin.status).toBe(422);
  expect(thin.type).toMatch(/application\/problem\+json/);
  expect(Number((await system.db('propensity_models').count({ n: '*' }).first())!.n)).toBe(0);
});

it('lets analysts train a model and case workers read it', async () => {
  await generatePaymentHistory(system.db, { accounts: 150, start: '2024-10-15', months: 15, horizon: '2025-12-31', tag: 'api', seed: 3 });
  expect((await call('POST', '/api/propensity-model/training', caseworker.headers, { asOf: '2025-12-31' })).status).toBe(403);
  expect((await call('POST', '/api/propensity-model/training', analyst.headers, { asOf: '2025-12-32' })).body.details).toEqual([
    { field: 'asOf', message: expect.any(String) },
  ]);
  const trained = await call('POST', '/api/propensity-model/training', analyst.headers, { asOf: '2025-12-31' });
  expect(trained.status).toBe(201);
  expect(trained.body).toMatchObject({
    asOf: '2025-12-31',
    labelDays: 30,
    features: expect.arrayContaining([expect.objectContaining({ name: 'avgDaysLate' })]),
  });
  const read = await call('GET', '/api/propensity-model', caseworker.headers);
  expect(read).toMatchObject({ status: 200, body: { id: trained.body.id } });
}, 120_000);
