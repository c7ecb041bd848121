/**
 * Job handlers of the payment run, bank statements, clarifications and return debits: job
 * variables in, a domain/payments call, the result back. The runs are idempotent by their run key
 * (one debit and one credit file per run), the statement steps by entry status and business keys.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadContract } from '../../domain/contracts';
import { isoDate } from '../../domain/shared/dates';
import {
  applyClarification,
  createCreditTransferFile,
  createDirectDebitFile,
  finishStatement,
  lapseMandates,
  matchStatement,
  paymentsConfig,
  PaymentsError,
  processReturn,
  returnEntryIds,
  switchAccountToTransfer,
  unmatchedEntryIds,
  clarificationView,
} from '../../domain/payments';
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import { claimProcessStart, recordProcessStart } from '../process-starts';
import { BpmnError, type JobHandler, type Vars } from '../runtime';

/** Process instances a statement step starts at once. */
const START_CONCURRENCY = 16;

export function createPaymentHandlers(deps: AccountingDeps): Record<string, JobHandler> {
  const { db } = deps;
  const config = paymentsConfig();
  // One run a day unless the starter names the run (POST /api/payment-runs does).
  const runKey = (vars: Vars, kind: string) => `${kind}:${typeof vars.runId === 'string' ? vars.runId : deps.today()}`;

  /**
   * Starts one instance per case, a few at a time (one by one, a statement's 700 clarifications
   * took two minutes, beyond the job timeout); an instance already started for a case is not
   * started again.
   */
  async function startPerCase(processId: string, keyPrefix: string, ids: string[], vars: (id: string) => Promise<Vars>): Promise<number> {
    const startOne = async (id: string): Promise<number> => {
      const key = `${keyPrefix}:${id}`;
      if (!(await claimProcessStart(db, key))) return 0;
      const res = await deps.zeebe.createProcessInstance({ bpmnProcessId: processId, variables: await vars(id) });
      await recordProcessStart(db, key, res.processInstanceKey);
      return 1;
    };
    let started = 0;
    for (let i = 0; i < ids.length; i += START_CONCURRENCY)
      for (const n of await Promise.all(ids.slice(i, i + START_CONCURRENCY).map(startOne))) started += n;
    return started;
  }

  return {
    async 'payments.lapse-mandates'(): Promise<Vars> {
      return { lapsedMandates: await lapseMandates(db, deps.today()) };
    },
    async 'payments.create-direct-debit-file'(vars: Vars): Promise<Vars> {
      const r = await createDirectDebitFile(db, { runKey: runKey(vars, 'debit-run'), today: deps.today(), config });
      return { debitFileId: r.file?.id ?? null, debitCount: r.orders };
    },
    async 'payments.create-credit-transfer-file'(vars: Vars): Promise<Vars> {
      const r = await createCreditTransferFile(db, { runKey: runKey(vars, 'credit-run'), today: deps.today(), config });
      return { creditFileId: r.file?.id ?? null, creditCount: r.orders };
    },
    async 'payments.deliver-files'(vars: Vars): Promise<Vars> {
      // The bank channel (EBICS) is not reachable here: files go to an outbox folder the bank
      // simulator or an EBICS client picks up. Writing the same file again is harmless.
      const dir = path.join(deps.printDirectory, '..', 'bank-outbox');
      await fs.mkdir(dir, { recursive: true });
      for (const id of [vars.debitFileId, vars.creditFileId]) {
        if (typeof id !== 'string') continue;
        const row = (await db('payment_files').where({ id }).first('message_id', 'kind', 'xml')) as {
          message_id: string;
          kind: string;
          xml: string;
        };
        await fs.writeFile(path.join(dir, `${row.message_id}.${row.kind}.xml`), row.xml);
      }
      return {};
    },
    async 'payments.schedule-refund'(vars: Vars): Promise<Vars> {
      // The credit stays an open item due two weeks after the bill (§40c EnWG); the next credit
      // run pays it out. Here only the refund date is noted for the process.
      const bill = (await db('bills')
        .where({ id: str(vars, 'billId') })
        .first('due_date')) as { due_date: Date | string } | undefined;
      return { refundBy: bill ? isoDate(bill.due_date) : null };
    },
    async 'payments.match-statement'(vars: Vars): Promise<Vars> {
      const counts = await matchStatement(db, str(vars, 'statementId'), { today: deps.today(), batchSize: deps.statementMatchBatchSize });
      return { matchedCount: counts.matched, unmatchedCount: counts.unmatched, returnCount: counts.returns };
    },
    async 'payments.start-clarifications'(vars: Vars): Promise<Vars> {
      const ids = await unmatchedEntryIds(db, str(vars, 'statementId'));
      // The case worker's task shows the payment and the candidate accounts with their scores.
      const started = await startPerCase('payment-clarification', 'clarification', ids, async (entryId) => {
        const view = await clarificationView(db, entryId);
        return {
          entryId,
          amountCents: view.entry.amountCents,
          remittance: view.entry.remittance,
          counterpartyName: view.entry.counterpartyName ?? '',
          candidates: view.candidates.map((c) => `${c.accountNumber} (${c.score}): ${c.reason}`).join('\n'),
        };
      });
      return { clarificationsStarted: started };
    },
    async 'payments.start-returns'(vars: Vars): Promise<Vars> {
      const ids = await returnEntryIds(db, str(vars, 'statementId'));
      const started = await startPerCase('return-debit', 'return-debit', ids, async (entryId) => ({ entryId }));
      return { returnsStarted: started };
    },
    async 'payments.finish-statement'(vars: Vars): Promise<Vars> {
      await finishStatement(db, str(vars, 'statementId'));
      return {};
    },
    async 'payments.apply-clarification'(vars: Vars): Promise<Vars> {
      try {
        const r = await applyClarification(db, str(vars, 'entryId'), {
          decision: str(vars, 'decision') as 'assign' | 'refund' | 'ignore',
          accountNumber: typeof vars.accountNumber === 'string' ? vars.accountNumber : undefined,
          decidedBy: typeof vars.decidedBy === 'string' ? vars.decidedBy : 'caseworker',
          today: deps.today(),
        });
        return { clarifiedStatus: r.status };
      } catch (err) {
        if (err instanceof PaymentsError && err.code === 'unknown_account')
          throw new BpmnError('UNKNOWN_ACCOUNT', err.message, { clarificationError: err.message });
        throw err;
      }
    },
    async 'payments.process-return'(vars: Vars): Promise<Vars> {
      const r = await processReturn(db, str(vars, 'entryId'), { today: deps.today(), config });
      return {
        contractAccountId: r.contractAccountId,
        accountNumber: r.accountNumber,
        returnReason: r.reason,
        returnReasonText: r.reasonText,
        returnAmountCents: r.amountCents,
        returnFeeCents: r.feeCents,
        switchToTransfer: r.switchToTransfer,
      };
    },
    async 'payments.switch-to-transfer'(vars: Vars): Promise<Vars> {
      await switchAccountToTransfer(db, str(vars, 'contractAccountId'));
      return { switchedToTransfer: true };
    },
    async 'document.send-return-letter'(vars: Vars): Promise<Vars> {
      const contract = await db('contracts')
        .where({ contract_account_id: str(vars, 'contractAccountId') })
        .orderBy('created_at', 'desc')
        .first('id');
      const c = await loadContract(db, contract.id as string);
      const mail = deps.templates.mail('return-debit', {
        recipient: { name: `${c.customer.firstName} ${c.customer.lastName}` },
        contractNumber: c.contractNumber,
        accountNumber: c.account.accountNumber,
        amountCents: Number(vars.returnAmountCents ?? 0),
        feeCents: Number(vars.returnFeeCents ?? 0),
        reasonText: String(vars.returnReasonText ?? ''),
        switchedToTransfer: vars.switchedToTransfer === true,
      });
      await deps.mailer.sendOnce(db, `return-debit:${str(vars, 'entryId')}:letter`, { to: c.customer.email, ...mail });
      return {};
    },
  };
}
