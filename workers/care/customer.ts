/**
 * Workers of the care processes about customer data, money and questions: address and bank
 * changes, installment changes, meter readings, complaints and questions on bills. Each maps the
 * case (its validated request is read from the case, not carried as variables) to a domain call and
 * records what changed as an audit event. Idempotent: data changes are keyed by the case (one
 * mandate, one reading, one plan per case), mails and letters by `care:<case id>:<what>`.
 */
import type { Settings } from '../../config/settings';
import { cancelBill, loadBill } from '../../domain/billing/bills';
import { activePlan, requestPlanChange } from '../../domain/billing/installments-repository';
import { careCaseEvents, getCareCase, recordCareEvent, type CareCase } from '../../domain/care';
import { answerComplaint, escalateComplaint, getComplaint, openComplaint } from '../../domain/care/complaints';
import {
  changeBankAccount,
  changeCustomerAddress,
  germanMidnight,
  mandateWithSignature,
  nextDebits,
  normaliseAddress,
  type BankChange,
  type PostalAddressChange,
} from '../../domain/customers';
import { formatEuro } from '../../domain/money';
import { loadReading, recordReading, validStatuses } from '../../domain/readings';
import { addDays, isoDate } from '../../domain/shared/dates';
import { jsonColumn } from '../../domain/shared/db';
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import { formatDate, maskIban } from '../documents';
import type { JobHandler, Vars } from '../runtime';

const billTitle: Record<string, string> = { annual: 'Jahresabrechnung', final: 'Schlussrechnung', interim: 'Zwischenabrechnung' };
const signatureText = { electronic: 'elektronisch', paper: 'schriftlich' } as const;

interface CustomerRow {
  id: string;
  customer_number: string;
  first_name: string;
  last_name: string;
  email: string;
  address: unknown;
}

