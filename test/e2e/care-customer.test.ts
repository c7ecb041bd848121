/**
 * Care cases about customer data, money and questions, end to end on the controllable clock, each
 * started like the account screen does (POST /api/customers/{no}/care-cases):
 * - bad input is refused with its field and changes nothing (a lower reading without a meter change,
 *   a wrong IBAN, a postal code of another city);
 * - a meter reading with a photo and an interim bill; a question on that bill answered with a
 *   correction (cancelled by a reversal, billed again);
 * - installment changes within the tolerance and, beyond it, with a case worker's approval;
 * - an address change from a later day (timer), a bank change with a new mandate and its letter;
 * - a complaint nobody answers in time goes to a team lead, whose answer is mailed.
 * After each: the mails' and letters' text, the customer's and contract's state and a balanced ledger.
 */
import { createEngineQueries } from '../../engine/query';
import { accountingDeps } from '../../workers/billing';
import { createCustomerCareHandlers } from '../../workers/care/customer';
import { createMailer } from '../../workers/mail';
import { accountBalance, receivableTotal } from '../../domain/ledger';
import type { System } from '../../server/system';
import { maskIban } from '../../workers/documents';
import { pdfText } from '../../workers/documents/pdfText';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { callApi, incidents, mailTo, openUserTask, orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(150_000);

const NEW_IBAN = 'DE02120300000000202051';
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('care cases of customer data, money and questions', () => {
  let system: System;
  let caseworker: SignedIn;
  let customerNumber: string;
  let email: string;
  let contractId: string;
  let accountId: string;

  const pin = (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+01:00`));
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = caseworker.headers) =>
    callApi(system, method, path, headers, body);
  const startCase = (kind: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
    call('POST', `/api/customers/${customerNumber}/care-cases`, { kind, ...body }, headers);
  const counts = async () => ({
    cases: Number((await system.db('care_cases').count({ n: '*' }).first())!.n),
    readings: Number((await system.db('meter_readings').count({ n: '*' }).first())!.n),
    mandates: Number((await system.db('sepa_mandates').count({ n: '*' }).first())!.n),
  });

  async function closed(caseId: string, timeoutMs = 30_000) {
    return waitFor(
      async () => {
        const c = (await call('GET', `/api/care-cases/${caseId}`)).body;
        return c.status !== 'open' ? c : undefined;
      },
      `care case ${caseId} closed`,
      timeoutMs,
    ).catch(async (err: Error) => {
      const open = (await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`);
      throw new Error(`${err.message}; incidents: ${JSON.stringify(open)}`);
    });
  }

  async function completeTask(task: { userTaskKey: string }, variables: Record<string, unknown>) {
    const res = await call('POST', `/v2/user-tasks/${task.userTaskKey}/completion`, { variables });
    expect(res.status).toBe(204);
  }

  async function expectBalanced(today: string) {
    const total = (await system.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
    const balance = await accountBalance(system.db, accountId, today);
    expect(balance.balanceCents).toBe(await receivableTotal(system.db, accountId));
    expect(balance.balanceCents).toBe(balance.openItems.reduce((s, i) => s + i.openCents, 0));
  }

  beforeAll(async () => {
    system = await startTestSystem({ careComplaintDueDays: 5 });
    caseworker = await signIn(system.httpUrl, 'caseworker');
    await pin('2026-12-01');
    const order = { ...orderFor('Gruen'), desiredStartDate: '2027-01-01' };
    email = order.customer.email;
    const created = await post(system, '/api/orders', order, { 'Idempotency-Key': `care-customer-${order.customer.firstName}` });
    expect(created.status).toBe(201);
    await waitForOrder(system, created.body.orderId, (o) => o.status === 'contracted');
    const contract = await system.db('contracts').where({ order_id: created.body.orderId }).first();
    contractId = contract.id;
    accountId = contract.contract_account_id;
    customerNumber = (await system.db('customers').where({ id: contract.customer_id }).first('customer_number')).customer_number;
    await pin('2027-01-01');
    await waitFor(
      async () => (await system.db('contracts').where({ id: contractId, status: 'active' }).first()) ?? undefined,
      'contract active',
    );
    const start = await callApi(system, 'POST', `/api/contracts/${contractId}/readings`, systemHeaders({ 'Idempotency-Key': 'start' }), {
      readingDate: '2027-01-01',
      valueKwh: '10000',
      source: 'meter_operator',
    });
    expect(start.status).toBe(202);
    await waitFor(
      async () => (await system.db('meter_readings').where({ contract_id: contractId, status: 'accepted' }).first()) ?? undefined,
      'start reading accepted',
    );
    await waitFor(
      async () => (await system.db('installment_plans').where({ contract_id: contractId, status: 'active' }).first()) ?? undefined,
      'plan',
    );
    await pin('2027-03-01');
  });
  afterAll(async () => system?.stop());

  it('refuses bad input with its field and stores nothing', async () => {
    const before = await counts();
    const lower = await startCase('meter-reading', { contractId, readingDate: '2027-03-01', valueKwh: '9500' });
    expect(lower.status).toBe(422);
    expect(lower.body.details).toEqual([
      { field: 'valueKwh', message: expect.stringContaining('niedriger als der letzte (10000 kWh am 01.01.2027)') },
    ]);
    const iban = await startCase('bank-change', {
      iban: 'DE00 1234 5678',
      accountHolder: 'Erika Gruen',
      signature: { signedAt: '2027-03-01', method: 'paper', signerName: 'Erika Gruen' },
    });
    expect(iban.status).toBe(400);
    expect(iban.body.details).toEqual([expect.objectContaining({ field: 'iban' })]);
    // The orders' supply addresses put 50674 in Köln.
    const city = await startCase('address-change', {
      address: { street: 'Hohe Straße', houseNumber: '1', postalCode: '50674', city: 'Bonn' },
    });
    expect(city.status).toBe(422);
    expect(city.body.details).toEqual([{ field: 'address.city', message: expect.stringContaining('gehört nach unseren Daten zu Köln') }]);
    const format = await startCase('address-change', {
      address: { street: 'Hohe Straße', houseNumber: 'eins', postalCode: '5067', city: 'Köln' },
    });
    expect(format.status).toBe(400);
    expect(format.body.details.map((d: { field: string }) => d.field)).toEqual(['address.houseNumber', 'address.postalCode']);
    expect(await counts()).toEqual(before);
  });

  let interimBill: Record<string, any>;

  it('takes a meter reading with a photo and bills it on request', async () => {
    const photo = await fetch(`${system.httpUrl}/api/attachments`, {
      method: 'POST',
      headers: { ...caseworker.headers, 'content-type': 'image/png' },
      body: new Uint8Array(PNG),
    });
    expect(photo.status).toBe(201);
    const photoId = ((await photo.json()) as { id: string }).id;
    const started = await startCase('meter-reading', {
      contractId,
      readingDate: '2027-03-01',
      valueKwh: 10410.5,
      photoAttachmentId: photoId,
      interimBill: true,
    });
    expect(started.status).toBe(202);
    const done = await closed(started.body.caseId, 60_000);
    expect(done.status).toBe('completed');
    const reading = await system
      .db('meter_readings')
      .where({ business_key: `care:${done.id}` })
      .first();
    expect(reading).toMatchObject({ status: 'accepted', source: 'case_worker' });
    expect(reading.note).toContain(photoId);
    interimBill = await system.db('bills').where({ contract_id: contractId, kind: 'interim' }).first();
    expect(interimBill).toBeDefined();
    expect(done.result).toMatchObject({ readingId: reading.id, interimBillId: interimBill.id });
    expect(done.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['opened', 'process-started', 'reading-recorded', 'reading-checked', 'interim-billed', 'mail-sent']),
    );
    const confirmation = await mailTo(system, email, /Ihr Zählerstand vom 01\.03\.2027/);
    expect(confirmation.text).toContain('10410,5 kWh');
    expect(confirmation.text).toContain(`Ihre Zwischenabrechnung ${interimBill.bill_number}`);
    const billMail = await mailTo(system, email, /Zwischenabrechnung/, 60_000);
    const billPdf = billMail.attachments.find((a) => a.filename.endsWith('.pdf'))!;
    expect(await pdfText(billPdf.content)).toContain(interimBill.bill_number);
    const readingVars = { readingDate: '2027-03-01', valueKwh: '10410.5', photoAttachmentId: photoId };
    finished.push({
      caseId: done.id,
      jobs: [
        ['care.reading.record', readingVars],
        ['care.reading.result', { readingId: reading.id }],
        ['care.reading.confirm', { readingId: reading.id, interimBillId: interimBill.id }],
      ],
    });
    await expectBalanced('2027-03-01');
  });

  it('sends a lower reading with a reported meter change to a case worker and stores no reading', async () => {
    const before = await counts();
    const started = await startCase('meter-reading', { contractId, readingDate: '2027-03-01', valueKwh: '12', meterChanged: true });
    expect(started.status).toBe(202);
    const task = await openUserTask(system, started.body.processInstanceKey, 'meter_change');
    await completeTask(task, { meterChangeNote: 'Neuer Zähler 1ESY999 laut Messstellenbetreiber, Einbaustand 0 kWh' });
    const done = await closed(started.body.caseId);
    expect(done).toMatchObject({
      status: 'completed',
      reason: 'Zählerwechsel durch die Sachbearbeitung erfasst',
      result: { meterChanged: true },
    });
    expect((await counts()).readings).toBe(before.readings);
  });

  it('answers a question on the bill with a correction through the billing process', async () => {
    const started = await startCase('bill-question', { billId: interimBill.id, question: 'Warum ist der Verbrauch so hoch?' });
    expect(started.status).toBe(202);
    const task = await openUserTask(system, started.body.processInstanceKey, 'answer_question');
    const vars = await createEngineQueries(system.db).variables.search({
      filter: { processInstanceKey: started.body.processInstanceKey, name: 'billPdfUrl' },
    });
    const link = JSON.parse(vars.items[0].value) as string;
    expect(link).toBe(`/api/bills/${interimBill.id}/pdf`);
    const pdf = await fetch(`${system.httpUrl}${link}`, { headers: caseworker.headers });
    expect(pdf.status).toBe(200);
    await completeTask(task, {
      answer: 'Der Zählerstand wurde falsch übernommen; wir haben die Rechnung neu erstellt.',
      correctBill: true,
      correctionReason: 'Zählerstand falsch übernommen',
    });
    const done = await closed(started.body.caseId, 60_000);
    expect(done.status).toBe('completed');
    const corrected = await system.db('bills').where({ corrects_bill_id: interimBill.id }).first();
    expect(corrected).toBeDefined();
    expect(done.result).toMatchObject({ corrected: true, correctedBillId: corrected.id });
    const cancellation = await system.db('bill_cancellations').where({ bill_id: interimBill.id }).first();
    expect(cancellation.reason).toBe('Zählerstand falsch übernommen');
    const reversal = await system.db('ledger_documents').where({ reverses_document_id: interimBill.ledger_document_id }).first();
    expect(reversal.kind).toBe('reversal');
    const answer = await mailTo(system, email, new RegExp(`Ihre Frage zur Rechnung ${interimBill.bill_number}`));
    expect(answer.text).toContain('Der Zählerstand wurde falsch übernommen');
    expect(answer.text).toContain(`storniert und durch die Rechnung ${corrected.bill_number} ersetzt`);
    finished.push({
      caseId: done.id,
      jobs: [
        ['care.bill-question.open', { billId: interimBill.id }],
        ['care.bill-question.cancel-bill', { billId: interimBill.id, correctionReason: 'Zählerstand falsch übernommen' }],
        [
          'care.bill-question.answer',
          { billId: interimBill.id, answer: 'Andere Antwort', correctBill: true, correctedBillId: corrected.id },
        ],
      ],
    });
    await expectBalanced('2027-03-01');
  });

  it('changes the installment within the tolerance at once and beyond it with approval', async () => {
    const plan = await system.db('installment_plans').where({ contract_id: contractId, status: 'active' }).first();
    const within = Number(plan.amount_cents) + 100;
    const a = await startCase('installment-change', { contractId, amountCents: within });
    expect(a.status).toBe(202);
    expect((await closed(a.body.caseId)).result).toMatchObject({ planStatus: 'active', amountCents: within });
    await mailTo(system, email, /Ihr Abschlagsplan ab/);

    const beyond = Number(plan.amount_cents) * 2;
    const b = await startCase('installment-change', { contractId, amountCents: beyond });
    const task = await waitFor(async () => {
      const res = await createEngineQueries(system.db).userTasks.search({ filter: { elementId: 'approve_change', state: 'CREATED' } });
      return res.items[0];
    }, 'approval task');
    await completeTask(task, { approved: true, note: 'Kunde erwartet Mehrverbrauch (Wärmepumpe)' });
    const done = await closed(b.body.caseId);
    expect(done).toMatchObject({ status: 'completed', result: { planStatus: 'active', amountCents: beyond } });
    const active = await system.db('installment_plans').where({ contract_id: contractId, status: 'active' }).first();
    expect(Number(active.amount_cents)).toBe(beyond);
    expect(done.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['installment-requested', 'installment-decided']),
    );
    await expectBalanced('2027-03-01');
  });

  let complaintCase: { caseId: string; processInstanceKey: string };
  /** Each finished case with the variables its jobs had, to run them again as a retried job would. */
  const finished: Array<{ caseId: string; jobs: Array<[string, Record<string, unknown>]> }> = [];

  it('changes the address from its day and the bank account with a new mandate and its letter', async () => {
    complaintCase = (
      await startCase('complaint', { subject: 'Rechnung zu spät', text: 'Ich habe meine Rechnung erst nach Wochen erhalten.' })
    ).body;

    const address = { street: 'Domkloster', houseNumber: '4', postalCode: '50667', city: 'Köln' };
    const moved = await startCase('address-change', { address, validFrom: '2027-03-05' });
    expect(moved.status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect((await system.db('customers').where({ customer_number: customerNumber }).first('address')).address).not.toMatchObject(address);
    await pin('2027-03-05');
    expect((await closed(moved.body.caseId)).result).toMatchObject({ addressChanged: true });
    expect((await system.db('customers').where({ customer_number: customerNumber }).first('address')).address).toMatchObject(address);
    expect((await system.db('contract_accounts').where({ id: accountId }).first('billing_address')).billing_address).toMatchObject(address);
    const addressMail = await mailTo(system, email, /Ihre neue Anschrift ist gespeichert/);
    expect(addressMail.text).toContain('Domkloster 4\n  50667 Köln');
    expect(addressMail.text).toContain('gültig ab 05.03.2027');

    const old = await system.db('sepa_mandates').where({ contract_account_id: accountId, status: 'active' }).first();
    const body = {
      iban: 'DE02 1203 0000 0000 2020 51',
      accountHolder: 'Erika Gruen',
      bic: 'BYLADEM1001',
      signature: { signedAt: '2027-03-05T09:12:00+01:00', method: 'electronic', signerName: 'Erika Gruen' },
    };
    const bank = await startCase('bank-change', body, { ...caseworker.headers, 'Idempotency-Key': 'bank-1' });
    expect(bank.status).toBe(202);
    const again = await startCase('bank-change', body, { ...caseworker.headers, 'Idempotency-Key': 'bank-1' });
    expect(again.body.caseId).toBe(bank.body.caseId);
    const done = await closed(bank.body.caseId, 60_000);
    // A retry after the case did its work (the new IBAN's mandate is active now) still answers that case.
    const late = await startCase('bank-change', body, { ...caseworker.headers, 'Idempotency-Key': 'bank-1' });
    expect(late.body.caseId).toBe(bank.body.caseId);
    const accountNumber = (await system.db('contract_accounts').where({ id: accountId }).first('account_number')).account_number;
    expect(done.result).toMatchObject({ mandateReference: `M-${accountNumber}-2`, endedMandateReference: old.mandate_reference });
    const mandate = await system.db('sepa_mandates').where({ care_case_id: bank.body.caseId }).first();
    expect(mandate).toMatchObject({ iban: NEW_IBAN, status: 'active', signature_method: 'electronic', signer_name: 'Erika Gruen' });
    expect(mandate.last_collection_date).toBeNull(); // the next debit is FRST
    const ended = await system.db('sepa_mandates').where({ id: old.id }).first();
    expect(ended.status).toBe('revoked');
    expect(ended.ended_reason).toContain(done.caseNumber);
    expect(await system.db('sepa_mandates').where({ contract_account_id: accountId })).toHaveLength(2);
    const confirmation = await mailTo(system, email, /SEPA-Lastschriftmandat/);
    for (const part of [`M-${accountNumber}-2`, 'DE98ZZZ09999999999', maskIban(NEW_IBAN), 'Vorabankündigung', old.mandate_reference])
      expect(confirmation.text).toContain(part);
    const letter = (await pdfText(confirmation.attachments.find((a) => a.filename.endsWith('.pdf'))!.content)).replace(/\s+/g, ' ');
    for (const part of [
      'Bestätigung Ihres SEPA-Lastschriftmandats',
      `Mandatsreferenz M-${accountNumber}-2`,
      'am 05.03.2027 elektronisch von Erika Gruen',
      `Das bisherige Mandat ${old.mandate_reference} endete am 05.03.2027`,
      'Domkloster 4',
    ])
      expect(letter).toContain(part);
    expect(await system.db('outbound_mails').where({ business_key: `care:${done.id}:mandate-confirmation` })).toHaveLength(1);
    finished.push({
      caseId: done.id,
      jobs: [
        ['care.bank.replace-mandate', {}],
        ['care.bank.confirm', { mandateId: mandate.id }],
      ],
    });
    finished.push({
      caseId: moved.body.caseId,
      jobs: [
        ['care.address.apply', {}],
        ['care.address.confirm', {}],
      ],
    });
    await expectBalanced('2027-03-05');
  });

  it('escalates an unanswered complaint to a team lead, whose answer is recorded and mailed', async () => {
    const task = await openUserTask(system, complaintCase.processInstanceKey, 'answer_complaint');
    expect(task.candidateGroups).toEqual(['caseworker']);
    await pin('2027-03-08');
    const lead = await openUserTask(system, complaintCase.processInstanceKey, 'lead_answer');
    expect(lead.candidateGroups).toEqual(['teamlead']);
    await completeTask(lead, { answer: 'Entschuldigung: Ihre Rechnung kommt künftig am Tag der Erstellung per E-Mail.' });
    const done = await closed(complaintCase.caseId);
    expect(done.result).toMatchObject({ answeredBy: 'Teamleitung', escalated: true });
    const complaint = await system.db('care_complaints').where({ care_case_id: complaintCase.caseId }).first();
    expect(complaint.escalated_at).not.toBeNull();
    expect(complaint.answer).toContain('Entschuldigung');
    const mail = await mailTo(system, email, /Antwort auf Ihre Beschwerde „Rechnung zu spät“/);
    expect(mail.text).toContain('Ihre Rechnung kommt künftig am Tag der Erstellung');
    expect(mail.text).toContain('Schlichtungsstelle Energie');
    expect(done.events.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['complaint-recorded', 'complaint-escalated', 'complaint-answered', 'mail-sent']),
    );
    expect(await incidents(system)).toEqual([]);
    finished.push({
      caseId: complaintCase.caseId,
      jobs: [
        ['care.complaint.open', { dueDays: 5 }],
        ['care.complaint.escalate', {}],
        ['care.complaint.answer', { answer: 'Eine zweite Antwort, die nicht zählt.', answeredBy: 'Sachbearbeitung' }],
      ],
    });
  });

  it('runs every job of a finished case again as a retry would: no second mandate, mail, letter or event', async () => {
    const { settings } = system;
    const mailer = createMailer({ smtpHost: '127.0.0.1', smtpPort: settings.smtpPort, from: settings.mailFrom });
    const deps = accountingDeps({ zbc: system.zbc, db: system.db, settings, now: () => system.engine!.engine.clock.now() }, mailer, () => {
      throw new Error('a retried job renders no second letter');
    });
    const handlers = createCustomerCareHandlers(deps, settings);
    const snapshot = async () => ({
      mandates: await system.db('sepa_mandates').count({ n: '*' }).first(),
      mails: await system.db('outbound_mails').where('business_key', 'like', 'care:%').count({ n: '*' }).first(),
      documents: await system.db('documents').count({ n: '*' }).first(),
      events: await system.db('care_case_events').count({ n: '*' }).first(),
      readings: await system.db('meter_readings').count({ n: '*' }).first(),
      plans: await system.db('installment_plans').count({ n: '*' }).first(),
      complaint: await system.db('care_complaints').where({ care_case_id: complaintCase.caseId }).first('answer', 'escalated_at', 'due_at'),
      customer: await system.db('customers').where({ customer_number: customerNumber }).first('address'),
    });
    const before = await snapshot();
    try {
      for (const { caseId, jobs } of finished)
        for (const [type, vars] of jobs) await handlers[type]({ careCaseId: caseId, contractId, ...vars });
    } finally {
      mailer.close();
    }
    expect(await snapshot()).toEqual(before);
  });

  it('collects the next debit under the new mandate as its first (FRST), nothing under the old one', async () => {
    await pin('2027-04-02');
    const run = (bpmnProcessId: string, variables: Record<string, unknown> = {}) =>
      system.zbc.createProcessInstanceWithResult({ bpmnProcessId, variables: variables as never, requestTimeout: 60_000 });
    const earlier = (await system.db('payment_files').select('id')).map((f: { id: string }) => f.id);
    await run('installment-run');
    await run('payment-run', { runId: 'care-customer-2027-04-02' });
    const mandates = await system.db('sepa_mandates').where({ contract_account_id: accountId }).orderBy('created_at');
    const files = (await system.db('payment_files').where({ kind: 'pain.008' }).whereNotIn('id', earlier).select('xml')) as Array<{
      xml: string;
    }>;
    const batches = files.flatMap((f) => f.xml.split('<PmtInf>'));
    const batch = batches.find((b) => b.includes(`<MndtId>${mandates[1].mandate_reference}</MndtId>`));
    expect(batch).toContain('<SeqTp>FRST</SeqTp>');
    expect(batches.some((b) => b.includes(`<MndtId>${mandates[0].mandate_reference}</MndtId>`))).toBe(false);
    await expectBalanced('2027-04-02');
    expect((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`)).toEqual([]);
  });
});
