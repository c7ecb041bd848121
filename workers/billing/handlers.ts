/**
 * Job handlers of contract start, the installment and billing runs, the per-contract bill, meter
 * readings and installment changes. Each maps job variables to a domain call and the result back
 * to variables. Retries are harmless: the domain writes by business keys, documents render once
 * per key, and mails go out once per key (Mailer.sendOnce).
 */
import { activateContract, endContract, loadContract, type ContractView } from '../../domain/contracts';
import { billKey, issueBill } from '../../domain/billing/issue-bill';
import { loadBill, type IssuedBill } from '../../domain/billing/bills';
import { BillingError, billingPeriodFor } from '../../domain/billing/calculate';
import { postDueInstallments } from '../../domain/billing/installment-run';
import { installmentDueDates, proposeInstallment, monthsPerInstallment } from '../../domain/billing/installments';
import { activePlan, createPlan, decidePlanChange } from '../../domain/billing/installments-repository';
import { findBillReadings, hasEndReading } from '../../domain/billing/bill-readings';
import { checkPlausibility, estimateReading, latestReading, loadReading, recordReading, setReadingStatus } from '../../domain/readings';
import { getTariff, vatRatesFor } from '../../domain/tariffs';
import { billingTariffOf } from '../../domain/contracts/tariff-change';
import { addDays } from '../../domain/shared/dates';
import { billLetterData, createPrintRun, maskIban, signPdf, type BillForLetter, type Recipient } from '../documents';
import type { EInvoiceInput } from '../documents/eInvoice';
import { claimProcessStart, recordProcessStart } from '../process-starts';
import { BpmnError, type JobHandler, type Vars } from '../runtime';
import { str, type AccountingDeps } from './context';

const cadenceText = { monthly: 'monatlich', quarterly: 'vierteljährlich', half_yearly: 'halbjährlich' } as const;
const billTitle = { annual: 'Jahresabrechnung', final: 'Schlussrechnung', interim: 'Zwischenabrechnung' } as const;

type BillDelivery = 'email' | 'paper';
type EInvoiceFormat = 'xrechnung' | 'zugferd';

