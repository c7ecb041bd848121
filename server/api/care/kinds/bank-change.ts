/**
 * Change of bank account (Bankverbindung): a new SEPA mandate with its signature, the old one
 * ended. Checked before anything is written: IBAN (country, length, check digits), BIC, holder and
 * signature (400 by field); the IBAN of the active mandate again is refused (422). The account is the
 * named contract's, or the customer's only one.
 */
import { CareError } from '../../../../domain/care';
import { activeMandate } from '../../../../domain/contracts/repository';
import { bankChangeProblems, normaliseIban, type BankChange } from '../../../../domain/customers';
import { InputError } from '../../accounting/http';
import { defineCareKind } from './types';

export const bankChange = defineCareKind<BankChange>({
  kind: 'bank-change',
  processId: 'care-bank-change',
  title: { de: 'Bankverbindung ändern', en: 'Change of bank account' },
  contract: 'optional',
  portal: true,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['iban', 'accountHolder', 'signature'],
    properties: {
      iban: { type: 'string', minLength: 1, maxLength: 64, description: 'With or without spaces' },
      accountHolder: { type: 'string', minLength: 1, maxLength: 70 },
      bic: { type: 'string', minLength: 1, maxLength: 11 },
      signature: {
        type: 'object',
        additionalProperties: false,
        required: ['signedAt', 'method', 'signerName'],
        description: 'The SEPA mandate’s signature',
        properties: {
          signedAt: { type: 'string', minLength: 10, maxLength: 40, description: 'ISO date or date-time' },
          method: { type: 'string', enum: ['electronic', 'paper'] },
          signerName: { type: 'string', minLength: 1, maxLength: 70 },
        },
      },
    },
  },
  async check(ctx, body) {
    if (!ctx.accountId) throw new CareError('invalid', 'Der Kunde hat mehrere Vertragskonten: bitte den Vertrag angeben.', 'contractId');
    const problems = bankChangeProblems(body, ctx.today);
    if (problems.length > 0) throw new InputError(problems);
    const current = await activeMandate(ctx.db, ctx.accountId);
    if (current && normaliseIban(current.iban) === normaliseIban(body.iban))
      throw new CareError('refused', `Diese IBAN ist bereits mit dem Mandat ${current.reference} hinterlegt.`, 'iban');
  },
});
