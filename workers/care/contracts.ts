/**
 * Job handlers of the care processes that change a contract: tariff change, withdrawal,
 * termination and move (processes/care-*.bpmn). Each maps job variables to a domain call
 * (domain/contracts/{tariff-change,withdrawal,termination,move}) and records what it changed on the
 * care case. Retries are harmless: the domain writes once per care case, an audit event is recorded
 * once per case and action, the letter is rendered once per case and mailed or printed once.
 * A rule that says no by the time the job runs (the contract changed since the request) is the
 * BPMN error REFUSED with the reason in `refusal`; the process closes the case as rejected.
 */
import type { Database } from '../../db';
import { CareError, getCareCase, recordCareEvent } from '../../domain/care';
import { loadContract, ContractStateError, type ContractView } from '../../domain/contracts';
import { checkMove, createMoveContract, type MoveRequest } from '../../domain/contracts/move';
import { applyTariffChange, planAfterTariffChange } from '../../domain/contracts/tariff-change';
import { terminateContract } from '../../domain/contracts/termination';
import { addDays, isoDate } from '../../domain/shared/dates';
import { concludedOn, withdrawContract } from '../../domain/contracts/withdrawal';
import { recordReading, type MeterReading } from '../../domain/readings';
import { getTariff, versionAt } from '../../domain/tariffs';
import { createEngineQueries } from '../../engine/query';
import { embeddedProcessInstanceSearch } from '../../server/cluster/search';
import { str, type AccountingDeps } from '../billing/context';
import { contractRecipient, createPrintRun, maskIban } from '../documents';
import { claimProcessStart, recordProcessStart } from '../process-starts';
import { BpmnError, type JobHandler, type Vars } from '../runtime';

type LetterKind = 'tariff-change' | 'withdrawal' | 'termination' | 'move';
const letterKinds: readonly LetterKind[] = ['tariff-change', 'withdrawal', 'termination', 'move'];
const subjects: Record<LetterKind, string> = {
  'tariff-change': 'Bestätigung Ihres Tarifwechsels',
  withdrawal: 'Bestätigung Ihres Widerrufs',
  termination: 'Bestätigung Ihrer Kündigung',
  move: 'Bestätigung Ihres Umzugs',
};
const cadenceText = { monthly: 'monatlich', quarterly: 'vierteljährlich', half_yearly: 'halbjährlich' } as const;

/** Records an audit event once per case and action (a retried job finds it). */
async function recordOnce(db: Database, caseId: string, action: string, detail: Record<string, unknown>): Promise<void> {
  const seen = await db('care_case_events').where({ care_case_id: caseId, action }).first('id');
  if (!seen) await recordCareEvent(db, caseId, { actor: 'process', action, detail });
}

/** A rule says no by now: the process closes the case as rejected with this reason. */
function refused(err: unknown): never {
  if (err instanceof CareError && (err.code === 'refused' || err.code === 'invalid'))
    throw new BpmnError('REFUSED', err.message, { refusal: err.message });
  if (err instanceof ContractStateError) throw new BpmnError('REFUSED', err.message, { refusal: err.message });
  throw err;
}

/** "9.5" → "9,50", "0.2521" → "0,2521": a price with at least `min` decimals, as the letter prints it. */
function germanDecimal(value: string, min: number): string {
  const [int, frac = ''] = value.split('.');
  return `${int},${frac.padEnd(min, '0')}`;
}

const opt = (vars: Vars, name: string) => (typeof vars[name] === 'string' && vars[name] !== '' ? (vars[name] as string) : undefined);

