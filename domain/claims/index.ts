/**
 * Claims captured on the phone (Forderungserfassung): debtor, amount, invoice number, due date and a
 * photo of the invoice, handed to the process claim-collection. The first notice goes out on the
 * next German working day, then an e-mail and an SMS reminder; a claim still unpaid goes to
 * collection as an agency file in domain/collection's format (the debtor is no customer of ours, so
 * there is no contract account for a court case of our own).
 *
 * A capture is all or nothing: the fields are checked, then the photo (an image within the limit,
 * read from its bytes) and the claim are stored in one transaction.
 */
import type { Database } from '../../db';
import { storeAttachment } from '../care/attachments';
import { CareError } from '../care/errors';
import { agencyFile, type AgencyFormat, type CollectionCase, type Claim } from '../collection';
import type { Cents } from '../money';
import { addGermanWorkingDays, type GermanState } from '../payments/calendar';
import { addDays, isoDate, isValidIsoDate } from '../shared/dates';
import { toCents } from '../shared/db';

export type ClaimStatus = 'captured' | 'notified' | 'reminded' | 'paid' | 'collection';
export type ClaimStep = 'first_notice' | 'email_reminder' | 'sms_reminder' | 'handover';

/** Days the first notice gives to pay; the reminders follow on working days after it. */
export const CLAIM_PAYMENT_DAYS = 14;
/** The SMS follows the e-mail reminder, and collection the SMS, after this many days. */
export const CLAIM_REMINDER_GAP_DAYS = 7;

export interface DebtorAddress {
  street: string;
  houseNumber: string;
  postalCode: string;
  city: string;
}

export interface ClaimInput {
  debtor: { name: string; address: DebtorAddress; email: string; phone?: string | null };
  amountCents: Cents;
  invoiceNumber: string;
  dueDate: string;
}

export interface CapturedClaim {
  id: string;
  claimNumber: string;
  capturedBy: string;
  debtor: { name: string; address: DebtorAddress; email: string; phone: string | null };
  amountCents: Cents;
  invoiceNumber: string;
  dueDate: string;
  photoAttachmentId: string;
  capturedOn: string;
  status: ClaimStatus;
  paidOn: string | null;
  collectionFile: string | null;
  processInstanceKey: string | null;
  createdAt: Date;
  steps: Array<{ step: ClaimStep; doneOn: string; detail: Record<string, unknown> | null }>;
}

interface Row {
  id: string;
  claim_number: string;
  captured_by: string;
  debtor_name: string;
  debtor_address: DebtorAddress | string;
  debtor_email: string;
  debtor_phone: string | null;
  amount_cents: string | number;
  invoice_number: string;
  due_date: Date | string;
  photo_attachment_id: string;
  captured_on: Date | string;
  status: ClaimStatus;
  paid_on: Date | string | null;
  collection_file: string | null;
  process_instance_key: string | null;
  created_at: Date | string;
}

const parsed = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const trimmed = (v: string) => v.trim().replace(/\s+/g, ' ');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with an optional leading +, spaces, slashes and dashes: what people type on a phone. */
const PHONE = /^\+?[0-9][0-9 /-]{5,24}$/;

/** The checks beyond the request schema; the first wrong field is named. */
export function validateClaim(input: ClaimInput): void {
  const d = input.debtor;
  const fail = (field: string, message: string) => {
    throw new CareError('invalid', message, field);
  };
  if (!trimmed(d.name)) fail('debtor.name', 'must not be empty');
  if (!trimmed(d.address.street)) fail('debtor.address.street', 'must not be empty');
  if (!trimmed(d.address.houseNumber)) fail('debtor.address.houseNumber', 'must not be empty');
  if (!/^\d{5}$/.test(d.address.postalCode.trim())) fail('debtor.address.postalCode', 'must be a German postal code (5 digits)');
  if (!trimmed(d.address.city)) fail('debtor.address.city', 'must not be empty');
  if (!EMAIL.test(d.email.trim())) fail('debtor.email', 'must be an e-mail address');
  if (d.phone && !PHONE.test(d.phone.trim())) fail('debtor.phone', 'must be a phone number, e.g. +49 171 2345678');
  if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0)
    fail('amountCents', 'must be a whole number of cents greater than 0');
  if (!trimmed(input.invoiceNumber)) fail('invoiceNumber', 'must not be empty');
  if (!isValidIsoDate(input.dueDate)) fail('dueDate', 'must be a date YYYY-MM-DD');
}

