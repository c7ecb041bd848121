/**
 * Camunda 8.8's document API: upload one document or a batch (multipart), download with the content
 * hash, delete, and links, which Camunda's local and in-memory stores refuse with 403. Answers,
 * statuses and messages follow Camunda's DocumentController and its error mapping; every upload is
 * checked whole before anything is stored. Upload size is bounded by the server's body limit (413).
 */
import Ajv from 'ajv';
import type { FastifyInstance } from 'fastify';
import {
  DocumentOperationNotSupportedError,
  type DocumentCreation,
  type DocumentMetadata,
  type DocumentReference,
  type DocumentStore,
} from '../../documents';
import { EngineError, InvalidArgumentError, type ErrorDetail } from '../../errors';
import { isMultipartBody, type MultipartBody } from '../multipart';
import { KEY_PATTERN, problem, sendProblem, validationDetails } from '../problem';
import { objectSchema } from '../schemas';
import type { RouteContext } from './context';

const text = { type: 'string', minLength: 1 };
const idParams = objectSchema({ documentId: text }, ['documentId']);
type IdParams = { Params: { documentId: string } };
type StoreQuery = { storeId?: string; contentHash?: string };

const metadataSchema = objectSchema({
  contentType: { type: 'string' },
  fileName: { type: 'string' },
  expiresAt: { type: 'string' },
  // Counted by the store; accepted and ignored, as in Camunda.
  size: { type: 'integer', minimum: 0 },
  processDefinitionId: { type: 'string' },
  processInstanceKey: { type: 'string', pattern: KEY_PATTERN },
  customProperties: { type: 'object' },
});
const checkMetadata = new Ajv({ allErrors: true, strict: false }).compile(metadataSchema);

/** What Java's OffsetDateTime.parse accepts (RFC 3339 with an offset). */
const OFFSET_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** Camunda answers with Java's OffsetDateTime.toString(): seconds only when set, fractions in groups of three, `Z` for UTC. */
function javaDateTime(value: string): string {
  const m = OFFSET_DATE_TIME.exec(value);
  if (!m) return value;
  const [, date, hoursMinutes, seconds = '00', fraction = '', offset] = m;
  const nanos = fraction.padEnd(9, '0');
  let time = hoursMinutes;
  if (seconds !== '00' || Number(nanos) !== 0) time += `:${seconds}`;
  if (Number(nanos) !== 0) time += `.${nanos.endsWith('000000') ? nanos.slice(0, 3) : nanos.endsWith('000') ? nanos.slice(0, 6) : nanos}`;
  return `${date}T${time}${offset === '+00:00' || offset === '-00:00' ? 'Z' : offset}`;
}

type ClientMetadata = Partial<Omit<DocumentMetadata, 'size'>>;

