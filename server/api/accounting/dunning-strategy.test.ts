/** GET /api/dunning/strategy: analysts and case workers read the champion/challenger figures. */
import type { System } from '../../system';
import { signIn, systemHeaders, type SignedIn } from '../../../test/auth';
import { startSecuritySystem } from '../../../test/security/system';
import { insertContract } from '../../../domain/shared/test-fixtures';

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

const get = async (query: string, headers: Record<string, string>) => {
  const res = await fetch(`${system.httpUrl}/api/dunning/strategy${query}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
};

it('answers the rows per variant to analysts and case workers, with the configured letter cost', async () => {
  const { contractAccountId } = await insertContract(system.db);
  const [c] = (await system
    .db('dunning_cases')
    .insert({
      case_number: 'STRAT-1',
      contract_account_id: contractAccountId,
      status: 'closed',
      cause: 'overdue',
      procedure: 'standard',
      variant: 'challenger',
      opened_cents: 5000,
      opened_on: '2026-02-01',
      closed_on: '2026-02-09',
      close_reason: 'paid',
    })
    .returning('id')) as Array<{ id: string }>;
  await system
    .db('dunning_notices')
    .insert({ business_key: 'strat:1', case_id: c.id, level: 1, channel: 'letter', sent_on: '2026-02-01', open_cents: 5000 });

  const res = await get('?from=2026-02-01&to=2026-02-28', analyst.headers);
  expect(res.status).toBe(200);
  expect(res.body.items).toEqual([
    expect.objectContaining({
      variant: 'challenger',
      cases: 1,
      paid: 1,
      realisationRate: 1,
      avgDaysToPayment: 8,
      lettersSent: 1,
      letterCostCents: 76,
    }),
  ]);
  expect((await get('', caseworker.headers)).status).toBe(200);
  expect((await get('', systemHeaders())).status).toBe(403);
});

it('refuses wrong dates field by field', async () => {
  const res = await get('?from=2026-02-30&to=2026-01-01', analyst.headers);
  expect(res.status).toBe(400);
  expect(res.type).toMatch(/application\/problem\+json/);
  expect(res.body.details).toEqual([{ field: 'from', message: expect.any(String) }]);
  const order = await get('?from=2026-02-01&to=2026-01-01', analyst.headers);
  expect(order.body.details).toEqual([{ field: 'to', message: expect.any(String) }]);
  expect((await get('?colour=green', analyst.headers)).status).toBe(400);
});
