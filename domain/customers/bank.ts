/**
 * A new bank account through a care case: a new SEPA mandate with its signature (when, how, by
 * whom), and the old mandate ended (status 'revoked', valid_to, reason). The debit run takes the
 * account's newest active mandate signed by the collection date and collects FRST under a mandate
 * never used (domain/payments/run-debits.ts), so the next debit is the new mandate's first and no
 * debit reaches the old account. Retried jobs find the case's mandate (sepa_mandates.care_case_id).
 */
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from 'ibantools';
import type { Knex } from 'knex';
import type { Database } from '../../db';
import { recordCareEvent } from '../care';
import { activeMandate, mandateFromRow, type Mandate } from '../contracts/repository';
import { isoDate, isValidIsoDate } from '../shared/dates';
import type { FieldProblem } from './address';

export type SignatureMethod = 'electronic' | 'paper';

export interface MandateSignature {
  /** ISO date or date-time of the signature. */
  signedAt: string;
  method: SignatureMethod;
  signerName: string;
}

export interface BankChange {
  iban: string;
  accountHolder: string;
  bic?: string;
  signature: MandateSignature;
}

/** "de89 3704 0044 0532 0130 00" → "DE89370400440532013000"; '' when it is no IBAN at all. */
export function normaliseIban(iban: string): string {
  return electronicFormatIBAN(iban.trim()) ?? '';
}

const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' });

/** The signature's day (Europe/Berlin for a date-time), or null when it is no date. */
export function signatureDate(signedAt: string): string | null {
  if (isValidIsoDate(signedAt)) return signedAt;
  const ms = Date.parse(signedAt);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(signedAt) || Number.isNaN(ms)) return null;
  return berlinDay.format(new Date(ms));
}

/** Pure: IBAN (country, length, check digits), BIC, holder, signature not in the future. */
export function bankChangeProblems(input: BankChange, today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const iban = normaliseIban(input.iban);
  if (!isValidIBAN(iban)) problems.push({ field: 'iban', message: 'Die IBAN ist ungültig (Land, Länge oder Prüfziffer stimmen nicht).' });
  if (input.bic !== undefined && input.bic.trim() !== '') {
    const bic = input.bic.replace(/\s+/g, '').toUpperCase();
    if (!isValidBIC(bic)) problems.push({ field: 'bic', message: 'Der BIC ist ungültig.' });
    else if (isValidIBAN(iban) && bic.slice(4, 6) !== iban.slice(0, 2))
      problems.push({ field: 'bic', message: `Der BIC gehört zu einer Bank in ${bic.slice(4, 6)}, die IBAN zu ${iban.slice(0, 2)}.` });
  }
  if (input.accountHolder.trim().length < 2) problems.push({ field: 'accountHolder', message: 'Bitte den Kontoinhaber angeben.' });
  if (input.signature.signerName.trim().length < 2)
    problems.push({ field: 'signature.signerName', message: 'Bitte angeben, wer das Mandat unterschrieben hat.' });
  const day = signatureDate(input.signature.signedAt);
  if (!day) problems.push({ field: 'signature.signedAt', message: 'Datum der Unterschrift als JJJJ-MM-TT oder Zeitpunkt erwartet.' });
  else if (day > today)
    problems.push({ field: 'signature.signedAt', message: 'Das Mandat kann nicht in der Zukunft unterschrieben sein.' });
  return problems;
}

export interface MandateWithSignature extends Mandate {
  signedAt: string | null;
  signatureMethod: SignatureMethod | null;
  signerName: string | null;
  validTo: string | null;
}

export interface BankChangeResult {
  mandate: MandateWithSignature;
  /** The mandate this one replaced, if there was one. */
  ended: { id: string; reference: string } | null;
  /** False when the case had its mandate already (a retried job). */
  created: boolean;
}

/**
 * Replaces the account's active mandate by a new one (`M-<account>-<n>`), in one transaction with
 * the audit event. The old one ends on `today` (valid_to) as revoked, with the reason.
 */
