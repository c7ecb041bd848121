import { databaseVariants, type TestDatabase } from '../../db/testing';
import { CareError } from '../care/errors';
import {
  captureClaim,
  claimCollectionFile,
  claimSchedule,
  getClaim,
  handOverClaim,
  markClaimPaid,
  recordClaimStep,
  validateClaim,
  type ClaimInput,
} from '.';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const input = (patch: Partial<ClaimInput> = {}): ClaimInput => ({
  debtor: {
    name: 'Peter Mustermann',
    address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '50667', city: 'Köln' },
    email: 'peter@kunde.example',
    phone: '+49 171 2345678',
  },
  amountCents: 12345,
  invoiceNumber: 'RE-2026-0042',
  dueDate: '2026-05-15',
  ...patch,
});

describe('claim schedule (pure)', () => {
  it('sends the first notice on the next working day: Friday before Whit Monday → Tuesday', () => {
    // 2026-05-22 is a Friday, 2026-05-25 Whit Monday (Pfingstmontag), a public holiday everywhere.
    expect(claimSchedule('2026-05-22', 'NW').firstNoticeAt).toBe('2026-05-26T06:00:00Z');
  });
  it('on a normal weekday the day after', () => {
    expect(claimSchedule('2026-05-19', 'NW').firstNoticeAt).toBe('2026-05-20T06:00:00Z');
  });
  it('skips a regional holiday only where it is one (Corpus Christi, 4 June 2026)', () => {
    expect(claimSchedule('2026-06-03', 'NW').firstNoticeAt).toBe('2026-06-05T06:00:00Z');
    expect(claimSchedule('2026-06-03', 'BE').firstNoticeAt).toBe('2026-06-04T06:00:00Z');
  });
  it('puts the reminders after the payment period, each on a working day and in order', () => {
    const s = claimSchedule('2026-05-19', 'NW');
    expect(s.payBy).toBe('2026-06-03');
    expect(s.emailReminderAt).toBe('2026-06-05T06:00:00Z'); // 4 June is Corpus Christi in NRW
    expect(s.smsReminderAt > s.emailReminderAt && s.handoverAt > s.smsReminderAt).toBe(true);
  });
});

describe('claim validation (pure)', () => {
  const field = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      return (e as CareError).field;
    }
    return undefined;
  };
  it('names the wrong field', () => {
    expect(field(() => validateClaim(input({ amountCents: 0 })))).toBe('amountCents');
    expect(field(() => validateClaim(input({ amountCents: 12.5 })))).toBe('amountCents');
    expect(field(() => validateClaim(input({ dueDate: '2026-02-30' })))).toBe('dueDate');
    expect(field(() => validateClaim({ ...input(), debtor: { ...input().debtor, email: 'nope' } }))).toBe('debtor.email');
    expect(field(() => validateClaim({ ...input(), debtor: { ...input().debtor, phone: 'call me' } }))).toBe('debtor.phone');
    expect(field(() => validateClaim(input()))).toBeUndefined();
  });
});

describe.each(databaseVariants())('captured claims on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });
  const capture = (patch: Record<string, unknown> = {}) =>
    captureClaim(t.db, {
      ...input(),
      photo: { bytes: PNG, filename: 'rechnung.png' },
      capturedBy: 'caseworker',
      capturedOn: '2026-05-22',
      maxPhotoBytes: 1024,
      ...patch,
    });
  const counts = async () => ({
    claims: Number((await t.db('captured_claims').count('* as n'))[0].n),
    attachments: Number((await t.db('attachments').count('* as n'))[0].n),
  });

  it('stores the claim with its photo, exact to the cent', async () => {
    const { claim, created } = await capture({ idempotencyKey: 'k-1' });
    expect(created).toBe(true);
    expect(claim).toMatchObject({ amountCents: 12345, status: 'captured', dueDate: '2026-05-15', capturedOn: '2026-05-22' });
    expect(claim.claimNumber).toMatch(/^FE-\d{8}$/);
    const photo = await t.db('attachments').where({ id: claim.photoAttachmentId }).first();
    expect(photo.media_type).toBe('image/png');
    // A retry with the same key finds the first claim.
    const again = await capture({ idempotencyKey: 'k-1' });
    expect(again).toMatchObject({ created: false, claim: { id: claim.id } });
  });

  it('refuses a photo that is not an image, or too large, and stores nothing', async () => {
    const before = await counts();
    await expect(capture({ photo: { bytes: Buffer.from('%PDF-1.7 not a photo') } })).rejects.toMatchObject({
      code: 'invalid',
      field: 'photo',
    });
    await expect(capture({ photo: { bytes: Buffer.concat([PNG, Buffer.alloc(2000)]) } })).rejects.toMatchObject({ field: 'photo' });
    await expect(capture({ amountCents: -5 })).rejects.toMatchObject({ field: 'amountCents' });
    expect(await counts()).toEqual(before);
  });

  it('records each step once, stops when paid, and hands over the file once', async () => {
    const { claim } = await capture();
    expect(await recordClaimStep(t.db, claim.id, 'first_notice', '2026-05-26')).toBe(true);
    expect(await recordClaimStep(t.db, claim.id, 'first_notice', '2026-05-27')).toBe(false);
    expect((await getClaim(t.db, claim.id))!.status).toBe('notified');
    const file = claimCollectionFile((await getClaim(t.db, claim.id))!, 'csv', 'Rheinstrom Energie GmbH', '2026-07-01');
    expect(file).toContain('RE-2026-0042');
    expect(file).toContain(';123.45');
    expect(await handOverClaim(t.db, claim.id, '2026-07-01', file)).toBe(true);
    expect(await handOverClaim(t.db, claim.id, '2026-07-02', 'other')).toBe(false);
    const handed = (await getClaim(t.db, claim.id))!;
    expect(handed).toMatchObject({ status: 'collection', collectionFile: file });
    expect(handed.steps.map((s) => s.step)).toEqual(['first_notice', 'handover']);
    await expect(markClaimPaid(t.db, claim.id, '2026-07-03')).rejects.toMatchObject({ code: 'conflict' });

    const { claim: second } = await capture();
    await markClaimPaid(t.db, second.id, '2026-05-25');
    expect(await recordClaimStep(t.db, second.id, 'first_notice', '2026-05-26')).toBe(false);
    expect((await getClaim(t.db, second.id))!).toMatchObject({ status: 'paid', paidOn: '2026-05-25', steps: [] });
  });
});
