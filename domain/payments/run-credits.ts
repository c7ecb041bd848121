/**
 * The refund run (§40c EnWG: a credit is paid out within two weeks of the bill): open credits go
 * out by SEPA credit transfer (pain.001). Each refund is posted (receivable +x 'refund' / bank −x)
 * and cleared against the credit, so the account shows the credit as paid out.
 */
import type { Database } from '../../db';
import { clear, postDocuments, type DocumentInput } from '../ledger';
import type { Cents } from '../money';
import { addDays } from '../shared/dates';
import { toCents } from '../shared/db';
import { nextTarget2BusinessDay } from './calendar';
import { claimOrders, endToEndIdFor, existingRun, fileTimestamp, messageIdFor, sepaField, storeFile } from './files';
import type { DebitRunInput, RunResult } from './run-debits';
import { checkAgainstSchema, buildPain001, SCHEMAS } from './sepa';

export type CreditRunInput = DebitRunInput;

/** A credit from a bill is paid when due within this many days (so it leaves on time after a weekend). */
export const CREDIT_DUE_WITHIN_DAYS = 3;
/** An overpayment waits this long for the next installment or bill to use it before it is paid back. */
export const OVERPAYMENT_HOLD_DAYS = 14;

interface CreditRow {
  line_id: string;
  contract_account_id: string;
  open_cents: string;
  text: string;
  document_number: string;
  reference: string | null;
  account_number: string;
  iban: string;
  bic: string | null;
  holder: string | null;
  first_name: string;
  last_name: string;
}

interface CreditDraft {
  lineId: string;
  accountId: string;
  amountCents: Cents;
  endToEndId: string;
  name: string;
  iban: string;
  bic?: string;
  remittance: string;
  reference: string;
}

export async function createCreditTransferFile(db: Database, input: CreditRunInput): Promise<RunResult> {
  const { runKey, today, config } = input;
  return db.transaction(async (trx) => {
    const existing = await existingRun(trx, runKey);
    if (existing) return existing;
    const executionDate = nextTarget2BusinessDay(today);
    const drafts = (await refundableCredits(trx, today)).map(toDraft);
    if (drafts.length === 0) return { file: null, orders: 0 };

    const claimed = await claimOrders(
      trx,
      drafts.map((d) => ({
        kind: 'credit',
        line_id: d.lineId,
        contract_account_id: d.accountId,
        amount_cents: d.amountCents,
        end_to_end_id: d.endToEndId,
        execution_date: executionDate,
        counterparty_name: d.name,
        counterparty_iban: d.iban,
        remittance: d.remittance,
      })),
    );
    const orders = drafts.filter((d) => claimed.has(d.lineId));
    if (orders.length === 0) return { file: null, orders: 0 };

    const docs = await postDocuments(
      trx,
      orders.map((o): DocumentInput => ({
        businessKey: `refund:${o.lineId}`,
        kind: 'refund',
        contractAccountId: o.accountId,
        postingDate: today,
        reference: o.reference,
        text: `Erstattung Guthaben ${o.reference}`,
        lines: [
          { glAccount: 'receivable', itemType: 'refund', amountCents: o.amountCents, dueDate: today, text: 'Erstattung Guthaben' },
          { glAccount: 'bank', amountCents: -o.amountCents, text: 'Überweisung Erstattung' },
        ],
      })),
    );
    for (const [i, o] of orders.entries()) {
      const refundLine = docs[i].lines.find((l) => l.glAccount === 'receivable')!;
      await clear(trx, {
        businessKey: `refund:${o.lineId}:clearing`,
        contractAccountId: o.accountId,
        clearingDate: today,
        reason: 'Erstattung Guthaben',
        allocations: [
          { lineId: o.lineId, amountCents: -o.amountCents },
          { lineId: refundLine.id, amountCents: o.amountCents },
        ],
      });
    }

    const messageId = messageIdFor('CT', runKey);
    const xml = buildPain001({
      messageId,
      createdAt: fileTimestamp(input.now ?? new Date()),
      debtor: { name: config.creditor.name, iban: config.creditor.iban, bic: config.creditor.bic, address: config.creditor.address },
      batches: [
        {
          paymentInfoId: `${messageId}-1`,
          executionDate,
          transactions: orders.map((o) => ({
            endToEndId: o.endToEndId,
            amountCents: o.amountCents,
            creditor: { name: o.name, iban: o.iban, ...(o.bic ? { bic: o.bic } : {}) },
            remittance: o.remittance,
          })),
        },
      ],
    });
    // Refuses a file the bank would reject, where this installation has the official schema.
    checkAgainstSchema(xml, SCHEMAS.pain001);
    const file = await storeFile(trx, {
      kind: 'pain.001',
      messageId,
      runKey,
      executionDate,
      xml,
      orders: orders.map((o) => ({ id: claimed.get(o.lineId)!, amountCents: o.amountCents })),
    });
    return { file, orders: orders.length };
  });
}

