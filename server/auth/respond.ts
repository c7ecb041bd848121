import type { FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from '../../engine/rest/problem';

/** 401/403/429 as RFC 9457 problems, in the same shape as the /v2 API's errors. */
export function deny(request: FastifyRequest, reply: FastifyReply, status: 401 | 403 | 429, detail: string): FastifyReply {
  const title = status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : 'TOO_MANY_REQUESTS';
  return sendProblem(reply, problem(status, title, detail, request.url.split('?')[0]));
}