export function createCareContractHandlers(deps: AccountingDeps): Record<string, JobHandler> {
  const { db } = deps;
  const instances = deps.instances ?? embeddedProcessInstanceSearch(createEngineQueries(db));
  const printRun = createPrintRun({ directory: deps.printDirectory });

  const recipientOf = contractRecipient;

  /** The case's request as the API validated it. */
  async function requestOf(caseId: string): Promise<Record<string, any>> {
    const c = await getCareCase(db, caseId);
    if (!c) throw new Error(`care case ${caseId} not found`);
    return c.request;
  }

  /** A reading the case brought, checked by the meter-reading process like any other (started once). */
  async function reading(
    contractId: string,
    readingDate: string,
    valueKwh: unknown,
    businessKey: string,
    note: string,
  ): Promise<MeterReading> {
    const r = await recordReading(db, { contractId, readingDate, valueKwh: String(valueKwh), source: 'customer', businessKey, note });
    const key = `meter-reading:${r.id}`;
    if (await claimProcessStart(db, key)) {
      const started = await deps.zeebe.createProcessInstance({
        bpmnProcessId: 'meter-reading',
        variables: { readingId: r.id, contractId },
      });
      await recordProcessStart(db, key, started.processInstanceKey);
    }
    return r;
  }

  /** The letter's own content per kind (the common head is added by `confirm`). */
  async function letterContent(kind: LetterKind, vars: Vars, contract: ContractView, caseId: string): Promise<Record<string, unknown>> {
    const request = await requestOf(caseId);
    if (kind === 'tariff-change') {
      // What this case changed (not whatever the contract has by the time the letter renders).
      const change = await db('contract_tariff_changes').where({ care_case_id: caseId }).first();
      const tariff = await getTariff(db, change?.to_tariff_code ?? contract.tariffCode);
      const validFrom = String(vars.validFrom ?? request.validFrom);
      const v = tariff ? versionAt(tariff.versions, validFrom) : undefined;
      const from = change ? await getTariff(db, change.from_tariff_code) : undefined;
      const planRow = await db('installment_plans')
        .where({ business_key: `plan:care:${caseId}` })
        .first();
      const plan = planRow
        ? {
            amountCents: Number(planRow.amount_cents),
            validFrom: isoDate(planRow.valid_from),
            cadence: planRow.cadence as keyof typeof cadenceText,
          }
        : undefined;
      return {
        fromTariffName: from?.name ?? change?.from_tariff_code ?? '',
        toTariffName: tariff?.name ?? contract.tariffCode,
        validFrom,
        workingPriceKwhNet: v && germanDecimal(v.workingPriceKwhNet, 2),
        basePriceMonthNet: v && germanDecimal(v.basePriceMonthNet, 2),
        ...(plan
          ? {
              installment: {
                amountCents: plan.amountCents,
                validFrom: plan.validFrom,
                cadenceText: cadenceText[plan.cadence],
              },
            }
          : {}),
        ...directDebit(contract),
      };
    }
    if (kind === 'withdrawal') {
      const row = await db('contracts').where({ id: contract.id }).first('created_at');
      const events = await db('care_case_events').where({ care_case_id: caseId, action: 'contract-cancelled' }).first('detail');
      const detail = (typeof events?.detail === 'string' ? JSON.parse(events.detail) : events?.detail) ?? {};
      return {
        receivedOn: String(request.receivedOn ?? vars.receivedOn ?? deps.today()),
        concludedOn: concludedOn(row.created_at),
        reversedCents: Number(detail.reversedCents ?? 0),
        supplyStarted: detail.previousStatus === 'active',
      };
    }
    if (kind === 'termination') {
      return {
        receivedOn: String(vars.receivedOn ?? deps.today()),
        endDate: str(vars, 'endDate'),
        wished: typeof request.endDate === 'string',
        confirmBy: opt(vars, 'confirmBy'),
        meterNumber: contract.meter?.meterNumber ?? '',
        supplyAddress: contract.supplyAddress,
      };
    }
    const next = await loadContract(db, str(vars, 'newContractId'));
    return {
      moveDate: str(vars, 'moveDate'),
      startDate: next.startDate,
      oldAddress: contract.supplyAddress,
      newAddress: next.supplyAddress,
      oldMeterNumber: contract.meter?.meterNumber ?? '',
      newMeterNumber: next.meter?.meterNumber ?? '',
      newContractNumber: next.contractNumber,
      readingGiven: Boolean(request.reading),
      tariffName: (await getTariff(db, next.tariffCode))?.name ?? next.tariffCode,
    };
  }

  function directDebit(contract: ContractView) {
    return contract.account.paymentMethod === 'sepa_direct_debit' && contract.mandate
      ? { mandateReference: contract.mandate.reference, ibanMasked: maskIban(contract.mandate.iban) }
      : {};
  }

  return {
    // ---- Tariff change ---------------------------------------------------------------------------
    async 'care.tariff-change.apply'(vars) {
      const caseId = str(vars, 'careCaseId');
      const applied = await applyTariffChange(db, {
        careCaseId: caseId,
        contractId: str(vars, 'contractId'),
        tariffCode: str(vars, 'tariffCode'),
        validFrom: str(vars, 'validFrom'),
        today: deps.today(),
      }).catch(refused);
      const detail = { from: applied.fromTariffCode, to: applied.toTariffCode, validFrom: applied.validFrom };
      await recordOnce(db, caseId, 'tariff-changed', detail);
      return { careResult: detail };
    },
    async 'care.tariff-change.plan'(vars) {
      const caseId = str(vars, 'careCaseId');
      const plan = await planAfterTariffChange(db, { careCaseId: caseId, contractId: str(vars, 'contractId'), today: deps.today() });
      const detail = { planId: plan.id, amountCents: plan.amountCents, validFrom: plan.validFrom, cadence: plan.cadence };
      await recordOnce(db, caseId, 'installment-plan-created', detail);
      const result = (vars.careResult ?? {}) as Record<string, unknown>;
      return { careResult: { ...result, installmentCents: plan.amountCents, installmentFrom: plan.validFrom } };
    },

    // ---- Withdrawal ------------------------------------------------------------------------------
    async 'care.withdrawal.cancel'(vars) {
      const caseId = str(vars, 'careCaseId');
      const contractId = str(vars, 'contractId');
      const r = await withdrawContract(db, { careCaseId: caseId, contractId, postingDate: deps.today() }).catch(refused);
      await recordOnce(db, caseId, 'contract-cancelled', {
        previousStatus: r.previousStatus,
        reversedDocuments: r.reversedDocuments,
        reversedCents: r.reversedCents,
      });
      // A supply start still waiting for its date would activate the contract and send a plan. (A
      // cluster's search lags by seconds; the supply start began when the contract was signed.)
      const waiting = await instances.byVariables('contract-start', { contractId }, { state: 'ACTIVE' });
      for (const instance of waiting) {
        await deps.zeebe.cancelProcessInstance?.(instance.processInstanceKey);
        await recordOnce(db, caseId, 'supply-start-cancelled', { processInstanceKey: instance.processInstanceKey });
      }
      return { careResult: { contractStatus: 'cancelled', reversedCents: r.reversedCents, reversedDocuments: r.reversedDocuments.length } };
    },

    // ---- Termination -----------------------------------------------------------------------------
    async 'care.termination.book'(vars) {
      const caseId = str(vars, 'careCaseId');
      const { endDate, contract } = await terminateContract(db, {
        contractId: str(vars, 'contractId'),
        receivedOn: str(vars, 'receivedOn'),
        wishedEndDate: opt(vars, 'wishedEndDate'),
      }).catch(refused);
      await recordOnce(db, caseId, 'termination-booked', { endDate, contractNumber: contract.contractNumber });
      return { endDate, billFrom: addDays(endDate, 1), careResult: { endDate, contractNumber: contract.contractNumber } };
    },
    async 'care.contract.deadline-missed'(vars) {
      await recordOnce(db, str(vars, 'careCaseId'), 'confirmation-overdue', { deadline: opt(vars, 'confirmBy') ?? null });
      return {};
    },

    // ---- Move ------------------------------------------------------------------------------------
    async 'care.move.create'(vars) {
      const caseId = str(vars, 'careCaseId');
      const contractId = str(vars, 'contractId');
      const request = (await requestOf(caseId)) as unknown as MoveRequest;
      const made = await (async () => {
        const done = await db('contracts').where({ created_by_care_case_id: caseId }).first('id');
        // The first attempt checked already; a retry must not fail on what it made itself.
        if (!done) await checkMove(db, contractId, request, deps.today());
        return createMoveContract(db, {
          careCaseId: caseId,
          contractId,
          moveDate: request.moveDate,
          newAddress: request.newAddress,
          newMeterNumber: request.newMeterNumber,
        });
      })().catch(refused);
      if (request.reading)
        await reading(contractId, made.endDate, request.reading.valueKwh, `move-out:${contractId}:${made.endDate}`, 'Auszug (Umzug)');
      if (request.newMeterReading)
        await reading(
          made.newContractId,
          made.startDate,
          request.newMeterReading.valueKwh,
          `move-in:${made.newContractId}:${made.startDate}`,
          'Einzug (Umzug)',
        );
      const detail = {
        oldContractNumber: made.oldContractNumber,
        endDate: made.endDate,
        newContractId: made.newContractId,
        newContractNumber: made.newContractNumber,
        startDate: made.startDate,
      };
      await recordOnce(db, caseId, 'contract-moved', detail);
      return { newContractId: made.newContractId, newStartDate: made.startDate, careResult: detail };
    },
    async 'care.move.start-new'(vars) {
      const contractId = str(vars, 'newContractId');
      // contract-start activates the contract on its date and sends its first installment plan.
      await deps.zeebe.publishMessage({
        name: 'contract-signed',
        correlationKey: contractId,
        messageId: `contract-signed:${contractId}`,
        timeToLive: 3_600_000,
        variables: { contractId, startDate: str(vars, 'newStartDate') },
      });
      await recordOnce(db, str(vars, 'careCaseId'), 'supply-start-announced', { contractId, startDate: str(vars, 'newStartDate') });
      return {};
    },

    // ---- The confirmation letter of every kind ---------------------------------------------------
    async 'care.contract.confirm'(vars) {
      const caseId = str(vars, 'careCaseId');
      const kind = str(vars, 'letter') as LetterKind;
      if (!letterKinds.includes(kind)) throw new Error(`care.contract.confirm: unknown letter ${kind}`);
      const careCase = await getCareCase(db, caseId);
      if (!careCase) throw new Error(`care case ${caseId} not found`);
      const contract = await loadContract(db, str(vars, 'contractId'));
      const today = deps.today();
      const subject = subjects[kind];
      const key = `care:${caseId}:letter`;
      const doc = await deps.documents.ensure(
        {
          businessKey: `${key}:pdf`,
          kind: 'care_letter',
          fileName: `${subject.replace(/\W+/g, '-')}-${careCase.caseNumber}.pdf`,
          contractId: contract.id,
        },
        async () => {
          const data = {
            recipient: recipientOf(contract),
            date: today,
            subject,
            customerNumber: contract.customer.customerNumber,
            contractAccountNumber: contract.account.accountNumber,
            contractNumber: contract.contractNumber,
            caseNumber: careCase.caseNumber,
            greetingName: `${contract.customer.firstName} ${contract.customer.lastName}`,
            ...(await letterContent(kind, vars, contract, caseId)),
          };
          // Care letters are not in LetterTemplates (workers/documents/letterData.ts): the renderer takes any template by name.
          const letter = deps.templates.letter as unknown as (name: string, data: Record<string, unknown>) => string;
          return (await deps.pdf()).render(letter(`care-${kind}`, data));
        },
      );
      const pdf = await deps.documents.get(doc.id);
      const account = await db('contract_accounts').where({ id: contract.account.id }).first('bill_delivery');
      const channel = account?.bill_delivery === 'paper' ? 'letter' : 'email';
      if (channel === 'letter') {
        await printRun.add({ businessKey: key, recipient: recipientOf(contract), pdf: pdf!.content }, today);
      } else {
        const mailOf = deps.templates.mail as unknown as (name: string, data: Record<string, unknown>) => { subject: string; text: string };
        const mail = mailOf('care-contract-letter', {
          recipient: { name: `${contract.customer.firstName} ${contract.customer.lastName}` },
          subject,
          contractNumber: contract.contractNumber,
          caseNumber: careCase.caseNumber,
        });
        await deps.mailer.sendOnce(db, key, {
          to: contract.customer.email,
          ...mail,
          attachments: [{ filename: doc.fileName, content: pdf!.content, contentType: 'application/pdf' }],
        });
      }
      await recordOnce(db, caseId, 'letter-sent', { letter: kind, channel, documentId: doc.id });
      return { letterDocumentId: doc.id };
    },
  };
}
