/**
 * Collection cases: opened from a dunning case after its last level, moved through the court path
 * (court-state.ts), closed as paid, written off, insolvency or handed to an agency. The dunning case
 * shows 'collection' while its collection runs and is closed with the same reason.
 */
import type { Database } from '../../db';
import { clearAccount } from '../ledger';
import type { Cents } from '../money';
import { addDays, addMonths, isoDate, isValidIsoDate } from '../shared/dates';
import { toCents } from '../shared/db';
import { currentClaim, type Claim, type ClaimItem } from './claim';
import { nextState, type CollectionEvent, type CollectionState, type CourtEventKind } from './court-state';
import { CollectionError } from './errors';
import { postCollectionCost, postWriteOff } from './postings';

export type CloseReason = 'paid' | 'written_off' | 'insolvency' | 'agency';

export interface CollectionCase {
  id: string;
  caseNumber: string;
  dunningCaseId: string | null;
  contractAccountId: string;
  accountNumber: string;
  path: 'agency' | 'court' | null;
  state: CollectionState;
  claimCents: Cents;
  courtFeeCents: Cents;
  openedOn: string;
  paymentOrderServedOn: string | null;
  objectionDeadline: string | null;
  enforcementOrderDeadline: string | null;
  enforcementOrderServedOn: string | null;
  protestDeadline: string | null;
  titleKind: string | null;
  titleOn: string | null;
  closedOn: string | null;
  closeReason: CloseReason | null;
}

interface CaseRow {
  id: string;
  case_number: string;
  dunning_case_id: string | null;
  contract_account_id: string;
  account_number: string;
  path: 'agency' | 'court' | null;
  state: CollectionState;
  claim_cents: string;
  court_fee_cents: string;
  opened_on: Date | string;
  payment_order_served_on: Date | string | null;
  objection_deadline: Date | string | null;
  enforcement_order_deadline: Date | string | null;
  enforcement_order_served_on: Date | string | null;
  protest_deadline: Date | string | null;
  title_kind: string | null;
  title_on: Date | string | null;
  closed_on: Date | string | null;
  close_reason: CloseReason | null;
}

const day = (v: Date | string | null) => (v === null ? null : isoDate(v));

function toCase(r: CaseRow): CollectionCase {
  return {
    id: r.id,
    caseNumber: r.case_number,
    dunningCaseId: r.dunning_case_id,
    contractAccountId: r.contract_account_id,
    accountNumber: r.account_number,
    path: r.path,
    state: r.state,
    claimCents: toCents(r.claim_cents),
    courtFeeCents: toCents(r.court_fee_cents),
    openedOn: isoDate(r.opened_on),
    paymentOrderServedOn: day(r.payment_order_served_on),
    objectionDeadline: day(r.objection_deadline),
    enforcementOrderDeadline: day(r.enforcement_order_deadline),
    enforcementOrderServedOn: day(r.enforcement_order_served_on),
    protestDeadline: day(r.protest_deadline),
    titleKind: r.title_kind,
    titleOn: day(r.title_on),
    closedOn: day(r.closed_on),
    closeReason: r.close_reason,
  };
}

function caseQuery(db: Database) {
  return db('collection_cases as c').join('contract_accounts as a', 'a.id', 'c.contract_account_id').select('c.*', 'a.account_number');
}

export async function findCase(db: Database, caseNumber: string): Promise<CollectionCase | undefined> {
  const row = (await caseQuery(db).where('c.case_number', caseNumber).first()) as CaseRow | undefined;
  return row && toCase(row);
}

export async function loadCase(db: Database, caseNumber: string): Promise<CollectionCase> {
  const c = await findCase(db, caseNumber);
  if (!c) throw new CollectionError('not_found', `no collection case ${caseNumber}`);
  return c;
}

export async function loadCaseById(db: Database, id: string): Promise<CollectionCase> {
  const row = (await caseQuery(db).where('c.id', id).first()) as CaseRow | undefined;
  if (!row) throw new CollectionError('not_found', `no collection case ${id}`);
  return toCase(row);
}

