/**
 * Who may call which REST route: one declarative list, first match wins. Anything under /api,
 * /v2 or /mail that no rule names is admin-only, so a new route is never open by accident.
 *
 * Patterns: `*` is one path segment, `**` any rest (also empty). Methods `*` means all.
 */
import type { Role } from './roles';

export type Access = Role[] | 'public' | 'authenticated';

export interface AccessRule {
  methods: string[] | '*';
  pattern: string;
  access: Access;
}

const READ: Role[] = ['analyst', 'caseworker', 'admin', 'system'];
const MODEL: Role[] = ['analyst', 'admin'];
const TASKS: Role[] = ['caseworker', 'admin'];
const ADMIN: Role[] = ['admin'];
const SYSTEM: Role[] = ['system', 'admin'];
/** Customer matters (readings, installments, bills, balances): case workers, and the portals through the system key. */
const CASES: Role[] = ['caseworker', 'admin', 'system'];
const MUTATE = ['POST', 'PUT', 'PATCH', 'DELETE'];
const GET = ['GET', 'HEAD'];

export const accessRules: AccessRule[] = [
  // Sign-in itself, and the customer's DNB form: the handler checks the link's signed, expiring token
  // (server/customer-links.ts); the order id alone opens nothing.
  { methods: ['POST', 'GET', 'HEAD'], pattern: '/api/session', access: 'public' },
  { methods: ['DELETE', 'PATCH'], pattern: '/api/session', access: 'authenticated' },
  { methods: ['POST'], pattern: '/api/orders/*/data', access: 'public' },
  // The payment page's actions: the handler checks the link's signed, expiring token
  // (server/payment-page/links.ts), which names the account; the account id or number alone opens
  // nothing. The provider's webhook checks its HMAC signature (PAYMENT_PROVIDER_WEBHOOK_SECRET).
  { methods: ['POST'], pattern: '/api/pay/*', access: 'public' },
  { methods: ['POST'], pattern: '/api/payment-provider/webhooks', access: 'public' },
  // The customer portal (server/portal): every handler checks the customer's own portal session
  // (cookie from the mailed sign-in link, CSRF token on changes); the sign-in request answers 202 always.
  { methods: '*', pattern: '/api/portal/**', access: 'public' },
  // The API reference (Swagger UI, its assets, the OpenAPI document at /api/docs/json) holds no data.
  { methods: GET, pattern: '/api/docs/**', access: 'public' },

  { methods: '*', pattern: '/api/users/**', access: ADMIN },
  { methods: '*', pattern: '/api/api-keys/**', access: ADMIN },
  { methods: '*', pattern: '/api/orders/**', access: SYSTEM },
  { methods: GET, pattern: '/api/documents/*', access: ['system', 'admin', 'caseworker'] },
  { methods: '*', pattern: '/api/modeler/**', access: MODEL },
  { methods: '*', pattern: '/api/tasklist/**', access: TASKS },
  { methods: GET, pattern: '/api/cockpit/**', access: MODEL },
  { methods: ['POST'], pattern: '/api/cockpit/**/search', access: MODEL },
  { methods: MUTATE, pattern: '/api/cockpit/**', access: ADMIN },

  // Accounting (server/api/accounting): prices are read by everyone and changed by analysts; money by case workers.
  { methods: GET, pattern: '/api/tariffs/**', access: READ },
  { methods: MUTATE, pattern: '/api/tariffs/**', access: MODEL },
  { methods: GET, pattern: '/api/vat-rates', access: READ },
  { methods: MUTATE, pattern: '/api/vat-rates', access: MODEL },
  { methods: GET, pattern: '/api/base-rates', access: READ },
  { methods: MUTATE, pattern: '/api/base-rates', access: MODEL },
  // Champion/challenger figures of the dunning procedures.
  { methods: GET, pattern: '/api/dunning/strategy', access: ['analyst', 'caseworker', 'admin'] },
  // The payment propensity model: read where the strategy is read, trained by analysts.
  { methods: GET, pattern: '/api/propensity-model', access: ['analyst', 'caseworker', 'admin'] },
  { methods: ['POST'], pattern: '/api/propensity-model/training', access: MODEL },
  // The revenue forecast (server/api/forecast.ts): margins and procurement costs are commercial figures for
  // analysts, not case workers; a POST computes a scenario and stores nothing, the cost bases are kept by analysts.
  { methods: ['GET', 'HEAD', 'POST'], pattern: '/api/forecast', access: MODEL },
  { methods: ['GET', 'HEAD', 'POST'], pattern: '/api/forecast.csv', access: MODEL },
  { methods: ['GET', 'HEAD', 'POST'], pattern: '/api/forecast/cost-bases', access: MODEL },
  { methods: ['GET', 'HEAD', 'POST'], pattern: '/api/contracts/*/readings', access: CASES },
  { methods: ['GET', 'HEAD', 'POST'], pattern: '/api/contracts/*/installment-plan', access: CASES },
  { methods: ['POST'], pattern: '/api/contracts/*/move-out', access: CASES },
  { methods: GET, pattern: '/api/contracts/*/bills', access: CASES },
  { methods: GET, pattern: '/api/bills/**', access: CASES },
  { methods: ['POST'], pattern: '/api/bills/*/cancellation', access: TASKS },
  { methods: ['POST'], pattern: '/api/bills/*/correction', access: TASKS },
  { methods: GET, pattern: '/api/accounts/*/balance', access: CASES },
  // Customer care (server/api/care): cases and their photos are customer matters.
  { methods: GET, pattern: '/api/care-kinds', access: CASES },
  { methods: '*', pattern: '/api/customers/*/care-cases', access: CASES },
  { methods: GET, pattern: '/api/care-cases/*', access: CASES },
  { methods: ['GET', 'HEAD', 'POST'], pattern: '/api/attachments/**', access: CASES },
  // The phone app (server/api/mobile): credit checks and captured claims, by case workers in person.
  { methods: '*', pattern: '/api/mobile/**', access: TASKS },
  // Legal collection (server/api/collection): court events and insolvency from the system (API key) and case workers;
  // write-offs by case workers and admins.
  { methods: ['POST'], pattern: '/api/accounts/*/insolvency', access: CASES },
  { methods: GET, pattern: '/api/collection-cases/**', access: READ },
  { methods: ['POST'], pattern: '/api/collection-cases/*/court-events', access: CASES },
  { methods: ['POST'], pattern: '/api/collection-cases/*/insolvency-quota', access: CASES },
  { methods: ['POST'], pattern: '/api/collection-cases/*/write-off', access: TASKS },
  // Dunning (server/api/accounting/dunning.ts): runs are started by case workers and the system, read by everyone;
  // blocks and installment agreements are customer matters.
  { methods: ['POST'], pattern: '/api/dunning-runs', access: CASES },
  { methods: GET, pattern: '/api/dunning-runs/**', access: READ },
  { methods: GET, pattern: '/api/accounts/*/dunning', access: [...READ] },
  { methods: ['POST'], pattern: '/api/accounts/*/dunning-blocks', access: CASES },
  { methods: ['POST'], pattern: '/api/accounts/*/installment-agreements', access: CASES },
  { methods: ['POST'], pattern: '/api/accounts/*/mandates', access: CASES },
  { methods: GET, pattern: '/api/payment-files/**', access: TASKS },
  { methods: ['POST'], pattern: '/api/payment-runs', access: SYSTEM },
  // Reports to the credit bureaus (server/api/bureau-reports.ts): the log for case workers and analysts; runs by admin and system.
  { methods: GET, pattern: '/api/bureau-reports/**', access: ['analyst', 'caseworker', 'admin'] },
  { methods: ['POST'], pattern: '/api/bureau-report-runs', access: SYSTEM },
  { methods: ['POST'], pattern: '/api/bank-statements', access: CASES },
  // The customer account screen (server/api/care/account.ts, the /care app): search and the whole customer, for case workers.
  { methods: GET, pattern: '/api/care/customers/**', access: TASKS },
  { methods: GET, pattern: '/api/bank-statements/**', access: TASKS },

  // The development mail sink shows every customer mail: admins only (and only in development).
  { methods: '*', pattern: '/mail/**', access: ADMIN },

  // /v2: the clock first, as it has a GET-free but otherwise generic shape.
  { methods: '*', pattern: '/v2/clock/**', access: ADMIN },
  // Documents (claim photos, statements) are customer matters: not for analysts; deleted by admins and the system.
  { methods: [...GET, 'POST'], pattern: '/v2/documents/**', access: CASES },
  { methods: ['DELETE'], pattern: '/v2/documents/*', access: SYSTEM },
  // Batch operations (and their items) change many process instances at once: admins only, reads included.
  { methods: '*', pattern: '/v2/batch-operations/**', access: ADMIN },
  { methods: '*', pattern: '/v2/batch-operation-items/**', access: ADMIN },
  { methods: GET, pattern: '/v2/**', access: READ },
  { methods: ['POST'], pattern: '/v2/**/search', access: READ },
  { methods: ['POST'], pattern: '/v2/deployments', access: MODEL },
  { methods: ['POST'], pattern: '/v2/resources/*/deletion', access: MODEL },
  { methods: ['POST'], pattern: '/v2/decision-definitions/evaluation', access: ['analyst', 'admin', 'system'] },
  { methods: MUTATE, pattern: '/v2/user-tasks/*/**', access: TASKS },
  { methods: ['POST'], pattern: '/v2/jobs/activation', access: SYSTEM },
  { methods: ['POST'], pattern: '/v2/jobs/*/completion', access: SYSTEM },
  { methods: ['POST'], pattern: '/v2/jobs/*/failure', access: SYSTEM },
  { methods: ['POST'], pattern: '/v2/jobs/*/error', access: SYSTEM },
  { methods: ['PATCH'], pattern: '/v2/jobs/*', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances', access: SYSTEM },
  { methods: ['POST'], pattern: '/v2/process-instances/*/cancellation', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances/*/modification', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances/*/migration', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances/cancellation', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances/incident-resolution', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances/migration', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/process-instances/modification', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/messages/**', access: SYSTEM },
  { methods: ['POST'], pattern: '/v2/signals/**', access: ADMIN },
  { methods: ['POST'], pattern: '/v2/incidents/*/resolution', access: ADMIN },
  { methods: ['PUT'], pattern: '/v2/element-instances/*/variables', access: ADMIN },
];

/** The access of a path outside the rules: admin under /api, /v2 and /mail, unchecked elsewhere (web pages check themselves). */
const DEFAULT_PROTECTED: Access = ADMIN;

function compile(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .map((seg) => (seg === '**' ? '\u0000' : seg === '*' ? '[^/]+' : seg.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
    // `/**` also matches nothing, so `/v2/clock/**` covers `/v2/clock`.
    .replace(/\/\u0000/g, '(?:/.*)?');
  return new RegExp(`^${body}/?$`);
}

const compiled = accessRules.map((r) => ({ ...r, re: compile(r.pattern) }));

export function isProtectedPath(path: string): boolean {
  return /^\/(api|v2|mail)(\/|$)/.test(path);
}

/** The access a request needs, by its route's pattern or its path; undefined for paths outside /api, /v2 and /mail. */
export function accessFor(method: string, url: string): Access | undefined {
  // The router decodes %xx before matching, so the rules must see the decoded path too.
  let path: string;
  try {
    path = decodeURIComponent(url.split('?')[0]);
  } catch {
    return DEFAULT_PROTECTED;
  }
  if (!isProtectedPath(path)) return undefined;
  const m = method.toUpperCase();
  for (const r of compiled) {
    if ((r.methods === '*' || r.methods.includes(m)) && r.re.test(path)) return r.access;
  }
  return DEFAULT_PROTECTED;
}

export function allows(access: Access, roles: readonly Role[] | undefined): boolean {
  if (access === 'public') return true;
  if (!roles) return false;
  if (access === 'authenticated') return true;
  return access.some((r) => roles.includes(r));
}
