import { databaseVariants, type TestDatabase } from '../../db/testing';
import { orderNumber } from '../orders';
import { customerAccountView } from './account-view';
import { instanceKeysOf } from './account/processes';
import { searchCustomers } from './search';
import { seedCustomerHistory, type SeededHistory } from './test-fixtures';

describe.each(databaseVariants())('customer account screen ($name)', (variant) => {
  let t: TestDatabase;
  let erika: SeededHistory;
  let max: SeededHistory;
  beforeAll(async () => {
    t = await variant.open();
    erika = await seedCustomerHistory(t.db, { months: 14, from: '2025-01', firstName: 'Erika', lastName: 'Kundenschön' });
    max = await seedCustomerHistory(t.db, { months: 2, from: '2026-01', firstName: 'Max', lastName: 'Kundenschön-Berg' });
  }, 60_000);
  afterAll(async () => {
    await t.dispose();
  });

  const found = async (q: string) => (await searchCustomers(t.db, q)).map((h) => `${h.customerNumber}:${h.matchedBy}`);

  it('finds a customer by IBAN with or without spaces, in any case', async () => {
    const compact = erika.iban.replace(/ /g, '');
    expect(await found(compact)).toEqual([`${erika.customerNumber}:iban`]);
    expect(await found(erika.iban.toLowerCase())).toEqual([`${erika.customerNumber}:iban`]);
    expect(await found(` ${compact.slice(0, 8)} ${compact.slice(8)} `)).toEqual([`${erika.customerNumber}:iban`]);
  });

  it('finds a customer by its numbers and ids, and by its order number', async () => {
    expect(await found(erika.customerNumber)).toEqual([`${erika.customerNumber}:customerNumber`]);
    expect(await found(erika.accountNumber)).toEqual([`${erika.customerNumber}:accountNumber`]);
    expect(await found(erika.contractNumber)).toEqual([`${erika.customerNumber}:contract`]);
    expect(await found(erika.contractId)).toEqual([`${erika.customerNumber}:contract`]);
    expect(await found(erika.meterNumber)).toEqual([`${erika.customerNumber}:meter`]);
    expect(await found(erika.orderId)).toEqual([`${erika.customerNumber}:order`]);
    expect(await found(orderNumber(erika.orderId))).toEqual([`${erika.customerNumber}:order`]);
    expect(await found(orderNumber(erika.orderId).toLowerCase())).toEqual([`${erika.customerNumber}:order`]);
  });

  it('finds customers by a name prefix, first name first or last name first', async () => {
    const hits = await searchCustomers(t.db, 'kundensch');
    expect(hits.map((h) => h.lastName)).toEqual(['Kundenschön', 'Kundenschön-Berg']);
    expect(hits[0]).toMatchObject({ firstName: 'Erika', matchedBy: 'name', address: { city: 'Köln' } });
    expect(await found('Erika Kundensch')).toEqual([`${erika.customerNumber}:name`]);
    expect(await found('Kundenschön, Max')).toEqual([`${max.customerNumber}:name`]);
    expect(await found('  max   kundenschön-b ')).toEqual([`${max.customerNumber}:name`]);
  });

  it('finds nothing for unknown or wildcard input', async () => {
    expect(await found('Niemand')).toEqual([]);
    expect(await found('%')).toEqual([]);
    expect(await found('%%')).toEqual([]);
    expect(await found('K_')).toEqual([]);
    expect(await found('DE00 0000 0000 0000 0000 00')).toEqual([]);
    expect(await found('A-00000000')).toEqual([]);
  });

  it('shows the whole customer: contracts, bills, readings, plan, items, payments, return debits, dunning, letters and mails', async () => {
    const view = (await customerAccountView(t.db, erika.customerNumber, { today: '2026-04-01' }))!;
    expect(view.customer).toMatchObject({
      customerNumber: erika.customerNumber,
      firstName: 'Erika',
      lastName: 'Kundenschön',
      email: erika.email,
    });
    expect(view.contracts).toHaveLength(1);
    const [contract] = view.contracts;
    expect(contract).toMatchObject({
      contractNumber: erika.contractNumber,
      meter: { meterNumber: erika.meterNumber },
      accountNumber: erika.accountNumber,
    });
    expect(contract.bills).toHaveLength(14);
    expect(contract.bills[0]).toMatchObject({
      periodStart: '2026-02-01',
      grossCents: 9_850,
      pdfUrl: `/api/bills/${contract.bills[0].id}/pdf`,
    });
    expect(contract.bills[0]).not.toHaveProperty('calculation');
    expect(contract.readings).toHaveLength(14);
    expect(contract.readings[0]).toMatchObject({ readingDate: '2026-02-01', valueKwh: '13770', status: 'accepted' });
    expect(contract.installmentPlan).toMatchObject({ cadence: 'monthly', amountCents: 9_850 });

    expect(view.accounts).toHaveLength(1);
    const [account] = view.accounts;
    expect(account.mandates).toEqual([expect.objectContaining({ iban: erika.iban, status: 'active' })]);
    expect(account.money.balanceCents).toBe(erika.balanceCents);
    expect(view.balanceCents).toBe(erika.balanceCents);
    // The last bill (due 2026-03-15) and the bank fee are overdue on 1 April.
    expect(view.overdueCents).toBe(erika.balanceCents);
    expect(account.money.openItems.map((i) => i.documentKind).sort()).toEqual(['bill', 'fee']);
    expect(account.money.payments).toHaveLength(14);
    expect(account.money.returnDebits).toEqual([expect.objectContaining({ text: 'Rücklastschrift AC04', openCents: 0 })]);

    expect(account.dunning.openCase).toMatchObject({ status: 'open', level: 1, notices: [{ level: 0 }, { level: 1, channel: 'letter' }] });
    expect(account.dunning.cases.map((c) => c.status).sort()).toEqual(['closed', 'open']);
    expect(account.dunning.collectionCases).toEqual([]);
    expect(view.letters).toEqual([
      expect.objectContaining({ fileName: 'Mahnung-1.pdf', url: expect.stringMatching(/^\/api\/documents\//) }),
    ]);
    expect(view.mails.map((m) => m.subject).sort()).toEqual(['Ihre Auftragsbestätigung', 'Zahlungserinnerung']);
    expect(view.processInstances).toBeNull();
  });

  it('knows no unknown customer', async () => {
    expect(await customerAccountView(t.db, 'K00000000', { today: '2026-04-01' })).toBeUndefined();
  });

  it('finds the process instances naming the customer, its contracts, accounts or orders', async () => {
    const variable = (key: number, instance: number, name: string, value: unknown) => ({
      kind: 'variable',
      key,
      process_instance_key: instance,
      data: JSON.stringify({ name, value: JSON.stringify(value) }),
    });
    await t.db('engine_record').insert([
      variable(9_001, 8_001, 'contractId', erika.contractId),
      variable(9_002, 8_002, 'contractAccountId', erika.accountId),
      variable(9_003, 8_003, 'orderId', erika.orderId),
      variable(9_004, 8_004, 'contractId', max.contractId),
      // A variable of another name with the same value names nothing.
      variable(9_005, 8_005, 'note', erika.contractId),
    ]);
    await t.db('dunning_cases').where({ contract_account_id: erika.accountId, status: 'open' }).update({ process_instance_key: '8006' });
    const refs = {
      customerId: erika.customerId,
      contractIds: [erika.contractId],
      accountIds: [erika.accountId],
      orderIds: [erika.orderId],
    };
    expect(await instanceKeysOf(t.db, refs)).toEqual(['8006', '8003', '8002', '8001']);
    const view = await customerAccountView(t.db, erika.customerNumber, {
      today: '2026-04-01',
      instances: async (keys) => keys.map((k) => ({ processInstanceKey: k }) as never),
    });
    expect(view!.processInstances!.map((i) => i.processInstanceKey)).toEqual(['8006', '8003', '8002', '8001']);
  });
});
