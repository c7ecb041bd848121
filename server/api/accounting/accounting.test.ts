/**
 * The accounting API over HTTP, as the server serves it (sign-in, roles, validation, problems):
 * a product and a price change; bad input refused field by field with nothing stored; a float-like
 * meter value; a broken bank statement; an unknown account.
 */
import { randomUUID } from 'node:crypto';
import type { System } from '../../system';
import { signIn, systemHeaders, type SignedIn } from '../../../test/auth';
import { startSecuritySystem } from '../../../test/security/system';

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

interface Answer {
  status: number;
  type: string;
  body: any;
}

async function call(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': contentType } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') ?? '';
  const text = await res.text();
  return { status: res.status, type, body: type.includes('json') ? JSON.parse(text) : text };
}

const count = async (table: string) => Number((await system.db(table).count({ n: '*' }).first())?.n ?? 0);

const tariff = (code: string) => ({
  code,
  name: 'Rhein Strom Öko 26',
  commodity: 'electricity',
  productKind: 'standard',
  firstVersion: { validFrom: '2026-01-01', basePriceMonthNet: '11.5000', workingPriceKwhNet: '0.268000' },
});

describe('tariffs', () => {
  it('creates a product and changes its price from a date', async () => {
    const created = await call('POST', '/api/tariffs', analyst.headers, tariff('OEKO-26'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'OEKO-26', versions: [{ validFrom: '2026-01-01', workingPriceKwhNet: '0.268' }] });
    expect(created.body.versions[0].createdBy).toBe('analyst');

    const change = await call('POST', '/api/tariffs/OEKO-26/versions', analyst.headers, {
      validFrom: '2026-07-01',
      basePriceMonthNet: '11.5000',
      workingPriceKwhNet: '0.259900',
    });
    expect(change.status).toBe(201);
    const read = await call('GET', '/api/tariffs/OEKO-26', caseworker.headers);
    expect(read.status).toBe(200);
    expect(read.body.versions.map((v: { validFrom: string }) => v.validFrom)).toEqual(['2026-01-01', '2026-07-01']);
    const list = await call('GET', '/api/tariffs', systemHeaders());
    expect(list.body.items.map((t: { code: string }) => t.code)).toEqual(expect.arrayContaining(['OEKO-26', 'RHEIN-FIX-24']));
  });

  it('refuses bad input with the fields named, and stores nothing', async () => {
    const versionsBefore = await count('tariff_versions');
    const badPrice = await call('POST', '/api/tariffs', analyst.headers, {
      ...tariff('BAD-26'),
      firstVersion: { ...tariff('BAD-26').firstVersion, workingPriceKwhNet: '0,268' },
    });
    expect(badPrice.status).toBe(400);
    expect(badPrice.type).toMatch(/application\/problem\+json/);
    expect(badPrice.body.details).toEqual([{ field: 'firstVersion.workingPriceKwhNet', message: expect.any(String) }]);

    const badShape = await call('POST', '/api/tariffs', analyst.headers, { ...tariff('BAD-26'), name: 7, colour: 'green' });
    expect(badShape.status).toBe(400);
    expect(badShape.body.details.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'name']);

    const backdated = await call('POST', '/api/tariffs/RHEIN-FIX-24/versions', analyst.headers, {
      validFrom: '2019-01-01',
      basePriceMonthNet: '10.0000',
      workingPriceKwhNet: '0.2',
    });
    expect(backdated.status).toBe(400);
    expect(backdated.body.details).toEqual([{ field: 'validFrom', message: expect.stringMatching(/2020-01-01/) }]);

    expect((await call('GET', '/api/tariffs/BAD-26', analyst.headers)).status).toBe(404);
    expect(await count('tariff_versions')).toBe(versionsBefore);
    // No SQL, no stack in any answer.
    for (const a of [badPrice, badShape, backdated]) expect(JSON.stringify(a.body)).not.toMatch(/insert into|select |at .*\.ts:/i);
  });

  it('lets only analysts and admins change prices', async () => {
    const refused = await call('POST', '/api/tariffs', caseworker.headers, tariff('CW-26'));
    expect(refused.status).toBe(403);
    expect(
      (await call('POST', '/api/vat-rates', caseworker.headers, { commodity: 'gas', validFrom: '2027-01-01', ratePercent: '7' })).status,
    ).toBe(403);
    const vat = await call('POST', '/api/vat-rates', analyst.headers, { commodity: 'gas', validFrom: '2027-01-01', ratePercent: '7' });
    expect(vat.status).toBe(201);
    const rates = await call('GET', '/api/vat-rates?commodity=gas', caseworker.headers);
    expect(rates.body.items.at(-1)).toEqual({ commodity: 'gas', validFrom: '2027-01-01', ratePercent: '7' });
  });
});

describe('readings', () => {
  it('refuses a float-like meter value before anything is stored', async () => {
    const before = await count('meter_readings');
    const res = await call('POST', `/api/contracts/${randomUUID()}/readings`, caseworker.headers, {
      readingDate: '2026-03-01',
      valueKwh: '12,5.3',
      source: 'case_worker',
    });
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.details).toEqual([{ field: 'valueKwh', message: expect.any(String) }]);
    expect(await count('meter_readings')).toBe(before);
  });

  it('answers 404 for a contract that does not exist', async () => {
    const res = await call('POST', `/api/contracts/${randomUUID()}/readings`, systemHeaders(), {
      readingDate: '2026-03-01',
      valueKwh: 12.5,
      source: 'customer',
    });
    expect(res.status).toBe(404);
  });
});

describe('bank statements', () => {
  it('refuses a broken file with its code, and stores nothing', async () => {
    const raw = await call(
      'POST',
      '/api/bank-statements?fileName=auszug.xml',
      caseworker.headers,
      '<Document><BkToCstmrStmt>',
      'application/xml',
    );
    expect(raw.status).toBe(400);
    expect(raw.type).toMatch(/application\/problem\+json/);
    expect(raw.body.code).toBe('not_xml');
    expect(raw.body.details).toHaveLength(1);

    const json = await call('POST', '/api/bank-statements', systemHeaders(), {
      fileName: 'auszug.xml',
      xml: '<Document><Foo/></Document>',
    });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('not_camt');
    expect(await count('bank_statements')).toBe(0);
    expect(await count('bank_entries')).toBe(0);
  });
});

describe('balance', () => {
  it('answers an unknown account with a 404 problem', async () => {
    const res = await call('GET', '/api/accounts/VK-0000000/balance', caseworker.headers);
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'NOT_FOUND', detail: 'No contract account VK-0000000' });
  });
});
