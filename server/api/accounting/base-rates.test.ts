/** The base rates over HTTP: read by everyone, added by analysts, validated, never edited. */
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

async function call(method: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${system.httpUrl}/api/base-rates`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

const count = async () => Number((await system.db('base_rates').count({ n: '*' }).first())?.n ?? 0);

describe('base rates (§247 BGB)', () => {
  it('lists the seeded rates to every reader', async () => {
    const res = await call('GET', caseworker.headers);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(expect.arrayContaining([{ validFrom: '2025-07-01', ratePercent: '1.27' }]));
    expect((await call('GET', systemHeaders())).status).toBe(200);
  });

  it('lets analysts add a rate from 1 January or 1 July; case workers may not', async () => {
    expect((await call('POST', caseworker.headers, { validFrom: '2027-01-01', ratePercent: '1.5' })).status).toBe(403);
    const added = await call('POST', analyst.headers, { validFrom: '2027-01-01', ratePercent: '1.500' });
    expect(added).toMatchObject({ status: 201, body: { validFrom: '2027-01-01', ratePercent: '1.5' } });
    expect((await call('GET', analyst.headers)).body.items.at(-1)).toEqual({ validFrom: '2027-01-01', ratePercent: '1.5' });
  });

  it('refuses bad input field by field, and a second rate for a date, storing nothing', async () => {
    const before = await count();
    const badDate = await call('POST', analyst.headers, { validFrom: '2027-03-01', ratePercent: '1.5' });
    expect(badDate.status).toBe(400);
    expect(badDate.type).toMatch(/application\/problem\+json/);
    expect(badDate.body.details).toEqual([{ field: 'validFrom', message: expect.stringMatching(/1\. Januar oder 1\. Juli/) }]);
    const badRate = await call('POST', analyst.headers, { validFrom: '2027-07-01', ratePercent: '1,5' });
    expect(badRate.body.details).toEqual([{ field: 'ratePercent', message: expect.any(String) }]);
    const number = await call('POST', analyst.headers, { validFrom: '2027-07-01', ratePercent: 1.5 });
    expect(number.status).toBe(400);
    expect(number.body.details.map((d: { field: string }) => d.field)).toEqual(['ratePercent']);
    const extra = await call('POST', analyst.headers, { validFrom: '2027-07-01', ratePercent: '1.5', note: 'x' });
    expect(extra.status).toBe(400);
    const again = await call('POST', analyst.headers, { validFrom: '2025-07-01', ratePercent: '9' });
    expect(again.status).toBe(409);
    expect(again.type).toMatch(/application\/problem\+json/);
    expect(await count()).toBe(before);
    expect((await call('GET', analyst.headers)).body.items).toEqual(
      expect.arrayContaining([{ validFrom: '2025-07-01', ratePercent: '1.27' }]),
    );
  });
});
