/**
 * Text that no field may hold: NUL (PostgreSQL refuses it in text and jsonb) and lone UTF-16
 * surrogates (not Unicode; jsonb refuses their escapes). Checked once for every route, before
 * validation, so each route answers the same 400 naming the field instead of a 500 from the database.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../../engine/rest/problem';

// A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export interface BadText {
  field: string;
  message: string;
}

function describe(text: string): string {
  return text.includes('\u0000') ? 'must not contain NUL characters' : 'must not contain unpaired UTF-16 surrogates';
}

const child = (path: string, key: string | number) =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? path
        ? `${path}.${key}`
        : key
      : `${path}[${JSON.stringify(key)}]`;

/** The first field of a parsed value with bad text (in a key or a string), depth-first; iterative so depth costs no stack. */
export function findBadText(value: unknown, root: string): BadText | undefined {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD_TEXT.test(v)) return { field: path, message: describe(v) };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], child(path, i)]);
    } else if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v)) {
      const entries = Object.entries(v);
      for (const [k] of entries)
        if (BAD_TEXT.test(k)) return { field: child(path, k.replace(BAD_TEXT, '\uFFFD')), message: `key ${describe(k)}` };
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], child(path, entries[i][0])]);
    }
  }
  return undefined;
}

function badTextOf(request: FastifyRequest): BadText | undefined {
  return findBadText(request.params, 'path') ?? findBadText(request.query, 'query') ?? findBadText(request.body, 'body');
}

export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request, reply) => {
    const bad = badTextOf(request);
    if (!bad) return;
    const instance = request.url.split('?')[0];
    return sendProblem(
      reply,
      problem(400, 'INVALID_ARGUMENT', `Invalid request: ${bad.field} ${bad.message}; nothing was changed.`, instance, [bad]),
    );
  });
}
