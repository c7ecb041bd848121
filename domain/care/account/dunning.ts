/**
 * An account's dunning state and history (cases with their notices, blocks, installment agreements),
 * its legal collection cases and what was reported of it to the credit bureaus.
 */
import type { Database } from '../../../db';
import { loadCaseById, type CollectionCase } from '../../collection';
import { blocksOf, casesOfAccount, noticesOfCase, type DunningBlock, type DunningCase, type NoticeSummary } from '../../dunning';
import { listRecords, type RecordInfo } from '../../bureau-reporting';
import { isoDate } from '../../shared/dates';
import { toCents } from '../../shared/db';

export interface AgreementSummary {
  id: string;
  status: 'active' | 'kept' | 'broken';
  totalCents: number;
  rateCount: number;
  firstDueDate: string;
  origin: string;
  createdOn: string;
  endedOn: string | null;
}

export interface AccountDunning {
  /** The case that is not closed, if any: the account's dunning state. */
  openCase: (DunningCase & { notices: NoticeSummary[] }) | null;
  /** Every case, newest first, with its notices. */
  cases: Array<DunningCase & { notices: NoticeSummary[] }>;
  blocks: DunningBlock[];
  agreements: AgreementSummary[];
  collectionCases: CollectionCase[];
  bureauReports: RecordInfo[];
}

export async function accountDunning(db: Database, contractAccountId: string, accountNumber: string): Promise<AccountDunning> {
  const [cases, blocks, agreements, collectionIds, bureauReports] = await Promise.all([
    casesOfAccount(db, contractAccountId),
    blocksOf(db, contractAccountId),
    agreementsOf(db, contractAccountId),
    db('collection_cases').where({ contract_account_id: contractAccountId }).orderBy('created_at', 'desc').pluck('id') as Promise<string[]>,
    listRecords(db, { accountNumber, limit: 100 }),
  ]);
  const withNotices = await Promise.all(cases.map(async (c) => ({ ...c, notices: await noticesOfCase(db, c.id) })));
  return {
    openCase: withNotices.find((c) => c.status !== 'closed') ?? null,
    cases: withNotices,
    blocks,
    agreements,
    collectionCases: await Promise.all(collectionIds.map((id) => loadCaseById(db, id))),
    bureauReports,
  };
}

async function agreementsOf(db: Database, contractAccountId: string): Promise<AgreementSummary[]> {
  const rows = (await db('installment_agreements')
    .where({ contract_account_id: contractAccountId })
    .orderBy('created_at', 'desc')) as Array<Record<string, any>>;
  return rows.map((a) => ({
    id: a.id,
    status: a.status,
    totalCents: toCents(a.total_cents),
    rateCount: Number(a.rate_count),
    firstDueDate: isoDate(a.first_due_date),
    origin: a.origin,
    createdOn: isoDate(a.created_on),
    endedOn: a.ended_on ? isoDate(a.ended_on) : null,
  }));
}
