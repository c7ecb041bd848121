import { ConfigError, loadSettings } from '../../config/settings';
import { openPgliteTestDatabase, type TestDatabase } from '../../db/testing';
import { listDeliveries, loadDelivery } from '../../domain/bureau-reporting';
import { seedClaim } from '../../domain/bureau-reporting/test-fixtures';
import { startBureauSimulator, type BureauSimulator } from '../../simulators/bureaus';
import type { AccountingDeps } from '../billing/context';
import { BureauUnavailableError } from '../bureaus';
import { createBureauReportingHandlers, reportingBureausOf } from './handlers';

describe('bureau-reporting workers', () => {
  let t: TestDatabase;
  let sim: BureauSimulator;
  let handlers: ReturnType<typeof createBureauReportingHandlers>;

  beforeAll(async () => {
    t = await openPgliteTestDatabase();
    sim = await startBureauSimulator({ port: 0 });
    const settings = loadSettings(
      {},
      { creditreformBaseUrl: `${sim.url}/creditreform`, bureauRetries: 1, bureauRetryBackoffMs: 5, bureauTimeoutMs: 2000 },
    );
    // The handlers use the database and the day only.
    handlers = createBureauReportingHandlers({ db: t.db, today: () => '2026-11-01' } as AccountingDeps, settings);
  });
  afterAll(async () => {
    await sim?.close();
    await t?.dispose();
  });

  it('a bureau that is down fails the job and keeps the delivery pending; the retry sends it under the same delivery id', async () => {
    const claim = await seedClaim(t.db, { noticeDays: ['2026-10-01', '2026-10-15'] });
    expect(await handlers['bureau-reporting.prepare']({})).toMatchObject({
      period: '2026-10',
      reportDate: '2026-10-31',
      bureaus: 'creditreform',
      records: 1,
    });
    sim.setUp('creditreform', false);
    await expect(handlers['bureau-reporting.transmit']({ period: '2026-10' })).rejects.toThrow(BureauUnavailableError);
    const [pending] = await listDeliveries(t.db);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, responseStatus: null });

    sim.setUp('creditreform', true);
    expect(await handlers['bureau-reporting.transmit']({ period: '2026-10' })).toEqual({
      deliveriesSent: 1,
      recordsAccepted: 1,
      recordsRejected: 0,
    });
    const sent = (await loadDelivery(t.db, pending.id))!;
    expect(sent).toMatchObject({ status: 'accepted', attempts: 2, responseStatus: 200 });
    expect(sent.records).toEqual([expect.objectContaining({ caseNumber: claim.caseNumber, status: 'accepted' })]);
    expect(sim.reports('creditreform').map((d) => d.deliveryId)).toEqual([sent.deliveryId]);

    // A crash after the bureau took it but before the answer was stored: the resend is recognised.
    await t.db('bureau_report_deliveries').where({ id: pending.id }).update({ status: 'pending' });
    await handlers['bureau-reporting.transmit']({ period: '2026-10' });
    expect(sim.reports('creditreform')).toEqual([expect.objectContaining({ deliveryId: sent.deliveryId, duplicates: 1 })]);
    expect((await loadDelivery(t.db, pending.id))!.receiptId).toBe(sent.receiptId);

    // Prepared again: nothing new for the period.
    expect(await handlers['bureau-reporting.prepare']({ period: '2026-10' })).toMatchObject({ records: 0, deliveries: 0 });
  });

  it('reads the bureaus from the setting and refuses unknown ones', () => {
    expect(reportingBureausOf(' creditreform, SCHUFA ,creditreform')).toEqual(['creditreform', 'schufa']);
    expect(reportingBureausOf('')).toEqual([]);
    expect(() => reportingBureausOf('creditreform,experian')).toThrow(ConfigError);
  });
});
