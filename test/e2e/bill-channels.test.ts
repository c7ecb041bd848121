/**
 * Bill channels, corrections and a mandate change end to end, on the controllable engine clock,
 * with a signing certificate configured (BILL_SIGNING_P12_PATH):
 * - an e-mail customer gets the PAdES-signed PDF, the very bytes stored as `bill:<id>:pdf`;
 * - a paper customer's bill goes into the day's print run, and no bill mail goes out;
 * - B2B accounts get an XRechnung (CII XML attached) or a ZUGFeRD/Factur-X PDF;
 * - a correction cancels a bill by a reversal (never a deletion) and bills the period again: the new
 *   bill refers to the old one, its PDF says so, and the account balance equals its items;
 * - a changed bank account gets a new mandate, the customer a confirmation with the pre-notification,
 *   and the next debit is that mandate's first (FRST).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { accountBalance, receivableTotal } from '../../domain/ledger';
import type { System } from '../../server/system';
import { createPrintRun, maskIban } from '../../workers/documents';
import { selfSignedP12, verifyPdfSignature } from '../../workers/documents/pdfSignatureTesting';
import { pdfText } from '../../workers/documents/pdfText';
import { signIn, systemHeaders, type SignedIn } from '../auth';
import { incidents, mailTo, orderFor, post, startTestSystem, waitFor, waitForOrder } from './system';

jest.setTimeout(240_000);

const NEW_IBAN = 'DE02120300000000202051';

describe('bill channels, corrections and mandate changes', () => {
  let system: System;
  let caseworker: SignedIn;
  let certDir: string;
  const { p12, cert } = selfSignedP12('geheim');

  beforeAll(async () => {
    certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bill-signing-'));
    fs.writeFileSync(path.join(certDir, 'siegel.p12'), p12);
    system = await startTestSystem({
      billSigningP12Path: path.join(certDir, 'siegel.p12'),
      billSigningP12Password: 'geheim',
      billSigningName: 'Rheinstrom Rechnungssiegel',
    });
    caseworker = await signIn(system.httpUrl, 'caseworker');
  });
  afterAll(async () => {
    await system?.stop();
    fs.rmSync(certDir, { recursive: true, force: true });
  });

  const pin = (iso: string) => system.engine!.engine.pinClock(Date.parse(`${iso}T10:00:00+01:00`));
  const run = (bpmnProcessId: string, variables: Record<string, unknown> = {}) =>
    system.zbc.createProcessInstanceWithResult({ bpmnProcessId, variables: variables as never, requestTimeout: 60_000 });

  async function call(method: string, urlPath: string, headers: Record<string, string>, body?: unknown) {
    const res = await fetch(`${system.httpUrl}${urlPath}`, {
      method,
      headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      body: (type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())) as any,
    };
  }

  /** An order through the API up to an active contract with its start reading. */
  async function activeContract(lastName: string) {
    const order = { ...orderFor(lastName), desiredStartDate: '2027-01-01' };
    const created = await post(system, '/api/orders', order, { 'Idempotency-Key': `channels-${order.customer.firstName}` });
    expect(created.status).toBe(201);
    await waitForOrder(system, created.body.orderId, (o) => o.status === 'contracted');
    const contract = await system.db('contracts').where({ order_id: created.body.orderId }).first();
    return { order, contract, accountId: contract.contract_account_id as string };
  }

  async function reading(contractId: string, readingDate: string, valueKwh: string, source: string) {
    const res = await call(
      'POST',
      `/api/contracts/${contractId}/readings`,
      systemHeaders({ 'Idempotency-Key': `${contractId}-${readingDate}` }),
      {
        readingDate,
        valueKwh,
        source,
      },
    );
    expect(res.status).toBe(202);
    await waitFor(
      async () => (await system.db('meter_readings').where({ id: res.body.reading.id, status: 'accepted' }).first()) ?? undefined,
      `reading ${readingDate} accepted`,
    );
  }

  const billOf = (contractId: string) =>
    waitFor(
      async () =>
        (await system.db('bills').where({ contract_id: contractId, kind: 'annual' }).whereNull('corrects_bill_id').first()) ?? undefined,
      'annual bill',
      60_000,
    ).catch(async (err: Error) => {
      const open = (await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`);
      const contract = await system.db('contracts').where({ id: contractId }).first('status', 'billing_period_start');
      throw new Error(`${err.message}; contract ${JSON.stringify(contract)}; incidents: ${JSON.stringify(open)}`);
    });

  async function expectBalanced(accountId: string, today: string) {
    const total = (await system.db('ledger_lines').sum({ s: 'amount_cents' }).first()) as { s: string | null };
    expect(Number(total.s ?? 0)).toBe(0);
    const balance = await accountBalance(system.db, accountId, today);
    expect(balance.balanceCents).toBe(await receivableTotal(system.db, accountId));
    expect(balance.balanceCents).toBe(balance.openItems.reduce((s, i) => s + i.openCents, 0));
  }

  it('delivers by e-mail (signed), on paper, as XRechnung and ZUGFeRD; corrects a bill; changes a mandate', async () => {
    await pin('2026-12-01');
    const [mail, paper, xrechnung, zugferd] = await Promise.all([
      activeContract('Gruen'),
      activeContract('Gruen'),
      activeContract('Gruen'),
      activeContract('Gruen'),
    ]);
    await system.db('contract_accounts').where({ id: paper.accountId }).update({ bill_delivery: 'paper' });
    await system.db('contract_accounts').where({ id: xrechnung.accountId }).update({ e_invoice: 'xrechnung' });
    await system.db('contract_accounts').where({ id: zugferd.accountId }).update({ e_invoice: 'zugferd' });
    await expect(system.db('contract_accounts').where({ id: paper.accountId }).update({ bill_delivery: 'fax' })).rejects.toThrow(/check/);

    await pin('2027-01-01');
    for (const c of [mail, paper, xrechnung, zugferd]) {
      await waitFor(
        async () => (await system.db('contracts').where({ id: c.contract.id, status: 'active' }).first()) ?? undefined,
        'contract active',
      );
      await reading(c.contract.id, '2027-01-01', '10000', 'meter_operator');
    }
    // The end readings before the period is over: the billing run's timer finds them all.
    await pin('2027-12-31');
    for (const c of [mail, paper, xrechnung, zugferd]) await reading(c.contract.id, '2027-12-31', '13100', 'customer');
    await pin('2028-01-02');
    await run('billing-run');

    // E-mail: the signed PDF, the same bytes as the stored document.
    const bill = await billOf(mail.contract.id);
    const billMail = await mailTo(system, mail.order.customer.email, /Jahresabrechnung/, 60_000);
    const attached = billMail.attachments.find((a) => a.filename.endsWith('.pdf'))!;
    expect(verifyPdfSignature(attached.content, cert)).toEqual({ digestMatches: true, signatureValid: true });
    const stored = await system
      .db('documents')
      .where({ business_key: `bill:${bill.id}:pdf` })
      .first('sha256');
    expect(createHash('sha256').update(attached.content).digest('hex')).toBe(stored.sha256);
    expect(billMail.text).toContain('elektronisch signiert');
    expect(await pdfText(attached.content)).toContain(bill.bill_number);

    // Paper: in the day's print run, no bill mail.
    const paperBill = await billOf(paper.contract.id);
    const printRun = createPrintRun({ directory: path.join(os.tmpdir(), `energy-print-${process.pid}`) });
    const entry = await waitFor(
      async () => (await printRun.manifest('2028-01-02')).entries.find((e) => e.businessKey === `bill:${paperBill.id}`),
      'print run entry',
      60_000,
    );
    expect(entry.recipient.name).toContain(paper.order.customer.firstName);
    expect(entry.pages).toBeGreaterThan(0);
    const printed = fs.readFileSync(path.join(printRun.folder('2028-01-02'), entry.file));
    expect(await pdfText(printed)).toContain(paperBill.bill_number);
    expect(
      await system
        .db('outbound_mails')
        .where({ business_key: `bill:${paperBill.id}:notice` })
        .first(),
    ).toBeUndefined();

    // XRechnung: the CII XML beside the PDF.
    const xBill = await billOf(xrechnung.contract.id);
    const xMail = await mailTo(system, xrechnung.order.customer.email, /Jahresabrechnung/, 60_000);
    const xml = xMail.attachments.find((a) => a.filename.endsWith('.xml'));
    expect(xml?.content.toString('utf8')).toContain('CrossIndustryInvoice');
    expect(xml?.content.toString('utf8')).toContain(xBill.bill_number);
    expect(xMail.text).toContain('XRechnung');

    // ZUGFeRD: one PDF with the XML inside (and signed).
    await billOf(zugferd.contract.id);
    const zMail = await mailTo(system, zugferd.order.customer.email, /Jahresabrechnung/, 60_000);
    expect(zMail.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.pdf$/)]);
    expect(zMail.attachments[0].content.toString('latin1')).toContain('factur-x.xml');
    expect(verifyPdfSignature(zMail.attachments[0].content, cert)).toEqual({ digestMatches: true, signatureValid: true });

    // Correction: cancelled by a reversal, billed again, the new bill refers to the old one.
    const correction = await call('POST', `/api/bills/${bill.id}/correction`, caseworker.headers, { reason: 'Zählerstand falsch erfasst' });
    expect(correction.status).toBe(202);
    expect(correction.body.cancelledBill.cancelled).toMatchObject({ reason: 'Zählerstand falsch erfasst' });
    const again = await call('POST', `/api/bills/${bill.id}/correction`, caseworker.headers, { reason: 'Zählerstand falsch erfasst' });
    expect(again.body).toMatchObject({ started: false, processInstanceKey: correction.body.processInstanceKey });
    const corrected = await waitFor(
      async () => (await system.db('bills').where({ corrects_bill_id: bill.id }).first()) ?? undefined,
      'corrected bill',
      60_000,
    );
    expect(await system.db('bills').where({ id: bill.id }).first('id')).toBeDefined();
    const reversal = await system.db('ledger_documents').where({ reverses_document_id: bill.ledger_document_id }).first();
    expect(reversal.kind).toBe('reversal');
    await expectBalanced(mail.accountId, '2028-01-02');
    await waitFor(
      async () =>
        (await system
          .db('documents')
          .where({ business_key: `bill:${corrected.id}:pdf` })
          .first('id')) ?? undefined,
      'corrected PDF',
      60_000,
    );
    const pdf = await call('GET', `/api/bills/${corrected.id}/pdf`, caseworker.headers);
    expect(pdf.status).toBe(200);
    expect((await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ')).toContain(
      `Diese Rechnung ersetzt die Rechnung Nr. ${bill.bill_number} vom 02.01.2028`,
    );
    const oldPdf = await call('GET', `/api/bills/${bill.id}/pdf`, caseworker.headers);
    expect(await pdfText(oldPdf.body as Buffer)).not.toContain('Diese Rechnung ersetzt');

    // Mandate change: a wrong IBAN is refused by field; a new account gets a new mandate and a confirmation.
    const accountNumber = (await system.db('contract_accounts').where({ id: mail.accountId }).first('account_number'))
      .account_number as string;
    const oldMandate = await system.db('sepa_mandates').where({ contract_account_id: mail.accountId, status: 'active' }).first();
    const bad = await call('POST', `/api/accounts/${accountNumber}/mandates`, caseworker.headers, {
      iban: 'DE00 1234 5678',
      accountHolder: 'Erika Gruen',
      signedDate: '2028-01-02',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'iban' })]);
    const mandates = async () =>
      Number((await system.db('sepa_mandates').where({ contract_account_id: mail.accountId }).count({ n: '*' }).first())?.n);
    expect(await mandates()).toBe(1);

    const changed = await call('POST', `/api/accounts/${accountNumber}/mandates`, systemHeaders(), {
      iban: 'DE02 1203 0000 0000 2020 51',
      accountHolder: 'Erika Gruen',
      signedDate: '2028-01-02',
      bic: 'BYLADEM1001',
    });
    expect(changed.status).toBe(201);
    expect(changed.body.mandate).toMatchObject({ reference: `M-${accountNumber}-2`, iban: NEW_IBAN, status: 'active' });
    expect(changed.body.revokedMandateId).toBe(oldMandate.id);
    expect((await system.db('sepa_mandates').where({ id: oldMandate.id }).first()).status).toBe('revoked');
    const retry = await call('POST', `/api/accounts/${accountNumber}/mandates`, systemHeaders(), {
      iban: NEW_IBAN,
      accountHolder: 'Erika Gruen',
      signedDate: '2028-01-02',
    });
    expect(retry.status).toBe(200);
    expect(retry.body.mandate.id).toBe(changed.body.mandate.id);
    const confirmation = await mailTo(system, mail.order.customer.email, /SEPA-Lastschriftmandat/);
    for (const part of [`M-${accountNumber}-2`, 'DE98ZZZ09999999999', maskIban(NEW_IBAN), 'Vorabankündigung', oldMandate.mandate_reference])
      expect(confirmation.text).toContain(part);
    expect(await mandates()).toBe(2);
    const confirmations = await system.db('outbound_mails').where({ business_key: `mandate:${changed.body.mandate.id}:confirmation` });
    expect(confirmations).toHaveLength(1);

    // The next debit of the account uses the new mandate, as its first collection.
    await pin('2028-02-02');
    await run('installment-run');
    await run('payment-run', { runId: 'channels-2028-02-02' });
    const files = (await system.db('payment_files').where({ kind: 'pain.008' }).select('xml')) as Array<{ xml: string }>;
    const batch = files.flatMap((f) => f.xml.split('<PmtInf>')).find((b) => b.includes(`<MndtId>M-${accountNumber}-2</MndtId>`));
    expect(batch).toBeDefined();
    expect(batch).toContain('<SeqTp>FRST</SeqTp>');
    expect(batch).not.toContain(`<MndtId>${oldMandate.mandate_reference}</MndtId>`);
    await expectBalanced(mail.accountId, '2028-02-02');
    expect((await incidents(system)).map((i) => `${i.elementId}: ${i.errorMessage}`)).toEqual([]);
  });
});
