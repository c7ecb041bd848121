import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CamtError, parseCamt, type BankStatementFile } from './parse';

// Public sample files written by others (see test/fixtures/camt/ORIGIN.md). They are not part of
// the repository's commits; where they are absent these tests are skipped, not failed.
const FIXTURE_DIRS = [path.join(__dirname, '../../../test/fixtures/camt'), path.join(__dirname, '../../../../shared/fixtures/camt')];
function fixturePath(name: string): string | undefined {
  return FIXTURE_DIRS.map((d) => path.join(d, name)).find((p) => existsSync(p));
}
function withFixture(name: string, fn: (file: () => BankStatementFile, xml: () => string) => void): void {
  const p = fixturePath(name);
  (p ? describe : describe.skip)(name, () => {
    const xml = () => readFileSync(p!, 'utf8');
    fn(() => parseCamt(xml()), xml);
  });
}

function camtError(fn: () => unknown): CamtError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CamtError) return e;
    throw e;
  }
  throw new Error('expected a CamtError');
}

withFixture('oca-test-camt053.xml', (file) => {
  it('reads header, balances and the three entries', () => {
    const f = file();
    expect(f).toMatchObject({
      format: 'camt.053',
      version: '001.02',
      messageId: 'TESTBANK/NL/1420561226673',
      createdAt: '2014-01-06T16:20:26.673Z',
    });
    expect(f.statements).toHaveLength(1);
    const s = f.statements[0];
    expect(s).toMatchObject({
      id: '1234Test/1',
      accountIban: 'NL77ABNA0574908765',
      currency: 'EUR',
      openingBalanceCents: 1556827,
      closingBalanceCents: 1512112,
    });
    expect(s.entries.map((e) => [e.amountCents, e.creditDebit, e.reversal])).toEqual([
      [75425, 'DBIT', false],
      [66405, 'DBIT', true],
      [140531, 'CRDT', false],
    ]);
    expect(s.entries.map((e) => e.entryRef)).toEqual(['1234Test/1#1', '1234Test/1#2', '1234Test/1#3']);
    expect(s.entries[0]).toMatchObject({ bookingDate: '2014-01-05', valueDate: '2014-01-05', bankTransactionCode: 'PMNT/RDDT/ESDD EI' });
  });

  it('splits the returned batch into its two AC06 returns with their own amounts', () => {
    const batch = file().statements[0].entries[1];
    expect(batch.bankTransactionCode).toBe('PMNT/IDDT/UPDD EIST');
    expect(batch.transactions).toHaveLength(2);
    expect(batch.transactions.map((t) => [t.amountCents, t.endToEndId, t.mandateId, t.returnReason, t.isReturn])).toEqual([
      [56405, 'TESTBANK/NL/20141229/01206408', 'NL22ZZZ524885430000-C0125.1', 'AC06', true],
      [10000, 'TESTBANK/NL/20141229/01206407', 'NL22ZZZ524885430000-C0125.2', 'AC06', true],
    ]);
    expect(batch.transactions[0]).toMatchObject({
      counterpartyName: 'Test Customer',
      counterpartyIban: 'NL46ABNA0499998748',
      remittance: 'Direct Debit S14 0410',
    });
  });

  it('takes the creditor of an outgoing debit and the debtor of a credit as counterparty', () => {
    const [out, , credit] = file().statements[0].entries;
    expect(out.transactions[0]).toMatchObject({
      endToEndId: '435005714488-ABNO33052620',
      counterpartyName: 'INSURANCE COMPANY TESTX',
      remittance: 'Insurance policy 857239PERIOD 01.01.2014 - 31.12.2014',
      isReturn: false,
    });
    expect(credit.transactions[0]).toMatchObject({
      amountCents: 140531,
      endToEndId: '115',
      counterpartyName: '3rd party Media',
      counterpartyIban: 'NL69ABNA0522123643',
      remittance: '',
    });
  });
});

