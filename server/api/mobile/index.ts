/**
 * The phone app's API (app "Mobil", roles caseworker and admin: server/auth/rules.ts):
 *   POST /api/mobile/credit-checks           {purpose, person} → 200 the result (or 202 {id, status: 'pending'}: poll GET …/{id})
 *   GET  /api/mobile/credit-checks           the caller's query log, newest first
 *   GET  /api/mobile/credit-checks/{id}      one check of the caller
 *   POST /api/mobile/claims                  {debtor, amountCents, invoiceNumber, dueDate, photo: {fileName?, data (base64)}} → 201 the claim
 *   GET  /api/mobile/claims                  the caller's captured claims
 *   GET  /api/mobile/claims/{id}             one claim with the steps of its process
 *   POST /api/mobile/claims/{id}/payment     {paidOn?} → the claim, paid (today if not said): no further step goes out
 *
 * A credit check runs the process credit-check on its own (channel "mobile": the DMN bureau-plan asks
 * every bureau at once); the answer waits a few seconds for it. A claim starts claim-collection.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Settings } from '../../../config/settings';
import { CareError } from '../../../domain/care/errors';
import {
  attachClaimProcess,
  captureClaim,
  claimSchedule,
  claimsOf,
  getClaim,
  markClaimPaid,
  type CapturedClaim,
} from '../../../domain/claims';
import type { GermanState } from '../../../domain/payments/calendar';
import {
  CREDIT_CHECK_PURPOSES,
  attachCreditCheckProcess,
  creditChecksOf,
  failCreditCheck,
  getCreditCheck,
  logCreditCheck,
  purposeLabels,
  type CheckedPerson,
  type CreditCheck,
  type CreditCheckPurpose,
} from '../../../domain/credit-checks';
import { todayInGermany } from '../../../domain/orders';
import { CARE_TAG } from '../openapi';
import {
  InputError,
  NotFound,
  callerOf,
  commonProblems,
  idempotencyHeader,
  idempotencyKeyOf,
  idParams,
  isoDateSchema,
  jsonResponse,
  problemResponse,
  startProcess,
  useAccountingScope,
  type AccountingDeps,
} from '../accounting/http';

export interface MobileDeps extends AccountingDeps {
  settings: Settings;
}

/** How long POST /api/mobile/credit-checks waits for the bureaus before it answers 202. */
export const CREDIT_CHECK_WAIT_MS = 8000;
const POLL_MS = 100;

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const addressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['street', 'houseNumber', 'postalCode', 'city'],
  properties: { street: text(120), houseNumber: text(20), postalCode: text(10), city: text(120) },
} as const;

const creditCheckBody = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose', 'person'],
  properties: {
    purpose: {
      type: 'string',
      enum: [...CREDIT_CHECK_PURPOSES],
      description:
        'The legitimate interest of the query (GDPR Art. 6(1)(f)): Vertragsanbahnung, Forderungsprüfung, bestehende Geschäftsbeziehung',
    },
    person: {
      type: 'object',
      additionalProperties: false,
      required: ['firstName', 'lastName', 'birthDate', 'address'],
      properties: { firstName: text(100), lastName: text(100), birthDate: isoDateSchema, address: addressSchema },
    },
  },
} as const;

const claimBody = {
  type: 'object',
  additionalProperties: false,
  required: ['debtor', 'amountCents', 'invoiceNumber', 'dueDate', 'photo'],
  properties: {
    debtor: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'address', 'email'],
      properties: {
        name: text(200),
        address: addressSchema,
        email: text(254),
        phone: { type: ['string', 'null'], maxLength: 30 },
      },
    },
    amountCents: { type: 'integer', minimum: 1, description: 'The open amount in integer cents (12345 = 123,45 €)' },
    invoiceNumber: text(60),
    dueDate: isoDateSchema,
    photo: {
      type: 'object',
      additionalProperties: false,
      required: ['data'],
      properties: {
        fileName: { type: 'string', maxLength: 200 },
        data: { type: 'string', minLength: 1, description: 'The photo of the invoice, base64 (a data: URL prefix is allowed)' },
      },
    },
  },
} as const;

interface CreditCheckBody {
  purpose: CreditCheckPurpose;
  person: CheckedPerson;
}

