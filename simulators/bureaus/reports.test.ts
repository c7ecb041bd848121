import { deliveryMessage, type ReportRecord } from '../../domain/bureau-reporting/formats';
import { testDebtor } from '../../domain/bureau-reporting/test-fixtures';
import { parseAnswer } from '../../workers/bureau-reporting/answers';
import { startBureauSimulator } from '.';

const record = (reference: string, patch: Partial<ReportRecord> = {}): ReportRecord => ({
  recordType: 'new',
  reference,
  accountNumber: '8000001',
  debtor: { ...testDebtor, lastName: 'Müller & Söhne' },
  state: { status: 'open', openCents: 12_345, writtenOffCents: 0, dunningLevel: 2 },
  claimSince: '2026-09-20',
  oldestDueDate: '2026-09-01',
  firstNoticeOn: '2026-10-01',
  warnedOn: '2026-10-01',
  titledOn: null,
  ...patch,
});

describe('bureau simulator: payment experiences', () => {
  it.each(['creditreform', 'schufa'] as const)(
    '%s takes a delivery, checks each record, answers a resend with the first answer',
    async (bureau) => {
      const sim = await startBureauSimulator({ port: 0 });
      try {
        const delivery = {
          deliveryId: `bureau-report:${bureau}:2026-10:1`,
          memberNumber: '123456789',
          period: '2026-10',
          reportDate: '2026-10-31',
          records: [
            record('M-1'),
            record('M-2', { recordType: 'new', state: { status: 'settled', openCents: 0, writtenOffCents: 0, dunningLevel: 2 } }),
          ],
        };
        const msg = deliveryMessage(bureau, delivery);
        const send = () =>
          fetch(`${sim.url}/${bureau}${msg.path}`, { method: 'POST', headers: { 'content-type': msg.contentType }, body: msg.body });
        const first = await send();
        expect(first.status).toBe(200);
        const answer = parseAnswer(bureau, await first.text());
        expect(answer?.records).toEqual([
          { reference: 'M-1', accepted: true },
          { reference: 'M-2', accepted: false, error: 'a new entry must be an open claim' },
        ]);
        const again = parseAnswer(bureau, await (await send()).text());
        expect(again?.receiptId).toBe(answer?.receiptId);
        const listed = (await (await fetch(`${sim.url}/admin/reports/${bureau}`)).json()) as { duplicates: number; records: unknown[] }[];
        expect(listed).toHaveLength(1);
        expect(listed[0]).toMatchObject({ duplicates: 1, period: '2026-10', memberNumber: '123456789' });
        expect(listed[0].records[0]).toMatchObject({ reference: 'M-1', lastName: 'Müller & Söhne', openAmount: '123.45', dunningLevel: 2 });
        expect(sim.reports()).toHaveLength(1);
        sim.reset();
        expect(sim.reports()).toHaveLength(0);
      } finally {
        await sim.close();
      }
    },
  );

  it('refuses a malformed delivery with the bureau’s own error, and 503 while down', async () => {
    const sim = await startBureauSimulator({ port: 0 });
    try {
      const bad = await fetch(`${sim.url}/creditreform/boniversum/v1/payment-experiences`, { method: 'POST', body: '<Other/>' });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toContain('<Fault>');
      expect((await fetch(`${sim.url}/schufa/v1/payment-experiences`, { method: 'POST', body: '{}' })).status).toBe(400);
      sim.setUp('creditreform', false);
      expect((await fetch(`${sim.url}/creditreform/boniversum/v1/payment-experiences`, { method: 'POST', body: '' })).status).toBe(503);
      expect(sim.reports()).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