function toClaim(r: Row, steps: CapturedClaim['steps'] = []): CapturedClaim {
  return {
    id: r.id,
    claimNumber: r.claim_number,
    capturedBy: r.captured_by,
    debtor: { name: r.debtor_name, address: parsed(r.debtor_address), email: r.debtor_email, phone: r.debtor_phone },
    amountCents: toCents(r.amount_cents),
    invoiceNumber: r.invoice_number,
    dueDate: isoDate(r.due_date),
    photoAttachmentId: r.photo_attachment_id,
    capturedOn: isoDate(r.captured_on),
    status: r.status,
    paidOn: r.paid_on ? isoDate(r.paid_on) : null,
    collectionFile: r.collection_file,
    processInstanceKey: r.process_instance_key,
    createdAt: new Date(r.created_at),
    steps,
  };
}

/**
 * Stores the photo and the claim in one transaction; a bad field or photo stores nothing. The same
 * idempotency key returns the claim captured first (`created` false).
 */
export async function captureClaim(
  db: Database,
  input: ClaimInput & {
    photo: { bytes: Buffer; filename?: string };
    capturedBy: string;
    capturedOn: string;
    maxPhotoBytes: number;
    idempotencyKey?: string;
  },
): Promise<{ claim: CapturedClaim; created: boolean }> {
  if (input.idempotencyKey) {
    const found = (await db('captured_claims').where({ idempotency_key: input.idempotencyKey }).first()) as Row | undefined;
    if (found) return { claim: toClaim(found), created: false };
  }
  validateClaim(input);
  return db.transaction(async (trx) => {
    const photo = await storeAttachment(trx, {
      bytes: input.photo.bytes,
      filename: input.photo.filename,
      uploadedBy: input.capturedBy,
      maxBytes: input.maxPhotoBytes,
      accept: 'image',
    });
    const d = input.debtor;
    const [row] = (await trx('captured_claims')
      .insert({
        captured_by: input.capturedBy,
        debtor_name: trimmed(d.name),
        debtor_address: JSON.stringify({
          street: trimmed(d.address.street),
          houseNumber: trimmed(d.address.houseNumber),
          postalCode: d.address.postalCode.trim(),
          city: trimmed(d.address.city),
        }),
        debtor_email: d.email.trim(),
        debtor_phone: d.phone?.trim() || null,
        amount_cents: input.amountCents,
        invoice_number: trimmed(input.invoiceNumber),
        due_date: input.dueDate,
        photo_attachment_id: photo.id,
        captured_on: input.capturedOn,
        idempotency_key: input.idempotencyKey ?? null,
      })
      .returning('*')) as Row[];
    return { claim: toClaim(row), created: true };
  });
}

export async function attachClaimProcess(db: Database, id: string, processInstanceKey: string): Promise<void> {
  await db('captured_claims').where({ id }).whereNull('process_instance_key').update({ process_instance_key: processInstanceKey });
}

export async function getClaim(db: Database, id: string): Promise<CapturedClaim | undefined> {
  const row = (await db('captured_claims').where({ id }).first()) as Row | undefined;
  if (!row) return undefined;
  const steps = (await db('captured_claim_steps').where({ claim_id: id }).orderBy('created_at')) as Array<{
    step: ClaimStep;
    done_on: Date | string;
    detail: Record<string, unknown> | string | null;
  }>;
  return toClaim(
    row,
    steps.map((s) => ({ step: s.step, doneOn: isoDate(s.done_on), detail: s.detail === null ? null : parsed(s.detail) })),
  );
}

export async function loadClaim(db: Database, id: string): Promise<CapturedClaim> {
  const c = await getClaim(db, id);
  if (!c) throw new CareError('not_found', `No captured claim ${id}`);
  return c;
}

/** The claims a user captured, newest first. */
export async function claimsOf(db: Database, capturedBy: string, limit = 50): Promise<CapturedClaim[]> {
  const rows = (await db('captured_claims').where({ captured_by: capturedBy }).orderBy('created_at', 'desc').limit(limit)) as Row[];
  return rows.map((r) => toClaim(r));
}

/** The timer dates (06:00 UTC, early morning in Germany) of the process, from the day of capture. Pure. */
export function claimSchedule(
  capturedOn: string,
  state: GermanState,
): { firstNoticeAt: string; emailReminderAt: string; smsReminderAt: string; handoverAt: string; payBy: string } {
  const at = (d: string) => `${d}T06:00:00Z`;
  const nextWorking = (d: string) => addGermanWorkingDays(addDays(d, -1), 1, state);
  // The next working day after the capture, never the day itself (the seed: "am darauffolgenden Arbeitstag").
  const firstNotice = addGermanWorkingDays(capturedOn, 1, state);
  const payBy = addDays(firstNotice, CLAIM_PAYMENT_DAYS);
  const email = nextWorking(addDays(payBy, 1));
  const sms = nextWorking(addDays(email, CLAIM_REMINDER_GAP_DAYS));
  const handover = nextWorking(addDays(sms, CLAIM_REMINDER_GAP_DAYS));
  return { firstNoticeAt: at(firstNotice), emailReminderAt: at(email), smsReminderAt: at(sms), handoverAt: at(handover), payBy };
}