withFixture('oca-test-camt054.xml', (file) => {
  it('reads a camt.054.001.04 notification with a structured reference', () => {
    const f = file();
    expect(f).toMatchObject({ format: 'camt.054', version: '001.04', messageId: '20220126375204763458853' });
    const s = f.statements[0];
    expect(s.id).toBe('20220120000000000000000');
    expect(s.openingBalanceCents).toBeUndefined();
    expect(s.entries).toHaveLength(1);
    expect(s.entries[0]).toMatchObject({
      entryRef: '98888208N8',
      amountCents: 500,
      creditDebit: 'CRDT',
      reversal: false,
      bookingDate: '2022-01-26',
    });
    expect(s.entries[0].transactions).toEqual([
      expect.objectContaining({
        amountCents: 500,
        endToEndId: 'ENDTOENDID-01',
        creditorReference: '000000000000000000000000003',
        counterpartyName: 'Test Customer',
        counterpartyIban: 'NL46ABNA0499998748',
        isReturn: false,
      }),
    ]);
  });
});

withFixture('hbci4java-test-camt-ruecklastschrift.xml', (file) => {
  it('reads the camt.052 return debit MS03 with 3.00 bank charges', () => {
    const f = file();
    expect(f).toMatchObject({ format: 'camt.052', version: '001.02', messageId: 'camt52_20210326134456__ONLINEBA' });
    const s = f.statements[0];
    expect(s).toMatchObject({
      id: 'camt052_ONLINEBA',
      accountIban: 'DE1234567890',
      openingBalanceCents: 10000,
      closingBalanceCents: 10000,
    });
    const [entry] = s.entries;
    // "NONREF" identifies nothing, so the entry gets statement id + index.
    expect(entry).toMatchObject({ entryRef: 'camt052_ONLINEBA#1', amountCents: 5300, creditDebit: 'DBIT', bookingDate: '2021-03-26' });
    expect(entry.transactions).toHaveLength(1);
    expect(entry.transactions[0]).toMatchObject({
      amountCents: 5000,
      chargesCents: 300,
      mandateId: 'TEST1234',
      returnReason: 'MS03',
      returnAdditionalInfo: 'RUECKLASTSCHRIFT Sonstige Gruende',
      counterpartyName: 'Sven Schuldner',
      isReturn: true,
    });
  });
});

withFixture('byro-reversal.xml', (file) => {
  it('reads the reversed direct debit AC01 with the German code NDDT+109', () => {
    const [entry] = file().statements[0].entries;
    expect(entry).toMatchObject({
      entryRef: '2026011500009-001',
      amountCents: 1299,
      creditDebit: 'DBIT',
      reversal: true,
      bookingDate: '2026-01-15',
      bankTransactionCode: 'PMNT/IDDT/RRTN NDDT+109',
    });
    expect(entry.transactions[0]).toMatchObject({
      amountCents: 1299,
      endToEndId: 'NLL123-2026-01',
      mandateId: 'MANDAT-NLL123',
      returnReason: 'AC01',
      returnAdditionalInfo: 'IBAN FEHLERHAFT',
      // The customer, not us (the creditor of the original collection).
      counterpartyName: 'Max Mustermann',
      counterpartyIban: 'DE89370400440532013000',
      isReturn: true,
    });
  });
});

withFixture('byro-batch_booking_v08.xml', (file) => {
  it('reads a 001.08 batch credit over two NtryDtls blocks, each transaction with its amount', () => {
    const f = file();
    expect(f).toMatchObject({ format: 'camt.053', version: '001.08' });
    const [entry] = f.statements[0].entries;
    expect(entry).toMatchObject({ entryRef: 'BATCH-001', amountCents: 7500, creditDebit: 'CRDT' });
    expect(entry.transactions.map((t) => [t.amountCents, t.endToEndId, t.counterpartyName])).toEqual([
      [2500, 'NLL123-2026', 'Max Mustermann'],
      [2500, 'NLL124-2026', 'Erika Musterfrau'],
      [2500, 'NLL125-2026', 'Peter Beispiel'],
    ]);
    expect(entry.transactions[2].remittance).toBe('Mitglied NLL125 Jahresbeitrag 2026');
  });
});