/** A metadata object as the client sent it → details for each wrong field, in Camunda's words where it has them. */
function checkClientMetadata(value: unknown, field: string, details: ErrorDetail[]): value is ClientMetadata {
  const before = details.length;
  if (!checkMetadata(value)) {
    // validationDetails names fields from the root of what it checked; here that root is `field`.
    for (const d of validationDetails('', checkMetadata.errors as never))
      details.push({ ...d, field: d.field === '' ? field : `${field}${d.field.startsWith('[') ? '' : '.'}${d.field}` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const m = value as Record<string, unknown>;
  for (const name of ['fileName', 'contentType']) {
    const v = m[name];
    if (typeof v === 'string' && v.trim() === '') details.push({ field: `${field}.${name}`, message: 'must not be empty, if present' });
  }
  const expiresAt = m.expiresAt;
  if (typeof expiresAt === 'string' && (!OFFSET_DATE_TIME.test(expiresAt) || Number.isNaN(Date.parse(expiresAt)))) {
    details.push({ field: `${field}.expiresAt`, message: `'${expiresAt}' cannot be parsed as a date according to RFC 3339, section 5.6` });
  }
  return details.length === before;
}

interface FilePart {
  filename: string;
  content: Buffer;
  contentType?: string;
}

/** The parts of an upload by name; files must be file parts, every other part is JSON text. */
function partsOf(body: MultipartBody): { files: Map<string, FilePart[]>; texts: Map<string, string[]> } {
  const files = new Map<string, FilePart[]>();
  const texts = new Map<string, string[]>();
  for (const f of body.files) {
    // A JSON part sent with a file name (some clients do) is still JSON.
    if (f.field === 'metadata' || f.field === 'metadataList')
      texts.set(f.field, [...(texts.get(f.field) ?? []), f.content.toString('utf8')]);
    else files.set(f.field, [...(files.get(f.field) ?? []), f]);
  }
  for (const [name, values] of Object.entries(body.fields)) texts.set(name, [...(texts.get(name) ?? []), ...values]);
  return { files, texts };
}

function requireMultipart(body: unknown): MultipartBody {
  if (isMultipartBody(body)) return body;
  // Camunda's upload endpoints consume multipart/form-data only: 415.
  throw Object.assign(new Error('Documents are uploaded as multipart/form-data'), { statusCode: 415 });
}

function parseJson(source: string, field: string, details: ErrorDetail[]): unknown {
  try {
    return JSON.parse(source) as unknown;
  } catch {
    details.push({ field, message: 'is not valid JSON' });
    return undefined;
  }
}

function refuse(what: string, details: ErrorDetail[]): void {
  if (details.length > 0)
    throw new InvalidArgumentError(`Invalid ${what}: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`, details);
}

function unknownParts(parts: ReturnType<typeof partsOf>, known: string[], details: ErrorDetail[]): void {
  for (const name of [...parts.files.keys(), ...parts.texts.keys()])
    if (!known.includes(name)) details.push({ field: name, message: `is not a known part; expected ${known.join(', ')}` });
}

/** The request to the store: the metadata's file name and type win over the part's, as in Camunda. */
function creationOf(file: FilePart, m: ClientMetadata | undefined, documentId?: string): DocumentCreation {
  return {
    documentId,
    content: file.content,
    metadata: {
      contentType: m?.contentType ?? file.contentType,
      fileName: m?.fileName ?? (file.filename || undefined),
      expiresAt: m?.expiresAt === undefined ? undefined : javaDateTime(m.expiresAt),
      processDefinitionId: m?.processDefinitionId,
      processInstanceKey: m?.processInstanceKey,
      customProperties: m?.customProperties ?? {},
    },
  };
}

/** Camunda's DocumentReference. */
export function toDocumentReference(ref: DocumentReference): object {
  const m = ref.metadata;
  return {
    'camunda.document.type': 'camunda',
    storeId: ref.storeId,
    documentId: ref.documentId,
    contentHash: ref.contentHash,
    metadata: {
      contentType: m.contentType,
      fileName: m.fileName,
      expiresAt: m.expiresAt,
      size: m.size,
      processDefinitionId: m.processDefinitionId,
      processInstanceKey: m.processInstanceKey,
      customProperties: m.customProperties,
    },
  };
}

/** Spring's fallback for a missing or unparsable stored type. */
function mediaTypeOf(contentType: string | undefined): string {
  return contentType && /^[\w.+-]+\/[\w.+-]+(\s*;[^\r\n]*)?$/.test(contentType) ? contentType : 'application/octet-stream';
}

export function registerDocumentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const store = (storeId: string | undefined): DocumentStore => {
    if (storeId !== undefined && storeId !== ctx.documents.storeId) {
      throw new InvalidArgumentError(`Document store with id '${storeId}' does not exist`, [
        { field: 'storeId', message: `is not a document store here; this engine has '${ctx.documents.storeId}'` },
      ]);
    }
    return ctx.documents;
  };

  app.post<{ Querystring: { storeId?: string; documentId?: string } }>(
    '/documents',
    { schema: { querystring: objectSchema({ storeId: text, documentId: text }) } },
    async (request, reply) => {
      const parts = partsOf(requireMultipart(request.body));
      const details: ErrorDetail[] = [];
      const files = parts.files.get('file') ?? [];
      if (files.length !== 1) details.push({ field: 'file', message: files.length === 0 ? 'is required' : 'must be given once' });
      const metadataTexts = parts.texts.get('metadata') ?? [];
      if (metadataTexts.length > 1) details.push({ field: 'metadata', message: 'must be given once' });
      const raw = metadataTexts.length === 1 ? parseJson(metadataTexts[0], 'metadata', details) : undefined;
      const metadata = raw !== undefined && checkClientMetadata(raw, 'metadata', details) ? raw : undefined;
      unknownParts(parts, ['file', 'metadata'], details);
      refuse('document upload', details);
      const documents = store(request.query.storeId);
      const reference = await documents.create(creationOf(files[0], metadata, request.query.documentId));
      return reply.code(201).send(toDocumentReference(reference));
    },
  );

  app.post<{ Querystring: { storeId?: string } }>(
    '/documents/batch',
    { schema: { querystring: objectSchema({ storeId: text }) } },
    async (request, reply) => {
      const parts = partsOf(requireMultipart(request.body));
      const details: ErrorDetail[] = [];
      const files = parts.files.get('files') ?? [];
      if (files.length === 0) details.push({ field: 'files', message: 'at least one file is required' });
      // Each metadataList part is one metadata object (the SDK sends one part per file) or an array of them.
      const list: unknown[] = [];
      for (const source of parts.texts.get('metadataList') ?? []) {
        const value = parseJson(source, 'metadataList', details);
        if (Array.isArray(value)) list.push(...(value as unknown[]));
        else if (value !== undefined) list.push(value);
      }
      if (list.length > 0 && list.length !== files.length) {
        details.push({ field: 'metadataList', message: `has ${list.length} entries for ${files.length} files; give one per file` });
      }
      const metadata = list.map((m, i) => (m === null ? undefined : checkClientMetadata(m, `metadataList[${i}]`, details) ? m : undefined));
      unknownParts(parts, ['files', 'metadataList'], details);
      refuse('document batch', details);
      const documents = store(request.query.storeId);
      const createdDocuments: object[] = [];
      const failedDocuments: { fileName?: string; detail: string }[] = [];
      for (const [i, file] of files.entries()) {
        const creation = creationOf(file, metadata[i]);
        try {
          createdDocuments.push(toDocumentReference(await documents.create(creation)));
        } catch (err) {
          if (!(err instanceof EngineError)) request.log.error({ err }, 'storing a document of a batch failed');
          const detail = err instanceof EngineError ? err.message : 'Unexpected error occurred when handling document';
          failedDocuments.push({ fileName: creation.metadata.fileName, detail });
        }
      }
      return reply.code(failedDocuments.length === 0 ? 201 : 207).send({ failedDocuments, createdDocuments });
    },
  );

  app.get<IdParams & { Querystring: StoreQuery }>(
    '/documents/:documentId',
    { schema: { params: idParams, querystring: objectSchema({ storeId: text, contentHash: { type: 'string' } }) } },
    async (request, reply) => {
      const { reference, content } = await store(request.query.storeId).read(request.params.documentId, request.query.contentHash);
      // The stored type is the uploader's word: the browser must neither sniff nor run what it gets.
      return reply
        .code(200)
        .header('content-type', mediaTypeOf(reference.metadata.contentType))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', 'sandbox')
        .send(content);
    },
  );

  app.delete<IdParams & { Querystring: StoreQuery }>(
    '/documents/:documentId',
    { schema: { params: idParams, querystring: objectSchema({ storeId: text }) } },
    async (request, reply) => {
      await store(request.query.storeId).delete(request.params.documentId);
      return reply.code(204).send();
    },
  );

  app.post<IdParams & { Querystring: StoreQuery; Body: { timeToLive?: number | string } }>(
    '/documents/:documentId/links',
    {
      schema: {
        params: idParams,
        querystring: objectSchema({ storeId: text, contentHash: { type: 'string' } }),
        // The SDK sends a bigint time to live as a decimal string.
        body: objectSchema({ timeToLive: { type: ['integer', 'string'], pattern: '^-?\\d+$' } }),
      },
    },
    async (request, reply) => {
      const ttl = request.body.timeToLive;
      if (ttl !== undefined && Number(ttl) <= 0) {
        throw new InvalidArgumentError('The time to live must be greater than 0', [
          { field: 'timeToLive', message: 'must be greater than 0' },
        ]);
      }
      // The store checks the document and its hash, then always refuses.
      const err = await store(request.query.storeId)
        .createLink(request.params.documentId, request.query.contentHash)
        .catch((e: unknown) => e);
      if (err instanceof DocumentOperationNotSupportedError)
        return sendProblem(reply, problem(403, 'FORBIDDEN', err.message, request.url.split('?')[0]));
      throw err;
    },
  );
}
