/**
 * Withdrawal (Widerruf) of a contract concluded at a distance (§312g, §355 BGB).
 *
 * The period is 14 days (§355 (2) BGB) and, for the supply of electricity and gas, begins with the
 * conclusion of the contract (§356 (2) no. 2 BGB): the day the contract was made (our acceptance of
 * the order, contracts.created_at in German time) is not counted (§187 (1) BGB), so the period
 * ends at the end of the 14th day after it; a Saturday, Sunday or public holiday moves the end to
 * the next working day (§193 BGB). Sending the withdrawal in time suffices (§355 (1) BGB): the day
 * it was received or sent (`receivedOn`) counts, not the day a case worker enters it.
 *
 * A withdrawn contract is cancelled: nothing is billed. Installments already posted are reversed,
 * the installment plan ends, and the run posts none for a cancelled contract.
 */
import type { Database } from '../../db';
import { CareError } from '../care/errors';
import { reverseDocument } from '../ledger';
import { todayInGermany } from '../orders/dates';
import { isGermanWorkingDay, type GermanState } from '../payments/calendar';
import { addDays, isValidIsoDate } from '../shared/dates';
import { germanDate } from './termination';

export const WITHDRAWAL_DAYS = 14;

/** The last day of the withdrawal period of a contract concluded on `concludedOn` (pure). */
export function withdrawalDeadline(concludedOn: string, state: GermanState = 'NW'): string {
  let last = addDays(concludedOn, WITHDRAWAL_DAYS);
  while (!isGermanWorkingDay(last, state)) last = addDays(last, 1);
  return last;
}

/** The day a contract was concluded: its creation, in German time. */
export function concludedOn(createdAt: Date | string): string {
  return todayInGermany(createdAt instanceof Date ? createdAt : new Date(createdAt));
}

/**
 * Refuses a withdrawal received after the period (field receivedOn), or of a contract that is no
 * longer pending or active. Pure.
 */
export function checkWithdrawal(
  contract: { contractNumber: string; status: string; createdAt: Date | string },
  receivedOn: string,
  today: string,
  state: GermanState = 'NW',
): { concludedOn: string; deadline: string } {
  if (!isValidIsoDate(receivedOn)) throw new CareError('invalid', 'Datum im Format JJJJ-MM-TT erwartet', 'receivedOn');
  if (receivedOn > today) throw new CareError('invalid', 'Der Eingang des Widerrufs liegt in der Zukunft', 'receivedOn');
  if (contract.status === 'cancelled')
    throw new CareError('refused', `Vertrag ${contract.contractNumber} ist bereits storniert`, 'contractId');
  if (contract.status !== 'pending' && contract.status !== 'active')
    throw new CareError('refused', `Vertrag ${contract.contractNumber} ist beendet; ein Widerruf ist nicht mehr möglich`, 'contractId');
  const concluded = concludedOn(contract.createdAt);
  const deadline = withdrawalDeadline(concluded, state);
  if (receivedOn < concluded) throw new CareError('invalid', 'Der Eingang des Widerrufs liegt vor dem Vertragsschluss', 'receivedOn');
  if (receivedOn > deadline)
    throw new CareError(
      'refused',
      `Die Widerrufsfrist von ${WITHDRAWAL_DAYS} Tagen ab Vertragsschluss am ${germanDate(concluded)} endete am ${germanDate(deadline)}; ` +
        `der Widerruf vom ${germanDate(receivedOn)} ist verspätet. Eine Kündigung ist weiterhin möglich.`,
      'receivedOn',
    );
  return { concludedOn: concluded, deadline };
}

export interface WithdrawalResult {
  contractNumber: string;
  /** The contract's status before (pending: supply never began). */
  previousStatus: string;
  reversedDocuments: string[];
  reversedCents: number;
}

/**
 * Cancels the contract and reverses every installment posted for it, once per care case: a
 * retried job finds the contract cancelled and the reversals under their business keys.
 */
export async function withdrawContract(
  db: Database,
  input: { careCaseId: string; contractId: string; postingDate: string },
): Promise<WithdrawalResult> {
  return db.transaction(async (trx) => {
    const c = (await trx('contracts').where({ id: input.contractId }).forUpdate().first()) as Record<string, any> | undefined;
    if (!c) throw new CareError('not_found', 'Vertrag nicht gefunden', 'contractId');
    const previousStatus = c.end_reason === 'withdrawal' ? 'cancelled' : (c.status as string);
    if (c.status !== 'cancelled') {
      if (c.status !== 'pending' && c.status !== 'active')
        throw new CareError('refused', `Vertrag ${c.contract_number} ist ${c.status}`, 'contractId');
      await trx('contracts').where({ id: input.contractId }).update({ status: 'cancelled', end_reason: 'withdrawal' });
      await trx('installment_plans')
        .where({ contract_id: input.contractId })
        .whereIn('status', ['active', 'pending_approval'])
        .update({ status: 'superseded' });
    }
    // Every installment document of the contract not reversed yet (a retry finds its own reversals).
    const docs = (await trx('ledger_documents as d')
      .where('d.kind', 'installment')
      .whereExists((q) =>
        q.select(trx.raw('1')).from('ledger_lines as l').whereRaw('l.document_id = d.id').where('l.contract_id', input.contractId),
      )
      .whereNotExists((q) =>
        q
          .select(trx.raw('1'))
          .from('ledger_documents as r')
          .whereRaw('r.reverses_document_id = d.id')
          .whereNot('r.business_key', 'like', `withdrawal:${input.careCaseId}:%`),
      )
      .orderBy('d.posting_date')
      .select('d.id', 'd.document_number')) as Array<{ id: string; document_number: string }>;
    const reversed: string[] = [];
    let reversedCents = 0;
    for (const d of docs) {
      const r = await reverseDocument(trx, d.id, {
        businessKey: `withdrawal:${input.careCaseId}:${d.id}`,
        postingDate: input.postingDate,
        reason: `Widerruf Vertrag ${c.contract_number}`,
      });
      reversed.push(d.document_number);
      reversedCents += -r.lines.filter((l) => l.glAccount === 'receivable').reduce((s, l) => s + l.amountCents, 0);
    }
    return { contractNumber: c.contract_number, previousStatus, reversedDocuments: reversed, reversedCents };
  });
}
