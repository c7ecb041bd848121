/**
 * One error answer for the whole HTTP server: client errors as RFC 9457 problems, and a 500 that
 * shows an error id to find in the log, never the error's message (SQL, paths) or its stack.
 */
import type { FastifyInstance } from 'fastify';
import { noEndpoint, sendProblem, toProblem } from '../../engine/rest/problem';

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const p = toProblem(err, request);
    if (p.status >= 500) request.log.error({ err, errorId: p.errorId, method: request.method, url: request.url }, 'request failed');
    return sendProblem(reply, p);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, noEndpoint(request)));
}
