/**
 * The court path of a collection case as a state machine (§§688–703 ZPO): which event may come in
 * which state. The REST route and the workers both move a case only through `nextState`, so a court
 * message in the wrong order is refused before anything is stored or published.
 */
import { CollectionError } from './errors';

export type CollectionState =
  | 'opened'
  | 'handed_over'
  | 'application_filed'
  | 'payment_order_served'
  | 'enforcement_order_due'
  | 'enforcement_order_applied'
  | 'enforcement_order_served'
  | 'contested'
  | 'titled'
  | 'insolvency'
  | 'closed';

/** Events the court reports (POST /api/collection-cases/{caseNumber}/court-events). */
export const courtEventKinds = ['payment-order-served', 'objection', 'enforcement-order-served', 'protest'] as const;
export type CourtEventKind = (typeof courtEventKinds)[number];

/** Steps of the process itself. */
export type InternalEvent =
  | 'handed-over'
  | 'application-filed'
  | 'objection-period-over'
  | 'enforcement-order-applied'
  | 'protest-period-over'
  | 'contested-won'
  | 'contested-settled'
  | 'contested-lost';

export type CollectionEvent = CourtEventKind | InternalEvent;

const transitions: Record<CollectionEvent, { from: CollectionState[]; to: CollectionState }> = {
  'handed-over': { from: ['opened'], to: 'handed_over' },
  'application-filed': { from: ['opened'], to: 'application_filed' },
  'payment-order-served': { from: ['application_filed'], to: 'payment_order_served' },
  // Strict: an objection counts within the two weeks the process waits for it; a late one (§694 (2)
  // ZPO, treated as protest once the enforcement order is out) is left to the case worker.
  objection: { from: ['payment_order_served'], to: 'contested' },
  'objection-period-over': { from: ['payment_order_served'], to: 'enforcement_order_due' },
  'enforcement-order-applied': { from: ['enforcement_order_due'], to: 'enforcement_order_applied' },
  'enforcement-order-served': { from: ['enforcement_order_applied'], to: 'enforcement_order_served' },
  protest: { from: ['enforcement_order_served'], to: 'contested' },
  'protest-period-over': { from: ['enforcement_order_served'], to: 'titled' },
  'contested-won': { from: ['contested'], to: 'titled' },
  'contested-settled': { from: ['contested'], to: 'titled' },
  'contested-lost': { from: ['contested'], to: 'closed' },
};

const stateNames: Record<CollectionState, string> = {
  opened: 'eröffnet',
  handed_over: 'an Inkasso übergeben',
  application_filed: 'Mahnbescheid beantragt',
  payment_order_served: 'Mahnbescheid zugestellt',
  enforcement_order_due: 'Vollstreckungsbescheid zu beantragen',
  enforcement_order_applied: 'Vollstreckungsbescheid beantragt',
  enforcement_order_served: 'Vollstreckungsbescheid zugestellt',
  contested: 'streitiges Verfahren',
  titled: 'tituliert',
  insolvency: 'Insolvenzverfahren',
  closed: 'abgeschlossen',
};

/** The state after `event`, or a `wrong_state` error naming the current state and what was expected. */
export function nextState(current: CollectionState, event: CollectionEvent): CollectionState {
  const t = transitions[event];
  if (!t.from.includes(current))
    throw new CollectionError(
      'wrong_state',
      `${event} is not possible while the case is ${current} (${stateNames[current]}); expected in ${t.from.join(' or ')}`,
    );
  return t.to;
}

export function isCourtEventKind(kind: unknown): kind is CourtEventKind {
  return typeof kind === 'string' && (courtEventKinds as readonly string[]).includes(kind);
}
