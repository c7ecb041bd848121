import { databaseVariants, type TestDatabase } from '../../db/testing';
import { startBureauSimulator, type BureauSimulator } from '../../simulators/bureaus';
import { checkWithAudit, createBureauAdapters, PersonUnknownError, BureauUnavailableError, type PersonQuery } from '.';
import { loadSettings } from '../../config/settings';

const person = (lastName: string): PersonQuery => ({
  firstName: 'Jonas',
  lastName,
  birthDate: '1990-10-01',
  address: { street: 'Bahnhofstr.', houseNumber: '3', postalCode: '80335', city: 'München' },
});

describe.each(databaseVariants())('bureau audit on $name', (variant) => {
  let t: TestDatabase;
  let sim: BureauSimulator;
  let orderId: string;
  let adapters: ReturnType<typeof createBureauAdapters>;

  beforeAll(async () => {
    t = await variant.open();
    sim = await startBureauSimulator({ port: 0, slowMs: 2000 });
    adapters = createBureauAdapters(
      loadSettings(
        {},
        {
          schufaBaseUrl: `${sim.url}/schufa`,
          infoscoreBaseUrl: `${sim.url}/infoscore`,
          creditreformBaseUrl: `${sim.url}/creditreform`,
          bureauTimeoutMs: 5000,
          bureauRetries: 0,
          bureauRetryBackoffMs: 0,
        },
      ),
    );
    [{ id: orderId }] = await t.db('orders').insert({ payload: {} }).returning('id');
  });
  afterAll(async () => {
    await sim?.close();
    await t?.dispose();
  });

  it('asks once per order and person data; a retry reuses the stored answer', async () => {
    const first = await checkWithAudit(t.db, adapters.creditreform, orderId, person('Gelb'));
    const again = await checkWithAudit(t.db, adapters.creditreform, orderId, person('Gelb'));
    expect(again).toEqual(first);
    expect(sim.status().find((s) => s.name === 'creditreform')!.requests).toBe(1);
    const rows = await t.db('bureau_requests').where({ order_id: orderId, bureau: 'creditreform' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'answered', result: { score: first.score, trafficLight: 'yellow' } });
    expect(rows[0].response).toContain('<BoniversumResponse');
  });

  it('stores "person unknown" once and replays it as the same error', async () => {
    await expect(checkWithAudit(t.db, adapters.infoscore, orderId, person('Unbekannt'))).rejects.toBeInstanceOf(PersonUnknownError);
    await expect(checkWithAudit(t.db, adapters.infoscore, orderId, person('Unbekannt'))).rejects.toBeInstanceOf(PersonUnknownError);
    expect(sim.status().find((s) => s.name === 'infoscore')!.requests).toBe(1);
  });

  it('logs every failed call and asks again on retry', async () => {
    sim.setUp('schufa', false);
    await expect(checkWithAudit(t.db, adapters.schufa, orderId, person('Gruen'))).rejects.toBeInstanceOf(BureauUnavailableError);
    await expect(checkWithAudit(t.db, adapters.schufa, orderId, person('Gruen'))).rejects.toBeInstanceOf(BureauUnavailableError);
    sim.setUp('schufa', true);
    await expect(checkWithAudit(t.db, adapters.schufa, orderId, person('Gruen'))).resolves.toMatchObject({ trafficLight: 'green' });
    const outcomes = (await t.db('bureau_requests').where({ order_id: orderId, bureau: 'schufa' }).orderBy('created_at')).map(
      (r) => r.outcome,
    );
    expect(outcomes.sort()).toEqual(['answered', 'failed', 'failed']);
  });
});