export function createAccountingHandlers(deps: AccountingDeps): Record<string, JobHandler> {
  const { db } = deps;
  const name = (c: ContractView) => `${c.customer.firstName} ${c.customer.lastName}`;
  // One print run per process: it queues its own writes of the day's manifest.
  const printRun = createPrintRun({ directory: deps.printDirectory });

  /** How the account's bills go out (contract_accounts.bill_delivery, e_invoice). */
  async function deliveryOf(accountId: string): Promise<{ billDelivery: BillDelivery; eInvoice: EInvoiceFormat | null }> {
    const row = (await db('contract_accounts').where({ id: accountId }).first('bill_delivery', 'e_invoice')) as
      { bill_delivery: BillDelivery | null; e_invoice: EInvoiceFormat | null } | undefined;
    return { billDelivery: row?.bill_delivery ?? 'email', eInvoice: row?.e_invoice ?? null };
  }

  const billForLetter = (bill: IssuedBill): BillForLetter => ({
    ...bill.calculation,
    billNumber: bill.billNumber,
    billDate: bill.billDate,
    dueDate: bill.dueDate,
  });

  function eInvoiceInput(bill: IssuedBill, contract: ContractView): EInvoiceInput {
    const address = hasStreet(contract.account.billingAddress) ? contract.account.billingAddress : contract.customer.address;
    return {
      bill: billForLetter(bill),
      buyer: {
        name: name(contract),
        address: letterAddress(address),
        email: contract.customer.email,
        // BT-10: the customer number (a public buyer's Leitweg-ID would go here).
        buyerReference: contract.customer.customerNumber,
      },
      contractNumber: contract.contractNumber,
      payment:
        contract.account.paymentMethod === 'sepa_direct_debit' && contract.mandate
          ? { method: 'sepa_direct_debit', mandateReference: contract.mandate.reference, debtorIban: contract.mandate.iban }
          : { method: contract.account.paymentMethod === 'prepayment' ? 'prepayment' : 'bank_transfer' },
      company: deps.company,
    };
  }

  /** The XRechnung (CII) of a bill, made once and stored as document `bill:<id>:xrechnung`. */
  async function ensureXRechnung(bill: IssuedBill, contract: ContractView) {
    const key = `bill:${bill.id}:xrechnung`;
    await deps.documents.ensure(
      {
        businessKey: key,
        kind: 'e_invoice',
        fileName: `XRechnung-${bill.billNumber}.xml`,
        contentType: 'application/xml',
        contractId: contract.id,
      },
      async () => {
        const { xrechnungCii } = await import('../documents/eInvoice');
        return Buffer.from(await xrechnungCii(eInvoiceInput(bill, contract)), 'utf8');
      },
    );
    const doc = await deps.documents.getByKey(key);
    if (!doc) throw new Error(`bill ${bill.billNumber}: XRechnung not stored`);
    return doc;
  }

  async function sendMail<N extends Parameters<AccountingDeps['templates']['mail']>[0]>(
    key: string,
    to: string,
    template: N,
    data: Parameters<AccountingDeps['templates']['mail']>[1] & Record<string, unknown>,
    attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>,
  ): Promise<void> {
    const mail = deps.templates.mail(template, data as never);
    await deps.mailer.sendOnce(db, key, { to, ...mail, ...(attachments ? { attachments } : {}) });
  }

  return {
    // ---- Contract start ------------------------------------------------------------------------
    async 'contract.announce-signed'(vars: Vars): Promise<Vars> {
      const contract = await db('contracts')
        .where({ id: str(vars, 'contractId') })
        .first('id', 'start_date', 'created_at');
      const startDate = contract.start_date ? isoOf(contract.start_date) : addDays(deps.today(), 14);
      await deps.zeebe.publishMessage({
        name: 'contract-signed',
        correlationKey: contract.id as string,
        messageId: `contract-signed:${contract.id as string}`,
        timeToLive: 3_600_000,
        variables: { contractId: contract.id as string, startDate },
      });
      return {};
    },
    async 'contract.activate'(vars: Vars): Promise<Vars> {
      const c = await activateContract(db, str(vars, 'contractId'), str(vars, 'startDate'));
      return { contractNumber: c.contractNumber };
    },
    async 'contract.end'(vars: Vars): Promise<Vars> {
      await endContract(db, str(vars, 'contractId'), str(vars, 'endDate'), 'move_out');
      return {};
    },

    // ---- Runs ----------------------------------------------------------------------------------
    async 'billing.post-due-installments'(): Promise<Vars> {
      const r = await postDueInstallments(db, { today: deps.today() });
      return { postedCount: r.posted };
    },
    async 'billing.start-due-bills'(): Promise<Vars> {
      return { startedCount: await startDueBills(deps) };
    },

    // ---- The bill of one contract --------------------------------------------------------------
    async 'billing.claim-bill'(vars: Vars): Promise<Vars> {
      // A correction has its own key: the cancelled bill it replaces does not count as "claimed".
      const correctsBillId = typeof vars.correctsBillId === 'string' && vars.correctsBillId ? vars.correctsBillId : undefined;
      const key = billKey(str(vars, 'contractId'), str(vars, 'billKind') as 'annual', str(vars, 'periodEnd'), correctsBillId);
      const bill = await db('bills').where({ business_key: key }).first('id');
      return { alreadyClaimed: Boolean(bill) && vars.billId !== bill?.id };
    },
    async 'billing.find-reading'(vars: Vars): Promise<Vars> {
      return { readingAvailable: await hasEndReading(db, str(vars, 'contractId'), str(vars, 'periodEnd')) };
    },
    async 'billing.request-reading'(vars: Vars): Promise<Vars> {
      await readingMail(vars, 'reading-request', 'request');
      return {};
    },
    async 'billing.remind-reading'(vars: Vars): Promise<Vars> {
      await readingMail(vars, 'reading-reminder', 'reminder');
      return {};
    },
    async 'billing.estimate-reading'(vars: Vars): Promise<Vars> {
      const contract = await loadContract(db, str(vars, 'contractId'));
      const periodEnd = str(vars, 'periodEnd');
      const last = await latestReading(db, contract.id, periodEnd);
      if (!last)
        throw new BpmnError('NO_TARIFF', `Vertrag ${contract.contractNumber}: kein Zählerstand, von dem aus geschätzt werden kann`, {
          billingError: `Vertrag ${contract.contractNumber}: kein Zählerstand, von dem aus geschätzt werden kann`,
        });
      const est = estimateReading({ id: contract.id, annualConsumptionKwh: contract.annualConsumptionKwh }, last, periodEnd);
      const reading = await recordReading(db, { ...est, businessKey: `estimate:${contract.id}:${periodEnd}` });
      await setReadingStatus(db, reading.id, 'accepted', 'system');
      return {};
    },
    async 'billing.issue-bill'(vars: Vars): Promise<Vars> {
      const contractId = str(vars, 'contractId');
      const periodEnd = str(vars, 'periodEnd');
      const kind = str(vars, 'billKind') as 'annual' | 'final' | 'interim';
      const correctsBillId = typeof vars.correctsBillId === 'string' && vars.correctsBillId ? vars.correctsBillId : undefined;
      try {
        const readings = await findBillReadings(db, contractId, periodEnd);
        const bill = await issueBill(db, {
          contractId,
          kind,
          periodEnd,
          billDate: deps.today(),
          readings,
          ...(correctsBillId ? { correctsBillId } : {}),
        });
        return { billId: bill.id, billNumber: bill.billNumber, amountDueCents: bill.amountDueCents, isCredit: bill.amountDueCents < 0 };
      } catch (err) {
        if (err instanceof BillingError) throw new BpmnError('NO_TARIFF', err.message, { billingError: err.message });
        throw err;
      }
    },
    async 'document.render-bill'(vars: Vars): Promise<Vars> {
      const bill = await loadBill(db, str(vars, 'billId'));
      const contract = await loadContract(db, bill.contractId);
      const tariff = await getTariff(db, contract.tariffCode);
      const plan = bill.kind === 'annual' ? await activePlan(db, contract.id) : undefined;
      const replaced = bill.correctsBillId ? await loadBill(db, bill.correctsBillId) : undefined;
      const { eInvoice } = await deliveryOf(contract.account.id);
      // One PDF per bill, stored as it goes out: Factur-X (ZUGFeRD accounts) and signed (with a certificate)
      // here, so the mailed, printed and downloadable PDF are the same bytes.
      await deps.documents.ensure(
        { businessKey: `bill:${bill.id}:pdf`, kind: 'bill', fileName: `Rechnung-${bill.billNumber}.pdf`, contractId: contract.id },
        async () => {
          const data = await billLetterData({
            bill: billForLetter(bill),
            customer: {
              customerNumber: contract.customer.customerNumber,
              firstName: contract.customer.firstName,
              lastName: contract.customer.lastName,
              address: letterAddress(contract.customer.address),
            },
            contractAccount: {
              accountNumber: contract.account.accountNumber,
              billingAddress: letterAddress(contract.account.billingAddress),
            },
            contract: {
              contractNumber: contract.contractNumber,
              tariffName: tariff?.name,
              supplyAddress: letterAddress(contract.supplyAddress),
            },
            meterNumber: contract.meter?.meterNumber ?? '',
            paymentMethod: contract.account.paymentMethod,
            ...(contract.mandate ? { mandate: { mandateReference: contract.mandate.reference, iban: contract.mandate.iban } } : {}),
            ...(plan && plan.validFrom > bill.periodEnd
              ? { newInstallment: { amountCents: plan.amountCents, cadence: plan.cadence, firstDueDate: plan.validFrom } }
              : {}),
            ...(replaced ? { replacesBill: { billNumber: replaced.billNumber, billDate: replaced.billDate } } : {}),
            company: deps.company,
          });
          let pdf = await (await deps.pdf()).render(deps.templates.letter('bill', data));
          if (eInvoice === 'zugferd') {
            const { facturXPdf } = await import('../documents/eInvoice');
            pdf = await facturXPdf(eInvoiceInput(bill, contract), pdf);
          }
          if (deps.billSigning)
            pdf = await signPdf(pdf, {
              p12: deps.billSigning.p12,
              passphrase: deps.billSigning.passphrase,
              name: deps.billSigning.name,
              reason: `Rechnung ${bill.billNumber}`,
              location: deps.company.city ?? '',
              contactInfo: deps.company.email ?? '',
            });
          return pdf;
        },
      );
      if (eInvoice === 'xrechnung') await ensureXRechnung(bill, contract);
      return {};
    },
    async 'billing.deliver-bill'(vars: Vars): Promise<Vars> {
      const bill = await loadBill(db, str(vars, 'billId'));
      const contract = await loadContract(db, bill.contractId);
      const pdf = await deps.documents.getByKey(`bill:${bill.id}:pdf`);
      if (!pdf) throw new Error(`bill ${bill.billNumber} has no PDF yet`);
      const { billDelivery, eInvoice } = await deliveryOf(contract.account.id);
      if (billDelivery === 'paper') {
        // On paper only: the PDF goes into the day's print run (once per bill, also on a retry), no mail.
        await printRun.add({ businessKey: `bill:${bill.id}`, recipient: letterRecipient(contract), pdf: pdf.content }, deps.today());
        return { billDelivery };
      }
      const attachments = [{ filename: pdf.fileName, content: pdf.content, contentType: 'application/pdf' }];
      if (eInvoice === 'xrechnung') {
        const xml = await ensureXRechnung(bill, contract);
        attachments.push({ filename: xml.fileName, content: xml.content, contentType: xml.contentType });
      }
      await sendMail(
        `bill:${bill.id}:notice`,
        contract.customer.email,
        'bill-notice',
        {
          recipient: { name: name(contract) },
          contractNumber: contract.contractNumber,
          title: billTitle[bill.kind],
          billNumber: bill.billNumber,
          periodFrom: bill.periodStart,
          periodTo: bill.periodEnd,
          amountCents: Math.abs(bill.amountDueCents),
          isCredit: bill.amountDueCents < 0,
          dueDate: bill.dueDate,
          directDebit: contract.account.paymentMethod === 'sepa_direct_debit' && contract.mandate !== null,
          ...(contract.mandate ? { mandateReference: contract.mandate.reference } : {}),
          ...(eInvoice ? { eInvoice } : {}),
          ...(deps.billSigning ? { signed: true } : {}),
        },
        attachments,
      );
      return { billDelivery };
    },
    async 'billing.create-installment-plan'(vars: Vars): Promise<Vars> {
      const contract = await loadContract(db, str(vars, 'contractId'));
      const tariff = await billingTariffOf(db, contract.id, contract.tariffCode);
      if (!tariff) throw new Error(`tariff ${contract.tariffCode} not found`);
      const today = deps.today();
      const current = await activePlan(db, contract.id);
      const start = contract.startDate ?? today;
      // The rhythm stays: the new plan starts on the old plan's next due date (or at supply start).
      const validFrom = current
        ? (installmentDueDates(current, addDays(today, 1), addDays(today, 400), start)[0] ?? addDays(today, 14))
        : start;
      const amountCents = proposeInstallment({
        annualConsumptionKwh: contract.annualConsumptionKwh,
        productKind: tariff.productKind,
        versions: tariff.versions,
        vatRatePercent: await vatRatesFor(db, tariff.commodity),
        cadence: contract.installmentCadence,
        modules: contract.tariffModules,
        from: validFrom,
        billingPeriodMonths: tariff.billingPeriodMonths,
      });
      const plan = await createPlan(db, {
        contractId: contract.id,
        validFrom,
        cadence: contract.installmentCadence,
        amountCents,
        reason: current ? 'Neuer Abschlagsplan nach der Jahresabrechnung' : 'Erster Abschlagsplan zum Lieferbeginn',
        // Keyed by what asked for the plan, not by the day: a retry on another day finds the same plan.
        businessKey: typeof vars.billId === 'string' ? `plan:bill:${vars.billId}` : `plan:start:${contract.id}`,
      });
      return { planId: plan.id };
    },
    async 'document.send-installment-plan'(vars: Vars): Promise<Vars> {
      const contract = await loadContract(db, str(vars, 'contractId'));
      const plan = vars.planId ? await db('installment_plans').where({ id: vars.planId }).first() : undefined;
      const active = await activePlan(db, contract.id);
      const p = active ?? (plan as undefined);
      if (!p) throw new Error(`contract ${contract.contractNumber} has no active installment plan`);
      const dueDates = installmentDueDates(p, p.validFrom, addDays(p.validFrom, 364), contract.startDate ?? p.validFrom);
      const directDebit = contract.account.paymentMethod === 'sepa_direct_debit' && contract.mandate !== null;
      await sendMail(`plan:${p.id}:letter`, contract.customer.email, 'installment-plan', {
        recipient: { name: name(contract) },
        contractNumber: contract.contractNumber,
        validFrom: p.validFrom,
        amountCents: p.amountCents,
        cadenceText: cadenceText[p.cadence],
        dueDates: dueDates.slice(0, 12 / monthsPerInstallment[p.cadence]),
        directDebit,
        accountNumber: contract.account.accountNumber,
        ...(directDebit && contract.mandate
          ? { mandateReference: contract.mandate.reference, ibanMasked: maskIban(contract.mandate.iban) }
          : {}),
      });
      return {};
    },
    async 'document.send-installment-rejection'(vars: Vars): Promise<Vars> {
      const contract = await loadContract(db, str(vars, 'contractId'));
      const plan = await db('installment_plans')
        .where({ id: str(vars, 'planId') })
        .first();
      const active = await activePlan(db, contract.id);
      await sendMail(`plan:${plan.id as string}:rejection`, contract.customer.email, 'installment-rejection', {
        recipient: { name: name(contract) },
        contractNumber: contract.contractNumber,
        requestedCents: Number(plan.amount_cents),
        proposedCents: Number(vars.proposedAmountCents ?? 0),
        currentCents: active?.amountCents ?? 0,
      });
      return {};
    },
    async 'billing.decide-installment-change'(vars: Vars): Promise<Vars> {
      const plan = await decidePlanChange(db, str(vars, 'planId'), vars.approved === true, String(vars.decidedBy ?? 'caseworker'));
      return { approved: plan.status === 'active' };
    },

    // ---- Meter readings ------------------------------------------------------------------------
    async 'readings.check-plausibility'(vars: Vars): Promise<Vars> {
      const reading = await loadReading(db, str(vars, 'readingId'));
      const contract = await loadContract(db, reading.contractId!);
      const previous = await latestReading(db, contract.id, addDays(reading.readingDate, -1));
      if (!previous) {
        await setReadingStatus(db, reading.id, 'plausible');
        return { plausible: true, reasons: [], readingDate: reading.readingDate, valueKwh: reading.valueKwh };
      }
      const r = checkPlausibility({
        previous: { date: previous.readingDate, valueKwh: previous.valueKwh },
        current: { date: reading.readingDate, valueKwh: reading.valueKwh },
        expectedAnnualKwh: contract.annualConsumptionKwh,
      });
      await setReadingStatus(db, reading.id, r.plausible ? 'plausible' : 'implausible');
      return {
        plausible: r.plausible,
        reasons: r.reasons,
        readingDate: reading.readingDate,
        valueKwh: reading.valueKwh,
        previousReadingDate: previous.readingDate,
        previousValueKwh: previous.valueKwh,
        dailyKwh: r.dailyKwh,
        expectedDailyKwh: r.expectedDailyKwh,
      };
    },
    async 'readings.accept'(vars: Vars): Promise<Vars> {
      await setReadingStatus(db, str(vars, 'readingId'), 'accepted', typeof vars.decidedBy === 'string' ? vars.decidedBy : undefined);
      return {};
    },
    async 'readings.reject'(vars: Vars): Promise<Vars> {
      await setReadingStatus(db, str(vars, 'readingId'), 'rejected', typeof vars.decidedBy === 'string' ? vars.decidedBy : undefined);
      return {};
    },
    async 'readings.notify-billing'(vars: Vars): Promise<Vars> {
      // A billing instance waiting for this contract's reading goes on; none waiting: the bill finds
      // the reading in the database when its time comes.
      await deps.zeebe.publishMessage({
        name: 'meter-reading-accepted',
        correlationKey: str(vars, 'contractId'),
        messageId: `reading:${str(vars, 'readingId')}`,
        // Buffered for a day: a billing instance that checked for the reading a moment before it
        // was accepted, and is only now opening its wait, still gets it.
        timeToLive: 86_400_000,
        variables: {},
      });
      return {};
    },
  };

  async function readingMail(vars: Vars, template: 'reading-request' | 'reading-reminder', what: string): Promise<void> {
    const contract = await loadContract(db, str(vars, 'contractId'));
    const periodEnd = str(vars, 'periodEnd');
    await sendMail(`reading:${contract.id}:${periodEnd}:${what}`, contract.customer.email, template, {
      recipient: { name: name(contract) },
      contractNumber: contract.contractNumber,
      meterNumber: contract.meter?.meterNumber ?? '',
      periodEnd,
      replyBy: addDays(deps.today(), 14),
    });
  }
}

