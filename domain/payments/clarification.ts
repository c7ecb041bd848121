/**
 * A clerk's decision on a payment the matcher could not place: assign it to an account (cleared
 * oldest first), pay it back (it becomes a credit the refund run pays out), or ignore it.
 */
import type { Database } from '../../db';
import { clearAccount, postDocument } from '../ledger';
import type { Cents } from '../money';
import { isoDate } from '../shared/dates';
import { jsonColumn, toCents } from '../shared/db';
import { PaymentsError } from './errors';
import { paymentDocument, type EntryRow } from './match-statement';
import type { MatchCandidate } from './matching';
import type { EntryStatus } from './statements';

export interface BankEntryView {
  id: string;
  statementId: string;
  entryRef: string;
  txIndex: number;
  creditDebit: 'CRDT' | 'DBIT';
  amountCents: Cents;
  bookingDate: string | null;
  valueDate: string | null;
  endToEndId: string | null;
  creditorReference: string | null;
  remittance: string;
  counterpartyName: string | null;
  counterpartyIban: string | null;
  isReturn: boolean;
  returnReason: string | null;
  chargesCents: Cents;
  status: EntryStatus;
  matchMethod: string | null;
  /** 0..100 */
  matchScore: number | null;
  contractAccountId: string | null;
  decidedBy: string | null;
}

export interface ClarificationCandidate extends MatchCandidate {
  holderName: string;
  /** What the account owes now. */
  openCents: Cents;
}

export interface ClarificationView {
  entry: BankEntryView;
  candidates: ClarificationCandidate[];
}

export type ClarificationDecision = 'assign' | 'refund' | 'ignore';

export interface ClarificationInput {
  decision: ClarificationDecision;
  /** Required for assign and refund. */
  accountNumber?: string;
  decidedBy: string;
  today: string;
}

export interface ClarificationResult {
  entryId: string;
  status: EntryStatus;
  contractAccountId: string | null;
  /** The payment document booked for the entry, if any. */
  documentId: string | null;
}

export function toEntryView(r: EntryRow): BankEntryView {
  return {
    id: r.id,
    statementId: r.statement_id,
    entryRef: r.entry_ref,
    txIndex: r.tx_index,
    creditDebit: r.credit_debit,
    amountCents: toCents(r.amount_cents),
    bookingDate: r.booking_date ? isoDate(r.booking_date) : null,
    valueDate: r.value_date ? isoDate(r.value_date) : null,
    endToEndId: r.end_to_end_id,
    creditorReference: r.creditor_reference,
    remittance: r.remittance,
    counterpartyName: r.counterparty_name,
    counterpartyIban: r.counterparty_iban,
    isReturn: r.is_return,
    returnReason: r.return_reason,
    chargesCents: toCents(r.charges_cents),
    status: r.status as EntryStatus,
    matchMethod: r.match_method,
    matchScore: r.match_score,
    contractAccountId: r.contract_account_id,
    decidedBy: r.decided_by,
  };
}

async function loadEntry(db: Database, entryId: string, lock = false): Promise<EntryRow> {
  const q = db('bank_entries').where({ id: entryId });
  const row = (await (lock ? q.forUpdate() : q).first()) as EntryRow | undefined;
  if (!row) throw new PaymentsError('not_found', `bank entry ${entryId} not found`);
  return row;
}

export async function clarificationView(db: Database, entryId: string): Promise<ClarificationView> {
  const row = await loadEntry(db, entryId);
  const stored = jsonColumn<MatchCandidate[]>(row.candidates ?? []);
  const ids = stored.map((c) => c.accountId);
  const accounts = ids.length
    ? ((await db('contract_accounts as a')
        .join('customers as c', 'c.id', 'a.customer_id')
        .leftJoin(
          db('open_items')
            .where('open_cents', '>', 0)
            // Only the candidates' items: the whole table would be summed for every clarification.
            .whereIn('contract_account_id', ids)
            .groupBy('contract_account_id')
            .select('contract_account_id')
            .sum({ open: 'open_cents' })
            .as('o'),
          'o.contract_account_id',
          'a.id',
        )
        .whereIn('a.id', ids)
        .select('a.id', 'c.first_name', 'c.last_name', 'o.open')) as Array<{
        id: string;
        first_name: string;
        last_name: string;
        open: string | null;
      }>)
    : [];
  const byId = new Map(accounts.map((a) => [a.id, a]));
  return {
    entry: toEntryView(row),
    candidates: stored.map((c) => {
      const a = byId.get(c.accountId);
      return { ...c, holderName: a ? `${a.first_name} ${a.last_name}` : '', openCents: a?.open ? toCents(a.open) : 0 };
    }),
  };
}

export async function applyClarification(db: Database, entryId: string, input: ClarificationInput): Promise<ClarificationResult> {
  return db.transaction(async (trx) => {
    const entry = await loadEntry(trx, entryId, true);
    const done = (documentId: string | null): ClarificationResult => ({
      entryId,
      status: entry.status as EntryStatus,
      contractAccountId: entry.contract_account_id,
      documentId,
    });
    // A repeated decision (a retried task) finds the entry decided and changes nothing.
    if (entry.status === 'clarified' || entry.status === 'ignored') {
      const doc = (await trx('ledger_documents')
        .where({ business_key: `bank-entry:${entryId}` })
        .first()) as { id: string } | undefined;
      return done(doc?.id ?? null);
    }
    if (entry.status !== 'unmatched' && entry.status !== 'new')
      throw new PaymentsError('invalid_state', `bank entry ${entryId} is ${entry.status}; only open payments can be clarified`);
    if (entry.credit_debit !== 'CRDT' || entry.is_return)
      throw new PaymentsError('invalid_state', `bank entry ${entryId} is not an incoming payment`);

    if (input.decision === 'ignore') {
      await trx('bank_entries').where({ id: entryId }).update({ status: 'ignored', decided_by: input.decidedBy, match_method: 'manual' });
      return { entryId, status: 'ignored', contractAccountId: null, documentId: null };
    }
    if (!input.accountNumber)
      throw new PaymentsError(
        'account_required',
        `a ${input.decision === 'refund' ? 'refund' : 'assignment'} needs the contract account number`,
      );
    const account = (await trx('contract_accounts').where({ account_number: input.accountNumber.trim() }).first()) as
      { id: string } | undefined;
    if (!account) throw new PaymentsError('unknown_account', `contract account ${input.accountNumber} not found`);

    const base = paymentDocument(entry, account.id, input.today);
    let documentId: string;
    if (input.decision === 'assign') {
      const doc = await postDocument(trx, base);
      await clearAccount(trx, account.id, `bank-entry:${entryId}:clearing`, doc.postingDate);
      documentId = doc.id;
    } else {
      // Money to pay back: a credit due today, which the next refund run pays to the payer's IBAN.
      const cents = toCents(entry.amount_cents);
      const doc = await postDocument(trx, {
        ...base,
        text: `${base.text} (Rückzahlung)`,
        lines: [
          { glAccount: 'bank', amountCents: cents, text: 'Bank' },
          { glAccount: 'receivable', itemType: 'credit', amountCents: -cents, dueDate: input.today, text: 'Rückzahlung Zahlungseingang' },
        ],
      });
      documentId = doc.id;
    }
    await trx('bank_entries')
      .where({ id: entryId })
      .update({
        status: 'clarified',
        contract_account_id: account.id,
        decided_by: input.decidedBy,
        match_method: input.decision === 'assign' ? 'manual' : 'manual_refund',
      });
    return { entryId, status: 'clarified', contractAccountId: account.id, documentId };
  });
}