export async function changeBankAccount(
  db: Database,
  input: BankChange & { contractAccountId: string; careCaseId: string; caseNumber: string; actor: string; today: string },
): Promise<BankChangeResult> {
  const iban = normaliseIban(input.iban);
  const day = signatureDate(input.signature.signedAt);
  if (!isValidIBAN(iban) || !day) throw new Error(`bank change of case ${input.caseNumber}: IBAN or signature date invalid`);
  return db.transaction(async (trx: Knex.Transaction) => {
    // One change per account at a time: the row lock orders concurrent cases.
    const account = (await trx('contract_accounts').where({ id: input.contractAccountId }).forUpdate().first()) as
      { id: string; account_number: string; payment_method: string } | undefined;
    if (!account) throw new Error(`contract account ${input.contractAccountId} not found`);
    const mine = (await trx('sepa_mandates').where({ care_case_id: input.careCaseId }).first('id')) as { id: string } | undefined;
    if (mine) {
      const endedRow = (await trx('sepa_mandates')
        .where({ contract_account_id: account.id })
        .whereRaw(`ended_reason LIKE ?`, [`%${input.caseNumber}%`])
        .first('id', 'mandate_reference')) as { id: string; mandate_reference: string } | undefined;
      return {
        mandate: (await mandateWithSignature(trx, mine.id))!,
        ended: endedRow ? { id: endedRow.id, reference: endedRow.mandate_reference } : null,
        created: false,
      };
    }
    const current = await activeMandate(trx, account.id);
    const countRow = (await trx('sepa_mandates').where({ contract_account_id: account.id }).count({ n: '*' }).first()) as {
      n: string | number;
    };
    let n = Number(countRow.n) + 1;
    let reference = `M-${account.account_number}-${n}`;
    while (await trx('sepa_mandates').where({ mandate_reference: reference }).first('id')) reference = `M-${account.account_number}-${++n}`;

    await trx('sepa_mandates')
      .where({ contract_account_id: account.id, status: 'active' })
      .update({ status: 'revoked', valid_to: input.today, ended_reason: `Neue Bankverbindung (${input.caseNumber})` });
    const signedAt = isValidIsoDate(input.signature.signedAt) ? null : new Date(input.signature.signedAt);
    const [row] = (await trx('sepa_mandates')
      .insert({
        mandate_reference: reference,
        contract_account_id: account.id,
        iban,
        bic: input.bic?.trim() ? input.bic.replace(/\s+/g, '').toUpperCase() : null,
        account_holder: input.accountHolder.trim(),
        signed_date: day,
        signed_at: signedAt,
        signature_method: input.signature.method,
        signer_name: input.signature.signerName.trim(),
        status: 'active',
        care_case_id: input.careCaseId,
      })
      .returning('id')) as Array<{ id: string }>;
    // A new mandate is the customer's wish to pay by direct debit (again, e.g. after return debits).
    if (account.payment_method === 'bank_transfer')
      await trx('contract_accounts').where({ id: account.id }).update({ payment_method: 'sepa_direct_debit' });
    const mandate = (await mandateWithSignature(trx, row.id))!;
    await recordCareEvent(trx, input.careCaseId, {
      actor: input.actor,
      action: 'mandate-replaced',
      detail: {
        mandateReference: mandate.reference,
        ibanLast4: iban.slice(-4),
        signedDate: mandate.signedDate,
        signatureMethod: mandate.signatureMethod,
        signerName: mandate.signerName,
        endedMandateReference: current?.reference ?? null,
        paymentMethodBefore: account.payment_method,
      },
    });
    return { mandate, ended: current ? { id: current.id, reference: current.reference } : null, created: true };
  });
}

export async function mandateWithSignature(db: Database | Knex.Transaction, id: string): Promise<MandateWithSignature | null> {
  const m = (await db('sepa_mandates').where({ id }).first()) as Record<string, unknown> | undefined;
  if (!m) return null;
  return {
    ...mandateFromRow(m),
    signedAt: m.signed_at ? new Date(m.signed_at as string).toISOString() : null,
    signatureMethod: (m.signature_method as SignatureMethod | null) ?? null,
    signerName: (m.signer_name as string | null) ?? null,
    validTo: m.valid_to ? isoDate(m.valid_to as Date) : null,
  };
}