function isoOf(v: unknown): string {
  return v instanceof Date
    ? `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`
    : String(v).slice(0, 10);
}

function letterAddress(a: { street: string; houseNumber: string; postalCode: string; city: string }) {
  return { street: a.street, houseNumber: a.houseNumber, postalCode: a.postalCode, city: a.city };
}

function hasStreet(
  a: { street?: string } | null | undefined,
): a is { street: string; houseNumber: string; postalCode: string; city: string } {
  return typeof a?.street === 'string' && a.street !== '';
}

/** The bill's addressee, as its window shows it (billLetterData): the billing address, else the customer's. */
function letterRecipient(c: ContractView): Recipient {
  const billing = c.account.billingAddress as ContractView['account']['billingAddress'] & { name?: string };
  const address = hasStreet(billing) ? billing : c.customer.address;
  return { name: (hasStreet(billing) && billing.name) || `${c.customer.firstName} ${c.customer.lastName}`, ...letterAddress(address) };
}

/**
 * The billing run: one contract-billing instance per contract whose billing period has ended.
 * Each start is claimed first (process_starts, unique business key), so a rerun or a second
 * server starts none twice; nothing about the contracts travels as a variable of the run.
 */
async function startDueBills(deps: AccountingDeps): Promise<number> {
  const { db } = deps;
  const today = deps.today();
  let started = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await db('contracts as c')
      .join('tariffs as t', 't.code', 'c.tariff_code')
      .where('c.status', 'active')
      .whereNotNull('c.billing_period_start')
      .where('c.id', '>', after)
      .orderBy('c.id')
      .limit(500)
      .select('c.id', 'c.start_date', 'c.billing_period_start', 't.billing_period_months')) as Array<{
      id: string;
      start_date: Date;
      billing_period_start: Date;
      billing_period_months: number;
    }>;
    if (rows.length === 0) return started;
    after = rows[rows.length - 1].id;
    for (const r of rows) {
      const { end } = billingPeriodFor(
        { startDate: isoOf(r.start_date), billingPeriodStart: isoOf(r.billing_period_start), billingPeriodMonths: r.billing_period_months },
        isoOf(r.billing_period_start),
      );
      if (end >= today) continue;
      const key = `contract-billing:${r.id}:${end}`;
      if (!(await claimProcessStart(db, key))) continue;
      const res = await deps.zeebe.createProcessInstance({
        bpmnProcessId: 'contract-billing',
        variables: { contractId: r.id, billKind: 'annual', periodEnd: end },
      });
      await recordProcessStart(db, key, res.processInstanceKey);
      started++;
    }
  }
}