withFixture('genkgo-camt053.v8.xml', (_file, xml) => {
  it('recognises camt.053.001.08 but refuses its SEK balance', () => {
    const e = camtError(() => parseCamt(xml()));
    expect(e.code).toBe('wrong_currency');
    expect(e.path).toBe('Document/BkToCstmrStmt/Stmt[1]/Bal[2]/Amt');
  });
});

withFixture('genkgo-camt054.v8.xml', (_file, xml) => {
  it('recognises camt.054.001.08 but refuses its SEK entry', () => {
    const e = camtError(() => parseCamt(xml()));
    expect(e.code).toBe('wrong_currency');
    expect(e.path).toBe('Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]/Amt');
  });
});

describe('bad files', () => {
  const camt = (ntry: string, ns = 'camt.053.001.08', acct = '<Ccy>EUR</Ccy>') =>
    `<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:${ns}"><BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>2025-01-01T00:00:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id>${acct}</Acct>${ntry}</Stmt></BkToCstmrStmt></Document>`;
  const ntry = (amount: string, ccy = 'EUR') =>
    `<Ntry><Amt Ccy="${ccy}">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts></Ntry>`;

  it('parses a minimal valid file (and an entry without TxDtls becomes one transaction)', () => {
    const f = parseCamt(camt(ntry('12.30')));
    expect(f.statements[0].entries[0]).toMatchObject({
      entryRef: 'S1#1',
      amountCents: 1230,
      transactions: [{ amountCents: 1230, remittance: '', isReturn: false }],
    });
  });

  it('rejects broken XML', () => {
    expect(camtError(() => parseCamt('<Document><BkToCstmrStmt></Document>')).code).toBe('not_xml');
    expect(camtError(() => parseCamt('')).code).toBe('not_xml');
  });

  it('rejects a pain.008 handed in as a statement', () => {
    const pain =
      '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"><CstmrDrctDbtInitn><GrpHdr><MsgId>X</MsgId></GrpHdr></CstmrDrctDbtInitn></Document>';
    const e = camtError(() => parseCamt(pain));
    expect(e.code).toBe('not_camt');
    expect(e.message).toContain('CstmrDrctDbtInitn');
  });

  it('rejects other currencies', () => {
    expect(camtError(() => parseCamt(camt(ntry('12.30', 'USD')))).code).toBe('wrong_currency');
    const e = camtError(() => parseCamt(camt('', 'camt.053.001.08', '<Ccy>USD</Ccy>')));
    expect(e).toMatchObject({ code: 'wrong_currency', path: 'Document/BkToCstmrStmt/Stmt[1]/Acct/Ccy' });
  });

  it('rejects an amount with three decimals, naming the element', () => {
    const e = camtError(() => parseCamt(camt(ntry('12.345'))));
    expect(e).toMatchObject({ code: 'invalid_amount', path: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt' });
    expect(camtError(() => parseCamt(camt(ntry('-1.00')))).code).toBe('invalid_amount');
  });

  it('rejects versions outside 001.02 to 001.08 and missing fields', () => {
    expect(camtError(() => parseCamt(camt(ntry('1.00'), 'camt.053.001.12'))).code).toBe('unsupported_version');
    expect(camtError(() => parseCamt(camt(ntry('1.00'), 'camt.054.001.08'))).code).toBe('not_camt');
    const noCd = camt('<Ntry><Amt Ccy="EUR">1.00</Amt><Sts><Cd>BOOK</Cd></Sts></Ntry>');
    expect(camtError(() => parseCamt(noCd))).toMatchObject({
      code: 'missing_field',
      path: 'Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd',
    });
  });
});
