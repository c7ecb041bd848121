import { loadSettings } from '../../config/settings';
import { createPdfRenderer, createTemplateRenderer, type PdfRenderer } from '.';
import { billLetterData } from './billLetter';
import { sampleAnnualBill, sampleAnnualBillInput, sampleFinalBillInput } from './billFixtures';
import { epcQrPayload, formatRf, isValidRf, rfForBill, rfReference } from './giroCode';
import { signPdf } from './pdfSignature';
import { selfSignedP12, verifyPdfSignature } from './pdfSignatureTesting';
import { pdfText } from './pdfText';

const settings = loadSettings();
const templates = createTemplateRenderer();
let renderer: PdfRenderer;

beforeAll(async () => {
  renderer = await createPdfRenderer({ chromiumPath: settings.chromiumPath, poolSize: 2 });
});
afterAll(async () => {
  await renderer?.close();
});

/** Every string in order of appearance; a miss names the string, not just "false". */
function expectInOrder(text: string, parts: string[]): void {
  let at = 0;
  for (const p of parts) {
    const i = text.indexOf(p, at);
    expect({ missingAfter: text.slice(Math.max(0, at - 40), at), part: p, found: i >= 0 }).toEqual(
      expect.objectContaining({ found: true }),
    );
    at = i + p.length;
  }
}

/** What §40 EnWG asks of every bill about the supplier and the customer's rights. */
const supplierAndRights = [
  'Rheinstrom Energie GmbH',
  'Am Kraftwerk 1',
  '50667 Köln',
  '0221 987654-0',
  'service@energie.example',
  'www.energie.example',
  'Amtsgericht Köln, HRB 123456',
  'USt-IdNr. DE123456789',
  'Gläubiger-ID DE98ZZZ09999999999',
  'Schlichtungsstelle Energie e.V., Friedrichstraße 133, 10117 Berlin',
  'Bundesnetzagentur',
  'Verbraucherservice Energie',
  '§ 111b EnWG',
];

describe('RF creditor reference and GiroCode payload', () => {
  it('computes ISO 11649 check digits', () => {
    expect(rfReference('539007547034')).toBe('RF18539007547034'); // the standard's example
    expect(isValidRf('RF18 5390 0754 7034')).toBe(true);
    expect(isValidRf('RF19539007547034')).toBe(false);
    expect(formatRf('RF18539007547034')).toBe('RF18 5390 0754 7034');
    expect(rfForBill('R-2026-000245')).toMatch(/^RF\d{2}R2026000245$/);
    expect(isValidRf(rfForBill('R-2026-000245'))).toBe(true);
    expect(() => rfReference('')).toThrow();
  });

  it('writes EPC069-12 version 002 and refuses what a banking app would refuse', () => {
    const payload = epcQrPayload({
      name: 'Rheinstrom Energie GmbH',
      iban: 'DE89 3704 0044 0532 0130 00',
      amountCents: 100,
      text: 'Rechnung 1',
    });
    expect(payload.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      '',
      'Rheinstrom Energie GmbH',
      'DE89370400440532013000',
      'EUR1.00',
      '',
      '',
      'Rechnung 1',
    ]);
    expect(() => epcQrPayload({ name: 'X', iban: 'DE89370400440532013000', amountCents: 0 })).toThrow();
    expect(() => epcQrPayload({ name: 'X', iban: 'DE89370400440532013000', amountCents: 1, reference: 'RF00ABC' })).toThrow();
  });
});

