/**
 * E-invoices for business customers (EN 16931; households are exempt): the bill as XRechnung (CII
 * syntax) and as Factur-X/ZUGFeRD (the PDF with the XML inside, PDF/A-3), via @e-invoice-eu/core.
 * Its input is the UBL-shaped "internal format", so this maps BillCalculation to that once.
 */
import { InvoiceService, type Invoice } from '@e-invoice-eu/core';
import Decimal from 'decimal.js';
import { formatAmount, type Cents } from '../../domain/money';
import type { BillForLetter } from './billLetter';
import { rfForBill } from './giroCode';
import type { PostalAddress } from './letterData';
import type { CompanyProfile } from './templates';

export interface EInvoiceBuyer {
  name: string;
  address: PostalAddress;
  /** ISO 3166-1 alpha-2; default DE. */
  countryCode?: string;
  vatId?: string;
  /** BT-49, the buyer's electronic address; XRechnung requires one. */
  email: string;
  /** BT-10; XRechnung requires it (the Leitweg-ID for public buyers, otherwise e.g. the customer number). */
  buyerReference: string;
}

export type EInvoicePayment =
  { method: 'sepa_direct_debit'; mandateReference: string; debtorIban: string } | { method: 'bank_transfer' | 'prepayment' };

export interface EInvoiceInput {
  bill: BillForLetter;
  buyer: EInvoiceBuyer;
  contractNumber?: string;
  payment: EInvoicePayment;
  company: CompanyProfile;
}

const unitCodes = { kWh: 'KWH', Monate: 'MON', Pauschale: 'C62' } as const;
const kindNames = { annual: 'Jahresabrechnung', final: 'Endabrechnung', interim: 'Zwischenabrechnung' } as const;

const eur = (cents: Cents) => formatAmount(cents);
const vatCategory = (rate: string) => ({ 'cbc:ID': 'S', 'cbc:Percent': rate, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }) as const;

/**
 * Energy prices have more decimals than cents (0.2653 €/kWh), but @e-invoice-eu/core's schema takes
 * prices with two decimals only; EN 16931 has the price base quantity (BT-149) for exactly that:
 * 26.53 € per 100 kWh. The line's net (BT-131) stays the calculation's rounded amount.
 */
function price(unitPriceNet: string, unitCode: string): Record<string, string> {
  const p = new Decimal(unitPriceNet);
  const scale = Math.max(0, p.decimalPlaces() - 2);
  const base = new Decimal(10).pow(scale);
  return {
    'cbc:PriceAmount': p.times(base).toFixed(2),
    'cbc:PriceAmount@currencyID': 'EUR',
    ...(scale > 0 ? { 'cbc:BaseQuantity': base.toFixed(0), 'cbc:BaseQuantity@unitCode': unitCode } : {}),
  };
}