/** The case of an account that is not closed, if any. */
export async function openCaseOfAccount(db: Database, contractAccountId: string): Promise<CollectionCase | undefined> {
  const row = (await caseQuery(db).where('c.contract_account_id', contractAccountId).whereNot('c.state', 'closed').first()) as
    CaseRow | undefined;
  return row && toCase(row);
}

/**
 * Opens the case with a snapshot of the claim; a retry (same dunning case, or the account's case
 * still open) returns the case opened first. The dunning case turns to 'collection'.
 */
export async function openCollectionCase(
  db: Database,
  input: { contractAccountId: string; dunningCaseId?: string | null; today: string; processInstanceKey?: string },
): Promise<{ collectionCase: CollectionCase; claim: Claim; created: boolean }> {
  return db.transaction(async (trx) => {
    const existing = input.dunningCaseId
      ? ((await caseQuery(trx).where('c.dunning_case_id', input.dunningCaseId).first()) as CaseRow | undefined)
      : undefined;
    const found = existing ? toCase(existing) : await openCaseOfAccount(trx, input.contractAccountId);
    const claim = await currentClaim(trx, input.contractAccountId);
    if (found) return { collectionCase: found, claim, created: false };
    const seq = (await trx.raw(`SELECT nextval('collection_case_number_seq') AS n`)) as { rows: Array<{ n: string | number }> };
    const caseNumber = `INK-${input.today.slice(0, 4)}-${String(seq.rows[0].n).padStart(6, '0')}`;
    const [row] = (await trx('collection_cases')
      .insert({
        case_number: caseNumber,
        dunning_case_id: input.dunningCaseId ?? null,
        contract_account_id: input.contractAccountId,
        claim_cents: claim.totalCents,
        opened_on: input.today,
        process_instance_key: input.processInstanceKey ?? null,
      })
      .returning('id')) as Array<{ id: string }>;
    if (claim.items.length)
      await trx('collection_claim_items').insert(
        claim.items.map((i) => ({
          case_id: row.id,
          line_id: i.lineId,
          item_type: i.itemType,
          document_number: i.documentNumber,
          text: i.text,
          due_date: i.dueDate,
          open_cents: i.openCents,
        })),
      );
    if (input.dunningCaseId)
      await trx('dunning_cases').where({ id: input.dunningCaseId }).whereNot('status', 'closed').update({ status: 'collection' });
    return { collectionCase: await loadCaseById(trx, row.id), claim, created: true };
  });
}

/** Moves the case by an event of the process; a retry that finds the case already there changes nothing. */
export async function advanceCase(
  db: Database,
  caseId: string,
  event: CollectionEvent,
  patch: Record<string, unknown> = {},
): Promise<CollectionCase> {
  return db.transaction(async (trx) => {
    const c = await lockCase(trx, caseId);
    const target = transitionTarget(event);
    if (c.state === target) return c;
    const state = nextState(c.state, event);
    await trx('collection_cases')
      .where({ id: caseId })
      .update({ ...patch, state });
    return loadCaseById(trx, caseId);
  });
}

/** Insolvency stops any path (§89 InsO: no enforcement by single creditors): only a closed case stays. */
export async function advanceCaseTo(db: Database, caseId: string, state: 'insolvency'): Promise<CollectionCase> {
  return db.transaction(async (trx) => {
    const c = await lockCase(trx, caseId);
    if (c.state === 'closed') throw new CollectionError('wrong_state', `case ${c.caseNumber} is closed`);
    if (c.state !== state) await trx('collection_cases').where({ id: caseId }).update({ state });
    return loadCaseById(trx, caseId);
  });
}

function transitionTarget(event: CollectionEvent): CollectionState {
  // nextState from any valid source gives the target; try the sources in turn.
  for (const s of [
    'opened',
    'application_filed',
    'payment_order_served',
    'enforcement_order_due',
    'enforcement_order_applied',
    'enforcement_order_served',
    'contested',
  ] as const) {
    try {
      return nextState(s, event);
    } catch {
      // not from this state
    }
  }
  throw new CollectionError('invalid', `unknown event ${event}`);
}

