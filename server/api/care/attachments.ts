/**
 * Photos and files for care cases and captured claims:
 *   POST /api/attachments   raw bytes (Content-Type image/* or application/pdf; ?fileName=) → 201 {id, mediaType, sizeBytes}
 *   GET  /api/attachments/{id}
 * The type is read from the bytes (domain/care/attachments.ts). Bodies up to four times the limit are
 * read so that an oversized photo gets a 400 naming the field; beyond that fastify answers 413.
 */
import type { FastifyInstance } from 'fastify';
import { CareError, getAttachment, storeAttachment } from '../../../domain/care';
import { CARE_TAG } from '../openapi';
import { callerOf, commonProblems, idParams, jsonResponse, problemResponse } from '../accounting/http';
import type { CareDeps } from './start';

export const UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
  'application/pdf',
  'application/octet-stream',
];

export async function registerAttachmentRoutes(app: FastifyInstance, deps: CareDeps): Promise<void> {
  app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post<{ Body: Buffer; Querystring: { fileName?: string } }>(
    '/api/attachments',
    {
      bodyLimit: deps.settings.attachmentMaxBytes * 4,
      schema: {
        tags: [CARE_TAG],
        summary: 'Upload a photo (JPEG, PNG, WebP, HEIC) or a PDF',
        querystring: { type: 'object', additionalProperties: false, properties: { fileName: { type: 'string', maxLength: 200 } } },
        response: {
          201: jsonResponse('Stored'),
          400: problemResponse('Not an image or PDF, empty, or larger than ATTACHMENT_MAX_BYTES; nothing was stored'),
          ...commonProblems,
        },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw new CareError('invalid', 'Send the file as the raw request body (Content-Type image/jpeg, …)', 'photo');
      const stored = await storeAttachment(deps.db, {
        bytes: request.body,
        filename: request.query.fileName,
        uploadedBy: callerOf(request),
        maxBytes: deps.settings.attachmentMaxBytes,
        // A photo upload (image/*) must be an image; a PDF only where one was declared.
        accept: String(request.headers['content-type']).startsWith('image/') ? 'image' : 'image-or-pdf',
      });
      return reply.code(201).send({ id: stored.id, mediaType: stored.mediaType, sizeBytes: stored.sizeBytes });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/attachments/:id',
    {
      schema: {
        tags: [CARE_TAG],
        summary: 'An attachment',
        params: idParams,
        response: { 404: problemResponse('No such attachment'), ...commonProblems },
      },
    },
    async (request, reply) => {
      const found = await getAttachment(deps.db, request.params.id);
      if (!found) throw new CareError('not_found', `No attachment ${request.params.id}`);
      return reply
        .type(found.mediaType)
        .header('Cache-Control', 'private, no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .send(found.bytes);
    },
  );
}
