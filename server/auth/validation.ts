/**
 * Strict request validation for the admin's routes (users, API keys): every error of a body is
 * named (allErrors), unknown properties are refused instead of silently dropped, nothing is
 * coerced. Bad input answers 400 problem+json with one `details` entry per field, on the full
 * server and on a bare fastify app alike (the route answers the problem itself).
 */
import Ajv from 'ajv';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { sendProblem, toProblem } from '../../engine/rest/problem';

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false, removeAdditional: false });

/** Route options validating the body with `body` (and params with `params`), the failure left to `refuseInvalid`. */
export function strictBody(body: object, params?: object): RouteShorthandOptions {
  return {
    schema: { body, ...(params ? { params } : {}) },
    attachValidation: true,
    validatorCompiler: ({ schema }) => ajv.compile(schema),
  };
}

/** Answers 400 with the field details when validation failed; true when it did. */
export function refuseInvalid(request: FastifyRequest, reply: FastifyReply): boolean {
  if (!request.validationError) return false;
  void sendProblem(reply, toProblem(request.validationError, request));
  return true;
}