interface ClaimBody {
  debtor: { name: string; address: CheckedPerson['address']; email: string; phone?: string | null };
  amountCents: number;
  invoiceNumber: string;
  dueDate: string;
  photo: { fileName?: string; data: string };
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

/** The photo's bytes; a data: URL prefix is dropped. Not base64 → 400 naming the field. */
function photoBytes(data: string): Buffer {
  const payload = data.replace(/^data:[^,]*;base64,/, '');
  if (!BASE64.test(payload)) throw new InputError([{ field: 'photo.data', message: 'must be the photo encoded as base64' }]);
  return Buffer.from(payload, 'base64');
}

export function creditCheckView(c: CreditCheck) {
  return {
    id: c.id,
    status: c.status,
    purpose: c.purpose,
    purposeLabel: purposeLabels[c.purpose],
    person: c.subject,
    trafficLight: c.trafficLight,
    score: c.score,
    fraudSuspicion: c.fraudSuspicion,
    personUnknown: c.personUnknown,
    results: c.results,
    requestedBy: c.requestedBy,
    createdAt: c.createdAt.toISOString(),
    completedAt: c.completedAt?.toISOString() ?? null,
  };
}

export function claimView(c: CapturedClaim, state: GermanState) {
  return {
    id: c.id,
    claimNumber: c.claimNumber,
    status: c.status,
    debtor: c.debtor,
    amountCents: c.amountCents,
    invoiceNumber: c.invoiceNumber,
    dueDate: c.dueDate,
    capturedOn: c.capturedOn,
    capturedBy: c.capturedBy,
    // When the first notice goes out: the next working day after the capture (the process's timer).
    firstNoticeOn: claimSchedule(c.capturedOn, state).firstNoticeAt.slice(0, 10),
    photoUrl: `/api/attachments/${c.photoAttachmentId}`,
    paidOn: c.paidOn,
    handedOverToCollection: c.status === 'collection',
    collectionFile: c.collectionFile,
    processInstanceKey: c.processInstanceKey,
    steps: c.steps,
    createdAt: c.createdAt.toISOString(),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function registerMobileRoutes(app: FastifyInstance, deps: MobileDeps): Promise<void> {
  const today = () => deps.today?.() ?? todayInGermany(new Date());
  const state = deps.settings.dunningHolidayState as GermanState;
  const viewOf = (c: CapturedClaim) => claimView(c, state);
  /** A user sees their own checks and claims; an admin everyone's. */
  const mayRead = (request: FastifyRequest, owner: string) =>
    owner === callerOf(request) || (request.principal?.roles ?? []).includes('admin');

  await app.register(async (scope) => {
    useAccountingScope(scope);

    scope.post<{ Body: CreditCheckBody }>(
      '/api/mobile/credit-checks',
      {
        schema: {
          tags: [CARE_TAG],
          summary: 'Credit check of a person (traffic light and every bureau): logged with its purpose',
          description: `Runs the process credit-check with every bureau. Waits up to ${CREDIT_CHECK_WAIT_MS / 1000} s for the answer; a 202 names the check to poll with GET /api/mobile/credit-checks/{id}.`,
          body: creditCheckBody,
          response: {
            200: jsonResponse('The result'),
            202: jsonResponse('Still asking the bureaus: poll the check'),
            400: problemResponse('Wrong fields in `details`; nothing was logged, no bureau asked'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const check = await logCreditCheck(deps.db, {
          requestedBy: callerOf(request),
          purpose: request.body.purpose,
          person: request.body.person,
          today: today(),
        });
        let key: string;
        try {
          key = await startProcess(deps, 'credit-check', { creditCheckId: check.id, channel: 'mobile', commodity: null });
        } catch (err) {
          await failCreditCheck(deps.db, check.id);
          throw err;
        }
        await attachCreditCheckProcess(deps.db, check.id, key);
        const deadline = Date.now() + CREDIT_CHECK_WAIT_MS;
        let current: CreditCheck | undefined = check;
        while (Date.now() < deadline) {
          current = await getCreditCheck(deps.db, check.id);
          if (current && current.status !== 'pending') return reply.code(200).send(creditCheckView(current));
          await sleep(POLL_MS);
        }
        return reply
          .code(202)
          .header('location', `/api/mobile/credit-checks/${check.id}`)
          .send(creditCheckView(current ?? check));
      },
    );

    scope.get(
      '/api/mobile/credit-checks',
      {
        schema: { tags: [CARE_TAG], summary: "The caller's credit checks (the query log), newest first", response: { ...commonProblems } },
      },
      async (request) => ({ items: (await creditChecksOf(deps.db, callerOf(request))).map(creditCheckView) }),
    );

    scope.get<{ Params: { id: string } }>(
      '/api/mobile/credit-checks/:id',
      {
        schema: {
          tags: [CARE_TAG],
          summary: 'One credit check',
          params: idParams,
          response: { 404: problemResponse('No such check of the caller'), ...commonProblems },
        },
      },
      async (request) => {
        const c = await getCreditCheck(deps.db, request.params.id);
        if (!c || !mayRead(request, c.requestedBy)) throw new NotFound(`credit check ${request.params.id}`);
        return creditCheckView(c);
      },
    );

    scope.post<{ Body: ClaimBody }>(
      '/api/mobile/claims',
      {
        // The photo arrives as base64 (4/3 of its size): bodies up to twice the limit are read, so an
        // oversized photo gets a 400 naming the field; beyond that fastify answers 413.
        bodyLimit: Math.ceil((deps.settings.attachmentMaxBytes * 8) / 3) + 64 * 1024,
        schema: {
          tags: [CARE_TAG],
          summary: 'Capture a claim with a photo of the invoice; collection starts',
          description:
            'The photo must be an image (JPEG, PNG, WebP, HEIC, read from its bytes) within ATTACHMENT_MAX_BYTES. The first notice goes out on the next working day. The same Idempotency-Key answers the claim of the first request.',
          headers: idempotencyHeader('Makes a retried capture answer the claim of the first'),
          body: claimBody,
          response: {
            201: jsonResponse('Captured; its process runs'),
            200: jsonResponse('Captured before with this Idempotency-Key'),
            400: problemResponse('Wrong fields or photo in `details`; nothing was stored'),
            ...commonProblems,
          },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const { claim, created } = await captureClaim(deps.db, {
          debtor: b.debtor,
          amountCents: b.amountCents,
          invoiceNumber: b.invoiceNumber,
          dueDate: b.dueDate,
          photo: { bytes: photoBytes(b.photo.data), filename: b.photo.fileName },
          capturedBy: callerOf(request),
          capturedOn: today(),
          maxPhotoBytes: deps.settings.attachmentMaxBytes,
          idempotencyKey: idempotencyKeyOf(request),
        });
        // A retry whose first start was cut off starts the process now.
        if (!claim.processInstanceKey) {
          const key = await startProcess(deps, 'claim-collection', { claimId: claim.id, claimNumber: claim.claimNumber });
          await attachClaimProcess(deps.db, claim.id, key);
        }
        const view = viewOf((await getClaim(deps.db, claim.id))!);
        return reply.code(created ? 201 : 200).send(view);
      },
    );

    scope.get(
      '/api/mobile/claims',
      { schema: { tags: [CARE_TAG], summary: "The caller's captured claims, newest first", response: { ...commonProblems } } },
      async (request) => ({ items: (await claimsOf(deps.db, callerOf(request))).map(viewOf) }),
    );

    scope.get<{ Params: { id: string } }>(
      '/api/mobile/claims/:id',
      {
        schema: {
          tags: [CARE_TAG],
          summary: 'A captured claim with the steps of its process',
          params: idParams,
          response: { 404: problemResponse('No such claim of the caller'), ...commonProblems },
        },
      },
      async (request) => {
        const c = await getClaim(deps.db, request.params.id);
        if (!c || !mayRead(request, c.capturedBy)) throw new NotFound(`claim ${request.params.id}`);
        return viewOf(c);
      },
    );

    scope.post<{ Params: { id: string }; Body: { paidOn?: string } }>(
      '/api/mobile/claims/:id/payment',
      {
        schema: {
          tags: [CARE_TAG],
          summary: 'The debtor paid: no further notice goes out',
          params: idParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { paidOn: { ...isoDateSchema, description: 'YYYY-MM-DD; today when left out' } },
          },
          response: {
            200: jsonResponse('The claim, paid'),
            400: problemResponse('Wrong fields in `details`'),
            404: problemResponse('No such claim of the caller'),
            409: problemResponse('The claim is with collection already'),
            ...commonProblems,
          },
        },
      },
      async (request) => {
        const c = await getClaim(deps.db, request.params.id);
        if (!c || !mayRead(request, c.capturedBy)) throw new NotFound(`claim ${request.params.id}`);
        const paidOn = request.body.paidOn ?? today();
        if (paidOn > today()) throw new CareError('invalid', 'must not be in the future', 'paidOn');
        return viewOf(await markClaimPaid(deps.db, c.id, paidOn));
      },
    );
  });
}