async function lockCase(db: Database, caseId: string): Promise<CollectionCase> {
  await db('collection_cases').where({ id: caseId }).forUpdate().first('id');
  return loadCaseById(db, caseId);
}

export async function setPath(db: Database, caseId: string, path: 'agency' | 'court'): Promise<void> {
  await db('collection_cases').where({ id: caseId }).whereNull('path').update({ path });
}

// ---- Court events (REST) --------------------------------------------------------------------------

export interface CourtEventInput {
  kind: CourtEventKind;
  date: string;
  details?: Record<string, unknown>;
  recordedBy: string;
  today: string;
  /**
   * Called after the commit (the engine may share the database connection, so not inside the
   * transaction); if it fails the event is taken back and the error rethrown: nothing stays stored.
   */
  publish?: (result: CourtEventResult) => Promise<void>;
}

/** What the process is told: the message and its variables (deadlines as timer dates). */
export interface CourtEventResult {
  collectionCase: CollectionCase;
  eventId: string;
  messageName: string;
  variables: Record<string, string>;
}

export const courtMessageNames: Record<CourtEventKind, string> = {
  'payment-order-served': 'court-payment-order-served',
  objection: 'court-objection',
  'enforcement-order-served': 'court-enforcement-order-served',
  protest: 'court-protest',
};

/**
 * Records an event of the court after checking it fits the case: a date (not in the future, not
 * before the step it answers), the state (wrong order → wrong_state), once per kind (a second
 * "served" → duplicate_event). All or nothing.
 */
export async function recordCourtEvent(db: Database, caseNumber: string, input: CourtEventInput): Promise<CourtEventResult> {
  if (!isValidIsoDate(input.date)) throw new CollectionError('invalid', 'must be a date YYYY-MM-DD', 'date');
  if (input.date > input.today) throw new CollectionError('invalid', `${input.date} is in the future`, 'date');
  const result = await db.transaction(async (trx) => {
    const found = await loadCase(trx, caseNumber);
    const c = await lockCase(trx, found.id);
    const previous = (await trx('collection_cases').where({ id: c.id }).first()) as Record<string, unknown>;
    const before = (await trx('collection_court_events').where({ case_id: c.id, kind: input.kind }).first('event_date', 'created_at')) as
      { event_date: Date | string } | undefined;
    if (before)
      throw new CollectionError(
        'duplicate_event',
        `${input.kind} was already recorded for ${caseNumber} (date ${isoDate(before.event_date)}); a court event counts once`,
      );
    const state = nextState(c.state, input.kind);
    const patch: Record<string, unknown> = { state };
    const variables: Record<string, string> = { courtEventKind: input.kind, courtEventDate: input.date };
    if (input.kind === 'payment-order-served') {
      const filed = (await trx('collection_court_applications').where({ case_id: c.id, kind: 'payment_order' }).first('filed_on')) as {
        filed_on: Date | string;
      };
      if (input.date < isoDate(filed.filed_on))
        throw new CollectionError('invalid', `served before the application of ${isoDate(filed.filed_on)}`, 'date');
      // Two weeks for an objection (§692 (1) no. 3 ZPO); six months for the enforcement order (§701 ZPO).
      Object.assign(patch, {
        payment_order_served_on: input.date,
        objection_deadline: addDays(input.date, 14),
        enforcement_order_deadline: addMonths(input.date, 6),
      });
      variables.objectionEndsAt = endOfDayInGermany(addDays(input.date, 14));
      variables.enforcementOrderDeadlineAt = endOfDayInGermany(addMonths(input.date, 6));
      variables.enforcementOrderReminderAt = endOfDayInGermany(addDays(addMonths(input.date, 6), -14));
    } else if (input.kind === 'enforcement-order-served') {
      // Two weeks for a protest (§§700, 339 ZPO).
      Object.assign(patch, { enforcement_order_served_on: input.date, protest_deadline: addDays(input.date, 14) });
      variables.protestEndsAt = endOfDayInGermany(addDays(input.date, 14));
    } else {
      const since = input.kind === 'objection' ? c.paymentOrderServedOn : c.enforcementOrderServedOn;
      if (since && input.date < since) throw new CollectionError('invalid', `${input.kind} dated before the service on ${since}`, 'date');
    }
    const [event] = (await trx('collection_court_events')
      .insert({
        case_id: c.id,
        kind: input.kind,
        event_date: input.date,
        details: JSON.stringify(input.details ?? {}),
        recorded_by: input.recordedBy,
      })
      .returning('id')) as Array<{ id: string }>;
    await trx('collection_cases').where({ id: c.id }).update(patch);
    const res = { collectionCase: await loadCaseById(trx, c.id), eventId: event.id, messageName: courtMessageNames[input.kind], variables };
    return { res, previous, changed: Object.keys(patch) };
  });
  try {
    await input.publish?.(result.res);
  } catch (err) {
    await db.transaction(async (trx) => {
      await trx('collection_court_events').where({ id: result.res.eventId }).delete();
      await trx('collection_cases')
        .where({ id: result.res.collectionCase.id })
        .update(Object.fromEntries(result.changed.map((k) => [k, result.previous[k]])));
    });
    throw err;
  }
  return result.res;
}

