/**
 * Reports to the credit bureaus end to end: dunning cases and notices written straight into the
 * dunning tables for a few accounts, `bureau-reporting` run on the controllable clock, and the
 * bureau simulator receiving exactly the eligible claims (Creditreform XML and SCHUFA JSON), the
 * transmission log over REST, a rerun of the period sending nothing, and next month's update of a
 * paid claim.
 */
import type { System } from '../../server/system';
import { block, pay, seedClaim, type SeededClaim } from '../../domain/bureau-reporting/test-fixtures';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { deployProcessFolder } from '../../server/deploy-processes';
import { incidents, startTestSystem, waitFor } from './system';

jest.setTimeout(120_000);

describe('bureau reporting', () => {
  let system: System;
  let analyst: SignedIn;
  let caseworker: SignedIn;
  const c: Record<string, SeededClaim> = {};

  beforeAll(async () => {
    // The monthly timer start event (1st, 04:00) is scheduled when the process is deployed: deploy
    // on the pinned clock of the first test, so that the timer's next run is the one of 1 Dec 2026
    // whatever the real date.
    system = await startTestSystem({ bureauReportBureaus: 'creditreform, schufa', deployProcessesAtStart: false });
    await pin('2026-11-01');
    await deployProcessFolder(system.settings, system.engine!.grpcPort);
    analyst = await signIn(system.httpUrl, 'analyst');
    caseworker = await signIn(system.httpUrl, 'caseworker');
    // Written notices: 1 Oct (reportable from 29 Oct), 3 Oct (from 31 Oct, the report day), 4 Oct (from 1 Nov).
    c.eligible = await seedClaim(system.db, { noticeDays: ['2026-10-01', '2026-10-15'] });
    c.dayOf = await seedClaim(system.db, { noticeDays: ['2026-10-03', '2026-10-17'] });
    c.dayBefore = await seedClaim(system.db, { noticeDays: ['2026-10-04', '2026-10-18'] });
    c.unwarned = await seedClaim(system.db, { noticeDays: ['2026-09-01', '2026-09-15'], warning: false });
    c.disputed = await seedClaim(system.db, { noticeDays: ['2026-09-01', '2026-09-15'] });
    await block(system.db, c.disputed);
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pin = async (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+01:00`));
  const run = async (variables: Record<string, unknown> = {}) =>
    (
      await system.zbc.createProcessInstanceWithResult({
        bpmnProcessId: 'bureau-reporting',
        variables: variables as never,
        requestTimeout: 60_000,
      })
    ).variables as Record<string, unknown>;
  const get = async (path: string, who: SignedIn) => {
    const res = await fetch(`${system.httpUrl}${path}`, { headers: who.headers });
    return { status: res.status, body: (await res.json()) as any };
  };
  const references = (bureau: 'creditreform' | 'schufa') =>
    system.simulator!.reports(bureau).flatMap((d) => d.records.map((r) => `${r.type} ${r.reference} ${r.status} ${r.openAmount}`));

  it('the monthly run reports exactly the eligible claims to each configured bureau and logs every transmission', async () => {
    await pin('2026-11-01');
    const out = await run();
    expect(out).toMatchObject({
      period: '2026-10',
      reportDate: '2026-10-31',
      records: 4,
      newRecords: 4,
      deliveriesSent: 2,
      recordsAccepted: 4,
    });
    const expected = [`NEW ${c.eligible.caseNumber} OPEN 123.45`, `NEW ${c.dayOf.caseNumber} OPEN 123.45`].sort();
    expect(references('creditreform').sort()).toEqual(expected);
    expect(references('schufa').sort()).toEqual(expected);
    expect(system.simulator!.reports('creditreform')[0]).toMatchObject({ period: '2026-10', cutOffDate: '2026-10-31', duplicates: 0 });

    // The log over REST, for analysts and case workers.
    const records = await get('/api/bureau-reports?period=2026-10', analyst);
    expect(records.status).toBe(200);
    expect(records.body.items).toHaveLength(4);
    expect(records.body.items.every((r: any) => r.status === 'accepted' && r.recordType === 'new' && r.openCents === 12_345)).toBe(true);
    const mine = await get(`/api/bureau-reports?accountNumber=${c.eligible.accountNumber}`, caseworker);
    expect(mine.body.items.map((r: any) => r.bureau).sort()).toEqual(['creditreform', 'schufa']);
    const deliveries = await get('/api/bureau-reports/deliveries', caseworker);
    expect(deliveries.body.items.map((d: any) => [d.bureau, d.status, d.recordCount]).sort()).toEqual([
      ['creditreform', 'accepted', 2],
      ['schufa', 'accepted', 2],
    ]);
    const creditreform = deliveries.body.items.find((d: any) => d.bureau === 'creditreform');
    const detail = await get(`/api/bureau-reports/deliveries/${creditreform.id}`, analyst);
    expect(detail.body.payload).toContain(`<ClaimReference>${c.eligible.caseNumber}</ClaimReference>`);
    expect(detail.body.payload).not.toContain(c.dayBefore.caseNumber);
    expect(detail.body.responseBody).toContain(`<ReceiptId>${system.simulator!.reports('creditreform')[0].receiptId}</ReceiptId>`);
    expect(detail.body.sentAt).toEqual(expect.any(String));
    expect(await incidents(system)).toEqual([]);
  });

  it('a rerun of the period over REST sends nothing twice; wrong periods and roles are refused', async () => {
    const refused = await fetch(`${system.httpUrl}/api/bureau-report-runs`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ period: '2099-01' }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).details).toEqual([expect.objectContaining({ field: 'period' })]);
    const forbidden = await fetch(`${system.httpUrl}/api/bureau-report-runs`, {
      method: 'POST',
      headers: { ...analyst.headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forbidden.status).toBe(403);

    const res = await fetch(`${system.httpUrl}/api/bureau-report-runs`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/json' }),
      body: JSON.stringify({ period: '2026-10' }),
    });
    expect(res.status).toBe(202);
    const { processInstanceKey } = (await res.json()) as { processInstanceKey: string };
    await waitFor(async () => {
      const r = await fetch(`${system.httpUrl}/v2/process-instances/${processInstanceKey}`, { headers: systemHeaders() });
      return ((await r.json()) as { state?: string }).state === 'COMPLETED' || undefined;
    }, 'the rerun to complete');
    expect(system.simulator!.reports().map((d) => d.records.length)).toEqual([2, 2]);
  });

  it('next month the timer reports: the paid claim settled once, the claim now four weeks old new', async () => {
    await pay(system.db, c.eligible, 12_345, '2026-11-10');
    // 1 Dec, 04:00 passes: the monthly timer starts the run for November by itself.
    await pin('2026-12-01');
    const november = await waitFor(async () => {
      const got = system.simulator!.reports().filter((d) => d.period === '2026-11');
      return got.length === 2 ? got : undefined;
    }, "the timer's run for November");
    for (const d of november)
      expect(d.records.map((r) => `${r.type} ${r.reference} ${r.status} ${r.openAmount}`).sort()).toEqual(
        [`UPDATE ${c.eligible.caseNumber} SETTLED 0.00`, `NEW ${c.dayBefore.caseNumber} OPEN 123.45`].sort(),
      );
    // On demand afterwards: nothing twice.
    expect(await run()).toMatchObject({ period: '2026-11', records: 0, deliveriesSent: 0 });
    await pin('2027-01-01');
    expect(await run()).toMatchObject({ period: '2026-12', records: 0, deliveriesSent: 0 });
  });
});
