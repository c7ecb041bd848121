/**
 * Legal collection end to end, on the controllable engine clock: `collection` started directly (as
 * dunning's call activity would) for accounts with overdue items. Court dunning without objection
 * up to a fruitless enforcement and the write-off; with an objection, the lawyer's outcome and a
 * payment that settles the account; an insolvency in the middle of court dunning (claim filed as
 * §174 InsO letter, quota booked, the rest written off); a small claim handed to the agency; and
 * court messages that do not fit, each refused with a problem and nothing changed.
 */
import type { System } from '../../server/system';
import { accountBalance, postDocument, receivableTotal } from '../../domain/ledger';
import { formatEuro } from '../../domain/money';
import { insertContract } from '../../domain/shared/test-fixtures';
import { createEngineQueries } from '../../engine/query';
import { createDocumentStore } from '../../workers/documents';
import { pdfText } from '../../workers/documents/pdfText';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { incidents, mailTo, openUserTask, startTestSystem, waitFor } from './system';

jest.setTimeout(240_000);

interface Account {
  accountId: string;
  accountNumber: string;
  dunningCaseId: string;
  blockedLineId?: string;
}

describe('legal collection', () => {
  let system: System;
  let caseworker: SignedIn;
  let seq = 0;

  beforeAll(async () => {
    system = await startTestSystem();
    caseworker = await signIn(system.httpUrl, 'caseworker');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pin = (iso: string, time = '10:00:00+01:00') => system.engine!.engine.pinClock(Date.parse(`${iso}T${time}`));

  async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
    const res = await fetch(`${system.httpUrl}${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, body: (type.includes('json') ? await res.json() : await res.text()) as any };
  }

  /** A contract account with an overdue bill, interest and a dunning fee, and its dunning case at the last level. */
  async function account(billCents: number, opts: { blocked?: number } = {}): Promise<Account> {
    seq++;
    const f = await insertContract(system.db);
    const { account_number: accountNumber } = await system
      .db('contract_accounts')
      .where({ id: f.contractAccountId })
      .first('account_number');
    const post = (
      key: string,
      kind: 'bill' | 'interest' | 'fee',
      cents: number,
      gl: 'revenue' | 'interest_income' | 'fee_income',
      text: string,
    ) =>
      postDocument(system.db, {
        businessKey: `e2e-collection:${f.contractAccountId}:${key}`,
        kind,
        contractAccountId: f.contractAccountId,
        postingDate: '2026-12-15',
        text,
        lines: [
          { glAccount: 'receivable', itemType: kind, amountCents: cents, dueDate: '2027-01-05', text, contractId: f.contractId },
          { glAccount: gl, amountCents: -cents, text },
        ],
      });
    await post('bill', 'bill', billCents, 'revenue', 'Jahresrechnung 2026');
    await post('interest', 'interest', 512, 'interest_income', 'Verzugszinsen');
    await post('fee', 'fee', 150, 'fee_income', 'Mahngebühr');
    let blockedLineId: string | undefined;
    if (opts.blocked) {
      const disputed = await post('disputed', 'bill', opts.blocked, 'revenue', 'Schlussrechnung (bestritten)');
      blockedLineId = disputed.lines[0].id;
      await system.db('dunning_blocks').insert({
        contract_account_id: f.contractAccountId,
        line_id: blockedLineId,
        reason: 'Zählerstand bestritten',
        valid_until: '2027-12-31',
        created_by: 'e2e',
      });
    }
    const [dunning] = await system
      .db('dunning_cases')
      .insert({
        case_number: `M-E2E-${seq}-${f.contractAccountId.slice(0, 6)}`,
        contract_account_id: f.contractAccountId,
        status: 'open',
        cause: 'overdue',
        level: 2,
        opened_cents: billCents + 662,
        opened_on: '2027-01-20',
      })
      .returning('id');
    return { accountId: f.contractAccountId, accountNumber, dunningCaseId: dunning.id, blockedLineId };
  }

  async function start(a: Account): Promise<string> {
    const res = await system.zbc.createProcessInstance({
      bpmnProcessId: 'collection',
      variables: { contractAccountId: a.accountId, accountNumber: a.accountNumber, dunningCaseId: a.dunningCaseId },
    });
    return String(res.processInstanceKey);
  }

  async function caseOf(a: Account, state?: string) {
    return waitFor(
      async () => {
        const c = await system.db('collection_cases').where({ contract_account_id: a.accountId }).orderBy('created_at', 'desc').first();
        return c && (!state || c.state === state) ? c : undefined;
      },
      `collection case of ${a.accountNumber} in ${state ?? 'any state'}`,
    );
  }

  async function completeTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown>) {
    const task = await openUserTask(system, processInstanceKey, elementId).catch(async (err: Error) => {
      const active = await createEngineQueries(system.db).elementInstances.search({ filter: { processInstanceKey, state: 'ACTIVE' } });
      throw new Error(
        `${err.message}; active: ${active.items.map((i) => i.elementId).join(', ')}; incidents: ${JSON.stringify((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`))}`,
      );
    });
    const res = await call('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, caseworker.headers, { variables });
    expect(res.status).toBe(204);
  }

  /** Waits until the instance waits at an element (a court event reported earlier would wait for it in the buffer). */
  async function waitsAt(processInstanceKey: string, elementId: string) {
    await waitFor(async () => {
      const r = await createEngineQueries(system.db).elementInstances.search({
        filter: { processInstanceKey, elementId, state: 'ACTIVE' },
      });
      return r.items.length > 0;
    }, `instance at ${elementId}`);
  }

  const courtEvent = (caseNumber: string, kind: string, date: string) =>
    call('POST', `/api/collection-cases/${caseNumber}/court-events`, systemHeaders(), { kind, date });

  async function instanceDone(processInstanceKey: string) {
    await waitFor(
      async () => (await createEngineQueries(system.db).processInstances.get(processInstanceKey)).state === 'COMPLETED',
      `instance ${processInstanceKey} completed`,
    ).catch(async (err: Error) => {
      throw new Error(
        `${err.message}; incidents: ${JSON.stringify((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`))}`,
      );
    });
  }

  async function expectBalanced(a: Account) {
    const total = (await system.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
    const balance = await accountBalance(system.db, a.accountId, '2027-12-31');
    expect(balance.balanceCents).toBe(await receivableTotal(system.db, a.accountId));
    return balance;
  }

  /** What the account was charged: its receivable debits (bill, interest, fees, costs), before payments and write-offs. */
  async function charged(a: Account): Promise<number> {
    const r = (await system
      .db('ledger_lines as l')
      .join('ledger_documents as d', 'd.id', 'l.document_id')
      .where({ 'l.contract_account_id': a.accountId, 'l.gl_account': 'receivable' })
      .whereNotIn('d.kind', ['write_off', 'payment'])
      .sum({ s: 'l.amount_cents' })
      .first()) as { s: string | null };
    return Number(r.s ?? 0);
  }

  async function noIncidents() {
    expect((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`)).toEqual([]);
  }

  it('court dunning without objection: payment order, enforcement order, title, fruitless enforcement with costs, write-off', async () => {
    await pin('2027-03-01');
    const a = await account(48_000);
    const pik = await start(a);
    const filed = await caseOf(a, 'application_filed');
    expect(filed.path).toBe('court');
    expect((await system.db('dunning_cases').where({ id: a.dunningCaseId }).first()).status).toBe('collection');

    // The application as EDA record and as review PDF; the court fee is an item of the account.
    const eda = await call('GET', `/api/collection-cases/${filed.case_number}/court-application`, systemHeaders());
    expect(eda.status).toBe(200);
    const records = (eda.body as string).split('\r\n').filter(Boolean);
    expect(records.map((r) => r.slice(0, 2))).toEqual(['VS', 'AS', 'AG', 'HF', 'NF', 'NF', 'KO', 'NS']);
    expect(records[records.length - 1]).toBe(`NS000008${String(48_000 + 512 + 150 + 3_600).padStart(15, '0')}`);
    const pdf = await waitFor(
      () => createDocumentStore(system.db).getByKey(`collection:${filed.case_number}:court-application`),
      'application PDF',
    );
    const text = await pdfText(pdf.content);
    expect(text).toContain('Antrag auf Erlass eines Mahnbescheids');
    expect(text).toContain('480,00 €');
    expect(text).toContain('36,00 €');
    const fee = await system.db('open_items').where({ contract_account_id: a.accountId, item_type: 'collection_cost' });
    expect(fee.map((r) => Number(r.open_cents))).toEqual([3_600]);

    // Served on 1 March; no objection within two weeks.
    await waitsAt(pik, 'wait_served');
    expect((await courtEvent(filed.case_number, 'payment-order-served', '2027-03-01')).status).toBe(202);
    expect((await caseOf(a, 'payment_order_served')).objection_deadline).toBeTruthy();
    await pin('2027-03-16');
    await caseOf(a, 'enforcement_order_due');
    await completeTask(pik, 'apply_enforcement_order_task', { enforcementOrderConfirmed: true });
    await caseOf(a, 'enforcement_order_applied');
    const applications = await system.db('collection_court_applications').where({ case_id: filed.id }).orderBy('kind');
    expect(applications.map((r) => r.kind)).toEqual(['enforcement_order', 'payment_order']);
    expect(applications[0].eda_record).toMatch(/^VS.{19}VB/);

    // The enforcement order is served on 22 March; no protest within two weeks: the title.
    await pin('2027-03-22');
    expect((await courtEvent(filed.case_number, 'enforcement-order-served', '2027-03-22')).status).toBe(202);
    await pin('2027-04-06', '10:00:00+02:00');
    const titled = await caseOf(a, 'titled');
    expect(titled.title_kind).toBe('enforcement_order');

    // The bailiff finds nothing: his costs are booked, then everything still open is written off.
    await completeTask(pik, 'record_enforcement_task', {
      enforcementMeasure: 'bailiff',
      enforcementOutcome: 'fruitless',
      enforcementCostCents: 4_500,
      enforcementNote: 'Vermögensauskunft: kein pfändbares Vermögen',
    });
    await instanceDone(pik);
    const closed = await caseOf(a, 'closed');
    expect(closed.close_reason).toBe('written_off');
    expect(closed.write_off_reason).toBe('Zwangsvollstreckung fruchtlos');
    expect(await system.db('dunning_cases').where({ id: a.dunningCaseId }).first()).toMatchObject({
      status: 'closed',
      close_reason: 'written_off',
    });
    const enforcement = await system.db('collection_enforcements').where({ case_id: filed.id }).first();
    expect(enforcement).toMatchObject({ measure: 'bailiff', outcome: 'fruitless' });
    expect(Number(enforcement.cost_cents)).toBe(4_500);
    const balance = await expectBalanced(a);
    expect(balance.openItems).toEqual([]);
    const writeOff = await system
      .db('ledger_lines as l')
      .join('ledger_documents as d', 'd.id', 'l.document_id')
      .where({ 'd.contract_account_id': a.accountId, 'd.kind': 'write_off', 'l.gl_account': 'write_off' })
      .first('l.amount_cents');
    // Everything charged was written off: bill, interest, fee, court fee, bailiff (and what dunning's runs
    // charged meanwhile).
    const costs = await system
      .db('open_items')
      .where({ contract_account_id: a.accountId, item_type: 'collection_cost' })
      .orderBy('amount_cents');
    expect(costs.map((r) => Number(r.amount_cents))).toEqual([3_600, 4_500]);
    expect(await charged(a)).toBeGreaterThanOrEqual(48_000 + 512 + 150 + 3_600 + 4_500);
    expect(Number(writeOff.amount_cents)).toBe(await charged(a));
    await noIncidents();
  });

  it('court dunning with an objection: the lawyer records the judgment, enforcement, a payment settles the account', async () => {
    await pin('2027-05-03', '10:00:00+02:00');
    const a = await account(30_000);
    const pik = await start(a);
    const filed = await caseOf(a, 'application_filed');
    await waitsAt(pik, 'wait_served');
    expect((await courtEvent(filed.case_number, 'payment-order-served', '2027-05-03')).status).toBe(202);
    await waitsAt(pik, 'gw_objection');
    await pin('2027-05-10', '10:00:00+02:00');
    const objection = await courtEvent(filed.case_number, 'objection', '2027-05-10');
    expect(objection.status).toBe(202);
    expect(objection.body).toMatchObject({ state: 'contested', message: 'court-objection' });
    // The two weeks pass without effect: the objection took the instance to the contested proceedings.
    await pin('2027-05-20', '10:00:00+02:00');
    await completeTask(pik, 'contested_task', { contestedOutcome: 'won' });
    const titled = await caseOf(a, 'titled');
    expect(titled.title_kind).toBe('judgment');
    await completeTask(pik, 'record_enforcement_task', {
      enforcementMeasure: 'garnishment',
      enforcementOutcome: 'successful',
      enforcementCostCents: 2_000,
    });
    // The claim is still open: the next measure waits.
    await openUserTask(system, pik, 'record_enforcement_task');

    // The garnished amount arrives; statement matching books it and tells dunning and collection.
    const open = Number((await system.db('open_items').where({ contract_account_id: a.accountId }).sum({ s: 'open_cents' }).first())?.s);
    expect(open).toBe(await charged(a));
    expect(open).toBeGreaterThanOrEqual(30_000 + 512 + 150 + 3_600 + 2_000);
    const payment = await postDocument(system.db, {
      businessKey: `e2e-collection:${a.accountId}:garnished`,
      kind: 'payment',
      contractAccountId: a.accountId,
      postingDate: '2027-06-01',
      text: 'Zahlung Drittschuldner',
      lines: [
        { glAccount: 'bank', amountCents: open, text: 'Bank' },
        { glAccount: 'receivable', itemType: 'payment', amountCents: -open, text: 'Zahlung Drittschuldner' },
      ],
    });
    const { clearAccount } = await import('../../domain/ledger');
    await clearAccount(system.db, a.accountId, `e2e-collection:${payment.id}:clear`, '2027-06-01');
    await system.zbc.publishMessage({
      name: 'dunning-payment-received',
      correlationKey: a.accountNumber,
      messageId: `pay:${payment.id}`,
      timeToLive: 60_000,
      variables: {},
    });
    await instanceDone(pik);
    expect((await caseOf(a, 'closed')).close_reason).toBe('paid');
    expect((await system.db('dunning_cases').where({ id: a.dunningCaseId }).first()).close_reason).toBe('paid');
    await expectBalanced(a);
    await noIncidents();
  });

  it('insolvency in the middle of court dunning: the claim filed (§174 InsO), the quota booked, the rest written off', async () => {
    await pin('2027-07-01', '10:00:00+02:00');
    const a = await account(60_000, { blocked: 9_900 });
    const pik = await start(a);
    const filed = await caseOf(a, 'application_filed');
    expect(Number(filed.claim_cents)).toBe(60_000 + 512 + 150);
    await waitsAt(pik, 'wait_served');
    expect((await courtEvent(filed.case_number, 'payment-order-served', '2027-07-01')).status).toBe(202);
    await waitsAt(pik, 'gw_objection');
    await pin('2027-07-06', '10:00:00+02:00');

    const report = await call('POST', `/api/accounts/${a.accountNumber}/insolvency`, systemHeaders(), {
      openedOn: '2027-07-05',
      court: 'Amtsgericht Köln – Insolvenzgericht',
      caseReference: '71 IN 123/27',
      administrator: { name: 'RA Dr. Petra Verwalter', address: 'Justizstraße 7, 50667 Köln' },
    });
    expect(report.status).toBe(202);
    expect(report.body).toMatchObject({ collectionCaseNumber: filed.case_number, duplicate: false });
    await caseOf(a, 'insolvency');
    const letter = await waitFor(
      () => createDocumentStore(system.db).getByKey(`collection:${filed.case_number}:insolvency-claim`),
      'claim filing',
    );
    const text = await pdfText(letter.content);
    expect(text).toContain('§ 174 InsO');
    expect(text).toContain('71 IN 123/27');
    expect(text).toContain('RA Dr. Petra Verwalter');
    expect(text).toContain('Energielieferung: Jahresrechnung 2026');
    expect(text).toContain('Verzugszinsen');
    // Claim: bill, interest, dunning fee and the court fee; never the disputed item.
    const insolvency = await system.db('insolvency_proceedings').where({ contract_account_id: a.accountId }).first();
    expect(Number(insolvency.claim_cents)).toBe((await charged(a)) - 9_900);
    expect(Number(insolvency.claim_cents)).toBeGreaterThanOrEqual(60_000 + 512 + 150 + 3_600);
    expect(text).toContain(formatEuro(Number(insolvency.claim_cents)));
    expect(text).not.toContain('bestritten');

    // Court messages are over for this case.
    expect((await courtEvent(filed.case_number, 'objection', '2027-07-06')).status).toBe(409);

    const quota = await call('POST', `/api/collection-cases/${filed.case_number}/insolvency-quota`, systemHeaders(), {
      amountCents: 3_213,
      date: '2027-07-06',
    });
    expect(quota.status).toBe(202);
    await instanceDone(pik);
    const closed = await caseOf(a, 'closed');
    expect(closed.close_reason).toBe('insolvency');
    const again = await call('POST', `/api/collection-cases/${filed.case_number}/insolvency-quota`, systemHeaders(), {
      amountCents: 1,
      date: '2027-07-06',
    });
    expect(again.status).toBe(409);
    const balance = await expectBalanced(a);
    // Only the disputed item stays open; the quota came in through the bank, the rest went to write-off.
    expect(balance.openItems.map((i) => i.lineId)).toEqual([a.blockedLineId]);
    const kinds = await system
      .db('ledger_documents')
      .where({ contract_account_id: a.accountId })
      .whereIn('kind', ['payment', 'write_off'])
      .orderBy('kind')
      .select('kind');
    expect(kinds.map((k) => k.kind)).toEqual(['payment', 'write_off']);
    const lost = await system
      .db('ledger_lines as l')
      .join('ledger_documents as d', 'd.id', 'l.document_id')
      .where({ 'd.contract_account_id': a.accountId, 'd.kind': 'write_off', 'l.gl_account': 'write_off' })
      .first('l.amount_cents');
    expect(Number(lost.amount_cents)).toBe((await charged(a)) - 9_900 - 3_213);
    await noIncidents();
  });

  it('hands a small claim to the agency as a file', async () => {
    await pin('2027-08-02', '10:00:00+02:00');
    const a = await account(9_000);
    const pik = await start(a);
    await instanceDone(pik);
    const c = await caseOf(a, 'closed');
    expect(c).toMatchObject({ path: 'agency', close_reason: 'agency' });
    const file = await call('GET', `/api/collection-cases/${c.case_number}/agency-export`, systemHeaders());
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/text\/csv/);
    const rows = (file.body as string).trim().split('\r\n');
    expect(rows[0]).toMatch(/^Aktenzeichen;Vertragskonto/);
    expect(rows.slice(1).map((r) => r.split(';').pop())).toEqual(['90.00', '5.12', '1.50']);
  });

  it('refuses court messages that do not fit, with a problem, and changes nothing', async () => {
    await pin('2027-09-01', '10:00:00+02:00');
    const a = await account(20_000);
    await start(a);
    const filed = await caseOf(a, 'application_filed');
    const snapshot = async () => ({
      events: Number((await system.db('collection_court_events').count({ n: '*' }).first())!.n),
      case: await system.db('collection_cases').where({ id: filed.id }).first(),
    });

    const unknown = await courtEvent('INK-2027-999999', 'payment-order-served', '2027-09-01');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/application\/problem\+json/);
    expect(unknown.body.detail).toContain('INK-2027-999999');

    const early = await courtEvent(filed.case_number, 'protest', '2027-09-01');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'wrong_state' });
    expect(early.body.detail).toContain('application_filed');

    const badKind = await courtEvent(filed.case_number, 'verdict', '2027-09-01');
    expect(badKind.status).toBe(400);
    expect(badKind.body.details.map((d: { field: string }) => d.field)).toContain('kind');
    const future = await courtEvent(filed.case_number, 'payment-order-served', '2027-09-30');
    expect(future.status).toBe(400);
    expect(future.body.details).toEqual([{ field: 'date', message: expect.stringContaining('future') }]);

    const before = await snapshot();
    expect((await courtEvent(filed.case_number, 'payment-order-served', '2027-09-01')).status).toBe(202);
    const served = await snapshot();
    expect(served.events).toBe(before.events + 1);
    const second = await courtEvent(filed.case_number, 'payment-order-served', '2027-09-01');
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'duplicate_event' });
    expect(second.body.detail).toContain('already recorded');
    expect(await snapshot()).toEqual(served);

    const noCase = await call('POST', `/api/collection-cases/INK-2027-999999/write-off`, caseworker.headers, { reason: 'x' });
    expect(noCase.status).toBe(404);
    const noReason = await call('POST', `/api/collection-cases/${filed.case_number}/write-off`, caseworker.headers, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(await snapshot()).toEqual(served);

    // An insolvency report for an account without a collection case is recorded and published (dunning
    // catches it); an unknown account is a 404, a report without its court a 400.
    const other = await account(5_000);
    const insolvency = {
      openedOn: '2027-08-30',
      court: 'Amtsgericht Köln – Insolvenzgericht',
      caseReference: '71 IN 77/27',
      administrator: { name: 'RA Max Verwalter', address: 'Justizstraße 7, 50667 Köln' },
    };
    const reported = await call('POST', `/api/accounts/${other.accountNumber}/insolvency`, systemHeaders(), insolvency);
    expect(reported.status).toBe(202);
    expect(reported.body).toMatchObject({ collectionCaseNumber: null, duplicate: false });
    const twice = await call('POST', `/api/accounts/${other.accountNumber}/insolvency`, systemHeaders(), insolvency);
    expect(twice.body).toMatchObject({ insolvencyId: reported.body.insolvencyId, duplicate: true });
    expect((await call('POST', `/api/accounts/0000000000/insolvency`, systemHeaders(), insolvency)).status).toBe(404);
    const { court: _court, ...withoutCourt } = insolvency;
    const incomplete = await call('POST', `/api/accounts/${other.accountNumber}/insolvency`, systemHeaders(), withoutCourt);
    expect(incomplete.status).toBe(400);
    expect(
      Number((await system.db('insolvency_proceedings').where({ contract_account_id: other.accountId }).count({ n: '*' }).first())!.n),
    ).toBe(1);

    // A case worker writes it off; the instance ends.
    const written = await call('POST', `/api/collection-cases/${filed.case_number}/write-off`, caseworker.headers, {
      reason: 'Schuldner unbekannt verzogen',
    });
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ state: 'closed', writtenOffCents: 20_000 + 512 + 150 + 3_600 });
    expect((await call('GET', `/api/collection-cases/${filed.case_number}`, caseworker.headers)).body).toMatchObject({
      state: 'closed',
      closeReason: 'written_off',
      openCents: 0,
    });
    await expectBalanced(a);
  });

  it('reminds the collection team before the six months for the enforcement order end, then writes the claim off (§701 ZPO)', async () => {
    await pin('2027-10-01', '10:00:00+02:00');
    const a = await account(25_000);
    const pik = await start(a);
    const filed = await caseOf(a, 'application_filed');
    await waitsAt(pik, 'wait_served');
    expect((await courtEvent(filed.case_number, 'payment-order-served', '2027-10-01')).status).toBe(202);
    await waitsAt(pik, 'gw_objection');
    await pin('2027-10-16', '10:00:00+02:00');
    await openUserTask(system, pik, 'apply_enforcement_order_task');
    // Nobody applies; two weeks before 1 April 2028 the team is reminded, the task stays open.
    await pin('2028-03-19');
    const reminder = await mailTo(system, 'forderungsmanagement@energie.example', new RegExp(filed.case_number));
    expect(reminder.text).toContain('01.04.2028');
    await openUserTask(system, pik, 'apply_enforcement_order_task');
    await pin('2028-04-02', '10:00:00+02:00');
    await instanceDone(pik);
    const closed = await caseOf(a, 'closed');
    expect(closed).toMatchObject({ close_reason: 'written_off', enforcement_order_deadline: expect.anything() });
    expect(closed.write_off_reason).toContain('§ 701 ZPO');
    await expectBalanced(a);
    await noIncidents();
  });
});
