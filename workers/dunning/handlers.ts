/**
 * Job handlers of the dunning run, the per-account dunning process, dunning blocks and the
 * supply-interruption path: job variables in, a domain/dunning call, the result back. Retries are
 * harmless: notices are recorded by case and level, fees and interest posted by business key,
 * documents rendered once per key, mails and SMS sent once per key, messages carry a message id.
 */
import type { Settings } from '../../config/settings';
import { loadContract, type ContractView } from '../../domain/contracts';
import {
  assessAccount,
  closeCase,
  createProposal,
  dunnedAccountsPaidBy,
  defaultSupplyRules,
  finishRun,
  loadBlock,
  loadCase,
  markActivated,
  noticeContent,
  noticesOfCase,
  openCases,
  pendingProposals,
  postDunningFee,
  recordNotice,
  recordProcedure,
  resolveBlock,
  setCaseStatus,
  supplyInterruptionCheck,
  watchAgreements,
  type DunningCase,
  type NoticeChannel,
} from '../../domain/dunning';
import { chargeFlatFees, chargeInterest } from '../../domain/dunning/charges';
import { propensityOf, trainPropensityModel } from '../../domain/dunning/propensity';
import type { GermanState } from '../../domain/payments/calendar';
import { formatEuro } from '../../domain/money';
import { addDays } from '../../domain/shared/dates';
import { createPaymentLinks } from '../../server/payment-page/links';
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import { contractRecipient, createPrintRun, epcQrDataUrl, epcQrPayload, formatDate } from '../documents';
import { claimProcessStart } from '../process-starts';
import type { JobHandler, Vars } from '../runtime';
import { dateOf, schedule, stepAfterLevel, type Procedure, type Step } from './schedule';
import { createSmsChannel } from './sms';
import QRCode from 'qrcode';

/** Instances started (or messages published) at once within a batch. */
const CONCURRENCY = 16;
/** Batches one activation job works through before it hands back to the process (the job stays short). */
const BATCHES_PER_JOB = 20;
/** The return-debit process may reach its wait state after the case opened: the message waits a day. */
const CASE_OPENED_TTL_MS = 24 * 3600 * 1000;

const noticeTitle = (level: number, last: boolean) => (level === 1 ? (last ? 'Mahnung' : '1. Mahnung') : 'Letzte Mahnung');

