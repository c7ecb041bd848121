import { startBureauSimulator, type BureauSimulator } from '../../simulators/bureaus';
import {
  BureauProtocolError,
  BureauUnavailableError,
  createBureauAdapters,
  createCreditreformAdapter,
  normaliseCreditreformIndex,
  normaliseInfoscore,
  normaliseSchufaPercent,
  PersonUnknownError,
  type BureauAdapter,
  type BureauName,
  type PersonQuery,
} from '.';
import { loadSettings } from '../../config/settings';

const person = (lastName: string, firstName = 'Erika'): PersonQuery => ({
  firstName,
  lastName,
  birthDate: '1984-03-17',
  address: { street: 'Lindenstraße', houseNumber: '12a', postalCode: '50674', city: 'Köln' },
  reference: 'order-1',
});

let sim: BureauSimulator;
let adapters: Record<BureauName, BureauAdapter>;
/** A short timeout only where the answer never comes in time anyway, so a loaded machine cannot fail the other tests. */
let impatient: Record<BureauName, BureauAdapter>;
const names: BureauName[] = ['schufa', 'infoscore', 'creditreform'];

beforeAll(async () => {
  sim = await startBureauSimulator({ port: 0, slowMs: 20_000 });
  const settings = (bureauTimeoutMs: number) =>
    loadSettings(
      {},
      {
        schufaBaseUrl: `${sim.url}/schufa`,
        infoscoreBaseUrl: `${sim.url}/infoscore`,
        creditreformBaseUrl: `${sim.url}/creditreform`,
        bureauTimeoutMs,
        bureauRetries: 2,
        bureauRetryBackoffMs: 10,
      },
    );
  adapters = createBureauAdapters(settings(5000));
  impatient = createBureauAdapters(settings(300));
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => sim.reset());

describe.each(names)('%s adapter against the simulator', (name) => {
  it.each([
    ['Gruen', 'green'],
    ['Grün', 'green'],
    ['Schmidt', 'green'],
    ['Gelb', 'yellow'],
    ['Rot', 'red'],
  ])('maps persona %s to %s', async (lastName, light) => {
    const r = await adapters[name].check(person(lastName));
    expect(r).toMatchObject({ bureau: name, trafficLight: light, fraudSuspicion: false });
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1000);
    expect(r.raw).toBeDefined();
    expect(r.request).toBeDefined();
  });

  it('is deterministic per person and varies between people', async () => {
    const a = await adapters[name].check(person('Gelb', 'Anna'));
    const b = await adapters[name].check(person('Gelb', 'Anna'));
    const c = await adapters[name].check(person('Gelb', 'Bernd'));
    expect(a.score).toBe(b.score);
    expect(a.score).not.toBe(c.score);
  });

  it('flags fraud', async () => {
    expect((await adapters[name].check(person('Betrug'))).fraudSuspicion).toBe(true);
  });

  it('throws PersonUnknownError for an unknown person, with the raw answer', async () => {
    const err = await adapters[name].check(person('Unbekannt')).catch((e) => e);
    expect(err).toBeInstanceOf(PersonUnknownError);
    expect(err.code).toBe('PERSON_UNKNOWN');
    expect(err.raw).toBeDefined();
  });

  it('times out on the slow persona, retries, then throws BureauUnavailableError', async () => {
    const started = Date.now();
    const err = await impatient[name].check(person('Langsam')).catch((e) => e);
    expect(err).toBeInstanceOf(BureauUnavailableError);
    expect(err).toMatchObject({ reason: 'timeout', attempts: 3 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('retries a failing bureau (5xx) a bounded number of times', async () => {
    const err = await adapters[name].check(person('Fehler')).catch((e) => e);
    expect(err).toBeInstanceOf(BureauUnavailableError);
    expect(err).toMatchObject({ reason: 'server-error', attempts: 3 });
    expect(sim.status().find((s) => s.name === name)!.requests).toBe(3);
  });

  it('is unavailable while switched down, and answers again when up', async () => {
    await fetch(`${sim.url}/admin/bureaus/${name}/down`, { method: 'POST' });
    await expect(adapters[name].check(person('Gruen'))).rejects.toBeInstanceOf(BureauUnavailableError);
    const others = names.filter((n) => n !== name);
    await expect(adapters[others[0]].check(person('Gruen'))).resolves.toMatchObject({ trafficLight: 'green' });
    await fetch(`${sim.url}/admin/bureaus/${name}/up`, { method: 'POST' });
    await expect(adapters[name].check(person('Gruen'))).resolves.toMatchObject({ trafficLight: 'green' });
  });
});

describe('bureau specifics', () => {
  it('knows the recently moved persona only at infoscore and Creditreform', async () => {
    await expect(adapters.schufa.check(person('Zugezogen'))).rejects.toBeInstanceOf(PersonUnknownError);
    await expect(adapters.infoscore.check(person('Zugezogen'))).resolves.toMatchObject({ trafficLight: 'green' });
    await expect(adapters.creditreform.check(person('Zugezogen'))).resolves.toMatchObject({ trafficLight: 'green' });
  });

  it('all bureaus down, then back', async () => {
    await fetch(`${sim.url}/admin/bureaus/all/down`, { method: 'POST' });
    for (const n of names) await expect(adapters[n].check(person('Gruen'))).rejects.toBeInstanceOf(BureauUnavailableError);
    const status = await (await fetch(`${sim.url}/admin/bureaus`)).json();
    expect(status).toEqual(names.map((n) => ({ name: n, up: false, requests: 3 })));
    await fetch(`${sim.url}/admin/bureaus/all/up`, { method: 'POST' });
    for (const n of names) await expect(adapters[n].check(person('Gruen'))).resolves.toBeTruthy();
  });

  it('Verita verifies name and address, Bonima the address only', async () => {
    const opts = {
      baseUrl: `${sim.url}/creditreform`,
      timeoutMs: 5000,
      retries: 0,
      retryBackoffMs: 0,
      thresholds: { greenAbove: 400, redBelow: 250 },
    };
    const verita = await createCreditreformAdapter({ ...opts, product: 'verita' }).check(person('Gruen'));
    const bonima = await createCreditreformAdapter({ ...opts, product: 'bonima' }).check(person('Gruen'));
    expect(verita.verification).toEqual({ addressVerified: true, nameVerified: true });
    expect(bonima.verification).toEqual({ addressVerified: true });
    expect(bonima.raw).toContain('product="BONIMA"');
  });

  it('reports a wrong base URL as a protocol error, not as unknown person', async () => {
    const opts = {
      baseUrl: `${sim.url}/nowhere`,
      timeoutMs: 5000,
      retries: 0,
      retryBackoffMs: 0,
      thresholds: { greenAbove: 400, redBelow: 250 },
    };
    await expect(createCreditreformAdapter({ ...opts, product: 'verita' }).check(person('Gruen'))).rejects.toBeInstanceOf(
      BureauProtocolError,
    );
  });

  it('reports a closed port as unavailable (network)', async () => {
    const opts = {
      baseUrl: 'http://127.0.0.1:1/creditreform',
      timeoutMs: 5000,
      retries: 1,
      retryBackoffMs: 0,
      thresholds: { greenAbove: 400, redBelow: 250 },
    };
    await expect(createCreditreformAdapter({ ...opts, product: 'bonima' }).check(person('Gruen'))).rejects.toMatchObject({
      reason: 'network',
      attempts: 2,
    });
  });

  it('adds the configured latency', async () => {
    sim.setLatency(150);
    const started = Date.now();
    await adapters.infoscore.check(person('Gruen'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.setLatency(0);
  });

  it("answers malformed requests with the bureau's own 400", async () => {
    const res = await fetch(`${sim.url}/infoscore/v2/bonitaetsauskunft`, { method: 'POST', body: '{"person":{}}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ fehlercode: 'E422' });
  });
});

describe('normalisation', () => {
  it('maps SCHUFA classes onto fifths of the scale and caps open defaults', () => {
    expect(normaliseSchufaPercent(99.99, false)).toBe(1000);
    expect(normaliseSchufaPercent(97.2, false)).toBe(800);
    expect(normaliseSchufaPercent(90, false)).toBe(600);
    expect(normaliseSchufaPercent(80, false)).toBe(400);
    expect(normaliseSchufaPercent(30, false)).toBe(200);
    expect(normaliseSchufaPercent(0, false)).toBe(0);
    expect(normaliseSchufaPercent(98, true)).toBe(199);
  });
  it('reverses the Creditreform index and stretches infoscore', () => {
    expect(normaliseCreditreformIndex(100)).toBe(1000);
    expect(normaliseCreditreformIndex(600)).toBe(0);
    expect(normaliseCreditreformIndex(350)).toBe(500);
    expect(normaliseInfoscore(999)).toBe(1000);
    expect(normaliseInfoscore(0)).toBe(0);
  });
});