/** The instant a deadline day ends in Germany (midnight after it), as ISO date-time for a timer. */
export function endOfDayInGermany(date: string): string {
  const next = addDays(date, 1);
  for (const offset of ['+01:00', '+02:00']) {
    const at = new Date(`${next}T00:00:00${offset}`);
    const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' }).format(at);
    if (hour === '00') return `${next}T00:00:00${offset}`;
  }
  return `${next}T00:00:00+01:00`;
}

// ---- Court applications ----------------------------------------------------------------------------

export interface CourtApplication {
  id: string;
  kind: 'payment_order' | 'enforcement_order';
  filedOn: string;
  edaRecord: string;
  documentId: string | null;
  feeDocumentId: string | null;
}

/**
 * Files the application for a payment order: the court fee as a customer item (the claim's value is
 * its main claim, §4 ZPO), the EDA record, the state. `buildRecord` gets the claim and the fee.
 */
export async function fileCourtApplication(
  db: Database,
  caseId: string,
  input: { today: string; feeCents: (claim: Claim) => Cents; buildRecord: (claim: Claim, feeCents: Cents) => string },
): Promise<{ application: CourtApplication; claim: Claim; feeCents: Cents }> {
  return db.transaction(async (trx) => {
    const c = await lockCase(trx, caseId);
    const existing = await applicationOf(trx, caseId, 'payment_order');
    const claim = await currentClaim(trx, c.contractAccountId);
    if (existing) return { application: existing, claim: await claimAtFiling(trx, c), feeCents: c.courtFeeCents };
    const feeCents = input.feeCents(claim);
    const fee = await postCollectionCost(trx, {
      businessKey: `collection:${c.caseNumber}:court-fee`,
      contractAccountId: c.contractAccountId,
      date: input.today,
      cents: feeCents,
      reference: c.caseNumber,
      text: `Gerichtskosten Mahnverfahren ${c.caseNumber}`,
    });
    const record = input.buildRecord(claim, feeCents);
    await trx('collection_court_applications').insert({
      case_id: caseId,
      kind: 'payment_order',
      filed_on: input.today,
      eda_record: record,
      fee_document_id: fee?.id ?? null,
    });
    await trx('collection_cases')
      .where({ id: caseId })
      .update({ state: nextState(c.state, 'application-filed'), court_fee_cents: feeCents, claim_cents: claim.totalCents });
    return { application: (await applicationOf(trx, caseId, 'payment_order'))!, claim, feeCents };
  });
}

/** The claim as filed: the current one without the court fee item (which came with the filing). */
async function claimAtFiling(db: Database, c: CollectionCase): Promise<Claim> {
  const claim = await currentClaim(db, c.contractAccountId);
  const feeLine = (await db('ledger_documents as d')
    .join('ledger_lines as l', 'l.document_id', 'd.id')
    .where({ 'd.business_key': `collection:${c.caseNumber}:court-fee`, 'l.gl_account': 'receivable' })
    .first('l.id')) as { id: string } | undefined;
  const items = claim.items.filter((i) => i.lineId !== feeLine?.id);
  return { ...claim, items };
}

