/**
 * Job handlers of the process claim-collection (claims captured in the phone app). Each step is
 * recorded once per claim (captured_claim_steps), the letter rendered once per key, the mail and
 * the SMS sent once per key: a retried job sends nothing twice. A claim paid meanwhile answers
 * `paid: true` and nothing goes out.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Settings } from '../../config/settings';
import { getAttachment } from '../../domain/care/attachments';
import { claimCollectionFile, claimSchedule, handOverClaim, loadClaim, recordClaimStep, type CapturedClaim } from '../../domain/claims';
import { formatEuro } from '../../domain/money';
import type { GermanState } from '../../domain/payments/calendar';
import { addDays } from '../../domain/shared/dates';
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import { createPrintRun, formatDate, type Recipient } from '../documents';
import type { JobHandler, Vars } from '../runtime';
import { createSmsChannel } from '../dunning/sms';

/** Photos a PDF page can hold (pdf-lib embeds JPEG and PNG; a WebP or HEIC photo goes without a copy). */
const PRINTABLE = ['image/jpeg', 'image/png'];
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;

/** The letter with the photo of the invoice as a page of its own, scaled to fit the page. */
async function withInvoiceCopy(letter: Buffer, photo: Buffer, mediaType: string, invoiceNumber: string): Promise<Buffer> {
  const pdf = await PDFDocument.load(letter);
  const image = mediaType === 'image/png' ? await pdf.embedPng(photo) : await pdf.embedJpg(photo);
  const page = pdf.addPage([A4.width, A4.height]);
  const font = await pdf.embedFont(StandardFonts.HelveticaBold);
  // The standard font encodes Latin-1 only; an invoice number is shown as far as it can be.
  const title = `Kopie der Rechnung ${invoiceNumber}`.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
  page.drawText(title, { x: MARGIN, y: A4.height - MARGIN, size: 11, font });
  const maxWidth = A4.width - 2 * MARGIN;
  const maxHeight = A4.height - 2 * MARGIN - 24;
  const scale = Math.min(maxWidth / image.width, maxHeight / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, { x: MARGIN, y: A4.height - MARGIN - 24 - height, width, height });
  return Buffer.from(await pdf.save());
}

