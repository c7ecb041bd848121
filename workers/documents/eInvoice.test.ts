import { XMLParser } from 'fast-xml-parser';
import { PDFDocument } from 'pdf-lib';
import company from '../../templates/company.json';
import { sampleAnnualBill, sampleFinalBill } from './billFixtures';
import { facturXPdf, xrechnungCii, type EInvoiceInput } from './eInvoice';
import { rfForBill } from './giroCode';

const buyer = {
  name: 'Bäckerei Korn GmbH',
  address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '50667', city: 'Köln' },
  vatId: 'DE987654321',
  email: 'buchhaltung@baeckerei-korn.example',
  buyerReference: '1000456',
};
const directDebit: EInvoiceInput = {
  bill: sampleAnnualBill,
  buyer,
  contractNumber: 'V-2024-000078',
  payment: { method: 'sepa_direct_debit', mandateReference: 'M-800012346-1', debtorIban: 'DE23 5001 0517 5432 1098 76' },
  company,
};

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false, attributeNamePrefix: '@' });
type Node = Record<string, any>;
const text = (n: unknown): string => (typeof n === 'object' && n !== null ? String((n as Node)['#text']) : String(n));

describe('e-invoice (XRechnung CII, Factur-X)', () => {
  it('writes XRechnung CII with the bill totals to the cent (BT-109, BT-110, BT-112, BT-113, BT-115)', async () => {
    const xml = await xrechnungCii(directDebit);
    const doc = parser.parse(xml) as Node;
    const tx = doc.CrossIndustryInvoice.SupplyChainTradeTransaction as Node;
    const settlement = tx.ApplicableHeaderTradeSettlement as Node;
    const sum = settlement.SpecifiedTradeSettlementHeaderMonetarySummation as Node;
    expect(text(sum.LineTotalAmount)).toBe('855.59');
    expect(text(sum.TaxBasisTotalAmount)).toBe('855.59'); // BT-109
    expect(text(sum.TaxTotalAmount)).toBe('162.56'); // BT-110
    expect(sum.TaxTotalAmount['@currencyID']).toBe('EUR');
    expect(text(sum.GrandTotalAmount)).toBe('1018.15'); // BT-112
    expect(text(sum.TotalPrepaidAmount)).toBe('1140.00'); // BT-113
    expect(text(sum.DuePayableAmount)).toBe('-121.85'); // BT-115: a credit

    const tax = [settlement.ApplicableTradeTax].flat() as Node[];
    expect(tax.map((t) => [text(t.CategoryCode), text(t.RateApplicablePercent), text(t.BasisAmount), text(t.CalculatedAmount)])).toEqual([
      ['S', '19', '855.59', '162.56'],
    ]);
    const lines = [tx.IncludedSupplyChainTradeLineItem].flat() as Node[];
    expect(lines.map((l) => text(l.SpecifiedLineTradeSettlement.SpecifiedTradeSettlementLineMonetarySummation.LineTotalAmount))).toEqual([
      '370.31',
      '60.00',
      '356.28',
      '69.00',
    ]);
    expect(text(lines[0].SpecifiedLineTradeDelivery.BilledQuantity)).toBe('1322.54');
    expect(lines[0].SpecifiedLineTradeDelivery.BilledQuantity['@unitCode']).toBe('KWH');
    // 0.265 €/kWh has three decimals: the price goes per 10 kWh (BT-149) instead.
    const netPrice = lines[2].SpecifiedLineTradeAgreement.NetPriceProductTradePrice as Node;
    expect([text(netPrice.ChargeAmount), text(netPrice.BasisQuantity), netPrice.BasisQuantity['@unitCode']]).toEqual(['2.65', '10', 'KWH']);

    // Seller with VAT id, buyer, direct debit with mandate and creditor id, due date.
    const agreement = tx.ApplicableHeaderTradeAgreement as Node;
    expect(text(agreement.BuyerReference)).toBe('1000456');
    expect(text(agreement.SellerTradeParty.Name)).toBe('Rheinstrom Energie GmbH');
    expect(xml).toContain('DE123456789');
    expect(text(agreement.BuyerTradeParty.Name)).toBe('Bäckerei Korn GmbH');
    expect(xml).toContain('DE987654321');
    expect(text(settlement.SpecifiedTradeSettlementPaymentMeans.TypeCode)).toBe('59');
    expect(text(settlement.CreditorReferenceID)).toBe('DE98ZZZ09999999999');
    expect(text(settlement.SpecifiedTradePaymentTerms.DirectDebitMandateID)).toBe('M-800012346-1');
    expect(xml).toContain('DE23500105175432109876');
    expect(text(settlement.SpecifiedTradePaymentTerms.DueDateDateTime.DateTimeString)).toBe('20260129');
    expect(text(doc.CrossIndustryInvoice.ExchangedDocumentContext.GuidelineSpecifiedDocumentContextParameter.ID)).toContain('xrechnung');
  });

  it('writes a credit transfer (58) with our IBAN and the RF reference for a bank-transfer customer', async () => {
    const xml = await xrechnungCii({ ...directDebit, bill: sampleFinalBill, payment: { method: 'bank_transfer' } });
    const settlement = (parser.parse(xml) as Node).CrossIndustryInvoice.SupplyChainTradeTransaction.ApplicableHeaderTradeSettlement as Node;
    const sum = settlement.SpecifiedTradeSettlementHeaderMonetarySummation as Node;
    expect([text(sum.TaxBasisTotalAmount), text(sum.TaxTotalAmount), text(sum.GrandTotalAmount), text(sum.DuePayableAmount)]).toEqual([
      '181.86',
      '34.55',
      '216.41',
      '46.41',
    ]);
    expect(text(settlement.SpecifiedTradeSettlementPaymentMeans.TypeCode)).toBe('58');
    expect(text(settlement.SpecifiedTradeSettlementPaymentMeans.PayeePartyCreditorFinancialAccount.IBANID)).toBe('DE89370400440532013000');
    expect(text(settlement.PaymentReference)).toBe(rfForBill('R-2026-000245'));
  });

  it('embeds the CII XML into the bill PDF (Factur-X / ZUGFeRD)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const out = await facturXPdf(directDebit, Buffer.from(await doc.save()));
    expect(out.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = out.toString('latin1');
    expect(raw).toContain('factur-x.xml');
    expect(raw).toContain('pdfaid');
  });
});
