/**
 * SEPA mandates of a contract account:
 *   POST /api/accounts/{accountNumber}/mandates   {iban, accountHolder, signedDate, bic?} → a changed bank account
 *        gets a new mandate (`M-<account>-<n>`), the old one is revoked; the next debit is the new mandate's
 *        first (FRST). The customer gets a confirmation with the pre-notification of the next debits.
 * A retry with the same IBAN and signature date finds the mandate of the first call (and sends the
 * confirmation once).
 */
import type { FastifyInstance } from 'fastify';
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import type { Settings } from '../../../config/settings';
import { replaceMandate } from '../../../domain/payments/mandates';
import { today } from '../../../domain/shared/dates';
import { problem, sendProblem } from '../../../engine/rest/problem';
import { createTemplateRenderer, defaultTemplatesDir, maskIban, type MandateConfirmationMail } from '../../../workers/documents';
import { createMailer, type Mailer } from '../../../workers/mail';
import { nextDebits } from '../../../domain/customers';
import { ACCOUNTING_TAG } from '../openapi';
import {
  commonProblems,
  idempotencyHeader,
  idempotencyKeyOf,
  InputError,
  isoDateSchema,
  jsonResponse,
  NotFound,
  problemResponse,
  type AccountingDeps,
} from './http';

/** What the mandate routes need besides the accounting deps: a mailer, or the SMTP settings to make one. */
export interface MandateDeps extends AccountingDeps {
  settings: AccountingDeps['settings'] & Partial<Pick<Settings, 'smtpHost' | 'smtpPort' | 'mailFrom'>>;
  mailer?: Mailer;
}

interface MandateBody {
  iban: string;
  accountHolder: string;
  signedDate: string;
  bic?: string;
}

const mandateSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    reference: { type: 'string', description: '`M-<account number>-<n>`' },
    iban: { type: 'string' },
    bic: { type: ['string', 'null'] },
    accountHolder: { type: 'string' },
    signedDate: isoDateSchema,
    status: { type: 'string' },
  },
};

