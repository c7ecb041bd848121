import { databaseVariants, type TestDatabase } from '../../db/testing';
import { careCaseEvents, openCareCase } from '../care';
import { answerComplaint, escalateComplaint, openComplaint } from '../care/complaints';
import { activeMandate } from '../contracts/repository';
import { insertContract, type ContractFixture } from '../shared/test-fixtures';
import {
  addressFormatProblems,
  bankChangeProblems,
  changeBankAccount,
  changeCustomerAddress,
  checkAddress,
  cityStem,
  normaliseAddress,
  normaliseIban,
  signatureDate,
} from './index';

const NEW_IBAN = 'DE02120300000000202051';
const signature = { signedAt: '2027-03-01T09:30:00+01:00', method: 'electronic' as const, signerName: 'Erika Mustermann' };

describe('address rules (pure)', () => {
  it('accepts German formats and names each wrong field', () => {
    expect(addressFormatProblems({ street: 'Hohe Straße', houseNumber: '12a', postalCode: '50667', city: 'Köln' })).toEqual([]);
    expect(addressFormatProblems({ street: 'Am Ring', houseNumber: '12-14', postalCode: '01067', city: 'Dresden' })).toEqual([]);
    const bad = addressFormatProblems({ street: '', houseNumber: 'zwölf', postalCode: '5066', city: '1234' });
    expect(bad.map((p) => p.field)).toEqual(['address.street', 'address.houseNumber', 'address.postalCode', 'address.city']);
    expect(addressFormatProblems({ street: 'Weg', houseNumber: '1', postalCode: '00123', city: 'Irgendwo' })).toEqual([
      { field: 'address.postalCode', message: 'Die Postleitzahl 00123 gibt es in Deutschland nicht.' },
    ]);
  });

  it('normalises spaces and house-number letters; compares cities by their stem', () => {
    expect(normaliseAddress({ street: '  Hohe   Straße ', houseNumber: '12 A', postalCode: ' 50667', city: 'Köln ' })).toEqual({
      street: 'Hohe Straße',
      houseNumber: '12a',
      postalCode: '50667',
      city: 'Köln',
    });
    expect(cityStem('Köln-Ehrenfeld')).toBe(cityStem('KOELN'));
    expect(cityStem('Frankfurt am Main')).toBe('frankfurt');
    expect(cityStem('Bonn')).not.toBe(cityStem('Köln'));
  });
});

describe('bank change rules (pure)', () => {
  it('checks IBAN, BIC, holder and signature', () => {
    expect(normaliseIban('de02 1203 0000 0000 2020 51')).toBe(NEW_IBAN);
    expect(
      bankChangeProblems({ iban: 'DE02 1203 0000 0000 2020 51', accountHolder: 'Erika M', bic: 'BYLADEM1001', signature }, '2027-03-01'),
    ).toEqual([]);
    const bad = bankChangeProblems(
      {
        iban: 'DE03 1203 0000 0000 2020 51',
        accountHolder: 'E',
        bic: 'XX',
        signature: { ...signature, signerName: '', signedAt: 'gestern' },
      },
      '2027-03-01',
    );
    expect(bad.map((p) => p.field)).toEqual(['iban', 'bic', 'accountHolder', 'signature.signerName', 'signature.signedAt']);
    // A French bank's BIC for a German IBAN; a signature tomorrow.
    expect(bankChangeProblems({ iban: NEW_IBAN, accountHolder: 'Erika M', bic: 'BNPAFRPP', signature }, '2027-03-01')[0].field).toBe('bic');
    expect(
      bankChangeProblems({ iban: NEW_IBAN, accountHolder: 'Erika M', signature: { ...signature, signedAt: '2027-03-02' } }, '2027-03-01'),
    ).toEqual([{ field: 'signature.signedAt', message: 'Das Mandat kann nicht in der Zukunft unterschrieben sein.' }]);
  });

  it('takes the signature day in Germany', () => {
    expect(signatureDate('2027-03-01T23:30:00Z')).toBe('2027-03-02');
    expect(signatureDate('2027-03-01')).toBe('2027-03-01');
    expect(signatureDate('01.03.2027')).toBeNull();
  });
});

