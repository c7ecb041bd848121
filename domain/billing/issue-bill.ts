/**
 * Issuing a bill: calculate it (calculate.ts), store it and post it in one transaction.
 *
 * The bill's document posts revenue and VAT per rate, releases the installments requested in the
 * period from `down_payments`, and leaves one customer item: the amount due (type bill) or the
 * credit (type credit). Then the account's open debits and credits settle each other, so a credit
 * first pays what is still open and only the rest is refunded. Idempotent by business key: one
 * bill per contract, kind and period end; a correction after a cancellation has its own key.
 */
import type { Database } from '../../db';
import { loadContract, type ContractView } from '../contracts';
import { clearAccount, postDocument, type PostingLine } from '../ledger';
import { addDays } from '../shared/dates';
import { toCents } from '../shared/db';
import { getTariff, vatRatesFor } from '../tariffs';
import { BillingError, calculateBill } from './calculate';
import { loadBill, type IssuedBill } from './bills';
import type { BillCalculation, BillKind, ReadingUsed } from './types';

export interface IssueBillInput {
  contractId: string;
  kind: BillKind;
  periodEnd: string;
  billDate: string;
  readings: { start: ReadingUsed; end: ReadingUsed };
  /** §40c EnWG: at least two weeks after the bill. */
  paymentTermDays?: number;
  /** Set when this bill replaces a cancelled one. */
  correctsBillId?: string;
}

export function billKey(contractId: string, kind: BillKind, periodEnd: string, correctsBillId?: string): string {
  return `bill:${contractId}:${kind}:${periodEnd}${correctsBillId ? `:corrects:${correctsBillId}` : ''}`;
}

export async function issueBill(db: Database, input: IssueBillInput): Promise<IssuedBill> {
  const businessKey = billKey(input.contractId, input.kind, input.periodEnd, input.correctsBillId);
  const existing = (await db('bills').where({ business_key: businessKey }).first('id')) as { id: string } | undefined;
  if (existing) return loadBill(db, existing.id);
  const contract = await loadContract(db, input.contractId);
  const tariff = await getTariff(db, contract.tariffCode);
  if (!tariff) throw new BillingError('tariffCode', `Tarif ${contract.tariffCode} ist nicht angelegt`);
  const periodStart = contract.billingPeriodStart ?? contract.startDate;
  if (!periodStart || !contract.startDate)
    throw new BillingError('startDate', `Vertrag ${contract.contractNumber} hat keinen Lieferbeginn`);

  const calculation = calculateBill({
    contract: {
      id: contract.id,
      startDate: contract.startDate,
      annualConsumptionKwh: contract.annualConsumptionKwh,
      tariffModules: contract.tariffModules,
    },
    tariff,
    vatRates: await vatRatesFor(db, tariff.commodity),
    kind: input.kind,
    periodStart,
    periodEnd: input.periodEnd,
    readings: input.readings,
    installmentsCents: await installmentsRequested(db, contract.id, periodStart, input.periodEnd),
    previousPeriod: await previousPeriod(db, contract.id),
  });
  const dueDate = addDays(input.billDate, input.paymentTermDays ?? 14);

  const id = await db.transaction(async (trx) => {
    const number = (await trx.raw(`SELECT nextval('bill_number_seq') AS n`)) as { rows: Array<{ n: string | number }> };
    const billNumber = `R${input.billDate.slice(0, 4)}${String(number.rows[0].n).padStart(8, '0')}`;
    const doc = await postDocument(trx, {
      businessKey,
      kind: 'bill',
      contractAccountId: contract.account.id,
      postingDate: input.billDate,
      reference: billNumber,
      text: `${kindText[input.kind]} ${billNumber}`,
      lines: billLines(contract, calculation, billNumber, dueDate),
    });
    const [row] = (await trx('bills')
      .insert({
        bill_number: billNumber,
        business_key: businessKey,
        contract_id: contract.id,
        contract_account_id: contract.account.id,
        kind: input.kind,
        period_start: calculation.periodStart,
        period_end: calculation.periodEnd,
        bill_date: input.billDate,
        net_cents: calculation.netCents,
        vat_cents: calculation.vatCents,
        gross_cents: calculation.grossCents,
        installments_cents: calculation.installmentsCents,
        amount_due_cents: calculation.amountDueCents,
        due_date: dueDate,
        ledger_document_id: doc.id,
        corrects_bill_id: input.correctsBillId ?? null,
        calculation: JSON.stringify(calculation),
      })
      .returning('id')) as Array<{ id: string }>;
    // The next period starts the day after; a final bill ends the contract's billing.
    await trx('contracts')
      .where({ id: contract.id })
      .update({ billing_period_start: addDays(calculation.periodEnd, 1) });
    await clearAccount(trx, contract.account.id, `${businessKey}:settle`, input.billDate);
    return row.id;
  });
  return loadBill(db, id);
}

