/**
 * A customer moves out:
 *   POST /api/contracts/{id}/move-out   {endDate, reading?: {valueKwh}} → the final reading (source customer)
 *                                       if given, and a `move-out` instance with {contractId, endDate} (202)
 * A retry with the same end date finds the reading and the instance of the first call.
 */
import type { FastifyInstance } from 'fastify';
import { recordReading } from '../../../domain/readings';
import { ACCOUNTING_TAG } from '../openapi';
import {
  commonProblems,
  idParams,
  isoDateSchema,
  jsonResponse,
  kwhOf,
  problemResponse,
  requireContract,
  startOnce,
  type AccountingDeps,
} from './http';

interface MoveOutBody {
  endDate: string;
  reading?: { valueKwh: string | number };
}

export async function registerMoveOutRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;

  app.post<{ Params: { id: string }; Body: MoveOutBody }>(
    '/api/contracts/:id/move-out',
    {
      schema: {
        tags: [ACCOUNTING_TAG],
        summary: 'Report a move-out: end of supply, final reading',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['endDate'],
          properties: {
            endDate: { ...isoDateSchema, description: 'Last day of supply' },
            reading: {
              type: 'object',
              additionalProperties: false,
              required: ['valueKwh'],
              properties: { valueKwh: { type: ['string', 'number'], description: 'Final meter value on endDate, kWh ("12345.6")' } },
            },
          },
        },
        response: {
          202: jsonResponse('Accepted; the process ends the contract and bills it', {
            type: 'object',
            properties: {
              contractId: { type: 'string' },
              endDate: isoDateSchema,
              readingId: { type: ['string', 'null'] },
              processInstanceKey: { type: 'string' },
            },
          }),
          400: problemResponse('Wrong fields in `errors`; nothing was stored'),
          404: problemResponse('No such contract'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const contractId = request.params.id;
      const { endDate } = request.body;
      const valueKwh = request.body.reading ? kwhOf('reading.valueKwh', request.body.reading.valueKwh) : undefined;
      await requireContract(db, contractId);
      const reading =
        valueKwh === undefined
          ? undefined
          : await recordReading(db, {
              contractId,
              readingDate: endDate,
              valueKwh,
              source: 'customer',
              businessKey: `move-out:${contractId}:${endDate}`,
              note: 'Auszug',
            }).catch((err: unknown) => {
              // The domain names its own fields; here they sit under `reading`.
              if (err instanceof Error && 'field' in err && err.field === 'valueKwh') Object.assign(err, { field: 'reading.valueKwh' });
              if (err instanceof Error && 'field' in err && err.field === 'readingDate') Object.assign(err, { field: 'endDate' });
              throw err;
            });
      // The final reading is checked like any other; the final bill waits for it.
      if (reading) await startOnce(deps, 'meter-reading', { readingId: reading.id, contractId }, ['readingId']);
      const { processInstanceKey } = await startOnce(deps, 'move-out', { contractId, endDate }, ['contractId', 'endDate']);
      return reply.code(202).send({ contractId, endDate, readingId: reading?.id ?? null, processInstanceKey });
    },
  );
}