export function createCustomerCareHandlers(deps: AccountingDeps, settings: Settings): Record<string, JobHandler> {
  const { db } = deps;

  async function careCaseOf(vars: Vars): Promise<CareCase> {
    const c = await getCareCase(db, str(vars, 'careCaseId'));
    if (!c) throw new Error(`care case ${String(vars.careCaseId)} not found`);
    return c;
  }

  async function customerOf(id: string) {
    const r = (await db('customers').where({ id }).first()) as CustomerRow | undefined;
    if (!r) throw new Error(`customer ${id} not found`);
    return { ...r, name: `${r.first_name} ${r.last_name}`, address: jsonColumn<PostalAddressChange>(r.address) };
  }

  /** Sends a mail once per key; the event says it went out (once, also when a retry finds it sent). */
  async function mailOnce(
    c: CareCase,
    what: string,
    to: string,
    template: string,
    data: Record<string, unknown>,
    attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>,
  ): Promise<void> {
    const text = deps.templates.mail(template as never, data as never);
    const sent = await deps.mailer.sendOnce(db, `care:${c.id}:${what}`, { to, ...text, ...(attachments ? { attachments } : {}) });
    if (!sent.alreadySent)
      await recordCareEvent(db, c.id, { actor: 'process', action: 'mail-sent', detail: { what, subject: text.subject } });
  }

  const eventOf = async (c: CareCase, action: string) => (await careCaseEvents(db, c.id)).find((e) => e.action === action);

  return {
    // ---- Address -------------------------------------------------------------------------------
    async 'care.address.apply'(vars) {
      const c = await careCaseOf(vars);
      const req = c.request as { address: PostalAddressChange; validFrom?: string };
      await changeCustomerAddress(db, {
        customerId: c.customerId,
        address: req.address,
        careCaseId: c.id,
        actor: 'process',
        validFrom: req.validFrom ?? null,
      });
      // A retry finds the change of the first attempt in the audit trail.
      const changed = await eventOf(c, 'address-changed');
      return { addressChanged: changed !== undefined, accountsUpdated: (changed?.detail?.accountsUpdated as string[] | undefined) ?? [] };
    },
    async 'care.address.confirm'(vars) {
      const c = await careCaseOf(vars);
      const req = c.request as { address: PostalAddressChange; validFrom?: string };
      const customer = await customerOf(c.customerId);
      const changed = await eventOf(c, 'address-changed');
      await mailOnce(c, 'address-confirmation', customer.email, 'care-address-changed', {
        recipient: { name: customer.name },
        caseNumber: c.caseNumber,
        validFrom: req.validFrom ?? null,
        address: normaliseAddress(req.address),
        accountsUpdated: (changed?.detail?.accountsUpdated as string[] | undefined) ?? [],
      });
      return {};
    },

    // ---- Bank account --------------------------------------------------------------------------
    async 'care.bank.replace-mandate'(vars) {
      const c = await careCaseOf(vars);
      if (!c.accountId) throw new Error(`care case ${c.caseNumber} names no contract account`);
      const r = await changeBankAccount(db, {
        ...(c.request as unknown as BankChange),
        contractAccountId: c.accountId,
        careCaseId: c.id,
        caseNumber: c.caseNumber,
        actor: 'process',
        today: deps.today(),
      });
      return { mandateId: r.mandate.id, mandateReference: r.mandate.reference, endedMandateReference: r.ended?.reference ?? null };
    },
    async 'care.bank.confirm'(vars) {
      const c = await careCaseOf(vars);
      const mandate = await mandateWithSignature(db, str(vars, 'mandateId'));
      if (!mandate) throw new Error(`mandate ${String(vars.mandateId)} not found`);
      const customer = await customerOf(c.customerId);
      const account = (await db('contract_accounts').where({ id: c.accountId }).first('id', 'account_number')) as {
        id: string;
        account_number: string;
      };
      const ended = (await db('sepa_mandates')
        .where({ contract_account_id: account.id, status: 'revoked' })
        .whereRaw('ended_reason LIKE ?', [`%${c.caseNumber}%`])
        .first('mandate_reference', 'valid_to')) as { mandate_reference: string; valid_to: Date | string } | undefined;
      const letter = await deps.documents.ensure(
        { businessKey: `care:${c.id}:mandate-letter`, kind: 'care_mandate', fileName: `SEPA-Mandat-${mandate.reference}.pdf` },
        async () => {
          const html = deps.templates.letter(
            'care-mandate' as never,
            {
              recipient: { name: customer.name, ...customer.address },
              date: deps.today(),
              customerNumber: customer.customer_number,
              contractAccountNumber: account.account_number,
              mandateReference: mandate.reference,
              accountHolder: mandate.accountHolder,
              ibanMasked: maskIban(mandate.iban),
              bic: mandate.bic,
              signedDate: mandate.signedDate,
              signatureText: signatureText[mandate.signatureMethod ?? 'paper'],
              signerName: mandate.signerName ?? mandate.accountHolder,
              ...(ended ? { previousMandateReference: ended.mandate_reference, previousValidTo: isoDate(ended.valid_to) } : {}),
            } as never,
          );
          return (await deps.pdf()).render(html);
        },
      );
      const pdf = await deps.documents.get(letter.id);
      await mailOnce(
        c,
        'mandate-confirmation',
        customer.email,
        'mandate-confirmation',
        {
          recipient: { name: customer.name },
          accountNumber: account.account_number,
          mandateReference: mandate.reference,
          ...(ended ? { previousMandateReference: ended.mandate_reference } : {}),
          ibanMasked: maskIban(mandate.iban),
          accountHolder: mandate.accountHolder,
          signedDate: mandate.signedDate,
          nextDebits: await nextDebits(db, account.id, deps.today()),
        },
        [{ filename: letter.fileName, content: pdf!.content, contentType: 'application/pdf' }],
      );
      return { mandateLetterId: letter.id };
    },

    // ---- Installment ---------------------------------------------------------------------------
    async 'care.installment.request'(vars) {
      const c = await careCaseOf(vars);
      const contractId = str(vars, 'contractId');
      const amountCents = Number((c.request as { amountCents: number }).amountCents);
      const current = await activePlan(db, contractId);
      const r = await requestPlanChange(db, {
        contractId,
        amountCents,
        requestedBy: c.requestedBy,
        tolerancePercent: deps.installmentTolerancePercent,
        businessKey: `care:${c.id}`,
        asOf: deps.today(),
        reason: `Kundenwunsch (Anliegen ${c.caseNumber})`,
      });
      if (!(await eventOf(c, 'installment-requested')))
        await recordCareEvent(db, c.id, {
          actor: 'process',
          action: 'installment-requested',
          detail: {
            planId: r.plan.id,
            amountCents,
            proposedCents: r.proposedCents,
            needsApproval: r.needsApproval,
            validFrom: r.plan.validFrom,
          },
        });
      return {
        planId: r.plan.id,
        needsApproval: r.needsApproval,
        currentAmountCents: current && current.id !== r.plan.id ? current.amountCents : null,
        requestedAmountCents: amountCents,
        proposedAmountCents: r.proposedCents,
        reason: r.plan.reason,
      };
    },
    async 'care.installment.record'(vars) {
      const c = await careCaseOf(vars);
      const plan = (await db('installment_plans')
        .where({ id: str(vars, 'planId') })
        .first('status', 'amount_cents', 'valid_from')) as { status: string; amount_cents: string | number; valid_from: Date | string };
      if (!(await eventOf(c, 'installment-decided')))
        await recordCareEvent(db, c.id, {
          actor: vars.needsApproval === true ? 'caseworker' : 'process',
          action: 'installment-decided',
          detail: { status: plan.status, amountCents: Number(plan.amount_cents), validFrom: isoDate(plan.valid_from) },
        });
      const rejected = plan.status === 'rejected';
      return {
        planStatus: plan.status,
        outcome: rejected ? 'rejected' : 'completed',
        outcomeReason: rejected ? 'Der gewünschte Abschlag weicht zu weit vom erwarteten Verbrauch ab.' : null,
      };
    },

    // ---- Meter reading -------------------------------------------------------------------------
    async 'care.reading.record'(vars) {
      const c = await careCaseOf(vars);
      const photo = typeof vars.photoAttachmentId === 'string' ? vars.photoAttachmentId : null;
      const reading = await recordReading(db, {
        contractId: str(vars, 'contractId'),
        readingDate: str(vars, 'readingDate'),
        valueKwh: str(vars, 'valueKwh'),
        source: c.channel === 'caseworker' ? 'case_worker' : 'customer',
        businessKey: `care:${c.id}`,
        note: `Anliegen ${c.caseNumber}${photo ? `, Foto ${photo}` : ''}`,
      });
      if (!(await eventOf(c, 'reading-recorded')))
        await recordCareEvent(db, c.id, {
          actor: 'process',
          action: 'reading-recorded',
          detail: { readingId: reading.id, readingDate: reading.readingDate, valueKwh: reading.valueKwh, photoAttachmentId: photo },
        });
      return { readingId: reading.id };
    },
    async 'care.reading.result'(vars) {
      const c = await careCaseOf(vars);
      const reading = await loadReading(db, str(vars, 'readingId'));
      const accepted = validStatuses.includes(reading.status);
      if (!(await eventOf(c, 'reading-checked')))
        await recordCareEvent(db, c.id, {
          actor: 'process',
          action: 'reading-checked',
          detail: { readingId: reading.id, status: reading.status },
        });
      return { readingAccepted: accepted, readingStatus: reading.status, interimBillId: null };
    },
    async 'care.reading.confirm'(vars) {
      const c = await careCaseOf(vars);
      const reading = await loadReading(db, str(vars, 'readingId'));
      const customer = await customerOf(c.customerId);
      const contract = (await db('contracts as c')
        .leftJoin('meters as m', 'm.id', 'c.meter_id')
        .where('c.id', reading.contractId)
        .first('c.contract_number', 'm.meter_number')) as { contract_number: string; meter_number: string | null };
      const billId = typeof vars.interimBillId === 'string' ? vars.interimBillId : null;
      const bill = billId ? await loadBill(db, billId) : undefined;
      if (bill && !(await eventOf(c, 'interim-billed')))
        await recordCareEvent(db, c.id, {
          actor: 'process',
          action: 'interim-billed',
          detail: { billId: bill.id, billNumber: bill.billNumber },
        });
      await mailOnce(c, 'reading-confirmation', customer.email, 'care-reading-received', {
        recipient: { name: customer.name },
        caseNumber: c.caseNumber,
        contractNumber: contract.contract_number,
        meterNumber: contract.meter_number ?? '',
        readingDate: reading.readingDate,
        valueKwh: reading.valueKwh.replace(/\.?0+$/, '').replace('.', ','),
        accepted: validStatuses.includes(reading.status),
        interimBillNumber: bill?.billNumber ?? null,
      });
      return {};
    },

    // ---- Complaint -----------------------------------------------------------------------------
    async 'care.complaint.open'(vars) {
      const c = await careCaseOf(vars);
      const req = c.request as { subject: string; text: string };
      const days = typeof vars.dueDays === 'number' ? vars.dueDays : settings.careComplaintDueDays;
      // Due at the end of the last day: midnight after it, in Germany.
      const complaint = await openComplaint(db, {
        careCaseId: c.id,
        contractId: c.contractId,
        subject: req.subject,
        text: req.text,
        dueAt: new Date(germanMidnight(addDays(deps.today(), days + 1))),
      });
      return {
        dueAt: complaint.dueAt,
        subject: complaint.subject,
        complaintText: complaint.text,
        escalated: false,
      };
    },
    async 'care.complaint.escalate'(vars) {
      const c = await careCaseOf(vars);
      const complaint = await getComplaint(db, c.id);
      if (!complaint) throw new Error(`complaint of case ${c.caseNumber} not found`);
      await escalateComplaint(db, c.id, new Date(complaint.dueAt));
      return { escalated: true };
    },
    async 'care.complaint.answer'(vars) {
      const c = await careCaseOf(vars);
      const complaint = await answerComplaint(db, c.id, {
        answer: str(vars, 'answer').trim(),
        answeredBy: typeof vars.answeredBy === 'string' ? vars.answeredBy : 'Sachbearbeitung',
        at: new Date(),
      });
      const customer = await customerOf(c.customerId);
      await mailOnce(c, 'complaint-answer', customer.email, 'care-complaint-answer', {
        recipient: { name: customer.name },
        caseNumber: c.caseNumber,
        subject: complaint.subject,
        receivedOn: isoDate(c.createdAt),
        answer: complaint.answer,
      });
      return { answeredBy: complaint.answeredBy };
    },

    // ---- Question on a bill --------------------------------------------------------------------
    async 'care.bill-question.open'(vars) {
      const c = await careCaseOf(vars);
      const bill = await loadBill(db, str(vars, 'billId'));
      if (!(await eventOf(c, 'bill-attached')))
        await recordCareEvent(db, c.id, {
          actor: 'process',
          action: 'bill-attached',
          detail: { billId: bill.id, billNumber: bill.billNumber },
        });
      return {
        billContractId: bill.contractId,
        billNumber: bill.billNumber,
        billTitle: billTitle[bill.kind] ?? bill.kind,
        billPeriod: `${formatDate(bill.periodStart)} – ${formatDate(bill.periodEnd)}`,
        billGross: formatEuro(bill.grossCents),
        billDue:
          bill.amountDueCents >= 0
            ? `zu zahlen ${formatEuro(bill.amountDueCents)} bis ${formatDate(bill.dueDate)}`
            : `Guthaben ${formatEuro(-bill.amountDueCents)}`,
        billPdfUrl: `/api/bills/${bill.id}/pdf`,
        question: (c.request as { question: string }).question,
        correctBill: false,
        correctedBillId: null,
      };
    },
    async 'care.bill-question.cancel-bill'(vars) {
      const c = await careCaseOf(vars);
      const reason =
        typeof vars.correctionReason === 'string' && vars.correctionReason.trim().length >= 3
          ? vars.correctionReason.trim()
          : `Rechnungsfrage ${c.caseNumber}`;
      const bill = await cancelBill(db, str(vars, 'billId'), reason, `Kundenservice ${c.caseNumber}`, deps.today());
      if (!(await eventOf(c, 'bill-cancelled')))
        await recordCareEvent(db, c.id, {
          actor: 'caseworker',
          action: 'bill-cancelled',
          detail: { billId: bill.id, billNumber: bill.billNumber, reason, reversalDocumentId: bill.cancelled?.reversalDocumentId ?? null },
        });
      return { billKind: bill.kind, periodEnd: bill.periodEnd };
    },
    async 'care.bill-question.answer'(vars) {
      const c = await careCaseOf(vars);
      const bill = await loadBill(db, str(vars, 'billId'));
      const correctedId = typeof vars.correctedBillId === 'string' ? vars.correctedBillId : null;
      const corrected = correctedId ? await loadBill(db, correctedId) : undefined;
      const answer = str(vars, 'answer').trim();
      if (!(await eventOf(c, 'bill-question-answered')))
        await recordCareEvent(db, c.id, {
          actor: 'caseworker',
          action: 'bill-question-answered',
          detail: {
            answer,
            corrected: vars.correctBill === true,
            correctedBillId: correctedId,
            correctedBillNumber: corrected?.billNumber ?? null,
          },
        });
      const customer = await customerOf(c.customerId);
      await mailOnce(c, 'bill-answer', customer.email, 'care-bill-answer', {
        recipient: { name: customer.name },
        caseNumber: c.caseNumber,
        billNumber: bill.billNumber,
        billDate: bill.billDate,
        answer,
        corrected: vars.correctBill === true,
        correctedBillNumber: corrected?.billNumber ?? null,
      });
      return {};
    },
  };
}
