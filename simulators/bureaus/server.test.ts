import { personaOf, startBureauSimulator } from '.';

describe('bureau simulator', () => {
  it('chooses personas by folded last name, green by default', () => {
    expect(personaOf('GRÜN')).toBe('green');
    expect(personaOf(' betrug ')).toBe('fraud');
    expect(personaOf('Müller')).toBe('green');
    expect(personaOf('Langsam')).toBe('slow');
  });

  it('serves the admin API and closes while a slow answer is pending', async () => {
    const sim = await startBureauSimulator({ port: 0, slowMs: 60_000 });
    expect((await fetch(`${sim.url}/admin/bureaus/nobody/down`, { method: 'POST' })).status).toBe(404);
    expect(await (await fetch(`${sim.url}/admin/latency`, { method: 'PUT', body: '{"ms":5}' })).json()).toEqual({ latencyMs: 5 });
    const pending = fetch(`${sim.url}/schufa/v1/consumer-scores`, {
      method: 'POST',
      body: JSON.stringify({
        consumer: { firstName: 'A', lastName: 'Langsam', dateOfBirth: '1970-01-01', currentAddress: { postalCode: '10115' } },
      }),
    }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(String(await pending)).toMatch(/fetch failed/);
  });

  it('answers unknown routes with 404', async () => {
    const sim = await startBureauSimulator({ port: 0 });
    try {
      expect((await fetch(`${sim.url}/experian/score`)).status).toBe(404);
      expect((await fetch(`${sim.url}/schufa/v1/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});
