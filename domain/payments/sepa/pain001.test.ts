import { buildPain001, type CreditTransferFile, type CreditTransferTransaction } from './pain001';
import { SepaInputError } from './errors';
import { schemaPath, SCHEMAS, validateXml } from './xsd';

// The official XSDs are not part of the repository (see domain/payments/schemas/ORIGIN.md); without them these checks are skipped, visibly.
const itWithSchemas = schemaPath(SCHEMAS.pain008) ? it : it.skip;

function refund(i: number, over: Partial<CreditTransferTransaction> = {}): CreditTransferTransaction {
  return {
    endToEndId: `RF-GUT-${i}`,
    amountCents: 2_550,
    creditor: {
      name: 'Müller, Hans-Jürgen',
      iban: 'DE02120300000000202051',
      address: { street: 'Lindenstraße', buildingNumber: '5', postCode: '50674', townName: 'Köln', country: 'DE' },
    },
    remittance: `Guthaben Jahresabrechnung 2025 Kd.-Nr. ${i}`,
    ...over,
  };
}

function file(over: Partial<CreditTransferFile> = {}): CreditTransferFile {
  return {
    messageId: 'REFUND-2026-03-02',
    createdAt: '2026-03-02T10:00:00+01:00',
    debtor: {
      name: 'Stadtwerke Süd GmbH',
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      address: { townName: 'Stuttgart', country: 'DE' },
    },
    batches: [
      {
        paymentInfoId: 'REFUND-1',
        executionDate: '2026-03-04',
        transactions: [
          refund(1),
          refund(2, { amountCents: 1, creditor: { name: 'Ana Lopez', iban: 'DE02500105170137075030', bic: 'INGDDEFFXXX' } }),
        ],
      },
      { paymentInfoId: 'REFUND-2', executionDate: '2026-03-05', transactions: [refund(3, { amountCents: 100_000 })] },
    ],
    ...over,
  };
}

const values = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

describe('buildPain001', () => {
  itWithSchemas('valid against pain.001.001.09', () => {
    const xml = buildPain001(file());
    expect(validateXml(xml, SCHEMAS.pain001)).toEqual([]);
    expect(xml).toContain('xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"');
    expect(values(xml, 'NbOfTxs')).toEqual(['3', '2', '1']);
    expect(values(xml, 'CtrlSum')).toEqual(['1025.51', '25.51', '1000.00']);
    expect(values(xml, 'InstdAmt')).toEqual(['25.50', '0.01', '1000.00']);
    expect(values(xml, 'PmtMtd')).toEqual(['TRF', 'TRF']);
    expect(xml).toMatch(/<ReqdExctnDt>\s*<Dt>2026-03-04<\/Dt>\s*<\/ReqdExctnDt>/);
    expect(values(xml, 'EndToEndId')).toEqual(['RF-GUT-1', 'RF-GUT-2', 'RF-GUT-3']);
    expect(values(xml, 'Ustrd')[0]).toBe('Guthaben Jahresabrechnung 2025 Kd.-Nr. 1');
    expect(values(xml, 'Nm')).toContain('Mueller, Hans-Juergen');
    // Creditor bank only where its BIC is known.
    expect(values(xml, 'BICFI')).toEqual(['COBADEFFXXX', 'INGDDEFFXXX', 'COBADEFFXXX']);
    expect(xml).not.toContain('AdrLine');
  });

  itWithSchemas('1,000 refunds of 0.10: control sum 100.00', () => {
    const transactions = Array.from({ length: 1000 }, (_, i) => refund(i, { amountCents: 10 }));
    const xml = buildPain001(file({ batches: [{ paymentInfoId: 'BULK', executionDate: '2026-03-04', transactions }] }));
    expect(values(xml, 'CtrlSum')).toEqual(['100.00', '100.00']);
    expect(validateXml(xml, SCHEMAS.pain001)).toEqual([]);
  });

  itWithSchemas('debtor without BIC uses NOTPROVIDED', () => {
    const xml = buildPain001(file({ debtor: { ...file().debtor, bic: undefined } }));
    expect(xml).toMatch(/<DbtrAgt>\s*<FinInstnId>\s*<Othr>\s*<Id>NOTPROVIDED<\/Id>/);
    expect(validateXml(xml, SCHEMAS.pain001)).toEqual([]);
  });

  test.each<[string, (f: CreditTransferFile) => void, string]>([
    ['no batches', (f) => (f.batches = []), 'batches'],
    ['zero amount', (f) => (f.batches[1].transactions[0].amountCents = 0), 'batches[1].transactions[0].amountCents'],
    [
      'bad creditor IBAN',
      (f) => (f.batches[0].transactions[1].creditor.iban = 'DE02500105170137075031'),
      'batches[0].transactions[1].creditor.iban',
    ],
    ['debtor without address', (f) => (f.debtor.address = undefined as never), 'debtor.address'],
    ['bad execution date', (f) => (f.batches[0].executionDate = '04.03.2026'), 'batches[0].executionDate'],
    ['unconvertible text', (f) => (f.batches[0].transactions[0].remittance = 'Danke ☺'), 'batches[0].transactions[0].remittance'],
    ['duplicate payment info id', (f) => (f.batches[1].paymentInfoId = 'REFUND-1'), 'batches[1].paymentInfoId'],
  ])('%s → SepaInputError', (_label, mutate, field) => {
    const input = structuredClone(file());
    mutate(input);
    expect(() => buildPain001(input)).toThrow(SepaInputError);
    try {
      buildPain001(input);
    } catch (err) {
      expect((err as SepaInputError).field).toBe(field);
    }
  });
});