const kindText: Record<BillKind, string> = { annual: 'Jahresabrechnung', final: 'Schlussrechnung', interim: 'Zwischenabrechnung' };

function billLines(contract: ContractView, calc: BillCalculation, billNumber: string, dueDate: string): PostingLine[] {
  const lines: PostingLine[] = [];
  if (calc.amountDueCents !== 0)
    lines.push({
      glAccount: 'receivable',
      itemType: calc.amountDueCents > 0 ? 'bill' : 'credit',
      amountCents: calc.amountDueCents,
      contractId: contract.id,
      dueDate,
      text: calc.amountDueCents > 0 ? `Rechnung ${billNumber}` : `Guthaben aus Rechnung ${billNumber}`,
    });
  for (const g of calc.vat) {
    lines.push({
      glAccount: 'revenue',
      amountCents: -g.netCents,
      contractId: contract.id,
      vatRatePercent: g.ratePercent,
      text: `Erlös ${g.ratePercent} %`,
    });
    lines.push({
      glAccount: 'vat',
      amountCents: -g.vatCents,
      contractId: contract.id,
      vatRatePercent: g.ratePercent,
      text: `Umsatzsteuer ${g.ratePercent} %`,
    });
  }
  if (calc.installmentsCents !== 0)
    lines.push({ glAccount: 'down_payments', amountCents: calc.installmentsCents, contractId: contract.id, text: 'Verrechnung Abschläge' });
  return lines;
}

/**
 * Gross installments requested for the period: the down-payment lines of installment documents
 * (and their reversals) due in it. A bill's own release line has no due date.
 */
export async function installmentsRequested(db: Database, contractId: string, from: string, to: string): Promise<number> {
  const row = (await db('ledger_lines as l')
    .join('ledger_documents as d', 'd.id', 'l.document_id')
    .where({ 'l.contract_id': contractId, 'l.gl_account': 'down_payments' })
    .whereIn('d.kind', ['installment', 'reversal'])
    .whereBetween('l.due_date', [from, to])
    .sum({ s: 'l.amount_cents' })
    .first()) as { s: string | number | null } | undefined;
  return -toCents(row?.s ?? 0);
}

async function previousPeriod(db: Database, contractId: string): Promise<BillCalculation['previousPeriod']> {
  const prev = (await db('bills as b')
    .where({ 'b.contract_id': contractId })
    .whereNotExists(db('bill_cancellations as c').whereRaw('c.bill_id = b.id'))
    .orderBy('b.period_end', 'desc')
    .first('b.calculation')) as { calculation: BillCalculation | string } | undefined;
  if (!prev) return undefined;
  const c = typeof prev.calculation === 'string' ? (JSON.parse(prev.calculation) as BillCalculation) : prev.calculation;
  return { periodStart: c.periodStart, periodEnd: c.periodEnd, consumptionKwh: c.consumptionKwh };
}