/** The bill in @e-invoice-eu/core's internal format (UBL element names; amounts as decimal strings). */
export function billToInvoice(input: EInvoiceInput): Invoice {
  const { bill, buyer, company, payment } = input;
  const lines = bill.lines.map((l, i) => ({
    'cbc:ID': String(i + 1),
    'cbc:InvoicedQuantity': l.unit === 'Pauschale' ? '1' : l.quantity,
    'cbc:InvoicedQuantity@unitCode': unitCodes[l.unit],
    'cbc:LineExtensionAmount': eur(l.netCents),
    'cbc:LineExtensionAmount@currencyID': 'EUR',
    'cac:InvoicePeriod': { 'cbc:StartDate': l.from, 'cbc:EndDate': l.to },
    'cac:Item': { 'cbc:Name': l.description, 'cac:ClassifiedTaxCategory': vatCategory(l.vatRatePercent) },
    'cac:Price': price(l.unitPriceNet, unitCodes[l.unit]),
  }));
  if (lines.length === 0) throw new Error(`bill ${bill.billNumber} has no lines`);

  const paymentMeans =
    payment.method === 'sepa_direct_debit'
      ? {
          'cbc:PaymentMeansCode': '59',
          'cbc:PaymentID': bill.billNumber,
          'cac:PaymentMandate': {
            'cbc:ID': payment.mandateReference,
            'cac:PayerFinancialAccount': { 'cbc:ID': payment.debtorIban.replace(/\s/g, '') },
          },
        }
      : {
          'cbc:PaymentMeansCode': '58',
          'cbc:PaymentID': rfForBill(bill.billNumber),
          'cac:PayeeFinancialAccount': {
            'cbc:ID': company.iban,
            'cbc:Name': company.name,
            'cac:FinancialInstitutionBranch': { 'cbc:ID': company.bic },
          },
        };

  const invoice = {
    'ubl:Invoice': {
      'cbc:ID': bill.billNumber,
      'cbc:IssueDate': bill.billDate,
      'cbc:DueDate': bill.dueDate,
      'cbc:InvoiceTypeCode': '380',
      'cbc:Note': [`${kindNames[bill.kind]} für den Zeitraum ${bill.periodStart} bis ${bill.periodEnd}`],
      'cbc:DocumentCurrencyCode': 'EUR',
      'cbc:BuyerReference': buyer.buyerReference,
      'cac:InvoicePeriod': { 'cbc:StartDate': bill.periodStart, 'cbc:EndDate': bill.periodEnd },
      ...(input.contractNumber ? { 'cac:ContractDocumentReference': { 'cbc:ID': input.contractNumber } } : {}),
      'cac:AccountingSupplierParty': {
        'cac:Party': {
          'cbc:EndpointID': company.email,
          'cbc:EndpointID@schemeID': 'EM',
          'cac:PartyName': { 'cbc:Name': company.name },
          'cac:PostalAddress': {
            'cbc:StreetName': company.street,
            'cbc:CityName': company.city,
            'cbc:PostalZone': company.postalCode,
            'cac:Country': { 'cbc:IdentificationCode': company.country ?? 'DE' },
          },
          'cac:PartyTaxScheme': [{ 'cbc:CompanyID': company.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }],
          'cac:PartyLegalEntity': {
            'cbc:RegistrationName': company.name,
            'cbc:CompanyID': `${company.registerCourt}, ${company.registerNumber}`,
          },
          'cac:Contact': { 'cbc:Name': 'Kundenservice', 'cbc:Telephone': company.phone, 'cbc:ElectronicMail': company.email },
        },
      },
      'cac:AccountingCustomerParty': {
        'cac:Party': {
          'cbc:EndpointID': buyer.email,
          'cbc:EndpointID@schemeID': 'EM',
          'cac:PartyName': { 'cbc:Name': buyer.name },
          'cac:PostalAddress': {
            'cbc:StreetName': `${buyer.address.street} ${buyer.address.houseNumber}`,
            'cbc:CityName': buyer.address.city,
            'cbc:PostalZone': buyer.address.postalCode,
            'cac:Country': { 'cbc:IdentificationCode': buyer.countryCode ?? 'DE' },
          },
          ...(buyer.vatId ? { 'cac:PartyTaxScheme': { 'cbc:CompanyID': buyer.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } } : {}),
          'cac:PartyLegalEntity': { 'cbc:RegistrationName': buyer.name },
        },
      },
      // BT-90, the SEPA creditor id: the library maps it to CII's CreditorReferenceID from the payee only.
      ...(payment.method === 'sepa_direct_debit'
        ? {
            'cac:PayeeParty': {
              'cac:PartyIdentification': { 'cbc:ID': company.creditorId, 'cbc:ID@schemeID': 'SEPA' },
              'cac:PartyName': { 'cbc:Name': company.name },
            },
          }
        : {}),
      'cac:PaymentMeans': [paymentMeans],
      'cac:TaxTotal': [
        {
          'cbc:TaxAmount': eur(bill.vatCents),
          'cbc:TaxAmount@currencyID': 'EUR',
          'cac:TaxSubtotal': bill.vat.map((g) => ({
            'cbc:TaxableAmount': eur(g.netCents),
            'cbc:TaxableAmount@currencyID': 'EUR',
            'cbc:TaxAmount': eur(g.vatCents),
            'cbc:TaxAmount@currencyID': 'EUR',
            'cac:TaxCategory': vatCategory(g.ratePercent),
          })),
        },
      ],
      'cac:LegalMonetaryTotal': {
        'cbc:LineExtensionAmount': eur(bill.netCents),
        'cbc:LineExtensionAmount@currencyID': 'EUR',
        'cbc:TaxExclusiveAmount': eur(bill.netCents),
        'cbc:TaxExclusiveAmount@currencyID': 'EUR',
        'cbc:TaxInclusiveAmount': eur(bill.grossCents),
        'cbc:TaxInclusiveAmount@currencyID': 'EUR',
        // BT-113: the installments already requested; BT-115 is then the bill's amount due (negative: a credit).
        'cbc:PrepaidAmount': eur(bill.installmentsCents),
        'cbc:PrepaidAmount@currencyID': 'EUR',
        'cbc:PayableAmount': eur(bill.amountDueCents),
        'cbc:PayableAmount@currencyID': 'EUR',
      },
      'cac:InvoiceLine': lines,
    },
  };
  return invoice as unknown as Invoice;
}

/** Logs of the library go nowhere by default; a worker passes its pino logger's methods. */
export interface EInvoiceLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
const silent: EInvoiceLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** XRechnung 3 in the CII syntax, as XML text. */
export async function xrechnungCii(input: EInvoiceInput, logger: EInvoiceLogger = silent): Promise<string> {
  const out = await new InvoiceService(logger).generate(billToInvoice(input), { format: 'XRECHNUNG-CII', lang: 'de-de', noWarnings: true });
  return typeof out === 'string' ? out : Buffer.from(out).toString('utf8');
}

/** Factur-X/ZUGFeRD: the rendered bill PDF turned into PDF/A-3 with the CII XML embedded. */
export async function facturXPdf(
  input: EInvoiceInput,
  pdf: Buffer,
  opts: { profile?: 'Factur-X-EN16931' | 'Factur-X-XRechnung'; logger?: EInvoiceLogger } = {},
): Promise<Buffer> {
  const out = await new InvoiceService(opts.logger ?? silent).generate(billToInvoice(input), {
    format: opts.profile ?? 'Factur-X-EN16931',
    lang: 'de-de',
    noWarnings: true,
    pdf: { buffer: new Uint8Array(pdf), filename: `${input.bill.billNumber}.pdf`, mimetype: 'application/pdf' },
  });
  return Buffer.from(out);
}
