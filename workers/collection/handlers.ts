/**
 * Job handlers of the `collection` process: job variables in, a domain/collection call, the result
 * out. Retries are harmless: cases, applications, enforcements and postings are keyed, documents
 * stored by business key, mails sent once.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../config/settings';
import {
  advanceCase,
  agencyFile,
  applyForEnforcementOrder,
  attachApplicationDocument,
  bookInsolvencyQuota,
  buildEdaFile,
  closeCase,
  CollectionError,
  currentClaim,
  debtorOf,
  edaSummary,
  fileCourtApplication,
  fileInsolvencyClaim,
  loadCaseById,
  openCollectionCase,
  paymentOrderFeeCents,
  reassessCase,
  recordContestedOutcome,
  recordEnforcement,
  setPath,
  storeAgencyExport,
  writeOffCase,
  type Claim,
  type ClaimItem,
  type CollectionCase,
  type ContestedOutcome,
  type EnforcementMeasure,
  type EnforcementOutcome,
} from '../../domain/collection';
import type { CollectionLetterItem } from '../documents';
import type { AccountingDeps } from '../billing/context';
import { str } from '../billing/context';
import { BpmnError, type JobHandler, type Vars } from '../runtime';

export type CollectionSettings = Pick<
  Settings,
  'collectionCourtFeeMinCents' | 'collectionEdaClaimantId' | 'collectionAgencyName' | 'collectionAgencyFormat' | 'collectionTeamEmail'
>;

/**
 * The central dunning court at our seat (§689 (2) ZPO). For a claimant in Köln that is the central
 * dunning court of North Rhine-Westphalia at Amtsgericht Euskirchen; check the address before use.
 */
const DUNNING_COURT = {
  name: 'Amtsgericht Euskirchen – Zentrales Mahngericht',
  street: 'Kölner Straße',
  houseNumber: '40-42',
  postalCode: '53879',
  city: 'Euskirchen',
};

const basisOf: Record<ClaimItem['category'], string> = {
  main: 'Energielieferung',
  interest: 'Verzugszinsen',
  costs: 'Kosten',
  credit: 'Zahlung',
};

function letterItem(i: ClaimItem): CollectionLetterItem {
  return { documentNumber: i.documentNumber, text: i.text, dueDate: i.dueDate, openCents: i.openCents, basis: basisOf[i.category] };
}

const num = (vars: Vars, name: string): number => {
  const v = vars[name];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`job variable ${name} must be whole cents`);
  return v;
};

