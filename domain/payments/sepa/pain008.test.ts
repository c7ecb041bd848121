import { buildPain008, type DirectDebitFile, type DirectDebitTransaction } from './pain008';
import { SepaInputError } from './errors';
import { schemaPath, SCHEMAS, validateXml } from './xsd';

// The official XSDs are not part of the repository (see domain/payments/schemas/ORIGIN.md); without them these checks are skipped, visibly.
const itWithSchemas = schemaPath(SCHEMAS.pain008) ? it : it.skip;

const creditor: DirectDebitFile['creditor'] = {
  name: 'Stadtwerke Süd & Söhne GmbH',
  iban: 'DE89 3704 0044 0532 0130 00',
  bic: 'COBADEFFXXX',
  creditorId: 'DE98ZZZ09999999999',
  address: { street: 'Königstraße', buildingNumber: '12a', postCode: '70173', townName: 'Stuttgart', country: 'DE' },
};

function tx(i: number, over: Partial<DirectDebitTransaction> = {}): DirectDebitTransaction {
  return {
    endToEndId: `E2E-2026-03-${String(i).padStart(5, '0')}`,
    amountCents: 10,
    mandateId: `MDT-${i}`,
    mandateSignedDate: '2025-11-15',
    debtor: { name: 'Jürgen Weiß-Öztürk', iban: 'DE02120300000000202051', address: { townName: 'Köln', country: 'DE' } },
    remittance: `Abschlag März 2026 – Vertrag ${i}`,
    ...over,
  };
}

function file(over: Partial<DirectDebitFile> = {}): DirectDebitFile {
  return {
    messageId: 'MSG-2026-03-02-001',
    createdAt: '2026-03-02T09:30:00Z',
    creditor,
    batches: [
      {
        paymentInfoId: 'PMT-FRST-1',
        sequenceType: 'FRST',
        collectionDate: '2026-03-10',
        scheme: 'CORE',
        transactions: [tx(1, { amountCents: 12_345 })],
      },
      {
        paymentInfoId: 'PMT-RCUR-1',
        sequenceType: 'RCUR',
        collectionDate: '2026-03-10',
        scheme: 'CORE',
        transactions: [
          tx(2, { amountCents: 4_999, debtor: { name: 'Anna Schmidt', iban: 'DE02500105170137075030', bic: 'INGDDEFFXXX' } }),
          tx(3, { amountCents: 1 }),
        ],
      },
    ],
    ...over,
  };
}