export function createClaimHandlers(deps: AccountingDeps, settings: Settings): Record<string, JobHandler> {
  const { db } = deps;
  const state = settings.dunningHolidayState as GermanState;
  const printRun = createPrintRun({ directory: deps.printDirectory });
  const sms = createSmsChannel(db);

  const claimOf = (vars: Vars) => loadClaim(db, str(vars, 'claimId'));
  const recipientOf = (c: CapturedClaim): Recipient => ({ name: c.debtor.name, ...c.debtor.address });
  const stepDone = (c: CapturedClaim, step: string) => c.steps.find((s) => s.step === step);

  /** The first notice as PDF, rendered once, the invoice's photo as its second page; the e-mail reminder attaches the same letter. */
  async function noticePdf(c: CapturedClaim, today: string) {
    const schedule = claimSchedule(c.capturedOn, state);
    return deps.documents.ensure(
      { businessKey: `claim-notice:${c.id}:pdf`, kind: 'claim_notice', fileName: `Zahlungserinnerung-${c.claimNumber}.pdf` },
      async () => {
        const photo = await getAttachment(db, c.photoAttachmentId);
        const copy = photo && PRINTABLE.includes(photo.mediaType) ? photo : undefined;
        const letter = async (invoiceCopy: boolean) =>
          (await deps.pdf()).render(
            deps.templates.letter('claim-notice', {
              recipient: recipientOf(c),
              date: today,
              claimNumber: c.claimNumber,
              invoiceNumber: c.invoiceNumber,
              invoiceDueDate: c.dueDate,
              amountCents: c.amountCents,
              payBy: schedule.payBy,
              invoiceCopy,
            }),
          );
        if (!copy) return letter(false);
        const pages = await letter(true);
        try {
          return await withInvoiceCopy(pages, copy.bytes, copy.mediaType, c.invoiceNumber);
        } catch {
          // A photo whose signature is right but whose data is damaged cannot be embedded: the letter goes without the copy.
          return letter(false);
        }
      },
    );
  }

  return {
    async 'claims.plan'(vars: Vars): Promise<Vars> {
      const c = await claimOf(vars);
      const { firstNoticeAt, emailReminderAt, smsReminderAt, handoverAt } = claimSchedule(c.capturedOn, state);
      return { firstNoticeAt, emailReminderAt, smsReminderAt, handoverAt };
    },

    /** The first notice goes by letter (the print run), as dunning notices do. */
    async 'claims.first-notice'(vars: Vars): Promise<Vars> {
      const c = await claimOf(vars);
      if (c.status === 'paid') return { paid: true };
      const today = deps.today();
      const doc = await noticePdf(c, today);
      const pdf = await deps.documents.get(doc.id);
      await printRun.add({ businessKey: `claim-notice:${c.id}`, recipient: recipientOf(c), pdf: pdf!.content }, today);
      await recordClaimStep(db, c.id, 'first_notice', today, { documentId: doc.id });
      return { paid: false };
    },

    async 'claims.email-reminder'(vars: Vars): Promise<Vars> {
      const c = await claimOf(vars);
      if (c.status === 'paid') return { paid: true };
      const today = deps.today();
      const doc = await noticePdf(c, today);
      const pdf = await deps.documents.get(doc.id);
      const mail = deps.templates.mail('claim-reminder', {
        recipient: { name: c.debtor.name },
        claimNumber: c.claimNumber,
        invoiceNumber: c.invoiceNumber,
        amountCents: c.amountCents,
        firstNoticeOn: stepDone(c, 'first_notice')?.doneOn ?? c.capturedOn,
        payBy: claimSchedule(c.capturedOn, state).payBy,
      });
      await deps.mailer.sendOnce(db, `claim-reminder:${c.id}`, {
        to: c.debtor.email,
        ...mail,
        attachments: [{ filename: doc.fileName, content: pdf!.content, contentType: 'application/pdf' }],
      });
      await recordClaimStep(db, c.id, 'email_reminder', today, { to: c.debtor.email });
      return { paid: false };
    },

    /** Without a phone number there is nobody to text: the step is recorded as skipped. */
    async 'claims.sms-reminder'(vars: Vars): Promise<Vars> {
      const c = await claimOf(vars);
      if (c.status === 'paid') return { paid: true };
      const today = deps.today();
      if (c.debtor.phone) {
        await sms.send(
          `claim-reminder-sms:${c.id}`,
          c.debtor.phone,
          `${deps.company.shortName}: Rechnung ${c.invoiceNumber} über ${formatEuro(c.amountCents)} ist noch offen. ` +
            `Bitte überweisen Sie bis ${formatDate(addDays(today, 7))} auf ${deps.company.iban}, Verwendungszweck ${c.claimNumber}. Sonst folgt das Inkasso.`,
        );
      }
      await recordClaimStep(db, c.id, 'sms_reminder', today, c.debtor.phone ? { phone: c.debtor.phone } : { skipped: 'no phone number' });
      return { paid: false };
    },

    /** Collection: the claim as an agency file in domain/collection's format, kept with the claim and put into the outbox. */
    async 'claims.handover'(vars: Vars): Promise<Vars> {
      const c = await claimOf(vars);
      if (c.status === 'paid') return { paid: true };
      const today = deps.today();
      const format = settings.collectionAgencyFormat === 'json' ? 'json' : 'csv';
      const file = claimCollectionFile(c, format, deps.company.name, today);
      await handOverClaim(db, c.id, today, file);
      // The agency's transfer picks the file up from the outbox (as for collection cases); writing it again is harmless.
      const dir = path.join(deps.printDirectory, '..', 'collection-outbox');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, `${c.claimNumber}.${format}`), (await loadClaim(db, c.id)).collectionFile ?? file);
      return { paid: false, collectionFileName: `${c.claimNumber}.${format}` };
    },
  };
}
