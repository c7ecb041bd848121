/**
 * The bill as a letter: `billLetterData` turns a stored `BillCalculation` and the rows around it into
 * display-ready German text for templates/letters/bill.hbs, so that a worker only maps rows. All
 * amounts are formatted from integer cents and all quantities from decimal strings (no floats).
 */
import Decimal from 'decimal.js';
import type { BillCalculation, BillKind, BillLine, ReadingKind } from '../../domain/billing/types';
import { formatEuro, type Cents } from '../../domain/money';
import { formatDate, formatDecimal, formatIban, maskIban } from './formatting';
import { epcQrDataUrl, epcQrPayload, formatRf, rfForBill } from './giroCode';
import type { PostalAddress, Recipient } from './letterData';
import type { CompanyProfile } from './templates';

export type BillPaymentMethod = 'sepa_direct_debit' | 'bank_transfer' | 'prepayment';
export type InstallmentCadence = 'monthly' | 'quarterly' | 'half_yearly';

export interface BillForLetter extends BillCalculation {
  billNumber: string;
  /** ISO dates. */
  billDate: string;
  /** Due date of an amount due, or the date by which a credit is refunded (§40c EnWG: two weeks). */
  dueDate: string;
}

export interface BillLetterInput {
  bill: BillForLetter;
  customer: { customerNumber: string; firstName?: string; lastName?: string; companyName?: string; address: PostalAddress };
  /** The bill goes to the billing address when the account has one. */
  contractAccount: { accountNumber: string; billingAddress?: PostalAddress & { name?: string } };
  contract: { contractNumber: string; tariffName?: string; supplyAddress: PostalAddress; marketLocationId?: string };
  meterNumber: string;
  paymentMethod: BillPaymentMethod;
  mandate?: { mandateReference: string; iban: string };
  newInstallment?: { amountCents: Cents; cadence: InstallmentCadence; firstDueDate: string };
  /** A correction: the cancelled bill this one replaces (its bill date ISO). */
  replacesBill?: { billNumber: string; billDate: string };
  company: CompanyProfile;
}

export interface BillLetterData {
  recipient: Recipient;
  /** ISO bill date. */
  date: string;
  kind: BillKind;
  /** "Jahresabrechnung", "Endabrechnung", "Zwischenabrechnung". */
  title: string;
  billNumber: string;
  customerNumber: string;
  contractAccountNumber: string;
  contractNumber: string;
  tariffName?: string;
  supplyAddress: string;
  marketLocationId?: string;
  meterNumber: string;
  periodFrom: string;
  periodTo: string;
  periodDays: number;
  /** The prominent box at the top. */
  summary: {
    outcome: 'due' | 'credit' | 'settled';
    headline: string;
    amount: string;
    amountCents: Cents;
    dateLabel: string;
    date: string;
  };
  readings: Array<{ label: string; date: string; value: string; kind: string }>;
  consumption: string;
  pricePeriods: Array<{
    from: string;
    to: string;
    days: number;
    consumption: string;
    energyPrice: string;
    energyPriceGross: string;
    basePrice: string;
    basePriceGross: string;
    vatRate: string;
  }>;
  comparison?: {
    rows: Array<{ label: string; from: string; to: string; consumption: string; perDay: string; barPercent: number }>;
    change: string;
  };
  lines: Array<{ description: string; from: string; to: string; quantity: string; unitPrice: string; net: string; vatRate: string }>;
  vat: Array<{ rate: string; net: string; vat: string }>;
  totals: { net: string; vat: string; gross: string; installments: string; amountDue: string; amountDueLabel: string };
  newInstallment?: { amount: string; cadence: string; firstDueDate: string };
  /** A correction names the cancelled bill it replaces ("Diese Rechnung ersetzt die Rechnung Nr. … vom …"). */
  replacesBill?: { billNumber: string; billDate: string };
  payment: {
    method: BillPaymentMethod;
    /** Direct debit of an amount due: the SEPA pre-notification. */
    debit?: { amount: string; date: string; mandateReference: string; creditorId: string; ibanMasked: string };
    /** Credit: where it goes. */
    refund?: { amount: string; date: string; ibanMasked?: string };
    /** Bank transfer or prepayment with an amount due: the slip with its GiroCode. */
    slip?: {
      payee: string;
      iban: string;
      bic: string;
      bankName: string;
      amount: string;
      reference: string;
      referenceFormatted: string;
      qrPayload: string;
      qrDataUrl: string;
    };
  };
}

