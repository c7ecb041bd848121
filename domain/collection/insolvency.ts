/**
 * Insolvency of a debtor (InsO): the report (court, file number, administrator), the claim filed
 * with the administrator (§174 InsO: basis and amount per item), the quota at the end booked as a
 * payment and the rest written off. A report may come while only dunning runs: it is recorded for
 * the account all the same, and a collection case started later finds it.
 */
import type { Database } from '../../db';
import type { Cents } from '../money';
import { isoDate, isValidIsoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { advanceCaseTo, loadCase, loadCaseById, openCaseOfAccount, writeOffCase, type CollectionCase } from './cases';
import { currentClaim, type Claim } from './claim';
import { CollectionError } from './errors';
import { postQuota } from './postings';

export interface InsolvencyReport {
  openedOn: string;
  court: string;
  caseReference: string;
  administrator: { name: string; address: string };
  reportedBy: string;
  today: string;
  /** Called after the commit for a new report; if it fails the report is taken back and the error rethrown. */
  publish?: (insolvency: Insolvency) => Promise<void>;
}

export interface Insolvency {
  id: string;
  contractAccountId: string;
  openedOn: string;
  court: string;
  caseReference: string;
  administratorName: string;
  administratorAddress: string;
  caseId: string | null;
  claimCents: Cents | null;
  claimDocumentId: string | null;
  claimFiledOn: string | null;
  quotaCents: Cents | null;
  quotaOn: string | null;
}

interface InsolvencyRow {
  id: string;
  contract_account_id: string;
  opened_on: Date | string;
  court: string;
  case_reference: string;
  administrator_name: string;
  administrator_address: string;
  case_id: string | null;
  claim_cents: string | null;
  claim_document_id: string | null;
  claim_filed_on: Date | string | null;
  quota_cents: string | null;
  quota_on: Date | string | null;
}

function toInsolvency(r: InsolvencyRow): Insolvency {
  return {
    id: r.id,
    contractAccountId: r.contract_account_id,
    openedOn: isoDate(r.opened_on),
    court: r.court,
    caseReference: r.case_reference,
    administratorName: r.administrator_name,
    administratorAddress: r.administrator_address,
    caseId: r.case_id,
    claimCents: r.claim_cents === null ? null : toCents(r.claim_cents),
    claimDocumentId: r.claim_document_id,
    claimFiledOn: r.claim_filed_on ? isoDate(r.claim_filed_on) : null,
    quotaCents: r.quota_cents === null ? null : toCents(r.quota_cents),
    quotaOn: r.quota_on ? isoDate(r.quota_on) : null,
  };
}

/**
 * Records the report for the account (the same court file number again returns the first record).
 * Returns the account's open collection case, if one runs.
 */
export async function reportInsolvency(
  db: Database,
  accountNumber: string,
  input: InsolvencyReport,
): Promise<{ insolvency: Insolvency; created: boolean; collectionCase: CollectionCase | undefined }> {
  if (!isValidIsoDate(input.openedOn)) throw new CollectionError('invalid', 'must be a date YYYY-MM-DD', 'openedOn');
  if (input.openedOn > input.today) throw new CollectionError('invalid', `${input.openedOn} is in the future`, 'openedOn');
  for (const [field, value] of [
    ['court', input.court],
    ['caseReference', input.caseReference],
    ['administrator.name', input.administrator.name],
    ['administrator.address', input.administrator.address],
  ] as const)
    if (!value.trim()) throw new CollectionError('invalid', 'must not be empty', field);
  const account = (await db('contract_accounts').where({ account_number: accountNumber }).first('id')) as { id: string } | undefined;
  if (!account) throw new CollectionError('not_found', `no contract account ${accountNumber}`);
  const result = await db.transaction(async (trx) => {
    const inserted = (await trx('insolvency_proceedings')
      .insert({
        contract_account_id: account.id,
        opened_on: input.openedOn,
        court: input.court.trim(),
        case_reference: input.caseReference.trim(),
        administrator_name: input.administrator.name.trim(),
        administrator_address: input.administrator.address.trim(),
        reported_by: input.reportedBy,
      })
      .onConflict(['contract_account_id', 'case_reference'])
      .ignore()
      .returning('*')) as InsolvencyRow[];
    const row =
      inserted[0] ??
      ((await trx('insolvency_proceedings')
        .where({ contract_account_id: account.id, case_reference: input.caseReference.trim() })
        .first()) as InsolvencyRow);
    return { insolvency: toInsolvency(row), created: inserted.length > 0, collectionCase: await openCaseOfAccount(trx, account.id) };
  });
  if (result.created && input.publish) {
    try {
      await input.publish(result.insolvency);
    } catch (err) {
      await db('insolvency_proceedings').where({ id: result.insolvency.id }).delete();
      throw err;
    }
  }
  return result;
}

/** The account's latest insolvency. */
export async function insolvencyOfAccount(db: Database, contractAccountId: string): Promise<Insolvency | undefined> {
  const row = (await db('insolvency_proceedings')
    .where({ contract_account_id: contractAccountId })
    .orderBy('created_at', 'desc')
    .first()) as InsolvencyRow | undefined;
  return row && toInsolvency(row);
}

/**
 * Stops the court path and fixes the claim to be filed (§174 InsO). `store` renders and stores the
 * filing once (its id is kept); a retry returns the claim filed first.
 */
export async function fileInsolvencyClaim(
  db: Database,
  caseId: string,
  input: { today: string; store: (data: { collectionCase: CollectionCase; insolvency: Insolvency; claim: Claim }) => Promise<string> },
): Promise<{ insolvency: Insolvency; claim: Claim; documentId: string }> {
  const c = await loadCaseById(db, caseId);
  const insolvency = await insolvencyOfAccount(db, c.contractAccountId);
  if (!insolvency) throw new CollectionError('not_found', `no insolvency reported for account ${c.accountNumber}`);
  const claim = await currentClaim(db, c.contractAccountId);
  if (insolvency.claimDocumentId && insolvency.caseId === caseId) return { insolvency, claim, documentId: insolvency.claimDocumentId };
  await advanceCaseTo(db, caseId, 'insolvency');
  const documentId = await input.store({ collectionCase: await loadCaseById(db, caseId), insolvency, claim });
  await db('insolvency_proceedings')
    .where({ id: insolvency.id })
    .update({ case_id: caseId, claim_cents: claim.totalCents, claim_document_id: documentId, claim_filed_on: input.today });
  return { insolvency: (await insolvencyOfAccount(db, c.contractAccountId))!, claim, documentId };
}

/** The administrator's quota as reported (POST …/insolvency-quota): checked and noted, booked by the process. */
export async function noteInsolvencyQuota(
  db: Database,
  caseNumber: string,
  input: { amountCents: Cents; date: string; today: string; publish?: (c: CollectionCase) => Promise<void> },
): Promise<{ collectionCase: CollectionCase; insolvency: Insolvency }> {
  if (!Number.isInteger(input.amountCents) || input.amountCents < 0)
    throw new CollectionError('invalid', 'must be whole cents ≥ 0', 'amountCents');
  if (!isValidIsoDate(input.date)) throw new CollectionError('invalid', 'must be a date YYYY-MM-DD', 'date');
  if (input.date > input.today) throw new CollectionError('invalid', `${input.date} is in the future`, 'date');
  const result = await db.transaction(async (trx) => {
    const c = await loadCase(trx, caseNumber);
    if (c.state !== 'insolvency')
      throw new CollectionError('wrong_state', `case ${caseNumber} is ${c.state}, not in insolvency proceedings`);
    const row = (await trx('insolvency_proceedings').where({ case_id: c.id }).forUpdate().first()) as InsolvencyRow | undefined;
    if (!row?.claim_document_id) throw new CollectionError('wrong_state', `the claim of ${caseNumber} has not been filed yet`);
    if (row.quota_cents !== null)
      throw new CollectionError(
        'duplicate_event',
        `the quota of ${caseNumber} was already reported (${toCents(row.quota_cents)} cents on ${isoDate(row.quota_on!)})`,
      );
    if (input.amountCents > toCents(row.claim_cents ?? 0))
      throw new CollectionError('invalid', `the quota exceeds the filed claim of ${toCents(row.claim_cents ?? 0)} cents`, 'amountCents');
    await trx('insolvency_proceedings').where({ id: row.id }).update({ quota_cents: input.amountCents, quota_on: input.date });
    return { collectionCase: c, insolvency: toInsolvency({ ...row, quota_cents: String(input.amountCents), quota_on: input.date }) };
  });
  // After the commit (the engine may share the connection); a failed publish takes the quota back.
  try {
    await input.publish?.(result.collectionCase);
  } catch (err) {
    await db('insolvency_proceedings').where({ id: result.insolvency.id }).update({ quota_cents: null, quota_on: null });
    throw err;
  }
  return result;
}

/**
 * Books the quota (as the message carried it: the route's transaction may not be visible yet) as a
 * payment cleared against the claim, writes off the rest, closes the case (insolvency).
 */
export async function bookInsolvencyQuota(
  db: Database,
  caseId: string,
  input: { quotaCents: Cents; quotaDate: string; today: string },
): Promise<{ quotaCents: Cents; writtenOffCents: Cents; collectionCase: CollectionCase }> {
  const c = await loadCaseById(db, caseId);
  const { quotaCents } = input;
  if (c.state === 'closed') return { quotaCents, writtenOffCents: 0, collectionCase: c };
  const row = (await db('insolvency_proceedings').where({ case_id: caseId }).first()) as InsolvencyRow | undefined;
  if (!row) throw new CollectionError('wrong_state', `no insolvency claim filed for ${c.caseNumber}`);
  // Waits for the route's transaction (it holds the row) and notes the quota if it is not there yet.
  await db('insolvency_proceedings')
    .where({ id: row.id })
    .whereNull('quota_cents')
    .update({ quota_cents: quotaCents, quota_on: input.quotaDate });
  const claim = await currentClaim(db, c.contractAccountId);
  await postQuota(db, {
    businessKey: `collection:${c.caseNumber}:insolvency-quota`,
    contractAccountId: c.contractAccountId,
    date: input.quotaDate,
    cents: Math.min(quotaCents, claim.totalCents),
    reference: row.case_reference,
    items: claim.items.filter((i) => i.openCents > 0).map((i) => ({ lineId: i.lineId, openCents: i.openCents })),
  });
  const r = await writeOffCase(db, caseId, {
    reason: `Insolvenzverfahren ${row.case_reference} (${row.court}): Ausfall nach Quote`,
    today: input.today,
    closeReason: 'insolvency',
  });
  return { quotaCents, writtenOffCents: r.writtenOffCents, collectionCase: r.collectionCase };
}
