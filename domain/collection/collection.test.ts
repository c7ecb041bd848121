import { databaseVariants, type TestDatabase } from '../../db/testing';
import { accountBalance, postDocument, receivableTotal, type OpenItem } from '../ledger';
import { insertContract } from '../shared/test-fixtures';
import {
  buildEdaFile,
  CollectionError,
  composeClaim,
  currentClaim,
  edaSummary,
  fileCourtApplication,
  fullCourtFeeCents,
  nextState,
  openCollectionCase,
  paymentOrderFeeCents,
  recordCourtEvent,
  recordEnforcement,
  recordContestedOutcome,
  writeOffCase,
  advanceCase,
  type ClaimItem,
} from './index';

const item = (lineId: string, itemType: OpenItem['itemType'], openCents: number, dueDate = '2026-01-15'): OpenItem => ({
  lineId,
  documentId: `d-${lineId}`,
  documentNumber: `B${lineId}`,
  documentKind: 'bill',
  reference: null,
  contractAccountId: 'acc',
  contractId: null,
  itemType,
  text: `Posten ${lineId}`,
  amountCents: openCents,
  openCents,
  dueDate,
  postingDate: dueDate,
});

describe('court path', () => {
  it('moves through the payment order, enforcement order and title', () => {
    let s = nextState('opened', 'application-filed');
    s = nextState(s, 'payment-order-served');
    s = nextState(s, 'objection-period-over');
    s = nextState(s, 'enforcement-order-applied');
    s = nextState(s, 'enforcement-order-served');
    expect(nextState(s, 'protest-period-over')).toBe('titled');
    expect(nextState(s, 'protest')).toBe('contested');
    expect(nextState('payment_order_served', 'objection')).toBe('contested');
    expect(nextState('contested', 'contested-settled')).toBe('titled');
  });

  it('refuses events in the wrong order, naming the state', () => {
    expect(() => nextState('application_filed', 'objection')).toThrow(/objection is not possible while the case is application_filed/);
    expect(() => nextState('payment_order_served', 'payment-order-served')).toThrow(CollectionError);
    expect(() => nextState('opened', 'enforcement-order-served')).toThrow(/expected in enforcement_order_applied/);
    expect(() => nextState('closed', 'protest')).toThrow(CollectionError);
  });
});

describe('court fee', () => {
  it('follows the GKG table with the minimum of the payment-order fee', () => {
    expect(fullCourtFeeCents(50_000)).toBe(3_800);
    expect(fullCourtFeeCents(100_000)).toBe(5_800);
    expect(fullCourtFeeCents(200_000)).toBe(9_800);
    expect(fullCourtFeeCents(1_000_000)).toBe(26_600);
    expect(paymentOrderFeeCents(30_000, 3_600)).toBe(3_600);
    expect(paymentOrderFeeCents(1_000_000, 3_600)).toBe(13_300);
    expect(paymentOrderFeeCents(30_000, 4_000)).toBe(4_000);
  });
});

describe('claim composition', () => {
  it('groups main claim, interest and costs and leaves out blocked items', () => {
    const items = [
      item('1', 'bill', 40_000),
      item('2', 'installment', 9_000),
      item('3', 'interest', 312),
      item('4', 'fee', 150),
      item('5', 'payment', -2_000),
    ];
    const claim = composeClaim(items, [{ lineId: '2' }]);
    expect(claim.items.map((i) => i.lineId)).toEqual(['1', '3', '4', '5']);
    expect(claim.blockedLineIds).toEqual(['2']);
    expect(claim).toMatchObject({ mainCents: 40_000, interestCents: 312, costsCents: 150, creditCents: 2_000, totalCents: 38_462 });
  });

  it('claims nothing when the whole account is blocked', () => {
    const claim = composeClaim([item('1', 'bill', 40_000), item('3', 'interest', 312)], [{ lineId: null }]);
    expect(claim.items).toEqual([]);
    expect(claim.totalCents).toBe(0);
    expect(claim.blockedLineIds).toEqual(['1', '3']);
  });
});