const titles: Record<BillKind, string> = { annual: 'Jahresabrechnung', final: 'Endabrechnung', interim: 'Zwischenabrechnung' };
const readingKinds: Record<ReadingKind, string> = { read: 'abgelesen', customer: 'Kundenablesung', estimated: 'geschätzt' };
const cadences: Record<InstallmentCadence, string> = { monthly: 'monatlich', quarterly: 'vierteljährlich', half_yearly: 'halbjährlich' };

/** Inclusive days between two ISO dates. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

const kwh = (v: Decimal.Value) => `${formatDecimal(v, 0, 3)} kWh`;
const gross = (net: string, rate: string) => new Decimal(net).times(new Decimal(100).plus(rate)).dividedBy(100);
/** Energy prices are net euros per kWh in the calculation; customers read cents per kWh. */
const ctPerKwh = (eurPerKwh: Decimal.Value) => `${formatDecimal(new Decimal(eurPerKwh).times(100), 2, 4)} ct/kWh`;
const eurPerMonth = (eur: Decimal.Value) => `${formatDecimal(eur, 2, 4)} €/Monat`;

function unitPrice(l: BillLine): string {
  if (l.unit === 'kWh') return ctPerKwh(l.unitPriceNet);
  if (l.unit === 'Monate') return eurPerMonth(l.unitPriceNet);
  return `${formatDecimal(l.unitPriceNet, 2, 4)} €`;
}

function quantity(l: BillLine): string {
  if (l.unit === 'kWh') return kwh(l.quantity);
  if (l.unit === 'Monate') return `${formatDecimal(l.quantity, 0, 4)} Monate`;
  return 'pauschal';
}

function oneLine(a: PostalAddress): string {
  return `${a.street} ${a.houseNumber}, ${a.postalCode} ${a.city}`;
}

function comparison(bill: BillCalculation): BillLetterData['comparison'] {
  const prev = bill.previousPeriod;
  if (!prev) return undefined;
  const rows = [
    { label: 'Vorjahreszeitraum', from: prev.periodStart, to: prev.periodEnd, kwh: new Decimal(prev.consumptionKwh) },
    { label: 'Dieser Zeitraum', from: bill.periodStart, to: bill.periodEnd, kwh: new Decimal(bill.consumptionKwh) },
  ];
  // Periods differ in length (move-in, final bill): the daily average makes them comparable.
  const perDay = rows.map((r) => r.kwh.dividedBy(daysBetween(r.from, r.to)));
  const max = Decimal.max(...perDay, new Decimal('0.000001'));
  const change = perDay[0].isZero() ? undefined : perDay[1].minus(perDay[0]).dividedBy(perDay[0]).times(100);
  return {
    rows: rows.map((r, i) => ({
      label: r.label,
      from: formatDate(r.from),
      to: formatDate(r.to),
      consumption: kwh(r.kwh),
      perDay: `${formatDecimal(perDay[i], 1, 1)} kWh/Tag`,
      barPercent: perDay[i].dividedBy(max).times(100).toDecimalPlaces(0).toNumber(),
    })),
    change: change
      ? `${change.isNegative() ? '' : '+'}${formatDecimal(change, 1, 1)} % Verbrauch pro Tag gegenüber dem Vorjahreszeitraum`
      : 'Kein Vergleich möglich: im Vorjahreszeitraum kein Verbrauch',
  };
}