describe.each(databaseVariants())('customer changes on $name', (variant) => {
  let t: TestDatabase;
  let f: ContractFixture;
  const caseOf = async (kind: string) =>
    (
      await openCareCase(t.db, {
        customerId: f.customerId,
        accountId: f.contractAccountId,
        kind,
        channel: 'caseworker',
        requestedBy: 'caseworker',
        request: {},
      })
    ).careCase;

  beforeAll(async () => {
    t = await variant.open();
    f = await insertContract(t.db);
  });
  afterAll(async () => t?.dispose());

  it('checks the city against the cities known under the postal code', async () => {
    // The fixture's customers live in 50667 Köln.
    expect(
      (await checkAddress(t.db, { street: 'Domkloster', houseNumber: '4', postalCode: '50667', city: 'Köln-Altstadt' })).problems,
    ).toEqual([]);
    expect((await checkAddress(t.db, { street: 'Domkloster', houseNumber: '4', postalCode: '50667', city: 'Bonn' })).problems).toEqual([
      { field: 'address.city', message: 'Die Postleitzahl 50667 gehört nach unseren Daten zu Köln, nicht zu Bonn.' },
    ]);
    // Nothing known under this postal code: nothing to compare.
    expect((await checkAddress(t.db, { street: 'Marktplatz', houseNumber: '1', postalCode: '99084', city: 'Erfurt' })).problems).toEqual(
      [],
    );
  });

  it('changes the customer and the billing address that was the old one, once, with an audit event', async () => {
    const other = await t
      .db('contract_accounts')
      .insert({
        account_number: `9${Date.now()}`,
        customer_id: f.customerId,
        payment_method: 'bank_transfer',
        billing_address: JSON.stringify({ street: 'Postfach', houseNumber: '100', postalCode: '50668', city: 'Köln' }),
      })
      .returning('account_number');
    const care = await caseOf('address-change');
    const address = { street: 'Marktplatz', houseNumber: '1', postalCode: '99084', city: 'Erfurt' };
    const first = await changeCustomerAddress(t.db, { customerId: f.customerId, address, careCaseId: care.id, actor: 'process' });
    expect(first.changed).toBe(true);
    expect(first.before).toMatchObject({ postalCode: '50667', city: 'Köln' });
    const account = await t.db('contract_accounts').where({ id: f.contractAccountId }).first('account_number', 'billing_address');
    expect(first.accountsUpdated).toEqual([account.account_number]);
    expect(account.billing_address).toMatchObject(address);
    const kept = await t.db('contract_accounts').where({ account_number: other[0].account_number }).first('billing_address');
    expect(kept.billing_address).toMatchObject({ street: 'Postfach' });
    const customer = await t.db('customers').where({ id: f.customerId }).first('address', 'address_key');
    expect(customer.address).toMatchObject(address);
    expect(customer.address_key).toBe('99084|marktplatz|1');

    const retry = await changeCustomerAddress(t.db, { customerId: f.customerId, address, careCaseId: care.id, actor: 'process' });
    expect(retry.changed).toBe(false);
    const events = (await careCaseEvents(t.db, care.id)).filter((e) => e.action === 'address-changed');
    expect(events).toHaveLength(1);
  });

  it('replaces the mandate: new reference and signature, the old one ended; a retry makes no second one', async () => {
    const account = await t.db('contract_accounts').where({ id: f.contractAccountId }).first('account_number');
    await t.db('sepa_mandates').insert({
      mandate_reference: `M-${account.account_number}-1`,
      contract_account_id: f.contractAccountId,
      iban: 'DE89370400440532013000',
      account_holder: 'Erika Mustermann',
      signed_date: '2024-01-01',
      last_collection_date: '2027-02-01',
    });
    await t.db('contract_accounts').where({ id: f.contractAccountId }).update({ payment_method: 'bank_transfer' });
    const care = await caseOf('bank-change');
    const input = {
      contractAccountId: f.contractAccountId,
      iban: 'DE02 1203 0000 0000 2020 51',
      accountHolder: 'Erika Mustermann',
      bic: 'byladem1001',
      signature,
      careCaseId: care.id,
      caseNumber: care.caseNumber,
      actor: 'process',
      today: '2027-03-01',
    };
    const first = await changeBankAccount(t.db, input);
    expect(first.created).toBe(true);
    expect(first.mandate).toMatchObject({
      reference: `M-${account.account_number}-2`,
      iban: NEW_IBAN,
      bic: 'BYLADEM1001',
      signedDate: '2027-03-01',
      signatureMethod: 'electronic',
      signerName: 'Erika Mustermann',
      status: 'active',
      lastCollectionDate: null,
    });
    expect(first.mandate.signedAt).toBe('2027-03-01T08:30:00.000Z');
    expect(first.ended?.reference).toBe(`M-${account.account_number}-1`);
    const old = await t.db('sepa_mandates').where({ id: first.ended!.id }).first();
    expect(old.status).toBe('revoked');
    expect(old.ended_reason).toBe(`Neue Bankverbindung (${care.caseNumber})`);
    expect((await activeMandate(t.db, f.contractAccountId))?.id).toBe(first.mandate.id);
    // A bank-transfer account pays by direct debit again with a new mandate.
    expect((await t.db('contract_accounts').where({ id: f.contractAccountId }).first('payment_method')).payment_method).toBe(
      'sepa_direct_debit',
    );

    const retry = await changeBankAccount(t.db, input);
    expect(retry).toMatchObject({
      created: false,
      mandate: { id: first.mandate.id },
      ended: { reference: `M-${account.account_number}-1` },
    });
    const n = (await t.db('sepa_mandates').where({ contract_account_id: f.contractAccountId })).length;
    expect(n).toBe(2);
    expect((await careCaseEvents(t.db, care.id)).filter((e) => e.action === 'mandate-replaced')).toHaveLength(1);
  });

  it('records a complaint, escalates and answers it once', async () => {
    const care = await caseOf('complaint');
    const dueAt = new Date('2027-03-08T09:00:00Z');
    await openComplaint(t.db, { careCaseId: care.id, subject: 'Abschlag zu hoch', text: 'Bitte prüfen', dueAt });
    const again = await openComplaint(t.db, { careCaseId: care.id, subject: 'anders', text: 'anders', dueAt: new Date() });
    expect(again).toMatchObject({ subject: 'Abschlag zu hoch', dueAt: dueAt.toISOString(), escalatedAt: null, answer: null });
    await escalateComplaint(t.db, care.id, new Date('2027-03-08T09:00:00Z'));
    await escalateComplaint(t.db, care.id, new Date('2027-03-09T09:00:00Z'));
    const answered = await answerComplaint(t.db, care.id, {
      answer: 'Wir haben den Abschlag angepasst.',
      answeredBy: 'lead',
      at: new Date(),
    });
    const late = await answerComplaint(t.db, care.id, { answer: 'zweite Antwort', answeredBy: 'other', at: new Date() });
    expect(late).toEqual(answered);
    expect(answered).toMatchObject({
      escalatedAt: '2027-03-08T09:00:00.000Z',
      answer: 'Wir haben den Abschlag angepasst.',
      answeredBy: 'lead',
    });
    expect((await careCaseEvents(t.db, care.id)).map((e) => e.action)).toEqual([
      'opened',
      'complaint-recorded',
      'complaint-escalated',
      'complaint-answered',
    ]);
  });
});
