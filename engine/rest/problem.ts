/**
 * RFC 9457 problem details, as Camunda 8.8's REST API sends them, and the mapping of engine
 * errors and request validation failures to them. Field-level details go into `details`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EngineError, EvaluationError, type EngineErrorCode, type ErrorDetail } from '../errors';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  /** Which request field (or BPMN element, form …) is wrong, and why. */
  details?: ErrorDetail[];
  /** For internal errors: the id under which the error is logged (the answer never shows its text). */
  errorId?: string;
}

/** Status and title per engine error code; titles are Camunda's rejection names. */
const BY_CODE: Record<EngineErrorCode, { status: number; title: string }> = {
  INVALID_ARGUMENT: { status: 400, title: 'INVALID_ARGUMENT' },
  NOT_FOUND: { status: 404, title: 'NOT_FOUND' },
  // Camunda calls a command on something in the wrong state INVALID_STATE.
  FAILED_PRECONDITION: { status: 409, title: 'INVALID_STATE' },
  ALREADY_EXISTS: { status: 409, title: 'ALREADY_EXISTS' },
  DEADLINE_EXCEEDED: { status: 504, title: 'DEADLINE_EXCEEDED' },
  // 503 like Camunda's back pressure, so clients retry after a while.
  RESOURCE_EXHAUSTED: { status: 503, title: 'RESOURCE_EXHAUSTED' },
  UNAVAILABLE: { status: 503, title: 'UNAVAILABLE' },
  INTERNAL: { status: 500, title: 'INTERNAL' },
};

const HTTP_TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
};

export function problem(status: number, title: string, detail: string, instance: string, details?: ErrorDetail[]): Problem {
  const p: Problem = { type: 'about:blank', title, status, detail, instance };
  if (details && details.length > 0) p.details = details;
  return p;
}

/** The 404 of a path no route serves. */
export function noEndpoint(request: FastifyRequest): Problem {
  const path = instanceOf(request);
  return problem(404, 'NOT_FOUND', `No endpoint ${request.method} ${path}`, path);
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}

function instanceOf(request: FastifyRequest): string {
  return request.url.split('?')[0];
}

/** One Ajv error, as fastify hands it over. */
interface SchemaError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/filter/variables/0/name` → `filter.variables[0].name`; the whole body or query is its context's name. */
function fieldPath(context: string, pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  return out || context;
}

export const KEY_PATTERN = '^-?[0-9]{1,19}$';

/** Ajv errors → field details: one per problem, without the noise of `if`/`anyOf` wrappers. */
export function validationDetails(context: string, errors: SchemaError[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    let field = fieldPath(context, e.instancePath);
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      field = fieldPath(context, e.instancePath, String(e.params.missingProperty));
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      field = fieldPath(context, e.instancePath, String(e.params.additionalProperty));
      message = 'is not a known property';
    } else if (e.keyword === 'pattern' && e.params.pattern === KEY_PATTERN) {
      message = 'must be a key: a decimal integer string';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    }
    const id = `${field}\u0000${message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    details.push({ field, message });
  }
  return details;
}

function summary(details: ErrorDetail[]): string {
  return details.map((d) => `${d.field} ${d.message}`).join('; ');
}

/** The problem for anything a route or fastify throws. */
export function toProblem(err: unknown, request: FastifyRequest): Problem {
  const instance = instanceOf(request);
  const e = err as { validation?: SchemaError[]; validationContext?: string; statusCode?: number; message?: string; code?: string };
  if (Array.isArray(e.validation)) {
    const details = validationDetails(e.validationContext ?? 'body', e.validation);
    return problem(400, 'INVALID_ARGUMENT', `Invalid request: ${summary(details)}`, instance, details);
  }
  if (err instanceof EngineError) {
    const { status, title } = BY_CODE[err.code] ?? BY_CODE.INTERNAL;
    return problem(status, title, err.message, instance, err.details);
  }
  if (err instanceof EvaluationError) return problem(400, 'INVALID_ARGUMENT', err.message, instance);
  // Errors of fastify itself with a client status: malformed JSON, body too large, wrong media type.
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return problem(e.statusCode, HTTP_TITLES[e.statusCode] ?? 'Bad Request', e.message ?? 'Bad request', instance);
  }
  const errorId = randomUUID();
  return {
    ...problem(500, 'INTERNAL', `An internal error occurred while processing the request (error id ${errorId}).`, instance),
    errorId,
  };
}