describe('EDA record', () => {
  const items: ClaimItem[] = [
    {
      lineId: '1',
      itemType: 'bill',
      category: 'main',
      documentNumber: 'B0000000042',
      text: 'Jahresrechnung 2026',
      dueDate: '2026-02-14',
      openCents: 41_234,
    },
    {
      lineId: '2',
      itemType: 'interest',
      category: 'interest',
      documentNumber: 'B0000000050',
      text: 'Verzugszinsen',
      dueDate: '2026-05-01',
      openCents: 512,
    },
    {
      lineId: '3',
      itemType: 'fee',
      category: 'costs',
      documentNumber: 'B0000000051',
      text: 'Mahngebühr',
      dueDate: '2026-05-01',
      openCents: 150,
    },
  ];
  const file = buildEdaFile({
    claimantId: '1234567',
    fileNumber: 7,
    createdOn: '2026-06-03',
    kind: 'MB',
    claimant: { name: 'Rheinstrom Energie GmbH', street: 'Am Kraftwerk 1', postalCode: '50667', city: 'Köln' },
    respondent: { name: 'Erika Mustermann', street: 'Lindenstraße 5', postalCode: '50674', city: 'Köln', birthDate: '1980-05-17' },
    caseNumber: 'INK-2026-000001',
    items,
    courtFeeCents: 3_600,
  });
  const lines = file.split('\r\n').filter(Boolean);

  it('has header, parties, one record per item, costs and a trailer with count and control sum', () => {
    expect(lines.map((l) => l.slice(0, 2))).toEqual(['VS', 'AS', 'AG', 'HF', 'NF', 'NF', 'KO', 'NS']);
    expect(lines[0]).toBe('VS1234567 00703062026MB');
    expect(lines[2]).toContain('Erika Mustermann');
    expect(lines[2]).toContain('17051980INK-2026-000001');
    expect(lines[3]).toContain('Energielieferung Jahresrechnung 2026');
    expect(lines[3].endsWith('B0000000042         14022026000000041234')).toBe(true);
    expect(lines[4]).toContain('Zinsen (ausgerechnet)');
    expect(edaSummary(file)).toEqual({ records: 8, controlSumCents: 41_234 + 512 + 150 + 3_600, amount: '454.96' });
  });

  it('keeps every record of a type at one width', () => {
    const widths = new Map<string, Set<number>>();
    for (const l of lines) widths.set(l.slice(0, 2), (widths.get(l.slice(0, 2)) ?? new Set()).add(l.length));
    for (const set of widths.values()) expect(set.size).toBe(1);
    expect(lines.every((l) => /^[\x20-\x7e\xa0-\xff]*$/.test(l))).toBe(true);
  });
});