/**
 * Credits to pay out: a bill's credit when due within a few days; an overpayment after a hold, and
 * only when the account owes nothing (then it is offset, not paid). Paid to the IBAN the money came
 * from (the payment's bank entry), else the active or latest mandate, else the latest matched payer.
 */
async function refundableCredits(db: Database, today: string): Promise<CreditRow[]> {
  const result = (await db.raw(
    `SELECT o.line_id, o.contract_account_id, o.open_cents, l.text, d.document_number, d.reference, a.account_number,
            pay.iban, pay.bic, pay.holder, cu.first_name, cu.last_name
       FROM open_items o
       JOIN ledger_lines l ON l.id = o.line_id
       JOIN ledger_documents d ON d.id = l.document_id
       JOIN contract_accounts a ON a.id = o.contract_account_id
       JOIN customers cu ON cu.id = a.customer_id
       JOIN LATERAL (
         SELECT x.iban, x.bic, x.holder FROM (
           SELECT e.counterparty_iban AS iban, NULL::text AS bic, e.counterparty_name AS holder, 0 AS pref, NULL::timestamptz AS at
             FROM bank_entries e
            WHERE e.id = CASE WHEN d.business_key LIKE 'bank-entry:%' THEN substring(d.business_key FROM 12)::uuid END
              AND e.counterparty_iban IS NOT NULL
           UNION ALL
           SELECT m.iban, m.bic, m.account_holder, CASE WHEN m.status = 'active' THEN 1 ELSE 2 END, m.created_at
             FROM sepa_mandates m WHERE m.contract_account_id = a.id
           UNION ALL
           SELECT e.counterparty_iban, NULL, e.counterparty_name, 3, e.booking_date::timestamptz
             FROM bank_entries e
            WHERE e.contract_account_id = a.id AND e.credit_debit = 'CRDT' AND e.status IN ('matched', 'clarified')
              AND e.counterparty_iban IS NOT NULL
         ) x ORDER BY x.pref, x.at DESC NULLS LAST LIMIT 1
       ) pay ON true
      WHERE o.open_cents < 0
        AND (
          (o.item_type = 'credit' AND (o.due_date IS NULL OR o.due_date <= ?))
          OR (o.item_type = 'payment' AND d.posting_date <= ?
              AND NOT EXISTS (SELECT 1 FROM open_items x WHERE x.contract_account_id = o.contract_account_id AND x.open_cents > 0))
        )
        AND NOT EXISTS (SELECT 1 FROM payment_orders p WHERE p.kind = 'credit' AND p.line_id = o.line_id)
      ORDER BY a.account_number, o.due_date NULLS FIRST, d.document_number, l.line_no`,
    [addDays(today, CREDIT_DUE_WITHIN_DAYS), addDays(today, -OVERPAYMENT_HOLD_DAYS)],
  )) as { rows: CreditRow[] };
  return result.rows;
}

function toDraft(r: CreditRow): CreditDraft {
  const reference = r.reference ?? r.document_number;
  return {
    lineId: r.line_id,
    accountId: r.contract_account_id,
    amountCents: -toCents(r.open_cents),
    endToEndId: endToEndIdFor('CT', r.line_id),
    name: sepaField(r.holder?.trim() ? r.holder : `${r.first_name} ${r.last_name}`, 70),
    iban: r.iban.replace(/\s+/g, '').toUpperCase(),
    bic: r.bic ?? undefined,
    reference,
    remittance: sepaField(`Erstattung Guthaben ${reference} Vertragskonto ${r.account_number}`, 140),
  };
}
