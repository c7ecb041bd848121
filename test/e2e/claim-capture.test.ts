/**
 * Claim capture and the phone's credit check end to end, on the controllable engine clock: a claim
 * captured on a normal weekday gets its first notice the next day; one captured on the Friday before
 * Whit Monday (25 May 2026, a public holiday) on Tuesday. Then the e-mail (with the letter), the SMS
 * and the handover to collection; a claim paid meanwhile gets nothing more. Bad photos change nothing.
 */
import { PDFDocument } from 'pdf-lib';
import type { System } from '../../server/system';
import { createDocumentStore } from '../../workers/documents';
import { pdfText } from '../../workers/documents/pdfText';
import { signIn, type SignedIn } from '../auth';
import { attachmentText, callApi, incidents, mailTo, startTestSystem, waitFor } from './system';

jest.setTimeout(120_000);

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const MAX_BYTES = 64 * 1024;

describe('claims captured on the phone', () => {
  let system: System;
  let caseworker: SignedIn;

  beforeAll(async () => {
    system = await startTestSystem({ attachmentMaxBytes: MAX_BYTES, dunningHolidayState: 'NW' });
    caseworker = await signIn(system.httpUrl, 'caseworker');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pin = (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+02:00`));
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callApi(system, method, path, { ...caseworker.headers, ...headers }, body);
  const claimBody = (debtor: string, photo: Buffer = PNG) => ({
    debtor: {
      name: `${debtor} Mustermann`,
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '50667', city: 'Köln' },
      email: `${debtor.toLowerCase()}@schuldner.example`,
      phone: '+49 171 2345678',
    },
    amountCents: 12345,
    invoiceNumber: `RE-${debtor}`,
    dueDate: '2026-05-01',
    photo: { fileName: 'rechnung.png', data: photo.toString('base64') },
  });
  const claim = async (id: string) => (await call('GET', `/api/mobile/claims/${id}`)).body;
  const stepOf = async (id: string, step: string) =>
    ((await claim(id)).steps as Array<{ step: string; doneOn: string }>).find((s) => s.step === step);
  const waitForStep = (id: string, step: string) => waitFor(() => stepOf(id, step), `${step} of claim ${id}`);
  const counts = async () => ({
    claims: Number((await system.db('captured_claims').count('* as n'))[0].n),
    attachments: Number((await system.db('attachments').count('* as n'))[0].n),
  });

  let weekday: Record<string, any>;
  let friday: Record<string, any>;

  it('a claim captured on a Tuesday gets its first notice, a letter, on Wednesday', async () => {
    await pin('2026-05-19');
    const res = await call('POST', '/api/mobile/claims', claimBody('Dienstag'), { 'idempotency-key': 'claim-tuesday' });
    expect(res.status).toBe(201);
    weekday = res.body;
    expect(weekday).toMatchObject({ status: 'captured', amountCents: 12345, capturedOn: '2026-05-19', capturedBy: 'caseworker' });
    // A retry of the same capture answers the same claim.
    const again = await call('POST', '/api/mobile/claims', claimBody('Dienstag'), { 'idempotency-key': 'claim-tuesday' });
    expect(again).toMatchObject({ status: 200, body: { id: weekday.id } });

    await pin('2026-05-20');
    expect(await waitForStep(weekday.id, 'first_notice')).toMatchObject({ doneOn: '2026-05-20' });
    const doc = await createDocumentStore(system.db).getByKey(`claim-notice:${weekday.id}:pdf`);
    const text = await pdfText(doc!.content);
    expect(text).toContain('Zahlungserinnerung');
    expect(text).toContain('RE-Dienstag');
    expect(text).toContain('123,45');
    expect(text).toContain(weekday.claimNumber);
    // The photo of the invoice follows as page 2.
    expect(text).toContain('Anlage: Kopie der Rechnung RE-Dienstag');
    expect((await PDFDocument.load(doc!.content)).getPageCount()).toBe(2);
  });

  it('a claim captured on the Friday before Whit Monday gets its first notice on Tuesday', async () => {
    await pin('2026-05-22');
    const res = await call('POST', '/api/mobile/claims', claimBody('Freitag'));
    expect(res.status).toBe(201);
    friday = res.body;
    await pin('2026-05-23');
    await pin('2026-05-25');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stepOf(friday.id, 'first_notice')).toBeUndefined();
    await pin('2026-05-26');
    expect(await waitForStep(friday.id, 'first_notice')).toMatchObject({ doneOn: '2026-05-26' });
    expect((await claim(friday.id)).status).toBe('notified');
  });

  it('then the e-mail with the letter, the SMS and the handover to collection; a paid claim gets nothing more', async () => {
    // The Friday claim is paid before its reminder.
    expect((await call('POST', `/api/mobile/claims/${friday.id}/payment`, { paidOn: '2026-05-26' })).body.status).toBe('paid');

    // Payment period 14 days from 20 May → 3 June; 4 June is Corpus Christi in NRW: the e-mail goes on 5 June.
    await pin('2026-06-05');
    const mail = await mailTo(system, 'dienstag@schuldner.example', /RE-Dienstag/);
    expect(mail.text).toContain('123,45');
    expect(await attachmentText(mail)).toContain('RE-Dienstag');
    expect(await waitForStep(weekday.id, 'email_reminder')).toMatchObject({ doneOn: '2026-06-05' });

    await pin('2026-06-12');
    expect(await waitForStep(weekday.id, 'sms_reminder')).toMatchObject({ doneOn: '2026-06-12' });
    const sms = await system
      .db('sms_log')
      .where({ business_key: `claim-reminder-sms:${weekday.id}` })
      .first();
    expect(sms.phone).toBe('+49 171 2345678');
    expect(sms.text).toContain('123,45');

    await pin('2026-06-19');
    expect(await waitForStep(weekday.id, 'handover')).toMatchObject({ doneOn: '2026-06-19' });
    const handed = await claim(weekday.id);
    expect(handed).toMatchObject({ status: 'collection', handedOverToCollection: true });
    expect(handed.collectionFile).toContain('RE-Dienstag');
    expect(handed.collectionFile).toContain('Dienstag Mustermann');

    const paid = await claim(friday.id);
    expect(paid.status).toBe('paid');
    expect(paid.steps.map((s: { step: string }) => s.step)).toEqual(['first_notice']);
    expect(
      await system
        .db('outbound_mails')
        .where({ business_key: `claim-reminder:${friday.id}` })
        .first(),
    ).toBeUndefined();
    expect(await incidents(system)).toEqual([]);
  });

  it('refuses a photo that is not an image or too large, and a claim without amount, storing nothing', async () => {
    const before = await counts();
    const notImage = await call('POST', '/api/mobile/claims', claimBody('Pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj')));
    expect(notImage.status).toBe(400);
    expect(notImage.body.details).toEqual([{ field: 'photo', message: expect.stringMatching(/not an image/) }]);
    const big = await call('POST', '/api/mobile/claims', claimBody('Gross', Buffer.concat([PNG, Buffer.alloc(MAX_BYTES)])));
    expect(big.status).toBe(400);
    expect(big.body.details).toEqual([{ field: 'photo', message: expect.stringMatching(/larger than/) }]);
    const { amountCents: _omitted, ...noAmount } = claimBody('Ohne');
    const missing = await call('POST', '/api/mobile/claims', { ...noAmount, dueDate: 'morgen' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { field: string }) => d.field).sort()).toEqual(expect.arrayContaining(['amountCents', 'dueDate']));
    const cents = await call('POST', '/api/mobile/claims', { ...claimBody('Komma'), amountCents: 123.45 });
    expect(cents.status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('a credit check shows every bureau and the worst light, logged with its purpose', async () => {
    const person = {
      firstName: 'Peter',
      lastName: 'Gelb',
      birthDate: '1975-03-02',
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '50667', city: 'Köln' },
    };
    const res = await call('POST', '/api/mobile/credit-checks', { purpose: 'contract_initiation', person });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'completed',
      trafficLight: 'yellow',
      purpose: 'contract_initiation',
      requestedBy: 'caseworker',
    });
    expect(res.body.results.map((r: { bureau: string }) => r.bureau).sort()).toEqual(['creditreform', 'infoscore', 'schufa']);
    for (const r of res.body.results) expect(r).toMatchObject({ outcome: 'answered', trafficLight: 'yellow', score: expect.any(Number) });
    // Every paid bureau call is audited under the check.
    expect(Number((await system.db('bureau_requests').where({ credit_check_id: res.body.id }).count('* as n'))[0].n)).toBe(3);

    const log = await call('GET', '/api/mobile/credit-checks');
    expect(log.body.items[0]).toMatchObject({ id: res.body.id, purposeLabel: 'Vertragsanbahnung' });

    // Bureaus that are down show as such at once: the phone is not left waiting for an incident.
    const down = await call('POST', '/api/mobile/credit-checks', { purpose: 'claim_review', person: { ...person, lastName: 'Fehler' } });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ status: 'completed', trafficLight: null });
    expect(down.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['unavailable', 'unavailable', 'unavailable']);

    const before = Number((await system.db('credit_checks').count('* as n'))[0].n);
    const noPurpose = await call('POST', '/api/mobile/credit-checks', { person });
    expect(noPurpose.status).toBe(400);
    expect(noPurpose.body.details.map((d: { field: string }) => d.field)).toContain('purpose');
    expect(Number((await system.db('credit_checks').count('* as n'))[0].n)).toBe(before);
  });
});
