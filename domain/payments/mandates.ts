/**
 * SEPA mandates over time: a mandate unused for 36 months lapses (SEPA rulebook); a new bank
 * account needs a new mandate, and the old one is revoked so no debit goes to the old account.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Database } from '../../db';
import { activeMandate, mandateFromRow, type Mandate } from '../contracts/repository';
import { addMonths, isoDate } from '../shared/dates';
import { PaymentsError } from './errors';

/** Active mandates whose last collection (or signature, if never used) is more than 36 months ago become 'lapsed'. */
export async function lapseMandates(db: Database, today: string): Promise<number> {
  return db('sepa_mandates')
    .where({ status: 'active' })
    .whereRaw('COALESCE(last_collection_date, signed_date) < ?', [addMonths(today, -36)])
    .update({ status: 'lapsed' });
}

export interface ReplaceMandateInput {
  contractAccountId: string;
  iban: string;
  bic?: string;
  accountHolder: string;
  signedDate: string;
  /** The caller's key (e.g. the task or request id). The schema has no column for it, so a retry is
   * recognised by (account, IBAN, signature date) instead: the same mandate twice is one mandate. */
  businessKey: string;
}

export interface ReplacedMandate {
  mandate: Mandate;
  /** The mandate that was revoked, if any. */
  revokedMandateId: string | null;
  /** False when this mandate existed already (a retry, or the same account again). */
  created: boolean;
}

export async function replaceMandate(db: Database, input: ReplaceMandateInput): Promise<ReplacedMandate> {
  const iban = electronicFormatIBAN(input.iban) ?? '';
  if (!isValidIBAN(iban)) throw new PaymentsError('invalid_iban', `not a valid IBAN: ${input.iban}`);
  const signedDate = isoDate(input.signedDate);
  return db.transaction(async (trx) => {
    // One replacement per account at a time: the row lock orders concurrent calls.
    const account = (await trx('contract_accounts').where({ id: input.contractAccountId }).forUpdate().first()) as
      { id: string; account_number: string; payment_method: string } | undefined;
    if (!account) throw new PaymentsError('unknown_account', `contract account ${input.contractAccountId} not found`);

    const same = (await trx('sepa_mandates')
      .where({ contract_account_id: account.id, iban, signed_date: signedDate })
      .orderBy('created_at', 'desc')
      .first()) as { id: string } | undefined;
    if (same) return { mandate: (await mandateById(trx, same.id))!, revokedMandateId: null, created: false };
    const current = await activeMandate(trx, account.id);
    // The same bank account needs no new mandate.
    if (current && current.iban.replace(/\s+/g, '').toUpperCase() === iban)
      return { mandate: current, revokedMandateId: null, created: false };

    const countRow = (await trx('sepa_mandates').where({ contract_account_id: account.id }).count({ n: '*' }).first()) as {
      n: string | number;
    };
    let n = Number(countRow.n) + 1;
    let reference = `M-${account.account_number}-${n}`;
    while (await trx('sepa_mandates').where({ mandate_reference: reference }).first()) reference = `M-${account.account_number}-${++n}`;

    await trx('sepa_mandates').where({ contract_account_id: account.id, status: 'active' }).update({ status: 'revoked' });
    const [row] = (await trx('sepa_mandates')
      .insert({
        mandate_reference: reference,
        contract_account_id: account.id,
        iban,
        bic: input.bic ?? null,
        account_holder: input.accountHolder,
        signed_date: signedDate,
        status: 'active',
      })
      .returning('id')) as Array<{ id: string }>;
    // A new mandate is the customer's wish to pay by direct debit again (e.g. after return debits).
    if (account.payment_method === 'bank_transfer')
      await trx('contract_accounts').where({ id: account.id }).update({ payment_method: 'sepa_direct_debit' });
    return { mandate: (await mandateById(trx, row.id))!, revokedMandateId: current?.id ?? null, created: true };
  });
}

async function mandateById(db: Database, id: string): Promise<Mandate | null> {
  const m = (await db('sepa_mandates').where({ id }).first()) as Record<string, unknown> | undefined;
  return m ? mandateFromRow(m) : null;
}
