import { databaseVariants, type TestDatabase } from '../../db/testing';
import { accountBalance, receivableTotal } from '../ledger';
import {
  applyClarification,
  billRf,
  CamtError,
  clarificationView,
  createCreditTransferFile,
  createDirectDebitFile,
  defaultPaymentsConfig,
  finishStatement,
  lapseMandates,
  matchStatement,
  PaymentsError,
  processReturn,
  receiveStatement,
  replaceMandate,
  returnEntryIds,
  SCHEMAS,
  schemaPath,
  statementSummary,
  switchAccountToTransfer,
  unmatchedEntryIds,
  validateXml,
} from './index';
import { camt053, insertAccount, postBill, postInstallment, type TestAccount } from './testing';

// The official XSDs are not part of the repository (see domain/payments/schemas/ORIGIN.md). These
// tests go on without them (the runs' bookings are what they check); the schema checks of the
// files themselves are in sepa/, skipped visibly there.
function expectSchemaValid(xml: string, schema: string): void {
  if (schemaPath(schema)) expect(validateXml(xml, schema)).toEqual([]);
}

const config = defaultPaymentsConfig;
const now = new Date('2026-02-27T08:00:00Z');

describe.each(databaseVariants())('payments on $name', (variant) => {
  let t: TestDatabase;
  let anna: TestAccount; // direct debit, two installments
  let bert: TestAccount; // direct debit, one installment
  let carla: TestAccount; // pays a bill by transfer
  let dora: TestAccount; // overpays by transfer
  let emil: TestAccount; // credit from a bill, refunded
  const lines: Record<string, string> = {};

  beforeAll(async () => {
    t = await variant.open();
    anna = await insertAccount(t.db, { first: 'Anna', last: 'Schäfer' });
    bert = await insertAccount(t.db, { first: 'Bert', last: 'Krüger' });
    carla = await insertAccount(t.db, { first: 'Carla', last: 'Neumann', method: 'bank_transfer', mandate: false });
    dora = await insertAccount(t.db, { first: 'Dora', last: 'Vogel', method: 'bank_transfer', mandate: false });
    emil = await insertAccount(t.db, { first: 'Emil', last: 'Berger', method: 'bank_transfer' });
    lines.anna1 = await postInstallment(t.db, anna, 8900, '2026-02-15');
    lines.anna2 = await postInstallment(t.db, anna, 8900, '2026-03-01');
    lines.annaLater = await postInstallment(t.db, anna, 8900, '2026-06-01');
    lines.bert = await postInstallment(t.db, bert, 5500, '2026-03-01');
    lines.carla = await postBill(t.db, carla, 'R202600001234', 12345, '2026-02-10', '2026-02-24');
    lines.dora = await postBill(t.db, dora, 'R202600005555', 7500, '2026-02-12', '2026-02-26');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  async function balanced(a: TestAccount): Promise<number> {
    const bal = await accountBalance(t.db, a.contractAccountId, '2026-03-10');
    expect(bal.balanceCents).toBe(await receivableTotal(t.db, a.contractAccountId));
    return bal.balanceCents;
  }
  const open = async (lineId: string) =>
    Number(((await t.db('open_items').where({ line_id: lineId }).first()) as { open_cents: string }).open_cents);

  it('collects due items of direct-debit accounts once, FRST for a new mandate, in a file the German banks accept', async () => {
    const run = await createDirectDebitFile(t.db, { runKey: 'debit-run:2026-02-27', today: '2026-02-27', config, now });
    expect(run.orders).toBe(3);
    const file = run.file!;
    expect(file.kind).toBe('pain.008');
    expect(file.controlSumCents).toBe(8900 + 8900 + 5500);
    // Friday + 1 TARGET2 day = Monday.
    expect(file.executionDate).toBe('2026-03-02');
    expectSchemaValid(file.xml, SCHEMAS.pain008Gbic);
    expect(file.xml).toContain('<SeqTp>FRST</SeqTp>');
    expect(file.xml).not.toContain('RCUR');
    expect(file.xml).toContain('Schaefer');
    const orders = (await t.db('payment_orders').where({ file_id: file.id })) as Array<{
      line_id: string;
      status: string;
      end_to_end_id: string;
    }>;
    expect(orders.map((o) => o.line_id).sort()).toEqual([lines.anna1, lines.anna2, lines.bert].sort());
    expect(orders.every((o) => o.status === 'in_file' && o.end_to_end_id.length <= 35)).toBe(true);
    const m = (await t.db('sepa_mandates').where({ id: anna.mandateId }).first()) as { last_collection_date: Date };
    expect(m.last_collection_date).not.toBeNull();

    const retry = await createDirectDebitFile(t.db, { runKey: 'debit-run:2026-02-27', today: '2026-02-27', config });
    expect(retry.file!.id).toBe(file.id);
    expect(retry.orders).toBe(3);
    const again = await createDirectDebitFile(t.db, { runKey: 'debit-run:2026-02-27b', today: '2026-02-27', config });
    expect(again.file).toBeNull();
    expect(await t.db('payment_files').count({ n: '*' }).first()).toEqual({ n: expect.anything() });
    expect(Number(((await t.db('payment_files').count({ n: '*' }).first()) as { n: string }).n)).toBe(1);
  });

  it('collects the next installment as RCUR, never an item twice', async () => {
    const run = await createDirectDebitFile(t.db, { runKey: 'debit-run:2026-05-29', today: '2026-05-29', config, now });
    expect(run.orders).toBe(1);
    expect(run.file!.xml).toContain('<SeqTp>RCUR</SeqTp>');
    expect(run.file!.xml).not.toContain('FRST');
    expectSchemaValid(run.file!.xml, SCHEMAS.pain008Gbic);
    const perLine = (await t.db('payment_orders').groupBy('line_id').select('line_id').count({ n: '*' })) as Array<{ n: string }>;
    expect(perLine.every((r) => Number(r.n) === 1)).toBe(true);
  });

  let statementId = '';
  let statementXml = '';
  it('books a statement: direct debits by end-to-end id, a typo in the bill number, an overpayment, a fee, an unknown payer', async () => {
    const e2e = (await t
      .db('payment_orders')
      .whereIn('line_id', [lines.anna1, lines.anna2, lines.bert])
      .select('line_id', 'end_to_end_id')) as Array<{
      line_id: string;
      end_to_end_id: string;
    }>;
    const id = (line: string) => e2e.find((o) => o.line_id === line)!.end_to_end_id;
    statementXml = camt053('STMT-2026-03-02', [
      {
        ref: 'E1',
        cd: 'CRDT',
        code: 'PMNT/RDDT/ESDD',
        txs: [
          { amount: 8900, e2e: id(lines.anna1), name: 'Rheinstrom Energie GmbH' },
          { amount: 8900, e2e: id(lines.anna2), name: 'Rheinstrom Energie GmbH' },
          { amount: 5500, e2e: id(lines.bert), name: 'Rheinstrom Energie GmbH' },
        ],
      },
      // R202600001234 with two digits swapped.
      {
        ref: 'E2',
        cd: 'CRDT',
        code: 'PMNT/RCDT/ESCT',
        txs: [{ amount: 12345, name: 'Carla Neumann', iban: 'DE89370400440532013000', ustrd: 'Rechnung R202600001243' }],
      },
      {
        ref: 'E3',
        cd: 'CRDT',
        code: 'PMNT/RCDT/ESCT',
        txs: [{ amount: 10000, name: 'Dora Vogel', iban: 'DE75512108001245126199', ustrd: 'Stromrechnung', rf: billRf('R202600005555') }],
      },
      { ref: 'E4', cd: 'DBIT', code: 'ACMT/MDOP/CHRG', txs: [{ amount: 1250, ustrd: 'Kontofuehrung Februar' }] },
      {
        ref: 'E5',
        cd: 'CRDT',
        code: 'PMNT/RCDT/ESCT',
        txs: [{ amount: 4711, name: 'Z. Unbekannt', iban: 'DE12500105170648489890', ustrd: 'Danke' }],
      },
    ]);
    const received = await receiveStatement(t.db, { xml: statementXml, fileName: 'stmt-0302.xml', uploadedBy: 'kasse' });
    expect(received.duplicate).toBe(false);
    expect(received.statement.entryCount).toBe(7);
    statementId = received.statement.id;

    const counts = await matchStatement(t.db, statementId, { today: '2026-03-02', batchSize: 2 });
    expect(counts).toEqual({ matched: 5, unmatched: 1, returns: 0, ignored: 1 });
    expect(await open(lines.anna1)).toBe(0);
    expect(await open(lines.anna2)).toBe(0);
    expect(await open(lines.bert)).toBe(0);
    expect(await open(lines.carla)).toBe(0);
    expect(await open(lines.dora)).toBe(0);
    expect(await balanced(anna)).toBe(8900); // the June installment
    expect(await balanced(bert)).toBe(0);
    expect(await balanced(carla)).toBe(0);
    // 100.00 paid for 75.00: 25.00 stay as credit.
    expect(await balanced(dora)).toBe(-2500);
    const carlaEntry = (await t.db('bank_entries').where({ statement_id: statementId, entry_ref: 'E2' }).first()) as {
      match_method: string;
    };
    expect(carlaEntry.match_method).toBe('reference_text');
    const orders = (await t.db('payment_orders').whereIn('line_id', [lines.anna1, lines.anna2, lines.bert])) as Array<{ status: string }>;
    expect(orders.map((o) => o.status)).toEqual(['settled', 'settled', 'settled']);

    // Running again books nothing.
    expect(await matchStatement(t.db, statementId, { today: '2026-03-02' })).toEqual({ matched: 0, unmatched: 0, returns: 0, ignored: 0 });
    const summary = await statementSummary(t.db, statementId);
    expect(summary.byStatus).toMatchObject({ matched: 5, unmatched: 1, ignored: 1, new: 0 });
    expect(summary.matchRate).toBeCloseTo(5 / 6);
    expect(await unmatchedEntryIds(t.db, statementId)).toHaveLength(1);
    await finishStatement(t.db, statementId);
    expect(billRf('R202600001234')).toMatch(/^RF\d\d/);
  });

  it('books the same file only once, and stores nothing of a broken file', async () => {
    const before = Number(((await t.db('bank_entries').count({ n: '*' }).first()) as { n: string }).n);
    const again = await receiveStatement(t.db, { xml: statementXml, fileName: 'copy.xml' });
    expect(again).toMatchObject({ duplicate: true, statement: { id: statementId, status: 'done' } });
    // Same message id, other bytes: still the same statement.
    const reformatted = await receiveStatement(t.db, { xml: statementXml.replace('\n', '\n\n'), fileName: 'copy2.xml' });
    expect(reformatted.duplicate).toBe(true);
    await expect(
      receiveStatement(t.db, { xml: statementXml.replace('<Amt Ccy="EUR">123.45', '<Amt Ccy="EUR">12x'), fileName: 'bad.xml' }),
    ).rejects.toThrow(CamtError);
    await expect(receiveStatement(t.db, { xml: '<html/>', fileName: 'bad.html' })).rejects.toThrow(CamtError);
    expect(Number(((await t.db('bank_entries').count({ n: '*' }).first()) as { n: string }).n)).toBe(before);
    expect(Number(((await t.db('bank_statements').count({ n: '*' }).first()) as { n: string }).n)).toBe(1);
  });

  it('assigns an unmatched payment after clarification, refuses unknown accounts', async () => {
    const [entryId] = await unmatchedEntryIds(t.db, statementId);
    const view = await clarificationView(t.db, entryId);
    expect(view.entry).toMatchObject({ amountCents: 4711, status: 'unmatched', counterpartyName: 'Z. Unbekannt' });
    await expect(
      applyClarification(t.db, entryId, { decision: 'assign', accountNumber: '999', decidedBy: 'clerk', today: '2026-03-03' }),
    ).rejects.toMatchObject({
      code: 'unknown_account',
    });
    await expect(applyClarification(t.db, entryId, { decision: 'refund', decidedBy: 'clerk', today: '2026-03-03' })).rejects.toThrow(
      PaymentsError,
    );
    // Carla pays by transfer: her March installment is in no debit file, so the payment settles it.
    lines.carla2 = await postInstallment(t.db, carla, 6000, '2026-03-15');
    const res = await applyClarification(t.db, entryId, {
      decision: 'assign',
      accountNumber: carla.accountNumber,
      decidedBy: 'clerk',
      today: '2026-03-03',
    });
    expect(res.status).toBe('clarified');
    expect(await open(lines.carla2)).toBe(6000 - 4711);
    expect(await balanced(carla)).toBe(6000 - 4711);
    const repeat = await applyClarification(t.db, entryId, {
      decision: 'assign',
      accountNumber: carla.accountNumber,
      decidedBy: 'clerk',
      today: '2026-03-03',
    });
    expect(repeat.documentId).toBe(res.documentId);
    expect(await balanced(carla)).toBe(6000 - 4711);
  });

  let returnIds: string[] = [];
  it('a return debit (AM04, 3.00 € fee) reopens the installment and charges the fee; the second one switches to transfer; AC04 at once', async () => {
    const e2e = (await t
      .db('payment_orders')
      .whereIn('line_id', [lines.anna1, lines.anna2, lines.bert])
      .select('line_id', 'end_to_end_id')) as Array<{
      line_id: string;
      end_to_end_id: string;
    }>;
    const id = (line: string) => e2e.find((o) => o.line_id === line)!.end_to_end_id;
    const xml = camt053('STMT-2026-03-05', [
      {
        ref: 'R1',
        cd: 'DBIT',
        code: 'PMNT/RDDT/RRTN',
        date: '2026-03-05',
        txs: [{ amount: 8900, e2e: id(lines.anna1), name: anna.holder, iban: anna.iban, returnReason: 'AM04', charges: 300 }],
      },
      {
        ref: 'R2',
        cd: 'DBIT',
        code: 'PMNT/RDDT/RRTN',
        date: '2026-03-05',
        txs: [{ amount: 8900, e2e: id(lines.anna2), name: anna.holder, iban: anna.iban, returnReason: 'MS02' }],
      },
      {
        ref: 'R3',
        cd: 'DBIT',
        code: 'PMNT/RDDT/RRTN',
        date: '2026-03-05',
        txs: [{ amount: 5500, e2e: id(lines.bert), name: bert.holder, iban: bert.iban, returnReason: 'AC04', charges: 300 }],
      },
      {
        ref: 'R4',
        cd: 'DBIT',
        code: 'PMNT/RDDT/RRTN',
        date: '2026-03-05',
        txs: [{ amount: 1000, e2e: 'SOMEONEELSE1', returnReason: 'AM04' }],
      },
    ]);
    const { statement } = await receiveStatement(t.db, { xml, fileName: 'returns.xml' });
    expect(await matchStatement(t.db, statement.id, { today: '2026-03-05' })).toEqual({ matched: 0, unmatched: 0, returns: 4, ignored: 0 });
    returnIds = await returnEntryIds(t.db, statement.id);
    expect(returnIds).toHaveLength(4);
    const before = await balanced(anna);

    const first = await processReturn(t.db, returnIds[0], { today: '2026-03-05', config });
    expect(first).toMatchObject({
      accountNumber: anna.accountNumber,
      reason: 'AM04',
      reasonText: 'Deckung unzureichend',
      amountCents: 8900,
      feeCents: 300,
      returnCount: 1,
      switchToTransfer: false,
    });
    expect(await open(lines.anna1)).toBe(8900);
    expect(await balanced(anna)).toBe(before + 8900 + 300);
    const fee = (await accountBalance(t.db, anna.contractAccountId, '2026-03-05')).openItems.find((i) => i.itemType === 'fee');
    expect(fee?.openCents).toBe(300);
    // A retry books nothing new.
    expect(await processReturn(t.db, returnIds[0], { today: '2026-03-05', config })).toEqual(first);
    expect(await balanced(anna)).toBe(before + 8900 + 300);

    const second = await processReturn(t.db, returnIds[1], { today: '2026-03-05', config });
    expect(second).toMatchObject({ returnCount: 2, switchToTransfer: true, feeCents: 0 });
    expect(await open(lines.anna2)).toBe(8900);
    expect(await switchAccountToTransfer(t.db, anna.contractAccountId)).toBe(true);
    const acc = (await t.db('contract_accounts').where({ id: anna.contractAccountId }).first()) as { payment_method: string };
    expect(acc.payment_method).toBe('bank_transfer');

    const closed = await processReturn(t.db, returnIds[2], { today: '2026-03-05', config });
    expect(closed).toMatchObject({ reason: 'AC04', returnCount: 1, switchToTransfer: true, reasonText: 'Konto erloschen' });
    expect(await balanced(bert)).toBe(5500 + 300);
    expect(await switchAccountToTransfer(t.db, bert.contractAccountId)).toBe(true);

    await expect(processReturn(t.db, returnIds[3], { today: '2026-03-05', config })).rejects.toMatchObject({ code: 'unknown_return' });
    const statuses = (await t.db('bank_entries').whereIn('id', returnIds.slice(0, 3)).select('status')) as Array<{ status: string }>;
    expect(statuses.every((s) => s.status === 'returned')).toBe(true);
    // Returned items are not collected again (an item is debited once); the account pays by transfer now.
    expect((await createDirectDebitFile(t.db, { runKey: 'debit-run:2026-03-06', today: '2026-03-06', config })).file).toBeNull();
  });

  it('refunds a credit by pain.001 (ISO schema) and clears it', async () => {
    lines.emil = await postBill(t.db, emil, 'R202600009999', -4200, '2026-02-20', '2026-03-06');
    const run = await createCreditTransferFile(t.db, { runKey: 'credit-run:2026-03-04', today: '2026-03-04', config, now });
    expect(run.orders).toBe(1);
    expectSchemaValid(run.file!.xml, SCHEMAS.pain001);
    expect(run.file!.xml).toContain(emil.iban);
    expect(run.file!.controlSumCents).toBe(4200);
    expect(await open(lines.emil)).toBe(0);
    expect(await balanced(emil)).toBe(0);
    // Dora's overpayment waits two weeks for the next installment.
    const order = (await t.db('payment_orders').where({ kind: 'credit' })) as Array<{ line_id: string }>;
    expect(order.map((o) => o.line_id)).toEqual([lines.emil]);
    const retry = await createCreditTransferFile(t.db, { runKey: 'credit-run:2026-03-04', today: '2026-03-04', config });
    expect(retry.file!.id).toBe(run.file!.id);
    expect((await createCreditTransferFile(t.db, { runKey: 'credit-run:2026-03-05', today: '2026-03-05', config })).file).toBeNull();
    // After the hold, the overpayment goes back to the IBAN it came from.
    const later = await createCreditTransferFile(t.db, { runKey: 'credit-run:2026-03-20', today: '2026-03-20', config, now });
    expect(later.orders).toBe(1);
    expect(later.file!.xml).toContain('DE75512108001245126199');
    expect(await balanced(dora)).toBe(0);
  });

  it('lapses unused mandates after 36 months and replaces a mandate for a new bank account', async () => {
    const old = await insertAccount(t.db, { first: 'Olga', last: 'Alt', signed: '2022-01-10' });
    const used = await insertAccount(t.db, { first: 'Udo', last: 'Genutzt', signed: '2020-01-10', lastCollection: '2025-12-01' });
    expect(await lapseMandates(t.db, '2026-03-01')).toBeGreaterThanOrEqual(1);
    expect(((await t.db('sepa_mandates').where({ id: old.mandateId }).first()) as { status: string }).status).toBe('lapsed');
    expect(((await t.db('sepa_mandates').where({ id: used.mandateId }).first()) as { status: string }).status).toBe('active');

    const input = {
      contractAccountId: used.contractAccountId,
      iban: 'DE89 3704 0044 0532 0130 00',
      accountHolder: 'Udo Genutzt',
      signedDate: '2026-03-01',
      businessKey: 'task-1',
    };
    const replaced = await replaceMandate(t.db, input);
    expect(replaced.created).toBe(true);
    expect(replaced.mandate.reference).toBe(`M-${used.accountNumber}-2`);
    expect(replaced.mandate.iban).toBe('DE89370400440532013000');
    expect(replaced.revokedMandateId).toBe(used.mandateId);
    expect(((await t.db('sepa_mandates').where({ id: used.mandateId }).first()) as { status: string }).status).toBe('revoked');
    const again = await replaceMandate(t.db, input);
    expect(again).toMatchObject({ created: false, mandate: { id: replaced.mandate.id } });
    await expect(replaceMandate(t.db, { ...input, iban: 'DE00123' })).rejects.toMatchObject({ code: 'invalid_iban' });
  });
});