export function createDunningHandlers(deps: AccountingDeps, settings: Settings): Record<string, JobHandler> {
  const { db } = deps;
  const state = settings.dunningHolidayState as GermanState;
  const config = {
    graceDays: settings.dunningGraceDays,
    minAmountCents: settings.dunningMinAmountCents,
    challengerPercent: settings.dunningChallengerPercent,
    paymentDays: settings.dunningPaymentDays,
    batchSize: settings.dunningBatchSize,
  };
  const spreads = {
    consumer: String(settings.defaultInterestSpreadConsumerPp),
    business: String(settings.defaultInterestSpreadBusinessPp),
  };
  const links = createPaymentLinks(db, settings);
  const printRun = createPrintRun({ directory: deps.printDirectory });
  const sms = createSmsChannel(db);
  const procedureOf = (vars: Vars) => vars.procedure as Procedure;

  async function inParallel<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(fn));
  }

  async function contractOf(contractAccountId: string): Promise<ContractView> {
    const row = (await db('contracts').where({ contract_account_id: contractAccountId }).orderBy('created_at', 'desc').first('id')) as
      { id: string } | undefined;
    if (!row) throw new Error(`contract account ${contractAccountId} has no contract`);
    return loadContract(db, row.id);
  }

  async function customerOf(contractAccountId: string): Promise<{ type: 'consumer' | 'business'; phone: string | null }> {
    const row = (await db('contract_accounts as ca')
      .join('customers as c', 'c.id', 'ca.customer_id')
      .where('ca.id', contractAccountId)
      .first('c.customer_type', 'c.phone')) as { customer_type: 'consumer' | 'business'; phone: string | null };
    return { type: row.customer_type, phone: row.phone };
  }

  const recipientOf = contractRecipient;

  const paymentLink = (contractAccountId: string) => links.url(settings.publicBaseUrl, contractAccountId);

  /** Reminder and notices go by the channel the DMN chose; SMS needs a phone number, else e-mail. */
  async function channelOf(wanted: string | null | undefined, contractAccountId: string): Promise<NoticeChannel> {
    const channel = (wanted ?? 'letter') as NoticeChannel;
    if (channel === 'sms' && !(await customerOf(contractAccountId)).phone) return 'email';
    return channel;
  }

  async function publishCaseOpened(c: DunningCase): Promise<void> {
    await deps.zeebe.publishMessage({
      name: 'dunning-case-opened',
      correlationKey: c.accountNumber,
      messageId: `dunning-case-opened:${c.id}`,
      timeToLive: CASE_OPENED_TTL_MS,
      variables: { dunningCaseId: c.id, dunningCaseNumber: c.caseNumber },
    });
  }

  async function nextSchedule(vars: Vars, from: Step, earliest: string, restart = false): Promise<Vars> {
    const c = await loadCase(db, str(vars, 'dunningCaseId'));
    const { oldestDueDate } = await assessAccount(db, c.contractAccountId, deps.today(), config.graceDays);
    return { ...schedule(procedureOf(vars), oldestDueDate ?? deps.today(), earliest, from, state, restart), resumeAt: from };
  }

  return {
    // ---- The run -------------------------------------------------------------------------------
    async 'dunning.watch-agreements'(): Promise<Vars> {
      const ended = await watchAgreements(db, deps.today(), config.graceDays);
      await inParallel(ended, async (a) => {
        await deps.zeebe.publishMessage({
          name: 'dunning-agreement-ended',
          correlationKey: a.accountNumber,
          messageId: `dunning-agreement-ended:${a.agreementId}`,
          timeToLive: CASE_OPENED_TTL_MS,
          variables: { agreementId: a.agreementId, agreementStatus: a.status },
        });
      });
      return { agreementsEnded: ended.length };
    },
    async 'dunning.create-proposal'(vars: Vars): Promise<Vars> {
      const runKey = `dunning-run:${typeof vars.runId === 'string' && vars.runId ? vars.runId : deps.today()}`;
      const run = await createProposal(db, { runKey, today: deps.today(), config });
      return { dunningRunId: run.id, proposalCount: run.proposalCount, reviewProposal: settings.dunningProposalReview };
    },
    async 'dunning.activate-proposal'(vars: Vars): Promise<Vars> {
      const runId = str(vars, 'dunningRunId');
      for (let b = 0; b < BATCHES_PER_JOB; b++) {
        const accounts = await pendingProposals(db, runId, config.batchSize);
        if (accounts.length === 0) {
          await finishRun(db, runId);
          return { moreProposals: false };
        }
        const batch = await openCases(db, runId, accounts, deps.today(), config);
        const started: Array<{ caseId: string; contractAccountId: string; processInstanceKey: string }> = [];
        await inParallel(batch.toStart, async (c) => {
          // A claim per case: a retried job or a second worker never starts a case twice.
          if (!(await claimProcessStart(db, `dunning-case:${c.caseId}`))) return;
          const res = await deps.zeebe.createProcessInstance({
            bpmnProcessId: 'dunning',
            variables: {
              contractAccountId: c.contractAccountId,
              accountNumber: c.accountNumber,
              dunningCaseId: c.caseId,
              cause: c.cause,
              variant: c.variant,
            },
          });
          started.push({ caseId: c.caseId, contractAccountId: c.contractAccountId, processInstanceKey: res.processInstanceKey });
        });
        await inParallel(batch.toCorrelate, async (c) => {
          await deps.zeebe.publishMessage({
            name: 'dunning-overdue-updated',
            correlationKey: c.accountNumber,
            messageId: `dunning-overdue-updated:${runId}:${c.contractAccountId}`,
            variables: { overdueCents: c.overdueCents },
          });
        });
        // Accounts whose case a crash left claimed but not recorded are retried by the next job.
        const startedIds = new Set(started.map((s) => s.contractAccountId));
        const skipped = batch.toStart.filter((c) => !startedIds.has(c.contractAccountId)).map((c) => c.contractAccountId);
        await markActivated(db, runId, started, [...batch.toCorrelate.map((c) => c.contractAccountId), ...skipped]);
      }
      return { moreProposals: true };
    },

    async 'dunning.notify-payments'(vars: Vars): Promise<Vars> {
      const statementId = str(vars, 'statementId');
      const paid = await dunnedAccountsPaidBy(db, statementId);
      await inParallel(paid, async (p) => {
        await deps.zeebe.publishMessage({
          name: 'dunning-payment-received',
          correlationKey: p.accountNumber,
          messageId: `dunning-payment-received:${statementId}:${p.accountNumber}`,
          variables: { paidCents: p.paidCents },
        });
      });
      return { dunningNotified: paid.length };
    },

    async 'dunning.train-propensity'(): Promise<Vars> {
      // Too little history trains nothing: the scores stay at the configured default.
      const model = await trainPropensityModel(db, { asOf: deps.today(), labelDays: settings.propensityPaidWithinDays });
      return { propensityModelId: model?.id ?? null, propensityTestAuc: model?.testAuc ?? null };
    },

    // ---- The case --------------------------------------------------------------------------------
    async 'dunning.classify'(vars: Vars): Promise<Vars> {
      const accountId = str(vars, 'contractAccountId');
      const { type } = await customerOf(accountId);
      const since = addDays(deps.today(), -730);
      const earlier = (await db('dunning_cases')
        .where({ contract_account_id: accountId })
        .whereNot('id', str(vars, 'dunningCaseId'))
        .where('opened_on', '>=', since)
        .count({ n: '*' })
        .first()) as { n: string | number };
      const returns = (await db('ledger_documents')
        .where({ contract_account_id: accountId, kind: 'return' })
        .where('posting_date', '>=', addDays(deps.today(), -365))
        .count({ n: '*' })
        .first()) as { n: string | number };
      const score = await propensityOf(db, accountId, { asOf: deps.today(), defaultScore: settings.propensityDefaultScore });
      return {
        customerType: type,
        goodHistory: Number(earlier.n) === 0 && Number(returns.n) === 0 && score.source === 'model',
        propensity: score.probability,
      };
    },
    async 'dunning.open-case'(vars: Vars): Promise<Vars> {
      const caseId = str(vars, 'dunningCaseId');
      const p = procedureOf(vars);
      await recordProcedure(db, caseId, { name: p.name, propensity: typeof vars.propensity === 'number' ? vars.propensity : null });
      const c = await loadCase(db, caseId);
      await publishCaseOpened(c);
      return { ...(await nextSchedule(vars, 'reminder', deps.today())), dunningCaseNumber: c.caseNumber };
    },
    async 'dunning.assess'(vars: Vars): Promise<Vars> {
      const step = str(vars, 'step');
      const caseId = str(vars, 'dunningCaseId');
      const accountId = str(vars, 'contractAccountId');
      const a = await assessAccount(db, accountId, deps.today(), config.graceDays);
      const p = procedureOf(vars);
      const belowMinimum = !a.settled && a.overdueCents < (p?.minAmountCents ?? config.minAmountCents);
      const caseDone = a.settled || belowMinimum;
      if (caseDone) await closeCase(db, caseId, a.settled ? 'paid' : 'below_minimum', deps.today());
      const out: Vars = { caseDone, overdueCents: a.overdueCents, disputedCents: a.disputedCents };
      // The supply-interruption path tells its caller whether the arrears are settled.
      if (step === 'supply') out.supplyOutcome = caseDone ? 'settled' : 'open';
      if (step === 'collection' && !caseDone) {
        const supply = await supplyInterruptionCheck(db, accountId, deps.today(), {
          rules: defaultSupplyRules,
          graceDays: config.graceDays,
          state,
        });
        out.supplyInterruption = supply.eligible;
        await setCaseStatus(db, caseId, 'collection');
      }
      return out;
    },
    async 'dunning.send-reminder'(vars: Vars): Promise<Vars> {
      const caseId = str(vars, 'dunningCaseId');
      const c = await loadCase(db, caseId);
      const contract = await contractOf(c.contractAccountId);
      const content = await noticeContent(db, c.contractAccountId);
      const channel = await channelOf(procedureOf(vars).reminderChannel, c.contractAccountId);
      const link = await paymentLink(c.contractAccountId);
      const key = `dunning-notice:${caseId}:0`;
      const returnReason = c.cause === 'return' ? content.returnReason : null;
      if (channel === 'sms') {
        const { phone } = await customerOf(c.contractAccountId);
        await sms.send(
          key,
          phone!,
          `${deps.company.shortName}: Auf Ihrem Konto ${c.accountNumber} sind ${formatEuro(content.totalCents)} offen. Jetzt bezahlen: ${link}`,
        );
      } else {
        const mail = deps.templates.mail('dunning-reminder', {
          recipient: { name: `${contract.customer.firstName} ${contract.customer.lastName}` },
          contractNumber: contract.contractNumber,
          accountNumber: c.accountNumber,
          totalCents: content.totalCents,
          oldestDueDate: content.items[0]?.dueDate ?? deps.today(),
          returnReason,
          paymentLink: link,
        });
        await deps.mailer.sendOnce(db, key, { to: contract.customer.email, ...mail });
      }
      await recordNotice(db, {
        caseId,
        level: 0,
        channel,
        sentOn: deps.today(),
        openCents: content.totalCents,
        feeCents: 0,
        interestCents: 0,
        bureauWarning: false,
        documentId: null,
      });
      return { resumeAt: 'level1' };
    },
    async 'dunning.post-charges'(vars: Vars): Promise<Vars> {
      const caseId = str(vars, 'dunningCaseId');
      const level = Number(vars.level);
      const c = await loadCase(db, caseId);
      const p = procedureOf(vars);
      const today = deps.today();
      const feeCents = await postDunningFee(db, {
        caseId,
        contractAccountId: c.contractAccountId,
        level,
        feeCents: Number((level === 1 ? p.level1FeeCents : p.level2FeeCents) ?? 0),
        today,
        paymentDays: config.paymentDays,
      });
      // Interest up to yesterday: the day of the notice is charged with the next one.
      const interest = await chargeInterest(db, {
        contractAccountId: c.contractAccountId,
        toDate: addDays(today, -1),
        businessKey: `dunning-interest:${caseId}:${level}`,
        dueDays: config.paymentDays,
        spreads,
      });
      const flat = await chargeFlatFees(db, {
        contractAccountId: c.contractAccountId,
        today,
        dueDays: config.paymentDays,
        amountCents: settings.defaultFlatFeeCents,
      });
      return { feeCents, interestCents: interest.cents + flat.cents };
    },
    async 'dunning.send-notice'(vars: Vars): Promise<Vars> {
      const caseId = str(vars, 'dunningCaseId');
      const level = Number(vars.level);
      const c = await loadCase(db, caseId);
      const p = procedureOf(vars);
      const contract = await contractOf(c.contractAccountId);
      const customer = await customerOf(c.contractAccountId);
      const last = stepAfterLevel(level, p) === 'collection';
      const today = deps.today();
      const payBy = addDays(today, config.paymentDays);
      const channel = await channelOf(level === 1 ? p.level1Channel : p.level2Channel, c.contractAccountId);
      const link = await paymentLink(c.contractAccountId);
      const earlier = await noticesOfCase(db, caseId);
      const content = await noticeContent(db, c.contractAccountId);
      const title = noticeTitle(level, last);
      const doc = await deps.documents.ensure(
        {
          businessKey: `dunning-notice:${caseId}:${level}:pdf`,
          kind: 'dunning_notice',
          fileName: `${title.replace(/\W+/g, '-')}-${c.caseNumber}.pdf`,
          contractId: contract.id,
        },
        async () => {
          const giro = epcQrPayload({
            name: deps.company.name,
            iban: deps.company.iban,
            bic: deps.company.bic,
            amountCents: Math.max(1, content.totalCents),
            text: `${c.accountNumber} ${c.caseNumber}`,
          });
          const html = deps.templates.letter('dunning-notice', {
            recipient: recipientOf(contract),
            date: today,
            title,
            customerNumber: contract.customer.customerNumber,
            contractAccountNumber: c.accountNumber,
            level,
            cause: c.cause,
            returnReason: c.cause === 'return' ? content.returnReason : null,
            items: content.items.map((i) => ({
              documentNumber: i.documentNumber,
              text: i.text,
              dueDate: i.dueDate,
              openCents: i.openCents,
            })),
            principalCents: content.principalCents,
            feesCents: content.feesCents,
            interestCents: content.interestCents,
            creditsCents: content.creditsCents,
            totalCents: content.totalCents,
            disputedCents: content.disputedCents,
            payBy,
            previousNoticeOn: earlier.filter((n) => n.level > 0 && n.level < level).at(-1)?.sentOn ?? null,
            handoverOn: last ? dateOf(vars.collectionAt) : null,
            lastLevel: last,
            bureauWarning: level === 1,
            business: customer.type === 'business',
            interestSpreadText: `${String(spreads[customer.type]).replace('.', ',')} Prozentpunkten`,
            paymentLink: link,
            giroCodeDataUrl: await epcQrDataUrl(giro),
            paymentPageQrDataUrl: await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 1 }),
          });
          return (await deps.pdf()).render(html);
        },
      );
      const key = `dunning-notice:${caseId}:${level}`;
      if (channel === 'letter') {
        const pdf = await deps.documents.get(doc.id);
        await printRun.add({ businessKey: key, recipient: recipientOf(contract), pdf: pdf!.content }, today);
      } else if (channel === 'sms') {
        await sms.send(
          key,
          customer.phone!,
          `${deps.company.shortName}: ${title} – ${formatEuro(content.totalCents)} offen auf Konto ${c.accountNumber}, bitte bis ${formatDate(payBy)} zahlen: ${link}`,
        );
      } else {
        const pdf = await deps.documents.get(doc.id);
        const mail = deps.templates.mail('dunning-notice', {
          recipient: { name: `${contract.customer.firstName} ${contract.customer.lastName}` },
          contractNumber: contract.contractNumber,
          title,
          accountNumber: c.accountNumber,
          totalCents: content.totalCents,
          principalCents: content.principalCents,
          feesCents: content.feesCents,
          interestCents: content.interestCents,
          payBy,
          paymentLink: link,
        });
        await deps.mailer.sendOnce(db, key, {
          to: contract.customer.email,
          ...mail,
          attachments: [{ filename: doc.fileName, content: pdf!.content, contentType: 'application/pdf' }],
        });
      }
      await recordNotice(db, {
        caseId,
        level,
        channel,
        sentOn: today,
        openCents: content.totalCents,
        // What this level charged (post-charges): the letter lists every open charge.
        feeCents: Number(vars.feeCents ?? 0),
        interestCents: Number(vars.interestCents ?? 0),
        bureauWarning: level === 1,
        documentId: doc.id,
      });
      return { resumeAt: stepAfterLevel(level, p) };
    },

    // ---- Blocks, agreements, insolvency, new items -----------------------------------------------
    async 'dunning.pause'(vars: Vars): Promise<Vars> {
      await setCaseStatus(db, str(vars, 'dunningCaseId'), 'paused');
      return {};
    },
    async 'dunning.reschedule'(vars: Vars): Promise<Vars> {
      await setCaseStatus(db, str(vars, 'dunningCaseId'), 'open');
      const from = (typeof vars.resumeAt === 'string' ? vars.resumeAt : 'reminder') as Step;
      // After a pause the next step comes no earlier than the next working day.
      return nextSchedule(vars, from, addDays(deps.today(), 1), true);
    },
    async 'dunning.note-agreement'(vars: Vars): Promise<Vars> {
      await setCaseStatus(db, str(vars, 'dunningCaseId'), 'agreement');
      return {};
    },
    async 'dunning.agreement-ended'(vars: Vars): Promise<Vars> {
      const caseId = str(vars, 'dunningCaseId');
      if (vars.agreementStatus === 'kept') {
        await closeCase(db, caseId, 'agreement_kept', deps.today());
        return { caseDone: true, supplyOutcome: 'settled' };
      }
      // Broken: the dunning revives on the rates still open, at the level after the last notice.
      await setCaseStatus(db, caseId, 'open');
      const c = await loadCase(db, caseId);
      const p = procedureOf(vars);
      const from = p ? stepAfterLevel(c.level, p) : 'collection';
      return { caseDone: false, ...(p ? await nextSchedule(vars, from, addDays(deps.today(), 1), true) : {}) };
    },
    async 'dunning.stop-insolvency'(vars: Vars): Promise<Vars> {
      await closeCase(db, str(vars, 'dunningCaseId'), 'insolvency', deps.today());
      return {};
    },
    async 'dunning.note-overdue'(vars: Vars): Promise<Vars> {
      return { latestOverdueCents: Number(vars.overdueCents ?? 0) };
    },
    async 'dunning.announce-block'(vars: Vars): Promise<Vars> {
      const block = await loadBlock(db, str(vars, 'blockId'));
      await deps.zeebe.publishMessage({
        name: 'dunning-block-set',
        correlationKey: str(vars, 'accountNumber'),
        messageId: `dunning-block-set:${block.id}`,
        variables: { blockId: block.id },
      });
      return {};
    },
    async 'dunning.resolve-block'(vars: Vars): Promise<Vars> {
      const resolution = vars.resolution === 'upheld' || vars.resolution === 'rejected' ? vars.resolution : 'lapsed';
      const note = typeof vars.resolutionNote === 'string' ? vars.resolutionNote : null;
      const { block } = await resolveBlock(db, str(vars, 'blockId'), resolution, note);
      await deps.zeebe.publishMessage({
        name: 'dunning-block-resolved',
        correlationKey: str(vars, 'accountNumber'),
        messageId: `dunning-block-resolved:${block.id}`,
        variables: { blockResolution: block.resolution },
      });
      return { blockResolution: block.resolution };
    },

    // ---- Supply interruption (§19 StromGVV) -------------------------------------------------------
    async 'dunning.supply-check'(vars: Vars): Promise<Vars> {
      const r = await supplyInterruptionCheck(db, str(vars, 'contractAccountId'), deps.today(), {
        rules: defaultSupplyRules,
        graceDays: config.graceDays,
        state,
      });
      if (!r.eligible) return { eligible: false, supplyOutcome: 'not_eligible', supplyReason: r.reason };
      return {
        eligible: true,
        supplyOutcome: 'open',
        arrearsCents: r.arrearsCents,
        monthlyInstallmentCents: r.monthlyInstallmentCents,
        threatOn: r.threatOn,
        announceAt: `${r.announceOn}T06:00:00Z`,
        interruptAt: `${r.interruptOn}T06:00:00Z`,
      };
    },
    async 'dunning.send-supply-notice'(vars: Vars): Promise<Vars> {
      const notice = str(vars, 'notice') as 'threat' | 'announcement';
      const accountId = str(vars, 'contractAccountId');
      const caseId = str(vars, 'dunningCaseId');
      const contract = await contractOf(accountId);
      const { overdueCents } = await assessAccount(db, accountId, deps.today(), config.graceDays);
      const s = contract.supplyAddress;
      const title = notice === 'threat' ? 'Androhung einer Versorgungsunterbrechung' : 'Ankündigung der Versorgungsunterbrechung';
      const doc = await deps.documents.ensure(
        {
          businessKey: `supply-notice:${caseId}:${notice}:pdf`,
          kind: 'supply_notice',
          fileName: `${title.replace(/\W+/g, '-')}.pdf`,
          contractId: contract.id,
        },
        async () =>
          (await deps.pdf()).render(
            deps.templates.letter('supply-notice', {
              recipient: recipientOf(contract),
              date: deps.today(),
              title,
              customerNumber: contract.customer.customerNumber,
              contractAccountNumber: contract.account.accountNumber,
              notice,
              arrearsCents: overdueCents,
              monthlyInstallmentCents: Number(vars.monthlyInstallmentCents ?? 0),
              supplyAddress: `${s.street} ${s.houseNumber}, ${s.postalCode} ${s.city}`,
              threatOn: String(vars.threatOn),
              interruptOn: dateOf(vars.interruptAt) ?? deps.today(),
              paymentLink: await paymentLink(accountId),
            }),
          ),
      );
      // The threat and the announcement go by letter (proof of dispatch).
      const pdf = await deps.documents.get(doc.id);
      await printRun.add(
        { businessKey: `supply-notice:${caseId}:${notice}`, recipient: recipientOf(contract), pdf: pdf!.content },
        deps.today(),
      );
      return {};
    },
  };
}