describe('bills as PDF (§40 EnWG contents)', () => {
  it('renders an annual bill with a credit, two price periods and the comparison with the previous year', async () => {
    const data = await billLetterData(sampleAnnualBillInput);
    const pdf = await renderer.render(templates.letter('bill', data));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(pdf);

    // The amount and its date come first, before the greeting and every detail.
    expectInOrder(text, [
      'Jahresabrechnung Nr. R-2026-000101',
      'Abrechnungszeitraum 01.01.2025 bis 31.12.2025',
      'Ihr Guthaben',
      '121,85 €',
    ]);
    expectInOrder(text, ['Erstattung bis', '29.01.2026', 'Guten Tag Erika Mustermann']);
    expect(text.indexOf('121,85 €')).toBeLessThan(text.indexOf('Zählerstände'));

    for (const s of [
      'Erika Mustermann',
      'Lindenstraße 12a',
      '50674 Köln',
      'Rechnungsnummer R-2026-000101',
      'Kundennummer 1000123',
      'Vertragskonto 800012345',
      'Rechnungsdatum 15.01.2026',
      'Zählernummer 1ESY1160642512',
      'Marktlokations-ID 51238696781',
      // readings with their kind
      'Anfangsstand 01.01.2025 12.345 kWh abgelesen',
      'Endstand 31.12.2025 15.012 kWh Kundenablesung',
      'Verbrauch im Abrechnungszeitraum 2.667 kWh',
      // consumption and prices per price period
      '01.01.2025 – 30.06.2025 181 1.322,54 kWh 28,00 ct/kWh (33,32 ct/kWh) 10,00 €/Monat (11,90 €/Monat) 19 %',
      '01.07.2025 – 31.12.2025 184 1.344,46 kWh 26,50 ct/kWh (31,535 ct/kWh) 11,50 €/Monat (13,685 €/Monat) 19 %',
      // comparison with the previous period
      'Vorjahreszeitraum 01.01.2024 – 31.12.2024 2.890 kWh 7,9 kWh/Tag',
      'Dieser Zeitraum 01.01.2025 – 31.12.2025 2.667 kWh 7,3 kWh/Tag',
      '-7,5 % Verbrauch pro Tag gegenüber dem Vorjahreszeitraum',
      // net per line, VAT per rate, gross, installments
      'Arbeitspreis 01.01.2025 – 30.06.2025 1.322,54 kWh 28,00 ct/kWh 19 % 370,31 €',
      'Grundpreis 01.01.2025 – 30.06.2025 6 Monate 10,00 €/Monat 19 % 60,00 €',
      'Arbeitspreis 01.07.2025 – 31.12.2025 1.344,46 kWh 26,50 ct/kWh 19 % 356,28 €',
      'Grundpreis 01.07.2025 – 31.12.2025 6 Monate 11,50 €/Monat 19 % 69,00 €',
      'Summe netto 855,59 €',
      'Umsatzsteuer 19 % auf 855,59 € 162,56 €',
      'Rechnungsbetrag brutto 1.018,15 €',
      'Abzüglich Abschläge für den Abrechnungszeitraum -1.140,00 €',
      'Guthaben 121,85 €',
      // refund to the mandate's account, masked; the new installment plan
      'überweisen wir bis zum 29.01.2026 auf Ihr Konto DE23 XXXX XXXX XXXX XX98 76',
      'Ab dem 01.02.2026 beträgt Ihr Abschlag 85,00 € (monatlich)',
      ...supplierAndRights,
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('5432 1098'); // the customer's IBAN is masked
    expect(text).not.toContain('Zahlschein'); // a credit has nothing to pay
    expect(text).not.toContain('ziehen wir');
  });

  it('renders a final bill with an amount due, a payment slip and its GiroCode', async () => {
    const data = await billLetterData(sampleFinalBillInput);
    const reference = rfForBill('R-2026-000245');
    // The QR code carries exactly what a banking app needs to fill in the transfer.
    expect(data.payment.slip?.qrPayload.split('\n')).toEqual([
      'BCD',
      '002',
      '1',
      'SCT',
      'COBADEFFXXX',
      'Rheinstrom Energie GmbH',
      'DE89370400440532013000',
      'EUR46.41',
      '',
      reference,
    ]);
    expect(data.payment.slip?.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(data.payment.slip!.qrDataUrl.split(',')[1], 'base64').toString()).toContain('<svg');

    const html = templates.letter('bill', data);
    const text = await pdfText(await renderer.render(html));
    expectInOrder(text, ['Endabrechnung Nr. R-2026-000245', 'Zu zahlender Betrag', '46,41 €', 'Fällig am', '03.04.2026', 'Guten Tag']);
    for (const s of [
      // the bill goes to the new address after the move-out; the supply address stays the old one
      'Am Hafen 3',
      '20457 Hamburg',
      'Lieferstelle Lindenstraße 12a, 50674 Köln',
      'Abrechnungszeitraum 01.01.2026 bis 15.03.2026 (74 Tage)',
      'Anfangsstand 01.01.2026 15.012 kWh Kundenablesung',
      'Endstand 15.03.2026 15.590,5 kWh geschätzt',
      '01.01.2026 – 15.03.2026 74 578,5 kWh 26,50 ct/kWh',
      'Grundpreis 01.01.2026 – 15.03.2026 2,4839 Monate 11,50 €/Monat 19 % 28,56 €',
      'Arbeitspreis 01.01.2026 – 15.03.2026 578,5 kWh 26,50 ct/kWh 19 % 153,30 €',
      'Vorjahreszeitraum 01.01.2025 – 15.03.2025 610 kWh',
      'Summe netto 181,86 €',
      'Umsatzsteuer 19 % auf 181,86 € 34,55 €',
      'Rechnungsbetrag brutto 216,41 €',
      'Abzüglich Abschläge für den Abrechnungszeitraum -170,00 €',
      'Nachzahlung 46,41 €',
      'Zahlung per Überweisung',
      'Zahlschein · Endabrechnung Nr. R-2026-000245',
      'Empfänger Rheinstrom Energie GmbH',
      'IBAN DE89 3704 0044 0532 0130 00',
      'BIC COBADEFFXXX',
      'Betrag 46,41 €',
      `Verwendungszweck ${formatRf(reference)}`,
      'GiroCode',
      ...supplierAndRights,
    ]) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('Ihr neuer Abschlag'); // no installments after a move-out
    expect(text).not.toContain('SEPA-Lastschrift');
  });

  it('pre-notifies a direct debit of an amount due with mandate, creditor id and date', async () => {
    const bill = { ...sampleAnnualBill, kind: 'interim' as const, installmentsCents: 90000, amountDueCents: 11815 };
    const data = await billLetterData({ ...sampleAnnualBillInput, bill });
    expect(data.payment.slip).toBeUndefined();
    const text = await pdfText(await renderer.render(templates.letter('bill', data)));
    expectInOrder(text, ['Zwischenabrechnung Nr. R-2026-000101', 'Zu zahlender Betrag', '118,15 €', 'Einzug am', '29.01.2026']);
    expect(text).toContain(
      'Den Betrag von 118,15 € ziehen wir am 29.01.2026 von Ihrem Konto DE23 XXXX XXXX XXXX XX98 76 ein. ' +
        'Mandatsreferenz: M-800012345-1 · Gläubiger-Identifikationsnummer: DE98ZZZ09999999999.',
    );
    expect(text).not.toContain('Zahlschein');
  });

  it('signs a bill rendered by Chromium, and the text stays readable', async () => {
    const { p12, cert } = selfSignedP12('geheim');
    const pdf = await renderer.render(templates.letter('bill', await billLetterData(sampleFinalBillInput)));
    const signed = await signPdf(pdf, { p12, passphrase: 'geheim', name: 'Rheinstrom Energie GmbH', reason: 'Rechnung R-2026-000245' });
    expect(verifyPdfSignature(signed, cert)).toEqual({ digestMatches: true, signatureValid: true });
    expect(await pdfText(signed)).toContain('Endabrechnung Nr. R-2026-000245');
  });

  it('escapes customer data in the bill', async () => {
    const data = await billLetterData({
      ...sampleFinalBillInput,
      contractAccount: { accountNumber: '1', billingAddress: { ...sampleFinalBillInput.customer.address, name: '<script>x</script>' } },
    });
    const html = templates.letter('bill', data);
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;');
  });
});