const STATUS_AFTER: Record<ClaimStep, ClaimStatus> = {
  first_notice: 'notified',
  email_reminder: 'reminded',
  sms_reminder: 'reminded',
  handover: 'collection',
};

/**
 * Records a step of the process once; false when it was recorded before (a retried job) or the
 * claim is paid meanwhile (nothing more goes out). A paid claim keeps its status.
 */
export async function recordClaimStep(
  db: Database,
  claimId: string,
  step: ClaimStep,
  doneOn: string,
  detail: Record<string, unknown> = {},
): Promise<boolean> {
  return db.transaction(async (trx) => {
    const row = (await trx('captured_claims').where({ id: claimId }).forUpdate().first('status')) as { status: ClaimStatus } | undefined;
    if (!row) throw new CareError('not_found', `No captured claim ${claimId}`);
    if (row.status === 'paid') return false;
    const inserted = (await trx('captured_claim_steps')
      .insert({ claim_id: claimId, step, done_on: doneOn, detail: JSON.stringify(detail) })
      .onConflict(['claim_id', 'step'])
      .ignore()
      .returning('step')) as unknown[];
    if (inserted.length === 0) return false;
    await trx('captured_claims').where({ id: claimId }).update({ status: STATUS_AFTER[step] });
    return true;
  });
}

/** The debtor paid (told by the case worker): no further step goes out. A claim in collection stays there. */
export async function markClaimPaid(db: Database, claimId: string, paidOn: string): Promise<CapturedClaim> {
  if (!isValidIsoDate(paidOn)) throw new CareError('invalid', 'must be a date YYYY-MM-DD', 'paidOn');
  const c = await loadClaim(db, claimId);
  if (c.status === 'collection') throw new CareError('conflict', `Claim ${c.claimNumber} is with collection already`);
  await db('captured_claims').where({ id: claimId }).whereNot({ status: 'collection' }).update({ status: 'paid', paid_on: paidOn });
  return loadClaim(db, claimId);
}

/** Pure: the claim as domain/collection's agency file (the same format a collection case hands over). */
export function claimCollectionFile(c: CapturedClaim, format: AgencyFormat, creditor: string, today: string): string {
  const caseView: CollectionCase = {
    id: c.id,
    caseNumber: c.claimNumber,
    dunningCaseId: null,
    contractAccountId: '',
    accountNumber: '',
    path: 'agency',
    state: 'opened',
    claimCents: c.amountCents,
    courtFeeCents: 0,
    openedOn: today,
    paymentOrderServedOn: null,
    objectionDeadline: null,
    enforcementOrderDeadline: null,
    enforcementOrderServedOn: null,
    protestDeadline: null,
    titleKind: null,
    titleOn: null,
    closedOn: null,
    closeReason: null,
  };
  const claim: Claim = {
    items: [
      {
        lineId: c.id,
        itemType: 'bill',
        category: 'main',
        documentNumber: c.invoiceNumber,
        text: `Rechnung ${c.invoiceNumber}`,
        dueDate: c.dueDate,
        openCents: c.amountCents,
      },
    ],
    mainCents: c.amountCents,
    interestCents: 0,
    costsCents: 0,
    creditCents: 0,
    totalCents: c.amountCents,
    blockedLineIds: [],
  };
  const a = c.debtor.address;
  return agencyFile(
    format,
    caseView,
    {
      accountNumber: '',
      customerNumber: '',
      name: c.debtor.name,
      street: a.street,
      houseNumber: a.houseNumber,
      postalCode: a.postalCode,
      city: a.city,
      birthDate: null,
      email: c.debtor.email,
    },
    claim,
    creditor,
  );
}

/** Hands the unpaid claim to collection once: the file is kept with the claim; false if paid or handed over before. */
export async function handOverClaim(db: Database, claimId: string, today: string, file: string): Promise<boolean> {
  const done = await recordClaimStep(db, claimId, 'handover', today, {});
  // Also on a retry after a crash between the two writes: the file is set once.
  await db('captured_claims').where({ id: claimId, status: 'collection' }).whereNull('collection_file').update({ collection_file: file });
  return done;
}