/** Applies for the enforcement order (Vollstreckungsbescheid) within the six months. */
export async function applyForEnforcementOrder(
  db: Database,
  caseId: string,
  input: { today: string; buildRecord: (claim: Claim) => string },
): Promise<CourtApplication> {
  return db.transaction(async (trx) => {
    const c = await lockCase(trx, caseId);
    const existing = await applicationOf(trx, caseId, 'enforcement_order');
    if (existing) return existing;
    if (c.enforcementOrderDeadline && input.today > c.enforcementOrderDeadline)
      throw new CollectionError(
        'wrong_state',
        `the six months for the enforcement order ended on ${c.enforcementOrderDeadline} (§701 ZPO)`,
      );
    const state = nextState(c.state, 'enforcement-order-applied');
    const claim = await currentClaim(trx, c.contractAccountId);
    await trx('collection_court_applications').insert({
      case_id: caseId,
      kind: 'enforcement_order',
      filed_on: input.today,
      eda_record: input.buildRecord(claim),
    });
    await trx('collection_cases').where({ id: caseId }).update({ state });
    return (await applicationOf(trx, caseId, 'enforcement_order'))!;
  });
}

export async function applicationOf(db: Database, caseId: string, kind: CourtApplication['kind']): Promise<CourtApplication | undefined> {
  const r = (await db('collection_court_applications').where({ case_id: caseId, kind }).first()) as
    | {
        id: string;
        kind: CourtApplication['kind'];
        filed_on: Date | string;
        eda_record: string;
        document_id: string | null;
        fee_document_id: string | null;
      }
    | undefined;
  return (
    r && {
      id: r.id,
      kind: r.kind,
      filedOn: isoDate(r.filed_on),
      edaRecord: r.eda_record,
      documentId: r.document_id,
      feeDocumentId: r.fee_document_id,
    }
  );
}

export async function attachApplicationDocument(db: Database, applicationId: string, documentId: string): Promise<void> {
  await db('collection_court_applications').where({ id: applicationId }).update({ document_id: documentId });
}

// ---- Title, contested proceedings, enforcement -----------------------------------------------------

export type ContestedOutcome = 'won' | 'lost' | 'settled';

/**
 * The lawyer's outcome of contested proceedings: won → title (judgment); settled → title
 * (settlement, §794 ZPO) and the part beyond the settled amount written off; lost → all written off.
 */
export async function recordContestedOutcome(
  db: Database,
  caseId: string,
  input: { outcome: ContestedOutcome; settledCents?: Cents; today: string },
): Promise<{ collectionCase: CollectionCase; writtenOffCents: Cents }> {
  const c = await loadCaseById(db, caseId);
  if (input.outcome === 'lost') {
    const r = await writeOffCase(db, caseId, {
      reason: 'Klage abgewiesen (streitiges Verfahren verloren)',
      today: input.today,
      event: 'contested-lost',
    });
    return { collectionCase: r.collectionCase, writtenOffCents: r.writtenOffCents };
  }
  let writtenOffCents = 0;
  if (input.outcome === 'settled') {
    const settled = input.settledCents;
    if (settled === undefined || !Number.isInteger(settled) || settled < 0)
      throw new CollectionError('invalid', 'a settlement needs settledCents ≥ 0', 'settledCents');
    const claim = await currentClaim(db, c.contractAccountId);
    const debits = claim.items.filter((i) => i.openCents > 0);
    const excess = Math.max(0, debits.reduce((s, i) => s + i.openCents, 0) - claim.creditCents - settled);
    // The waived part comes off the ancillary items first, then the newest main items.
    const order = [...debits].sort((a, b) => rank(a) - rank(b) || (b.dueDate ?? '').localeCompare(a.dueDate ?? ''));
    const items: Array<{ lineId: string; cents: Cents; text: string }> = [];
    let left = excess;
    for (const i of order) {
      if (left <= 0) break;
      const cents = Math.min(left, i.openCents);
      items.push({ lineId: i.lineId, cents, text: `${i.documentNumber} ${i.text}` });
      left -= cents;
    }
    await postWriteOff(db, {
      businessKey: `collection:${c.caseNumber}:settlement`,
      contractAccountId: c.contractAccountId,
      date: input.today,
      reason: 'Vergleich im streitigen Verfahren',
      items,
    });
    writtenOffCents = excess;
  }
  const event = input.outcome === 'won' ? 'contested-won' : 'contested-settled';
  const collectionCase = await advanceCase(db, caseId, event, {
    title_kind: input.outcome === 'won' ? 'judgment' : 'settlement',
    title_on: input.today,
  });
  return { collectionCase, writtenOffCents };
}

