/**
 * Request validation and body parsing of the /v2 scope. Fastify's default Ajv silently drops
 * unknown properties and coerces types; here bad input is a 400 with every field named instead.
 * Bodies (deployments too) are bounded by the server's bodyLimit (ENGINE_MAX_MESSAGE_SIZE): 413.
 */
import Ajv from 'ajv';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseMultipart, type MultipartBody } from './multipart';

export function useStrictValidation(app: FastifyInstance): void {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    allowUnionTypes: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
  });
  app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
}

/**
 * JSON bodies: an empty body counts as no body (clients send `Content-Type: application/json`
 * with nothing for optional bodies); otherwise fastify's own parser with its prototype-poisoning
 * protection.
 */
export function useBodyParsers(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (typeof body === 'string' && body.trim() === '') done(null, undefined);
    else void json(request, body as string, done);
  });
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer' },
    async (request: FastifyRequest, body: Buffer): Promise<MultipartBody> => parseMultipart(String(request.headers['content-type']), body),
  );
  // Optional bodies may be absent or `null`; validation then sees an empty object.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {};
  });
}
