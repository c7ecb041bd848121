/**
 * Dunning end to end, on the controllable engine clock, over one timeline (January to April
 * 2027) for several customers at once, each with a bill of 100 € due on Friday 15 January:
 *
 *   A  two levels, then the handover to collection
 *   B  paid after the first notice (bank statement → message → case closed)
 *   C  a partial payment: the second notice demands the rest
 *   D  disputed (dunning block), then the dispute rejected in the Tasklist: dunning resumes
 *   E  an installment agreement, kept
 *   F  an installment agreement, broken: the dunning revives with the last notice
 *   G  a return debit: the case names the bank's reason; the return-debit process hands over
 *   H  basic supply: the supply-interruption path with an avoidance agreement
 *   I  a business customer, after an analyst deployed a DMN with one level for businesses:
 *      +9 points interest and the €40 flat fee, one notice, then collection
 *
 * Letters are checked in their PDF text, mails in their text. The ledger stays balanced.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { System } from '../../server/system';
import { postDocument } from '../../domain/ledger';
import { createEngineQueries } from '../../engine/query';
import { statementFor } from '../../simulators/bank/statement';
import { pdfText } from '../../workers/documents/pdfText';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { callApi, incidents, mailTo, openUserTask, orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(600_000);

const OUR_IBAN = 'DE02370502990000684712';
const DUE = '2027-01-15';

interface Customer {
  key: string;
  accountId: string;
  accountNumber: string;
  contractId: string;
  email: string;
  name: string;
  iban: string;
}

describe('dunning over one timeline', () => {
  let system: System;
  let caseworker: SignedIn;
  const c: Record<string, Customer> = {};
  let statementNo = 0;

  beforeAll(async () => {
    // Champion only (the challenger share is drawn at random): the DMN gives "Standard-2".
    system = await startTestSystem({ dunningChallengerPercent: 0 });
    caseworker = await signIn(system.httpUrl, 'caseworker');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const pin = (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+01:00`));

  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    callApi(system, method, path, headers, body);

  async function customer(key: string, method: 'bank_transfer' | 'sepa_direct_debit' = 'bank_transfer'): Promise<Customer> {
    const order = orderFor(`Mahn${key}`, { paymentMethod: method });
    const created = await post(system, '/api/orders', order, { 'Idempotency-Key': `dunning-${key}-${order.customer.firstName}` });
    expect(created.status).toBe(201);
    await waitForOrder(system, created.body.orderId, (o) => o.status === 'contracted', 30_000);
    const contract = await system.db('contracts').where({ order_id: created.body.orderId }).first();
    const account = await system.db('contract_accounts').where({ id: contract.contract_account_id }).first();
    return {
      key,
      accountId: account.id,
      accountNumber: account.account_number,
      contractId: contract.id,
      email: order.customer.email,
      name: `${order.customer.firstName} ${order.customer.lastName}`,
      iban: 'DE89370400440532013000',
    };
  }

  /** A bill of the customer, as the billing run posts it (receivable against revenue and VAT). */
  async function bill(x: Customer, grossCents: number, dueDate: string, key: string) {
    const vat = Math.round((grossCents * 19) / 119);
    await postDocument(system.db, {
      businessKey: `e2e-bill:${x.key}:${key}`,
      kind: 'bill',
      contractAccountId: x.accountId,
      postingDate: '2027-01-01',
      reference: `R-E2E-${x.key}-${key}`,
      text: 'Schlussrechnung',
      lines: [
        {
          glAccount: 'receivable',
          itemType: 'bill',
          amountCents: grossCents,
          contractId: x.contractId,
          dueDate,
          text: 'Rechnung Energielieferung',
        },
        { glAccount: 'revenue', amountCents: -(grossCents - vat), text: 'Energielieferung' },
        { glAccount: 'vat', amountCents: -vat, vatRatePercent: '19.00', text: 'Umsatzsteuer 19 %' },
      ],
    });
  }

  async function dunningRun(runId: string) {
    await system.zbc.createProcessInstanceWithResult({
      bpmnProcessId: 'dunning-run',
      variables: { runId } as never,
      requestTimeout: 120_000,
    });
  }

  const caseOf = async (x: Customer) =>
    (await system.db('dunning_cases').where({ contract_account_id: x.accountId }).orderBy('created_at', 'desc').first()) as
      Record<string, any> | undefined;

  async function notice(x: Customer, level: number) {
    return waitFor(
      async () => {
        const dc = await caseOf(x);
        if (!dc) return undefined;
        return (await system.db('dunning_notices').where({ case_id: dc.id, level }).first()) ?? undefined;
      },
      `notice ${level} of ${x.key}`,
      60_000,
    );
  }

  async function letterText(x: Customer, level: number): Promise<string> {
    const dc = (await caseOf(x))!;
    const doc = await waitFor(
      async () =>
        (await system
          .db('documents')
          .where({ business_key: `dunning-notice:${dc.id}:${level}:pdf` })
          .first()) ?? undefined,
      `letter ${level} of ${x.key}`,
    );
    const stored = await system.db('documents').where({ id: doc.id }).first();
    return pdfText(Buffer.from(stored.content));
  }

  async function pay(bookingDate: string, transfers: Array<{ x: Customer; cents: number }>) {
    statementNo++;
    const xml = statementFor({
      messageId: `STMT-DUN-${statementNo}`,
      accountIban: OUR_IBAN,
      bookingDate,
      pain008: [],
      pain001: [],
      transfers: transfers.map((t) => ({
        amountCents: t.cents,
        name: t.x.name,
        iban: t.x.iban,
        remittance: `Vertragskonto ${t.x.accountNumber}`,
      })),
    });
    await uploadStatement(xml);
  }

  async function uploadStatement(xml: string) {
    const upload = await fetch(`${system.httpUrl}/api/bank-statements?fileName=dunning-${statementNo}.xml`, {
      method: 'POST',
      headers: systemHeaders({ 'content-type': 'application/xml' }),
      body: xml,
    });
    expect(upload.status).toBe(202);
    const { statement } = (await upload.json()) as { statement: { id: string } };
    await waitFor(
      async () => (await system.db('bank_statements').where({ id: statement.id }).first('status'))?.status === 'done',
      'statement',
    );
  }

  async function openCents(x: Customer): Promise<number> {
    const r = await system.db('open_items').where({ contract_account_id: x.accountId }).sum({ s: 'open_cents' }).first();
    return Number(r?.s ?? 0);
  }

  /** What the customer owes up to a day (due items less credits). */
  async function dueCents(x: Customer, day: string): Promise<number> {
    const r = await system
      .db('open_items')
      .where({ contract_account_id: x.accountId })
      .where((q) => q.where('due_date', '<=', day).orWhere('open_cents', '<', 0))
      .sum({ s: 'open_cents' })
      .first();
    return Number(r?.s ?? 0);
  }

  async function expectLedgerBalanced() {
    const total = (await system.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
  }

  async function completeTask(processInstanceKey: string, elementId: string, variables: Record<string, unknown>) {
    const task = await openUserTask(system, processInstanceKey, elementId);
    const res = await call('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, caseworker.headers, { variables });
    expect(res.status).toBe(204);
  }

  it('opens one case per account with overdue items and sends the friendly reminder on the next working day', async () => {
    await pin('2026-12-01');
    for (const key of ['A', 'B', 'C', 'D', 'E', 'F', 'H', 'I']) c[key] = await customer(key);
    await system
      .db('customers')
      .where({ id: (await system.db('contract_accounts').where({ id: c.I.accountId }).first()).customer_id })
      .update({ customer_type: 'business' });
    // An analyst changes the procedure table: one level for business customers.
    const dmn = fs
      .readFileSync(path.join(__dirname, '../../processes/dunning-procedure.dmn'), 'utf8')
      .replace('<outputEntry id="dpR1Out1"><text>"B2B-2"</text>', '<outputEntry id="dpR1Out1"><text>"B2B-1"</text>')
      .replace('<outputEntry id="dpR1Out2"><text>2</text>', '<outputEntry id="dpR1Out2"><text>1</text>');
    expect(dmn).toContain('"B2B-1"');
    await system.zbc.deployResource({ decision: Buffer.from(dmn), name: 'dunning-procedure.dmn' });
    c.G = await customer('G', 'sepa_direct_debit');
    for (const key of ['A', 'B', 'C', 'D', 'E', 'F', 'I']) await bill(c[key], 10_000, DUE, '1');
    await bill(c.H, 30_000, DUE, '1');
    await bill(c.G, 10_000, DUE, '1');
    // H has basic supply: its product takes the supply-interruption path.
    await system.db('tariffs').where({ code: 'RHEIN-FIX-24' }).update({ supply_interruption: true });
    // H is supplied already (since 2026): the installment run goes on posting its installments.
    // First its contract-start must have read the ordered start date (2031), or it would plan
    // installments from 2026 (under load the announcing job can run after this update).
    await waitFor(async () => {
      const found = await createEngineQueries(system.db).processInstances.search({
        filter: { processDefinitionId: 'contract-start', variables: [{ name: 'contractId', value: JSON.stringify(c.H.contractId) }] },
      });
      return found.items.length > 0 || undefined;
    }, "H's contract start");
    await system.db('contracts').where({ id: c.H.contractId }).update({ status: 'active', start_date: '2026-01-01' });

    // G pays by direct debit; the bank returns it for insufficient funds (AM04).
    await pin('2027-01-14');
    await system.zbc.createProcessInstanceWithResult({
      bpmnProcessId: 'payment-run',
      variables: { runId: 'dun-0114' } as never,
      requestTimeout: 60_000,
    });
    const order = await waitFor(
      async () => (await system.db('payment_orders').where({ contract_account_id: c.G.accountId, kind: 'debit' }).first()) ?? undefined,
      'G debit order',
    );
    const files = await system.db('payment_files').where({ kind: 'pain.008' });
    await pin('2027-01-18');
    statementNo++;
    await uploadStatement(
      statementFor({
        messageId: `STMT-DUN-${statementNo}`,
        accountIban: OUR_IBAN,
        bookingDate: '2027-01-18',
        pain008: files.map((f: any) => f.xml),
        pain001: [],
        returns: [{ endToEndId: order.end_to_end_id, reason: 'AM04', feeCents: 300 }],
      }),
    );
    await mailTo(system, c.G.email, /Rücklastschrift/);

    // Monday 18 January: the run proposes every account; each gets its case and reminder.
    await dunningRun('dun-0118');
    const run = await system.db('dunning_runs').where({ run_key: 'dunning-run:dun-0118' }).first();
    const proposals = await system.db('dunning_proposals').where({ run_id: run.id });
    expect(proposals.map((p: any) => p.contract_account_id).sort()).toEqual(
      Object.values(c)
        .map((x) => x.accountId)
        .sort(),
    );
    expect(proposals.find((p: any) => p.contract_account_id === c.G.accountId).cause).toBe('return');
    const listed = await call('GET', `/api/dunning-runs/${run.id}/proposals`, caseworker.headers);
    expect(listed.status).toBe(200);
    expect(listed.body.items[0].overdueCents).toBe(30_000);

    for (const x of Object.values(c)) {
      const n = await notice(x, 0);
      expect(n.channel).toBe('email');
      const mail = await mailTo(system, x.email, /Zahlungserinnerung/);
      expect(mail.text).toContain(x.accountNumber);
      expect(mail.text).toMatch(/\/pay\?token=/);
      expect((await caseOf(x))!.procedure).toBe(x === c.I ? 'B2B-1' : 'Standard-2');
    }
    expect((await mailTo(system, c.G.email, /Zahlungserinnerung/)).text).toContain('Deckung unzureichend');
    // The return-debit process waited for the handover to dunning, and has it now.
    await waitFor(async () => {
      const r = await createEngineQueries(system.db).processInstances.search({ filter: { processDefinitionId: 'return-debit' } });
      return r.items.length === 1 && r.items[0].state === 'COMPLETED';
    }, 'return-debit handed over');

    // D disputes the bill: a block without a reason is refused and changes nothing.
    const bad = await call('POST', `/api/accounts/${c.D.accountNumber}/dunning-blocks`, caseworker.headers, {
      reason: '  ',
      validUntil: '2027-02-26',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(['reason']);
    expect(await system.db('dunning_blocks').where({ contract_account_id: c.D.accountId })).toHaveLength(0);
    const block = await call('POST', `/api/accounts/${c.D.accountNumber}/dunning-blocks`, caseworker.headers, {
      reason: 'Kunde bestreitet den Verbrauch',
      validUntil: '2027-02-26',
    });
    expect(block.status).toBe(201);
    c.D.key = block.body.processInstanceKey;
    await waitFor(async () => (await caseOf(c.D))!.status === 'paused', 'D paused');
  });

  it('sends the first notice as a letter with fee and interest, naming the return reason; a blocked account gets none', async () => {
    await pin('2027-01-29');
    for (const key of ['A', 'B', 'C', 'E', 'F', 'G', 'H']) {
      const n = await notice(c[key], 1);
      expect(n.channel).toBe('letter');
      expect(Number(n.fee_cents)).toBe(76);
      expect(Number(n.interest_cents)).toBeGreaterThan(0);
      expect(n.bureau_warning).toBe(true);
      const text = await letterText(c[key], 1);
      for (const s of ['1. Mahnung', c[key].accountNumber, 'Mahngebühr', 'Verzugszinsen', '§ 31', 'GiroCode', '/pay?'])
        expect(text).toContain(s);
    }
    expect(await letterText(c.A, 1)).toContain('100,00');
    // The business customer's only notice: 9 points above the base rate (100 € × 10.52 % × 13 / 365
    // = 0.37 €), the €40 flat fee, and the handover named, since it is the last level.
    const businessNotice = await notice(c.I, 1);
    expect(Number(businessNotice.interest_cents)).toBe(37 + 4000);
    const businessText = await letterText(c.I, 1);
    for (const s of ['Mahnung', '9 Prozentpunkten', 'Verzugspauschale', '40,00', 'Forderungsmanagement']) expect(businessText).toContain(s);
    // Its heading is "Mahnung": there is no second one.
    expect(businessText.startsWith('Mahnung ')).toBe(true);
    expect(await letterText(c.G, 1)).toContain('Deckung unzureichend');
    // Interest on 100 € from 16 to 28 January at 1.52 % + 5 points: 100 × 6.52 % × 13 / 365 = 0.23 €.
    expect(Number((await notice(c.A, 1)).interest_cents)).toBe(23);
    expect((await system.db('dunning_notices').where({ case_id: (await caseOf(c.D))!.id, level: 1 })).length).toBe(0);

    // E and F agree installments: two rates from 5 February; the dunning pauses.
    for (const x of [c.E, c.F]) {
      const res = await call('POST', `/api/accounts/${x.accountNumber}/installment-agreements`, caseworker.headers, {
        rateCount: 2,
        firstDueDate: '2027-02-05',
      });
      expect(res.status).toBe(201);
      expect(res.body.rates).toHaveLength(2);
      await waitFor(async () => (await caseOf(x))!.status === 'agreement', `${x.key} in agreement`);
    }
    await expectLedgerBalanced();
  });

  it('closes a paid case by message, continues after a partial payment, resumes after a rejected dispute', async () => {
    await pin('2027-02-01');
    await pay('2027-02-01', [
      { x: c.B, cents: await openCents(c.B) },
      { x: c.C, cents: 5_000 },
    ]);
    await waitFor(async () => (await caseOf(c.B))!.status === 'closed', 'B closed');
    expect((await caseOf(c.B))!.close_reason).toBe('paid');
    expect((await caseOf(c.C))!.status).toBe('open');

    await completeTask(c.D.key, 'review', { resolution: 'rejected', resolutionNote: 'Verbrauch durch Ablesung belegt' });
    await waitFor(async () => (await caseOf(c.D))!.status === 'open', 'D resumed');
    await pin('2027-02-02');
    const n = await notice(c.D, 1);
    expect(n.sent_on).toBeDefined();
    expect(await letterText(c.D, 1)).toContain('1. Mahnung');
  });

  it('watches agreements: a missed rate revives the dunning with the last notice', async () => {
    await pin('2027-02-05');
    const rateE = (
      await system.db('open_items').where({ contract_account_id: c.E.accountId, item_type: 'agreement_rate' }).orderBy('due_date')
    )[0];
    await pay('2027-02-05', [{ x: c.E, cents: Number(rateE.open_cents) }]);
    await pin('2027-02-08');
    await dunningRun('dun-0208');
    await waitFor(
      async () => (await system.db('installment_agreements').where({ contract_account_id: c.F.accountId }).first()).status === 'broken',
      'F broken',
    );
    expect((await system.db('installment_agreements').where({ contract_account_id: c.E.accountId }).first()).status).toBe('active');
    await pin('2027-02-09');
    await notice(c.F, 2);
    const text = await letterText(c.F, 2);
    expect(text).toContain('Letzte Mahnung');
    expect(text).toContain('Rate 1 von 2');
  });

  it('sends the last notice with the rest of a partial payment', async () => {
    await pin('2027-02-12');
    for (const x of [c.A, c.C, c.G, c.H]) await notice(x, 2);
    const textC = await letterText(c.C, 2);
    expect(textC).toContain('Letzte Mahnung');
    expect(textC).toContain('Forderungsmanagement');
    // C paid 50 € of the 100 € bill: the rest and the charges remain.
    expect(await openCents(c.C)).toBeLessThan(6_000);
    await expectLedgerBalanced();
  });

  it('hands A over to collection and threatens H with a supply interruption, which an avoidance agreement averts', async () => {
    await pin('2027-02-26');
    await waitFor(async () => (await caseOf(c.A))!.status === 'collection', 'A in collection');
    await waitFor(async () => (await caseOf(c.I))!.status === 'collection', 'I in collection');
    expect(await system.db('dunning_notices').where({ case_id: (await caseOf(c.I))!.id, level: 2 })).toHaveLength(0);
    // The timer, the notice job and a Chromium render: on a loaded CI machine this takes a while.
    const threat = await waitFor(
      async () => {
        const dc = await caseOf(c.H);
        return (
          (await system
            .db('documents')
            .where({ business_key: `supply-notice:${dc!.id}:threat:pdf` })
            .first()) ?? undefined
        );
      },
      'H threat letter',
      60_000,
    );
    const threatText = await pdfText(Buffer.from((await system.db('documents').where({ id: threat.id }).first()).content));
    // Four weeks after the threat is Good Friday 26 March, then Easter Monday: the earliest day is Tuesday 30 March.
    for (const s of ['Androhung', '§ 19', 'Abwendungsvereinbarung', c.H.accountNumber, '30.03.2027']) expect(threatText).toContain(s);

    await pin('2027-03-01');
    const res = await call('POST', `/api/accounts/${c.H.accountNumber}/installment-agreements`, caseworker.headers, {
      rateCount: 2,
      firstDueDate: '2027-03-05',
    });
    expect(res.status).toBe(201);
    const q = createEngineQueries(system.db);
    // The supply path took the agreement branch: it waits for the agreement's end, not for the announcement.
    await waitFor(async () => {
      const els = (await q.elementInstances.search({ filter: { state: 'ACTIVE' } } as never)).items as any[];
      return els.some((e) => e.processDefinitionId === 'supply-interruption' && e.elementId === 'agreement_ended');
    }, 'supply path waits for the agreement');
    await pin('2027-03-05');
    const rateE2 = (
      await system.db('open_items').where({ contract_account_id: c.E.accountId, item_type: 'agreement_rate' }).where('open_cents', '>', 0)
    )[0];
    // H's supply runs on: the rate and the month's installment are due together (the run posts it first).
    await system.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'installment-run', variables: {} as never, requestTimeout: 60_000 });
    expect(res.body.rates[0].dueDate).toBe('2027-03-05');
    await pay('2027-03-05', [
      { x: c.E, cents: Number(rateE2.open_cents) },
      { x: c.H, cents: await dueCents(c.H, '2027-03-05') },
    ]);
    await pin('2027-04-05');
    await system.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'installment-run', variables: {} as never, requestTimeout: 60_000 });
    await pay('2027-04-05', [{ x: c.H, cents: await dueCents(c.H, '2027-04-05') }]);
    await pin('2027-04-06');
    await dunningRun('dun-0406');
    await waitFor(async () => (await caseOf(c.E))!.close_reason === 'agreement_kept', 'E kept');
    await waitFor(async () => (await caseOf(c.H))!.close_reason === 'agreement_kept', 'H kept');
    // The announcement never went out: the agreement averted the interruption.
    expect(await system.db('documents').where({ business_key: `supply-notice:${(await caseOf(c.H))!.id}:announcement:pdf` })).toHaveLength(
      0,
    );
    expect(
      (await incidents(system)).filter((i) => i.errorType !== 'CALLED_ELEMENT_ERROR').map((i) => `${i.elementId}: ${i.errorMessage}`),
    ).toEqual([]);
    await expectLedgerBalanced();
  });
});