describe.each(databaseVariants())('collection on $name', (variant) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await variant.open();
  });
  afterAll(async () => {
    await t?.dispose();
  });

  async function accountWithItems() {
    const f = await insertContract(t.db);
    const post = (key: string, itemType: 'bill' | 'interest' | 'fee', cents: number, gl: 'revenue' | 'interest_income' | 'fee_income') =>
      postDocument(t.db, {
        businessKey: `${f.contractAccountId}:${key}`,
        kind: itemType === 'bill' ? 'bill' : itemType === 'interest' ? 'interest' : 'fee',
        contractAccountId: f.contractAccountId,
        postingDate: '2026-01-15',
        text: key,
        lines: [
          { glAccount: 'receivable', itemType, amountCents: cents, dueDate: '2026-01-29', text: key, contractId: f.contractId },
          { glAccount: gl, amountCents: -cents, text: key },
        ],
      });
    const bill = await post('bill', 'bill', 40_000, 'revenue');
    const disputed = await post('disputed', 'bill', 12_000, 'revenue');
    await post('interest', 'interest', 312, 'interest_income');
    await post('fee', 'fee', 150, 'fee_income');
    const [dunning] = (await t
      .db('dunning_cases')
      .insert({
        case_number: `M-${f.contractAccountId.slice(0, 8)}`,
        contract_account_id: f.contractAccountId,
        status: 'open',
        cause: 'overdue',
        opened_cents: 52_462,
        opened_on: '2026-03-01',
        level: 2,
      })
      .returning('id')) as Array<{ id: string }>;
    await t.db('dunning_blocks').insert({
      contract_account_id: f.contractAccountId,
      line_id: disputed.lines[0].id,
      reason: 'Zählerstand bestritten',
      valid_until: '2026-12-31',
      created_by: 'test',
    });
    return { f, bill, disputed, dunningCaseId: dunning.id };
  }

  async function expectBalanced(accountId: string) {
    const total = (await t.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
    const balance = await accountBalance(t.db, accountId, '2026-12-31');
    expect(balance.balanceCents).toBe(await receivableTotal(t.db, accountId));
    return balance;
  }

  it('opens a case on the unblocked claim, once, and marks the dunning case', async () => {
    const { f, disputed, dunningCaseId } = await accountWithItems();
    const first = await openCollectionCase(t.db, { contractAccountId: f.contractAccountId, dunningCaseId, today: '2026-06-01' });
    const again = await openCollectionCase(t.db, { contractAccountId: f.contractAccountId, dunningCaseId, today: '2026-06-02' });
    expect(again.collectionCase.id).toBe(first.collectionCase.id);
    expect(first.collectionCase.claimCents).toBe(40_000 + 312 + 150);
    expect(first.claim.blockedLineIds).toEqual([disputed.lines[0].id]);
    const snapshot = await t.db('collection_claim_items').where({ case_id: first.collectionCase.id }).orderBy('open_cents');
    expect(snapshot.map((r) => [r.item_type, Number(r.open_cents)])).toEqual([
      ['fee', 150],
      ['interest', 312],
      ['bill', 40_000],
    ]);
    expect((await t.db('dunning_cases').where({ id: dunningCaseId }).first()).status).toBe('collection');
  });

  it('files the application with its fee, refuses court events out of order and twice, and writes off with a balanced ledger', async () => {
    const { f, disputed, dunningCaseId } = await accountWithItems();
    const { collectionCase: c } = await openCollectionCase(t.db, {
      contractAccountId: f.contractAccountId,
      dunningCaseId,
      today: '2026-06-01',
    });
    const filed = await fileCourtApplication(t.db, c.id, {
      today: '2026-06-01',
      feeCents: (claim) => paymentOrderFeeCents(claim.mainCents, 3_600),
      buildRecord: (claim, fee) => `record ${claim.totalCents} ${fee}`,
    });
    expect(filed.feeCents).toBe(3_600);
    const feeItems = (await currentClaim(t.db, f.contractAccountId)).items.filter((i) => i.itemType === 'collection_cost');
    expect(feeItems.map((i) => i.openCents)).toEqual([3_600]);
    // A retry books no second fee.
    await fileCourtApplication(t.db, c.id, { today: '2026-06-02', feeCents: () => 9_999, buildRecord: () => 'x' });
    expect((await currentClaim(t.db, f.contractAccountId)).items.filter((i) => i.itemType === 'collection_cost')).toHaveLength(1);

    const at = { recordedBy: 'test', today: '2026-06-20' };
    await expect(recordCourtEvent(t.db, c.caseNumber, { kind: 'objection', date: '2026-06-10', ...at })).rejects.toMatchObject({
      code: 'wrong_state',
    });
    await expect(recordCourtEvent(t.db, c.caseNumber, { kind: 'payment-order-served', date: '2026-06-21', ...at })).rejects.toMatchObject({
      code: 'invalid',
      field: 'date',
    });
    const served = await recordCourtEvent(t.db, c.caseNumber, { kind: 'payment-order-served', date: '2026-06-05', ...at });
    expect(served.messageName).toBe('court-payment-order-served');
    expect(served.variables.objectionEndsAt).toBe('2026-06-20T00:00:00+02:00');
    expect(served.collectionCase).toMatchObject({
      state: 'payment_order_served',
      objectionDeadline: '2026-06-19',
      enforcementOrderDeadline: '2026-12-05',
    });
    await expect(recordCourtEvent(t.db, c.caseNumber, { kind: 'payment-order-served', date: '2026-06-06', ...at })).rejects.toMatchObject({
      code: 'duplicate_event',
    });
    await expect(recordCourtEvent(t.db, 'INK-0000-999999', { kind: 'objection', date: '2026-06-06', ...at })).rejects.toMatchObject({
      code: 'not_found',
    });
    // The engine refuses the message: the event is taken back, the case is as before.
    await expect(
      recordCourtEvent(t.db, c.caseNumber, {
        kind: 'objection',
        date: '2026-06-10',
        ...at,
        publish: async () => {
          throw new Error('engine unavailable');
        },
      }),
    ).rejects.toThrow('engine unavailable');
    expect(await t.db('collection_court_events').where({ case_id: c.id, kind: 'objection' }).first()).toBeUndefined();
    expect((await t.db('collection_cases').where({ id: c.id }).first()).state).toBe('payment_order_served');

    await advanceCase(t.db, c.id, 'objection-period-over');
    const written = await writeOffCase(t.db, c.id, { reason: 'Schuldner unbekannt verzogen', today: '2026-07-01' });
    expect(written.writtenOffCents).toBe(40_000 + 312 + 150 + 3_600);
    expect(written.collectionCase).toMatchObject({ state: 'closed', closeReason: 'written_off' });
    expect((await t.db('dunning_cases').where({ id: dunningCaseId }).first()).close_reason).toBe('written_off');
    const balance = await expectBalanced(f.contractAccountId);
    // Only the disputed item stays open; the write-off lines are cleared against their items.
    expect(balance.openItems.map((i) => i.lineId)).toEqual([disputed.lines[0].id]);
    const doc = await t.db('ledger_documents').where({ id: written.documentId }).first();
    expect(doc.kind).toBe('write_off');
    const lines = await t.db('ledger_lines').where({ document_id: written.documentId });
    expect(lines.filter((l) => l.gl_account === 'receivable').every((l) => l.item_type === 'write_off' && Number(l.amount_cents) < 0)).toBe(
      true,
    );
  });

  it('settles contested proceedings: the waived part written off, enforcement costs booked', async () => {
    const { f, dunningCaseId } = await accountWithItems();
    const { collectionCase: c } = await openCollectionCase(t.db, {
      contractAccountId: f.contractAccountId,
      dunningCaseId,
      today: '2026-06-01',
    });
    await fileCourtApplication(t.db, c.id, { today: '2026-06-01', feeCents: () => 3_600, buildRecord: () => 'r' });
    await recordCourtEvent(t.db, c.caseNumber, { kind: 'payment-order-served', date: '2026-06-05', recordedBy: 't', today: '2026-06-10' });
    await recordCourtEvent(t.db, c.caseNumber, { kind: 'objection', date: '2026-06-10', recordedBy: 't', today: '2026-06-10' });
    await expect(
      recordEnforcement(t.db, c.id, {
        businessKey: `${c.id}:early`,
        measure: 'bailiff',
        outcome: 'fruitless',
        costCents: 100,
        today: '2026-06-11',
      }),
    ).rejects.toMatchObject({ code: 'wrong_state' });
    const r = await recordContestedOutcome(t.db, c.id, { outcome: 'settled', settledCents: 30_000, today: '2026-09-01' });
    expect(r.writtenOffCents).toBe(40_000 + 312 + 150 + 3_600 - 30_000);
    expect(r.collectionCase).toMatchObject({ state: 'titled', titleKind: 'settlement' });
    expect((await currentClaim(t.db, f.contractAccountId)).totalCents).toBe(30_000);
    const e = await recordEnforcement(t.db, c.id, {
      businessKey: `${c.id}:1`,
      measure: 'garnishment',
      outcome: 'partial',
      costCents: 2_500,
      today: '2026-09-15',
    });
    const again = await recordEnforcement(t.db, c.id, {
      businessKey: `${c.id}:1`,
      measure: 'garnishment',
      outcome: 'partial',
      costCents: 2_500,
      today: '2026-09-16',
    });
    expect(again.costDocumentId).toBe(e.costDocumentId);
    expect((await currentClaim(t.db, f.contractAccountId)).totalCents).toBe(32_500);
    await expectBalanced(f.contractAccountId);
  });
});