export async function billLetterData(input: BillLetterInput): Promise<BillLetterData> {
  const { bill, customer, contractAccount, contract, company } = input;
  const customerName = customer.companyName ?? [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  const address = contractAccount.billingAddress ?? customer.address;
  const recipient: Recipient = { name: contractAccount.billingAddress?.name ?? customerName, ...pickAddress(address) };
  const due = bill.amountDueCents;
  const absAmount = formatEuro(Math.abs(due));
  const outcome = due > 0 ? 'due' : due < 0 ? 'credit' : 'settled';
  const directDebit = input.paymentMethod === 'sepa_direct_debit' && input.mandate !== undefined;

  const summary: BillLetterData['summary'] =
    outcome === 'due'
      ? {
          outcome,
          headline: 'Zu zahlender Betrag',
          amount: absAmount,
          amountCents: due,
          dateLabel: directDebit ? 'Einzug am' : 'Fällig am',
          date: formatDate(bill.dueDate),
        }
      : outcome === 'credit'
        ? {
            outcome,
            headline: 'Ihr Guthaben',
            amount: absAmount,
            amountCents: due,
            dateLabel: 'Erstattung bis',
            date: formatDate(bill.dueDate),
          }
        : { outcome, headline: 'Ausgeglichen', amount: formatEuro(0), amountCents: 0, dateLabel: 'Stand', date: formatDate(bill.billDate) };

  const payment: BillLetterData['payment'] = { method: input.paymentMethod };
  if (outcome === 'due' && directDebit) {
    payment.debit = {
      amount: absAmount,
      date: formatDate(bill.dueDate),
      mandateReference: input.mandate!.mandateReference,
      creditorId: company.creditorId,
      ibanMasked: maskIban(input.mandate!.iban),
    };
  } else if (outcome === 'due') {
    const reference = rfForBill(bill.billNumber);
    const qrPayload = epcQrPayload({ name: company.name, iban: company.iban, bic: company.bic, amountCents: due, reference });
    payment.slip = {
      payee: company.name,
      iban: formatIban(company.iban),
      bic: company.bic,
      bankName: company.bankName,
      amount: absAmount,
      reference,
      referenceFormatted: formatRf(reference),
      qrPayload,
      qrDataUrl: await epcQrDataUrl(qrPayload),
    };
  } else if (outcome === 'credit') {
    payment.refund = {
      amount: absAmount,
      date: formatDate(bill.dueDate),
      ibanMasked: input.mandate ? maskIban(input.mandate.iban) : undefined,
    };
  }

  const linesOf = (kind: BillLine['kind'], from: string, to: string) =>
    bill.lines.find((l) => l.kind === kind && l.from === from && l.to === to);
  return {
    recipient,
    date: bill.billDate,
    kind: bill.kind,
    title: titles[bill.kind],
    billNumber: bill.billNumber,
    customerNumber: customer.customerNumber,
    contractAccountNumber: contractAccount.accountNumber,
    contractNumber: contract.contractNumber,
    tariffName: contract.tariffName,
    supplyAddress: oneLine(contract.supplyAddress),
    marketLocationId: contract.marketLocationId,
    meterNumber: input.meterNumber,
    periodFrom: formatDate(bill.periodStart),
    periodTo: formatDate(bill.periodEnd),
    periodDays: daysBetween(bill.periodStart, bill.periodEnd),
    summary,
    readings: [
      { label: 'Anfangsstand', r: bill.readings.start },
      { label: 'Endstand', r: bill.readings.end },
    ].map(({ label, r }) => ({ label, date: formatDate(r.date), value: kwh(r.valueKwh), kind: readingKinds[r.kind] })),
    consumption: kwh(bill.consumptionKwh),
    pricePeriods: bill.periods.map((p) => {
      const energy = linesOf('energy', p.from, p.to);
      const base = linesOf('base', p.from, p.to);
      return {
        from: formatDate(p.from),
        to: formatDate(p.to),
        days: p.days,
        consumption: kwh(p.consumptionKwh),
        energyPrice: energy ? ctPerKwh(energy.unitPriceNet) : '–',
        energyPriceGross: energy ? ctPerKwh(gross(energy.unitPriceNet, p.vatRatePercent)) : '–',
        basePrice: base ? eurPerMonth(base.unitPriceNet) : '–',
        basePriceGross: base ? eurPerMonth(gross(base.unitPriceNet, p.vatRatePercent)) : '–',
        vatRate: `${formatDecimal(p.vatRatePercent)} %`,
      };
    }),
    comparison: comparison(bill),
    lines: bill.lines.map((l) => ({
      description: l.description,
      from: formatDate(l.from),
      to: formatDate(l.to),
      quantity: quantity(l),
      unitPrice: unitPrice(l),
      net: formatEuro(l.netCents),
      vatRate: `${formatDecimal(l.vatRatePercent)} %`,
    })),
    vat: bill.vat.map((g) => ({ rate: `${formatDecimal(g.ratePercent)} %`, net: formatEuro(g.netCents), vat: formatEuro(g.vatCents) })),
    totals: {
      net: formatEuro(bill.netCents),
      vat: formatEuro(bill.vatCents),
      gross: formatEuro(bill.grossCents),
      installments: formatEuro(-bill.installmentsCents),
      amountDue: absAmount,
      amountDueLabel: outcome === 'credit' ? 'Guthaben' : outcome === 'due' ? 'Nachzahlung' : 'Ausgeglichen',
    },
    newInstallment: input.newInstallment && {
      amount: formatEuro(input.newInstallment.amountCents),
      cadence: cadences[input.newInstallment.cadence],
      firstDueDate: formatDate(input.newInstallment.firstDueDate),
    },
    replacesBill: input.replacesBill && { billNumber: input.replacesBill.billNumber, billDate: formatDate(input.replacesBill.billDate) },
    payment,
  };
}

function pickAddress(a: PostalAddress): PostalAddress {
  return { street: a.street, houseNumber: a.houseNumber, postalCode: a.postalCode, city: a.city };
}