export async function registerMandateRoutes(app: FastifyInstance, deps: MandateDeps): Promise<void> {
  const { db } = deps;
  const todayOf = deps.today ?? today;
  const templates = createTemplateRenderer({ dir: defaultTemplatesDir });
  let mailer = deps.mailer;
  const mailerOf = () =>
    (mailer ??= createMailer({
      smtpHost: deps.settings.smtpHost ?? '127.0.0.1',
      smtpPort: deps.settings.smtpPort ?? 1025,
      from: deps.settings.mailFrom ?? 'Kundenservice <service@energie.example>',
    }));
  app.addHook('onClose', async () => {
    if (!deps.mailer) mailer?.close();
  });

  app.post<{ Params: { accountNumber: string }; Body: MandateBody }>(
    '/api/accounts/:accountNumber/mandates',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'A new SEPA mandate for a changed bank account',
        description:
          'The account’s active mandate is revoked and a new one (`M-<account>-<n>`) becomes active; the next direct debit is its first (FRST). The customer gets a confirmation with the mandate reference, the creditor id, the masked IBAN and the pre-notification of the next debits. The same IBAN as the active mandate needs no new one (200, `created: false`).',
        params: {
          type: 'object',
          required: ['accountNumber'],
          properties: { accountNumber: { type: 'string', minLength: 1, maxLength: 40 } },
        },
        headers: idempotencyHeader('Optional; a retry with the same IBAN and signature date finds the first mandate anyway'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['iban', 'accountHolder', 'signedDate'],
          properties: {
            iban: { type: 'string', minLength: 1, maxLength: 64, description: 'With or without spaces' },
            accountHolder: { type: 'string', minLength: 2, maxLength: 70 },
            signedDate: { ...isoDateSchema, description: 'The day the customer signed the mandate' },
            bic: { type: 'string', minLength: 1, maxLength: 11 },
          },
        },
        response: {
          200: jsonResponse('No new mandate: the IBAN is the active mandate’s', {
            type: 'object',
            properties: { created: { type: 'boolean' }, mandate: mandateSchema, revokedMandateId: { type: ['string', 'null'] } },
          }),
          201: jsonResponse('The new mandate; the old one is revoked', {
            type: 'object',
            properties: { created: { type: 'boolean' }, mandate: mandateSchema, revokedMandateId: { type: ['string', 'null'] } },
          }),
          400: problemResponse('Wrong fields in `details` (`iban`, `bic`, `signedDate`, `accountHolder`); nothing was stored'),
          404: problemResponse('No such contract account'),
          503: problemResponse('The mandate is stored, the confirmation mail could not be sent: repeat the request'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const iban = electronicFormatIBAN(body.iban) ?? '';
      const errors = [];
      if (!isValidIBAN(iban)) errors.push({ field: 'iban', message: 'is not a valid IBAN (country, check digits, length)' });
      const bic = body.bic?.replace(/\s+/g, '').toUpperCase();
      if (bic !== undefined && !isValidBIC(bic)) errors.push({ field: 'bic', message: 'is not a valid BIC' });
      if (Number.isNaN(Date.parse(`${body.signedDate}T00:00:00Z`))) errors.push({ field: 'signedDate', message: 'is not a date' });
      if (body.accountHolder.trim().length < 2) errors.push({ field: 'accountHolder', message: 'must name the account holder' });
      if (errors.length > 0) throw new InputError(errors);

      const account = (await db('contract_accounts as a')
        .join('customers as c', 'c.id', 'a.customer_id')
        .where('a.account_number', request.params.accountNumber)
        .first('a.id', 'a.account_number', 'c.first_name', 'c.last_name', 'c.email')) as
        { id: string; account_number: string; first_name: string; last_name: string; email: string } | undefined;
      if (!account) throw new NotFound(`contract account ${request.params.accountNumber}`);

      const replaced = await replaceMandate(db, {
        contractAccountId: account.id,
        iban,
        ...(bic ? { bic } : {}),
        accountHolder: body.accountHolder.trim(),
        signedDate: body.signedDate,
        businessKey: idempotencyKeyOf(request) ?? `mandate:${account.id}:${iban}:${body.signedDate}`,
      });
      const { mandate } = replaced;
      // The active mandate with the same IBAN, signed another day: nothing new to confirm.
      const isNew = replaced.created || mandate.signedDate === body.signedDate;
      if (isNew) {
        const previous = (await db('sepa_mandates')
          .where({ contract_account_id: account.id, status: 'revoked' })
          .whereNot({ id: mandate.id })
          .orderBy('created_at', 'desc')
          .first('mandate_reference')) as { mandate_reference: string } | undefined;
        const data: MandateConfirmationMail = {
          recipient: { name: `${account.first_name} ${account.last_name}` },
          accountNumber: account.account_number,
          mandateReference: mandate.reference,
          ...(previous ? { previousMandateReference: previous.mandate_reference } : {}),
          ibanMasked: maskIban(mandate.iban),
          accountHolder: mandate.accountHolder,
          signedDate: mandate.signedDate,
          nextDebits: await nextDebits(db, account.id, todayOf()),
        };
        try {
          await mailerOf().sendOnce(db, `mandate:${mandate.id}:confirmation`, {
            to: account.email,
            ...templates.mail('mandate-confirmation', data),
          });
        } catch (err) {
          request.log.warn({ err }, 'mandate confirmation mail failed');
          return sendProblem(
            reply,
            problem(
              503,
              'Service Unavailable',
              `The mandate ${mandate.reference} is stored, but its confirmation mail could not be sent; repeat the request to send it.`,
              request.url.split('?')[0],
            ),
          );
        }
      }
      return reply
        .code(replaced.created ? 201 : 200)
        .send({ created: replaced.created, mandate, revokedMandateId: replaced.revokedMandateId });
    },
  );
}
