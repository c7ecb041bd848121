/** /api/forecast: analysts get months × products and the CSV; a wrong scenario is a 400 naming its fields. */
import type { System } from '../system';
import { signIn, systemHeaders, type SignedIn } from '../../test/auth';
import { startSecuritySystem } from '../../test/security/system';
import { insertContract } from '../../domain/shared/test-fixtures';

let system: System;
let analyst: SignedIn;

beforeAll(async () => {
  system = await startSecuritySystem();
  analyst = await signIn(system.httpUrl, 'analyst');
  await insertContract(system.db, { tariffCode: 'RHEIN-FIX-24', annualConsumptionKwh: 3500 });
  await insertContract(system.db, { tariffCode: 'RHEIN-GAS-24', annualConsumptionKwh: 15000 });
}, 60_000);
afterAll(async () => {
  await system?.stop();
});

const call = async (method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = analyst.headers) => {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    type,
    disposition: res.headers.get('content-disposition'),
    text,
    body: /json/.test(type) ? JSON.parse(text) : null,
  };
};

it('answers months × products of a scenario, and the same as CSV', async () => {
  const scenario = {
    months: 24,
    startMonth: '2027-01',
    churn: [{ tariffCode: 'RHEIN-FIX-24', percentPerYear: 12 }],
    newCustomers: [{ tariffCode: 'RHEIN-GAS-24', perMonth: 3 }],
    priceChanges: [{ tariffCode: 'RHEIN-GAS-24', fromMonth: '2027-07', percent: -5 }],
  };
  const res = await call('POST', '/api/forecast', scenario);
  expect(res.status).toBe(200);
  expect(res.body.months).toHaveLength(24);
  expect(res.body.products.map((p: { tariffCode: string }) => p.tariffCode)).toEqual(['RHEIN-FIX-24', 'RHEIN-GAS-24', 'STROM-FIX-24']);
  // January 2027, RHEIN-FIX-24: 1 customer, 3,500 kWh × 9.8 % = 343 kWh × 0.2521 € + 10 € = 96.47 €.
  expect(res.body.months[0].items[0]).toMatchObject({ tariffCode: 'RHEIN-FIX-24', customers: '1.00', kwh: '343', revenueCents: 9647 });
  // The gas customers grow by 3 a month: 1 + 3 in January, 1 + 24 × 3 in the last month.
  expect(res.body.months[0].items[1].customers).toBe('4.00');
  expect(res.body.months[23].items[1].customers).toBe('73.00');

  const csv = await call('POST', '/api/forecast?format=csv', scenario);
  expect(csv.status).toBe(200);
  expect(csv.type).toMatch(/^text\/csv; charset=utf-8/);
  expect(csv.disposition).toBe('attachment; filename="umsatzprognose-2027-01-24m.csv"');
  const lines = csv.text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(lines[0]).toBe(
    'Monat;Tarif;Produkt;Kunden;Verbrauch (kWh);Umsatz netto (EUR);Beschaffung (EUR);Netz und Umlagen (EUR);Deckungsbeitrag (EUR)',
  );
  expect(lines).toHaveLength(1 + 24 * 3);
  expect(lines[1]).toMatch(/^2027-01;RHEIN-FIX-24;Rhein Strom Fix 24;1,00;343;96,47;/);

  const plain = await call('GET', '/api/forecast.csv?months=12&startMonth=2027-01');
  expect(plain.status).toBe(200);
  expect(plain.text.trimEnd().split('\r\n')).toHaveLength(1 + 12 * 3);
  expect((await call('GET', '/api/forecast')).body.months).toHaveLength(12);
});

it('refuses a wrong scenario with every field named, and is for analysts and admins only', async () => {
  const res = await call('POST', '/api/forecast', {
    months: 40,
    churn: [{ tariffCode: 'NOPE', percentPerYear: 5 }],
    priceChanges: [{ tariffCode: 'RHEIN-FIX-24', fromMonth: '2027-02', percent: 5, workingPriceKwhNet: '0.3' }],
  });
  expect(res.status).toBe(400);
  expect(res.type).toMatch(/application\/problem\+json/);
  expect(res.body.details).toEqual([{ field: expect.stringMatching(/months/), message: expect.any(String) }]);

  const semantic = await call('POST', '/api/forecast', {
    churn: [{ tariffCode: 'NOPE', percentPerYear: 150 }],
    priceChanges: [{ tariffCode: 'RHEIN-FIX-24', fromMonth: '2027-02', percent: 5, workingPriceKwhNet: '0.3' }],
  });
  expect(semantic.status).toBe(400);
  expect(semantic.body.details.map((d: { field: string }) => d.field)).toEqual([
    'churn[0].tariffCode',
    'churn[0].percentPerYear',
    'priceChanges[0].percent',
  ]);
  expect((await call('GET', '/api/forecast?months=7')).body.details).toEqual([{ field: 'months', message: expect.any(String) }]);

  const caseworker = await signIn(system.httpUrl, 'caseworker');
  expect((await call('GET', '/api/forecast', undefined, caseworker.headers)).status).toBe(403);
  expect((await call('GET', '/api/forecast', undefined, systemHeaders())).status).toBe(403);
  const admin = await signIn(system.httpUrl, 'admin');
  expect((await call('GET', '/api/forecast.csv', undefined, admin.headers)).status).toBe(200);
});

it('keeps cost bases per product from a date', async () => {
  const created = await call('POST', '/api/forecast/cost-bases', {
    tariffCode: 'RHEIN-GAS-24',
    validFrom: '2027-04-01',
    procurementKwhNet: '0.0400',
    networkKwhNet: '0.0260',
    networkMonthNet: '4.20',
    loadProfile: 'HEF',
  });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ tariffCode: 'RHEIN-GAS-24', procurementKwhNet: '0.04', createdBy: 'analyst' });
  const again = await call('POST', '/api/forecast/cost-bases', { ...created.body, createdBy: undefined });
  expect(again.status).toBe(400);
  const list = await call('GET', '/api/forecast/cost-bases');
  expect(list.body.items.filter((c: { tariffCode: string }) => c.tariffCode === 'RHEIN-GAS-24')).toHaveLength(2);
});
