/**
 * An account's dunning state and history (cases with their notices, blocks, installment agreements),
 * its legal collection cases and what was reported of it to the credit bureaus.
 */
import type { Database } from '../../../db';
import { loadCaseById, type CollectionCase } from '../../collection';
import {
  agreementsOfAccount,
  blocksOf,
  casesOfAccount,
  noticesOfCase,
  type AgreementSummary,
  type DunningBlock,
  type DunningCase,
  type NoticeSummary,
} from '../../dunning';
import { listRecords, type RecordInfo } from '../../bureau-reporting';

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
    agreementsOfAccount(db, contractAccountId),
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