export function createCollectionHandlers(deps: AccountingDeps, settings: CollectionSettings): Record<string, JobHandler> {
  const { db } = deps;
  const caseOf = (vars: Vars) => loadCaseById(db, str(vars, 'collectionCaseId'));

  async function letterBase(c: CollectionCase, claim: Claim, subject: string) {
    const debtor = await debtorOf(db, c.contractAccountId);
    return {
      debtor,
      base: {
        date: deps.today(),
        subject,
        caseNumber: c.caseNumber,
        customerNumber: debtor.customerNumber,
        contractAccountNumber: debtor.accountNumber,
        debtor: {
          name: debtor.name,
          street: debtor.street,
          houseNumber: debtor.houseNumber,
          postalCode: debtor.postalCode,
          city: debtor.city,
          birthDate: debtor.birthDate,
        },
        mainCents: claim.mainCents,
        interestCents: claim.interestCents,
        costsCents: claim.costsCents,
        creditCents: claim.creditCents,
        totalCents: claim.totalCents,
      },
    };
  }

  type Debtor = Awaited<ReturnType<typeof debtorOf>>;
  function edaFor(c: CollectionCase, debtor: Debtor, claim: Claim, kind: 'MB' | 'VB', courtFeeCents: number): string {
    const company = deps.company;
    return buildEdaFile({
      claimantId: settings.collectionEdaClaimantId,
      // One application per file; the running number is the case's (the court only needs it unique per day).
      fileNumber: (Number(c.caseNumber.slice(-6)) % 999) + 1,
      createdOn: deps.today(),
      kind,
      claimant: { name: company.name, street: company.street, postalCode: company.postalCode, city: company.city },
      respondent: {
        name: debtor.name,
        street: `${debtor.street} ${debtor.houseNumber}`.trim(),
        postalCode: debtor.postalCode,
        city: debtor.city,
        birthDate: debtor.birthDate,
      },
      caseNumber: c.caseNumber,
      items: claim.items,
      courtFeeCents,
    });
  }

  return {
    async 'collection.open-case'(vars: Vars): Promise<Vars> {
      const { collectionCase: c, claim } = await openCollectionCase(db, {
        contractAccountId: str(vars, 'contractAccountId'),
        dunningCaseId: typeof vars.dunningCaseId === 'string' && vars.dunningCaseId ? vars.dunningCaseId : null,
        today: deps.today(),
      });
      const debtor = await debtorOf(db, c.contractAccountId);
      return {
        collectionCaseId: c.id,
        collectionCaseNumber: c.caseNumber,
        claimCents: claim.totalCents,
        blockedItemCount: claim.blockedLineIds.length,
        customerType: debtor.customerType,
      };
    },

    async 'collection.close-empty'(vars: Vars): Promise<Vars> {
      // Nothing to collect: paid meanwhile, or every item under a dunning block (then dunning keeps the case, paused).
      const c = await caseOf(vars);
      const blocked = typeof vars.blockedItemCount === 'number' && vars.blockedItemCount > 0;
      await closeCase(db, c.id, 'paid', deps.today());
      if (blocked && c.dunningCaseId)
        await db('dunning_cases').where({ id: c.dunningCaseId }).update({ status: 'paused', closed_on: null, close_reason: null });
      return {};
    },

    async 'collection.hand-over-to-agency'(vars: Vars): Promise<Vars> {
      const c = await caseOf(vars);
      await setPath(db, c.id, 'agency');
      const claim = await currentClaim(db, c.contractAccountId);
      const debtor = await debtorOf(db, c.contractAccountId);
      const format = settings.collectionAgencyFormat === 'json' ? 'json' : 'csv';
      const exported = await storeAgencyExport(db, {
        caseId: c.id,
        agency: settings.collectionAgencyName,
        format,
        fileName: `${c.caseNumber}.${format}`,
        content: agencyFile(format, c, debtor, claim, deps.company.name),
        today: deps.today(),
      });
      // The agency's transfer picks the file up from the outbox; writing it again is harmless.
      const dir = path.join(deps.printDirectory, '..', 'collection-outbox');
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, exported.fileName), exported.content);
      if (c.state === 'opened') await advanceCase(db, c.id, 'handed-over');
      await closeCase(db, c.id, 'agency', deps.today());
      return { agencyExportFile: exported.fileName };
    },

    async 'collection.file-court-application'(vars: Vars): Promise<Vars> {
      const c0 = await caseOf(vars);
      await setPath(db, c0.id, 'court');
      const debtor = await debtorOf(db, c0.contractAccountId);
      const { application, claim, feeCents } = await fileCourtApplication(db, c0.id, {
        today: deps.today(),
        // The value of the claim is its main claim; interest and costs are ancillary (§4 ZPO).
        feeCents: (claim) => paymentOrderFeeCents(claim.mainCents, settings.collectionCourtFeeMinCents),
        buildRecord: (claim, fee) => edaFor(c0, debtor, claim, 'MB', fee),
      });
      const c = await caseOf(vars);
      const summary = edaSummary(application.edaRecord);
      const doc = await deps.documents.ensure(
        {
          businessKey: `collection:${c.caseNumber}:court-application`,
          kind: 'court_application',
          fileName: `Mahnantrag-${c.caseNumber}.pdf`,
        },
        async () => {
          const { base } = await letterBase(c, claim, `Antrag auf Erlass eines Mahnbescheids – Prüfexemplar ${c.caseNumber}`);
          const html = deps.templates.letter('court-application', {
            ...base,
            recipient: DUNNING_COURT,
            court: { name: DUNNING_COURT.name },
            claimantId: settings.collectionEdaClaimantId,
            mainItems: claim.items.filter((i) => i.category === 'main').map(letterItem),
            ancillaryItems: claim.items
              .filter((i) => i.category === 'interest' || i.category === 'costs')
              .map((i) => ({ ...letterItem(i), label: basisOf[i.category] })),
            creditItems: claim.items.filter((i) => i.category === 'credit').map((i) => ({ ...letterItem(i), amountCents: -i.openCents })),
            courtFeeCents: feeCents,
            totalCents: claim.totalCents + feeCents,
            edaRecords: summary.records,
            edaControlSumCents: summary.controlSumCents,
          });
          return (await deps.pdf()).render(html);
        },
      );
      await attachApplicationDocument(db, application.id, doc.id);
      return { courtFeeCents: feeCents, courtApplicationDocumentId: doc.id };
    },

    async 'collection.objection-period-over'(vars: Vars): Promise<Vars> {
      const c = await advanceCase(db, str(vars, 'collectionCaseId'), 'objection-period-over');
      return { enforcementOrderDeadline: c.enforcementOrderDeadline };
    },

    async 'collection.send-deadline-reminder'(vars: Vars): Promise<Vars> {
      const c = await caseOf(vars);
      const debtor = await debtorOf(db, c.contractAccountId);
      const mail = deps.templates.mail('collection-deadline-reminder', {
        caseNumber: c.caseNumber,
        accountNumber: c.accountNumber,
        debtorName: debtor.name,
        servedOn: c.paymentOrderServedOn ?? '',
        deadline: c.enforcementOrderDeadline ?? '',
        claimCents: (await currentClaim(db, c.contractAccountId)).totalCents,
      });
      await deps.mailer.sendOnce(db, `collection:${c.caseNumber}:enforcement-deadline-reminder`, {
        to: settings.collectionTeamEmail,
        ...mail,
      });
      return {};
    },

    async 'collection.apply-enforcement-order'(vars: Vars): Promise<Vars> {
      const c = await caseOf(vars);
      const debtor = await debtorOf(db, c.contractAccountId);
      try {
        const a = await applyForEnforcementOrder(db, c.id, {
          today: deps.today(),
          buildRecord: (claim) => edaFor(c, debtor, claim, 'VB', 0),
        });
        return { enforcementOrderAppliedOn: a.filedOn };
      } catch (err) {
        if (err instanceof CollectionError && err.code === 'wrong_state')
          throw new BpmnError('ENFORCEMENT_ORDER_LATE', err.message, { collectionError: err.message });
        throw err;
      }
    },

    async 'collection.record-title'(vars: Vars): Promise<Vars> {
      const c = await advanceCase(db, str(vars, 'collectionCaseId'), 'protest-period-over', {
        title_kind: 'enforcement_order',
        title_on: deps.today(),
      });
      return { titleKind: c.titleKind };
    },

    async 'collection.record-contested-outcome'(vars: Vars): Promise<Vars> {
      const outcome = str(vars, 'contestedOutcome') as ContestedOutcome;
      if (!['won', 'lost', 'settled'].includes(outcome)) throw new Error(`contestedOutcome must be won, lost or settled, not ${outcome}`);
      const c = await caseOf(vars);
      if (c.state === 'closed' || c.state === 'titled') return { contestedOutcome: outcome };
      const r = await recordContestedOutcome(db, c.id, {
        outcome,
        settledCents: outcome === 'settled' ? num(vars, 'settledCents') : undefined,
        today: deps.today(),
      });
      return { contestedOutcome: outcome, writtenOffCents: r.writtenOffCents };
    },

    async 'collection.record-enforcement'(vars: Vars): Promise<Vars> {
      const c = await caseOf(vars);
      const round = typeof vars.enforcementRound === 'number' ? vars.enforcementRound : 0;
      await recordEnforcement(db, c.id, {
        businessKey: `${c.caseNumber}:${round + 1}`,
        measure: str(vars, 'enforcementMeasure') as EnforcementMeasure,
        outcome: str(vars, 'enforcementOutcome') as EnforcementOutcome,
        costCents: typeof vars.enforcementCostCents === 'number' ? vars.enforcementCostCents : 0,
        note: typeof vars.enforcementNote === 'string' ? vars.enforcementNote : undefined,
        today: deps.today(),
      });
      const r = await reassessCase(db, c.id, deps.today());
      return { enforcementRound: round + 1, claimOpenCents: r.openCents, settled: r.settled };
    },

    async 'collection.write-off'(vars: Vars): Promise<Vars> {
      const c = await caseOf(vars);
      if (c.state === 'closed') return { writtenOffCents: 0 };
      const r = await writeOffCase(db, c.id, { reason: str(vars, 'writeOffReason'), today: deps.today() });
      return { writtenOffCents: r.writtenOffCents };
    },

    async 'collection.reassess'(vars: Vars): Promise<Vars> {
      const r = await reassessCase(db, str(vars, 'collectionCaseId'), deps.today());
      // A settled account ends the whole instance: the interrupting sub-process "collection-closed".
      if (r.settled)
        await deps.zeebe.publishMessage({
          name: 'collection-closed',
          correlationKey: r.collectionCase.accountNumber,
          messageId: `collection-closed:${r.collectionCase.caseNumber}`,
          timeToLive: 60_000,
          variables: { closeReason: 'paid' },
        });
      return { claimOpenCents: r.openCents };
    },

    async 'collection.file-insolvency-claim'(vars: Vars): Promise<Vars> {
      const c0 = await caseOf(vars);
      const r = await fileInsolvencyClaim(db, c0.id, {
        today: deps.today(),
        store: async ({ collectionCase: c, insolvency, claim }) => {
          const doc = await deps.documents.ensure(
            {
              businessKey: `collection:${c.caseNumber}:insolvency-claim`,
              kind: 'insolvency_claim',
              fileName: `Forderungsanmeldung-${c.caseNumber}.pdf`,
            },
            async () => {
              const { base } = await letterBase(c, claim, `Forderungsanmeldung gemäß § 174 InsO – ${insolvency.caseReference}`);
              const [street, place = ''] = insolvency.administratorAddress.split(',').map((s) => s.trim());
              const m = /^(\d{5})\s+(.*)$/.exec(place);
              const html = deps.templates.letter('insolvency-claim', {
                ...base,
                recipient: {
                  name: `${insolvency.administratorName} (Insolvenzverwaltung)`,
                  street,
                  houseNumber: '',
                  postalCode: m?.[1] ?? '',
                  city: m?.[2] ?? place,
                },
                insolvency: { court: insolvency.court, caseReference: insolvency.caseReference, openedOn: insolvency.openedOn },
                items: claim.items.filter((i) => i.openCents > 0).map(letterItem),
              });
              return (await deps.pdf()).render(html);
            },
          );
          return doc.id;
        },
      });
      return { insolvencyClaimCents: r.claim.totalCents, insolvencyClaimDocumentId: r.documentId };
    },

    async 'collection.book-insolvency-quota'(vars: Vars): Promise<Vars> {
      const r = await bookInsolvencyQuota(db, str(vars, 'collectionCaseId'), {
        quotaCents: num(vars, 'quotaCents'),
        quotaDate: str(vars, 'quotaDate'),
        today: deps.today(),
      });
      return { quotaCents: r.quotaCents, writtenOffCents: r.writtenOffCents };
    },
  };
}