const rank = (i: ClaimItem) => (i.category === 'main' ? 1 : 0);

export type EnforcementMeasure = 'bailiff' | 'garnishment';
export type EnforcementOutcome = 'successful' | 'partial' | 'fruitless';

/** Records an enforcement measure and books its costs (once per business key). */
export async function recordEnforcement(
  db: Database,
  caseId: string,
  input: { businessKey: string; measure: EnforcementMeasure; outcome: EnforcementOutcome; costCents: Cents; note?: string; today: string },
): Promise<{ id: string; costDocumentId: string | null }> {
  if (!['bailiff', 'garnishment'].includes(input.measure))
    throw new CollectionError('invalid', 'must be bailiff or garnishment', 'measure');
  if (!['successful', 'partial', 'fruitless'].includes(input.outcome))
    throw new CollectionError('invalid', 'must be successful, partial or fruitless', 'outcome');
  if (!Number.isInteger(input.costCents) || input.costCents < 0)
    throw new CollectionError('invalid', 'must be whole cents ≥ 0', 'costCents');
  return db.transaction(async (trx) => {
    const existing = (await trx('collection_enforcements').where({ business_key: input.businessKey }).first('id', 'cost_document_id')) as
      { id: string; cost_document_id: string | null } | undefined;
    if (existing) return { id: existing.id, costDocumentId: existing.cost_document_id };
    const c = await lockCase(trx, caseId);
    if (c.state !== 'titled') throw new CollectionError('wrong_state', `enforcement needs a title; the case is ${c.state}`);
    const label = input.measure === 'bailiff' ? 'Gerichtsvollzieherkosten' : 'Kosten Pfändungs- und Überweisungsbeschluss';
    const doc = await postCollectionCost(trx, {
      businessKey: `collection:${input.businessKey}:cost`,
      contractAccountId: c.contractAccountId,
      date: input.today,
      cents: input.costCents,
      reference: c.caseNumber,
      text: `${label} ${c.caseNumber}`,
    });
    const [row] = (await trx('collection_enforcements')
      .insert({
        business_key: input.businessKey,
        case_id: caseId,
        measure: input.measure,
        outcome: input.outcome,
        cost_cents: input.costCents,
        cost_document_id: doc?.id ?? null,
        note: input.note ?? null,
        recorded_on: input.today,
      })
      .returning('id')) as Array<{ id: string }>;
    return { id: row.id, costDocumentId: doc?.id ?? null };
  });
}

// ---- Closing ---------------------------------------------------------------------------------------

/** Closes the case and its dunning case; a closed case stays as it was closed. */
export async function closeCase(
  db: Database,
  caseId: string,
  reason: CloseReason,
  today: string,
  extra: Record<string, unknown> = {},
): Promise<CollectionCase> {
  return db.transaction(async (trx) => {
    const c = await lockCase(trx, caseId);
    if (c.state === 'closed') return c;
    await trx('collection_cases')
      .where({ id: caseId })
      .update({ ...extra, state: 'closed', closed_on: today, close_reason: reason });
    if (c.dunningCaseId)
      await trx('dunning_cases')
        .where({ id: c.dunningCaseId })
        .whereNot('status', 'closed')
        .update({ status: 'closed', closed_on: today, close_reason: reason });
    return loadCaseById(trx, caseId);
  });
}