const values = (xml: string, tag: string) => [...xml.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

function inputError(f: () => unknown): SepaInputError {
  try {
    f();
  } catch (err) {
    if (err instanceof SepaInputError) return err;
    throw err;
  }
  throw new Error('no SepaInputError thrown');
}

describe('buildPain008', () => {
  itWithSchemas('FRST and RCUR batches validate against ISO and GBIC_4', () => {
    const xml = buildPain008(file());
    expect(validateXml(xml, SCHEMAS.pain008)).toEqual([]);
    expect(validateXml(xml, SCHEMAS.pain008Gbic)).toEqual([]);
    expect(values(xml, 'SeqTp')).toEqual(['FRST', 'RCUR']);
    expect(values(xml, 'NbOfTxs')).toEqual(['3', '1', '2']);
    expect(values(xml, 'CtrlSum')).toEqual(['173.45', '123.45', '50.00']);
    expect(values(xml, 'InstdAmt')).toEqual(['123.45', '49.99', '0.01']);
    expect(xml).toContain('<InstdAmt Ccy="EUR">0.01</InstdAmt>');
    expect(xml.match(/<LclInstrm>\s*<Cd>CORE<\/Cd>/g)).toHaveLength(2);
    expect(values(xml, 'PmtMtd')).toEqual(['DD', 'DD']);
    expect(values(xml, 'ChrgBr')).toEqual(['SLEV', 'SLEV']);
    expect(values(xml, 'BICFI')).toEqual(['COBADEFFXXX', 'COBADEFFXXX', 'INGDDEFFXXX']);
    expect(xml).toMatch(/<DbtrAgt>\s*<FinInstnId>\s*<Othr>\s*<Id>NOTPROVIDED<\/Id>/);
    expect(xml).toMatch(/<Othr>\s*<Id>DE98ZZZ09999999999<\/Id>\s*<SchmeNm>\s*<Prtry>SEPA<\/Prtry>/);
    expect(xml).not.toContain('AdrLine');
  });

  test('umlauts and ß converted, IBAN compacted', () => {
    const xml = buildPain008(file());
    expect(values(xml, 'Nm')).toContain('Stadtwerke Sued + Soehne GmbH');
    expect(values(xml, 'Nm')).toContain('Juergen Weiss-Oeztuerk');
    expect(values(xml, 'StrtNm')).toEqual(['Koenigstrasse', 'Koenigstrasse']);
    expect(values(xml, 'TwnNm')).toContain('Koeln');
    expect(values(xml, 'Ustrd')[0]).toBe('Abschlag Maerz 2026 - Vertrag 1');
    expect(values(xml, 'IBAN')[0]).toBe('DE89370400440532013000');
    expect(xml).not.toMatch(/[^\x00-\x7f]/);
  });

  itWithSchemas('one transaction without BIC or debtor address', () => {
    const xml = buildPain008(
      file({
        batches: [
          {
            paymentInfoId: 'P1',
            sequenceType: 'OOFF',
            collectionDate: '2026-03-10',
            scheme: 'B2B',
            transactions: [tx(1, { debtor: { name: 'Muster AG', iban: 'DE02120300000000202051' }, remittance: '' })],
          },
        ],
        creditor: { ...creditor, bic: undefined },
      }),
    );
    expect(validateXml(xml, SCHEMAS.pain008)).toEqual([]);
    expect(validateXml(xml, SCHEMAS.pain008Gbic)).toEqual([]);
    expect(values(xml, 'NbOfTxs')).toEqual(['1', '1']);
    expect(values(xml, 'CtrlSum')).toEqual(['0.10', '0.10']);
    expect(xml).not.toContain('RmtInf');
    expect(xml).not.toContain('BICFI');
  });

  itWithSchemas('1,000 transactions: exact control sum, valid', () => {
    const transactions = Array.from({ length: 1000 }, (_, i) => tx(i));
    const xml = buildPain008(
      file({
        batches: [{ paymentInfoId: 'PMT-RCUR-1000', sequenceType: 'RCUR', collectionDate: '2026-03-10', scheme: 'CORE', transactions }],
      }),
    );
    expect(values(xml, 'NbOfTxs')).toEqual(['1000', '1000']);
    expect(values(xml, 'CtrlSum')).toEqual(['100.00', '100.00']);
    expect(validateXml(xml, SCHEMAS.pain008)).toEqual([]);
    expect(validateXml(xml, SCHEMAS.pain008Gbic)).toEqual([]);
  });

  itWithSchemas('large amounts stay exact (no floats)', () => {
    const transactions = [tx(1, { amountCents: 99_999_999_999 }), tx(2, { amountCents: 99_999_999_999 }), tx(3, { amountCents: 7 })];
    const xml = buildPain008(
      file({ batches: [{ paymentInfoId: 'P', sequenceType: 'RCUR', collectionDate: '2026-03-10', scheme: 'CORE', transactions }] }),
    );
    expect(values(xml, 'CtrlSum')).toEqual(['2000000000.05', '2000000000.05']);
    expect(values(xml, 'InstdAmt')).toEqual(['999999999.99', '999999999.99', '0.07']);
    expect(validateXml(xml, SCHEMAS.pain008)).toEqual([]);
    expect(validateXml(xml, SCHEMAS.pain008Gbic)).toEqual([]);
  });

  itWithSchemas('the XSD check catches a broken file', () => {
    const xml = buildPain008(file()).replace('<CtrlSum>173.45</CtrlSum>', '<CtrlSum>173.456</CtrlSum>');
    expect(validateXml(xml, SCHEMAS.pain008Gbic).join('\n')).toMatch(/CtrlSum/);
    expect(validateXml('<Document', SCHEMAS.pain008)[0]).toMatch(/not well-formed/);
  });

  describe('input errors name the field', () => {
    test.each<[string, (f: DirectDebitFile) => void, string, RegExp]>([
      ['no batches', (f) => (f.batches = []), 'batches', /at least one batch/],
      ['empty batch', (f) => (f.batches[0].transactions = []), 'batches[0].transactions', /at least one transaction/],
      ['zero amount', (f) => (f.batches[1].transactions[1].amountCents = 0), 'batches[1].transactions[1].amountCents', /positive/],
      ['negative amount', (f) => (f.batches[0].transactions[0].amountCents = -5), 'batches[0].transactions[0].amountCents', /positive/],
      [
        'fractional cents',
        (f) => (f.batches[0].transactions[0].amountCents = 10.5),
        'batches[0].transactions[0].amountCents',
        /whole number/,
      ],
      [
        'bad debtor IBAN',
        (f) => (f.batches[1].transactions[0].debtor.iban = 'DE02500105170137075031'),
        'batches[1].transactions[0].debtor.iban',
        /IBAN/,
      ],
      ['bad creditor IBAN', (f) => (f.creditor.iban = 'DE00123'), 'creditor.iban', /IBAN/],
      ['creditor id check digits', (f) => (f.creditor.creditorId = 'DE97ZZZ09999999999'), 'creditor.creditorId', /creditor identifier/],
      ['creditor id too short', (f) => (f.creditor.creditorId = 'DE98ZZZ0999999999'), 'creditor.creditorId', /creditor identifier/],
      [
        'name too long',
        (f) => (f.batches[0].transactions[0].debtor.name = 'x'.repeat(71)),
        'batches[0].transactions[0].debtor.name',
        /longer than 70/,
      ],
      [
        'umlauts push past the limit',
        (f) => (f.creditor.address.townName = 'ü'.repeat(18)),
        'creditor.address.townName',
        /longer than 35 .*36 after/,
      ],
      [
        'remittance too long',
        (f) => (f.batches[0].transactions[0].remittance = 'a'.repeat(141)),
        'batches[0].transactions[0].remittance',
        /140/,
      ],
      [
        'end-to-end id too long',
        (f) => (f.batches[0].transactions[0].endToEndId = 'E'.repeat(36)),
        'batches[0].transactions[0].endToEndId',
        /35/,
      ],
      [
        'unconvertible character',
        (f) => (f.batches[0].transactions[0].debtor.name = 'Ωmega @ Home'),
        'batches[0].transactions[0].debtor.name',
        /"Ω" "@"/,
      ],
      [
        'euro sign in remittance',
        (f) => (f.batches[0].transactions[0].remittance = '12 €'),
        'batches[0].transactions[0].remittance',
        /"€"/,
      ],
      [
        'umlaut in an id',
        (f) => (f.batches[0].transactions[0].mandateId = 'MÜ-1'),
        'batches[0].transactions[0].mandateId',
        /character set/,
      ],
      ['id with //', (f) => (f.messageId = 'A//B'), 'messageId', /\/\//],
      [
        'duplicate end-to-end id',
        (f) => (f.batches[1].transactions[1].endToEndId = f.batches[0].transactions[0].endToEndId),
        'batches[1].transactions[1].endToEndId',
        /duplicate/,
      ],
      ['mixed CORE and B2B', (f) => (f.batches[1].scheme = 'B2B'), 'batches[1].scheme', /mix/],
      ['bad sequence type', (f) => (f.batches[0].sequenceType = 'XXXX' as never), 'batches[0].sequenceType', /one of/],
      ['bad collection date', (f) => (f.batches[0].collectionDate = '2026-02-30'), 'batches[0].collectionDate', /ISO date/],
      [
        'mandate signed after collection',
        (f) => (f.batches[0].transactions[0].mandateSignedDate = '2026-04-01'),
        'batches[0].transactions[0].mandateSignedDate',
        /after/,
      ],
      ['bad created-at', (f) => (f.createdAt = '2026-03-02 09:30'), 'createdAt', /date-time/],
      ['missing town', (f) => (f.creditor.address.townName = ' '), 'creditor.address.townName', /required/],
      ['bad country', (f) => (f.creditor.address.country = 'Germany'), 'creditor.address.country', /country/],
      ['bad BIC', (f) => (f.creditor.bic = 'XYZ'), 'creditor.bic', /BIC/],
    ])('%s', (_label, mutate, field, message) => {
      const input = structuredClone(file());
      mutate(input);
      const err = inputError(() => buildPain008(input));
      expect(err.field).toBe(field);
      expect(err.issues[0].message).toMatch(message);
      expect(err.message).toContain(field);
    });

    test('all problems are reported at once', () => {
      const input = structuredClone(file());
      input.batches[0].transactions[0].amountCents = 0;
      input.batches[1].transactions[0].debtor.iban = 'nope';
      expect(inputError(() => buildPain008(input)).issues.map((i) => i.field)).toEqual([
        'batches[0].transactions[0].amountCents',
        'batches[1].transactions[0].debtor.iban',
      ]);
    });
  });
});
