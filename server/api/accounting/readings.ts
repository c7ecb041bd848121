/**
 * Meter readings of a contract:
 *   POST /api/contracts/{id}/readings   {readingDate, valueKwh, source} → the reading and its `meter-reading` process (202)
 *   GET  /api/contracts/{id}/readings   the contract's readings, newest first
 * From the customer portal (system key), a case worker or the meter operator. `Idempotency-Key`
 * names the reading: a retry returns it and its process, and starts nothing new.
 */
import type { FastifyInstance } from 'fastify';
import Decimal from 'decimal.js';
import { recordReading, readingKindOf, type ReadingSource } from '../../../domain/readings';
import { isoDate } from '../../../domain/shared/dates';
import { ACCOUNTING_TAG } from '../openapi';
import {
  callerOf,
  commonProblems,
  idempotencyHeader,
  idempotencyKeyOf,
  idParams,
  isoDateSchema,
  itemsOf,
  jsonResponse,
  kwhOf,
  problemResponse,
  requireContract,
  startOnce,
  type AccountingDeps,
} from './http';

/** Who may be named as the reader through the API (estimates are ours, never posted). */
const postedSources: ReadingSource[] = ['customer', 'case_worker', 'meter_operator'];

const readingSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    readingDate: isoDateSchema,
    valueKwh: { type: 'string', description: 'kWh with 3 decimals' },
    source: { type: 'string', enum: [...postedSources, 'estimate'] },
    kind: { type: 'string', description: 'How the bill names it: read, customer or estimated' },
    status: { type: 'string', enum: ['pending', 'plausible', 'implausible', 'accepted', 'rejected'] },
    note: { type: ['string', 'null'] },
    processInstanceKey: { type: ['string', 'null'] },
  },
};

interface ReadingBody {
  readingDate: string;
  valueKwh: string | number;
  source: ReadingSource;
  note?: string;
}

/** The reading, with the process that checks it (an older reading may have none). */
type Row = Record<string, unknown>;
function readingView(r: Row) {
  return {
    id: r.id as string,
    contractId: (r.contract_id as string | null) ?? null,
    readingDate: isoDate(r.reading_date as Date | string),
    valueKwh: new Decimal(String(r.value_kwh)).toFixed(3),
    source: r.source as ReadingSource,
    kind: readingKindOf(r.source as ReadingSource),
    status: r.status as string,
    note: (r.note as string | null) ?? null,
    decidedBy: (r.decided_by as string | null) ?? null,
    processInstanceKey: (r.process_instance_key as string | null) ?? null,
  };
}

export async function registerReadingRoutes(app: FastifyInstance, deps: AccountingDeps): Promise<void> {
  const { db } = deps;
  const tags = [ACCOUNTING_TAG];

  app.post<{ Params: { id: string }; Body: ReadingBody }>(
    '/api/contracts/:id/readings',
    {
      schema: {
        tags,
        summary: 'Record a meter reading and start its check',
        description:
          'Records the reading (refused before the supply start, after its end, or below an earlier valid reading) and starts the `meter-reading` process with {readingId, contractId}.',
        params: idParams,
        headers: idempotencyHeader('Names the reading: a retry with the same key returns it and its process'),
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['readingDate', 'valueKwh', 'source'],
          properties: {
            readingDate: isoDateSchema,
            valueKwh: {
              type: ['string', 'number'],
              description: 'kWh as a decimal string ("12345.6") or a JSON number; at most 3 decimals',
            },
            source: { type: 'string', enum: postedSources },
            note: { type: 'string', maxLength: 2000 },
          },
        },
        response: {
          202: jsonResponse('Recorded; its check runs in the process', {
            type: 'object',
            properties: { reading: readingSchema, processInstanceKey: { type: 'string' } },
          }),
          400: problemResponse('Wrong fields in `errors`; nothing was stored'),
          404: problemResponse('No such contract'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      const contractId = request.params.id;
      const body = request.body;
      const valueKwh = kwhOf('valueKwh', body.valueKwh);
      await requireContract(db, contractId);
      const key = idempotencyKeyOf(request);
      // Without a key the reading itself is the key: the same value sent twice is one reading.
      const businessKey = key ? `api:${contractId}:${key}` : `api:${contractId}:${body.readingDate}:${body.source}:${valueKwh}`;
      const reading = await recordReading(db, {
        contractId,
        readingDate: body.readingDate,
        valueKwh,
        source: body.source,
        businessKey,
        note: body.note ?? `erfasst von ${callerOf(request)}`,
      });
      const row = (await db('meter_readings').where({ id: reading.id }).first()) as Row;
      let processInstanceKey = (row.process_instance_key as string | null) ?? null;
      if (!processInstanceKey) {
        ({ processInstanceKey } = await startOnce(deps, 'meter-reading', { readingId: reading.id, contractId }, ['readingId']));
        await db('meter_readings')
          .where({ id: reading.id })
          .whereNull('process_instance_key')
          .update({ process_instance_key: processInstanceKey });
      }
      return reply.code(202).send({ reading: readingView({ ...row, process_instance_key: processInstanceKey }), processInstanceKey });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/contracts/:id/readings',
    {
      schema: {
        tags,
        summary: "A contract's meter readings, newest first",
        params: idParams,
        response: {
          200: jsonResponse('The readings', itemsOf(readingSchema)),
          404: problemResponse('No such contract'),
          ...commonProblems,
        },
      },
    },
    async (request) => {
      await requireContract(db, request.params.id);
      const rows = (await db('meter_readings')
        .where({ contract_id: request.params.id })
        .orderBy([
          { column: 'reading_date', order: 'desc' },
          { column: 'created_at', order: 'desc' },
        ])) as Row[];
      return { items: rows.map(readingView) };
    },
  );
}