/**
 * Writes off what is still open of the claim (the account's unblocked debit items, after open
 * credits cleared them) and closes the case as written off.
 */
export async function writeOffCase(
  db: Database,
  caseId: string,
  input: { reason: string; today: string; event?: CollectionEvent; closeReason?: CloseReason; businessKey?: string },
): Promise<{ collectionCase: CollectionCase; writtenOffCents: Cents; documentId: string | null }> {
  const reason = input.reason.trim();
  if (!reason) throw new CollectionError('invalid', 'a write-off needs a reason', 'reason');
  const c = await loadCaseById(db, caseId);
  if (c.state === 'closed') throw new CollectionError('wrong_state', `case ${c.caseNumber} is closed (${c.closeReason ?? ''})`);
  // Open credits (a payment not yet cleared) settle debits first; only the rest is lost.
  await clearAccount(db, c.contractAccountId, `collection:${c.caseNumber}:before-write-off:${input.today}`, input.today);
  const claim = await currentClaim(db, c.contractAccountId);
  const items = claim.items
    .filter((i) => i.openCents > 0)
    .map((i) => ({ lineId: i.lineId, cents: i.openCents, text: `${i.documentNumber} ${i.text}` }));
  const doc = await postWriteOff(db, {
    businessKey: input.businessKey ?? `collection:${c.caseNumber}:write-off`,
    contractAccountId: c.contractAccountId,
    date: input.today,
    reason,
    items,
  });
  const writtenOffCents = doc ? doc.lines.filter((l) => l.glAccount === 'write_off').reduce((s, l) => s + l.amountCents, 0) : 0;
  const collectionCase = await closeCase(db, caseId, input.closeReason ?? 'written_off', input.today, { write_off_reason: reason });
  return { collectionCase, writtenOffCents, documentId: doc?.id ?? null };
}

/** After a payment: the claim now; a settled account closes the case as paid. */
export async function reassessCase(
  db: Database,
  caseId: string,
  today: string,
): Promise<{ collectionCase: CollectionCase; openCents: Cents; settled: boolean }> {
  const c = await loadCaseById(db, caseId);
  const claim = await currentClaim(db, c.contractAccountId);
  if (c.state === 'closed') return { collectionCase: c, openCents: claim.totalCents, settled: c.closeReason === 'paid' };
  if (claim.totalCents > 0) return { collectionCase: c, openCents: claim.totalCents, settled: false };
  return { collectionCase: await closeCase(db, caseId, 'paid', today), openCents: 0, settled: true };
}

/** The debtor as the court and the letters name them. */
export async function debtorOf(db: Database, contractAccountId: string) {
  const r = (await db('contract_accounts as a')
    .join('customers as c', 'c.id', 'a.customer_id')
    .where('a.id', contractAccountId)
    .first(
      'a.account_number',
      'a.billing_address',
      'c.customer_number',
      'c.first_name',
      'c.last_name',
      'c.birth_date',
      'c.email',
      'c.customer_type',
    )) as {
    account_number: string;
    billing_address: { street?: string; houseNumber?: string; postalCode?: string; city?: string } | string;
    customer_number: string;
    first_name: string;
    last_name: string;
    birth_date: Date | string | null;
    email: string;
    customer_type: 'consumer' | 'business';
  };
  const address = (typeof r.billing_address === 'string' ? JSON.parse(r.billing_address) : r.billing_address) as Record<
    string,
    string | undefined
  >;
  return {
    accountNumber: r.account_number,
    customerNumber: r.customer_number,
    name: `${r.first_name} ${r.last_name}`,
    street: address.street ?? '',
    houseNumber: address.houseNumber ?? '',
    postalCode: address.postalCode ?? '',
    city: address.city ?? '',
    birthDate: r.birth_date ? isoDate(r.birth_date) : null,
    email: r.email,
    customerType: r.customer_type,
  };
}
