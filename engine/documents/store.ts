/**
 * The document store behind Camunda 8.8's /v2/documents: binary files (claim photos, uploaded
 * statements) with their metadata, addressed by a document id and guarded by a SHA-256 content hash
 * that a download must present. Like Camunda's `local` store it keeps the files in a folder
 * (DATA_DIR/documents, see local.ts); without a folder (DATA_DIR=memory://, tests) it keeps them in
 * memory like Camunda's default `in-memory` store. Both refuse document links, as Camunda's do.
 *
 * Logic that both share lives here; a backend only stores and finds records.
 */
import { createHash, randomUUID } from 'node:crypto';
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from '../errors';

/** What Camunda keeps about a document (its DocumentMetadataModel). */
export interface DocumentMetadata {
  contentType?: string;
  fileName?: string;
  /** ISO 8601 with offset; after it the document is gone (a download answers 404). */
  expiresAt?: string;
  /** Bytes, counted by the store (a size the client claims is ignored, as in Camunda). */
  size: number;
  processDefinitionId?: string;
  processInstanceKey?: string;
  customProperties: Record<string, unknown>;
}

export interface DocumentReference {
  documentId: string;
  storeId: string;
  /** Lower-case hex SHA-256 of the content. */
  contentHash: string;
  metadata: DocumentMetadata;
}

export interface DocumentCreation {
  /** Generated (a UUID) when absent; an id that exists is refused. */
  documentId?: string;
  content: Buffer;
  metadata: Omit<DocumentMetadata, 'size'>;
}

/** Camunda's OperationNotSupported: its REST layer answers 403 FORBIDDEN. */
export class DocumentOperationNotSupportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentOperationNotSupportedError';
  }
}

export interface DocumentStore {
  readonly storeId: string;
  create(request: DocumentCreation): Promise<DocumentReference>;
  /** The content and its reference, after checking the hash the caller presents. */
  read(documentId: string, contentHash: string | undefined): Promise<{ reference: DocumentReference; content: Buffer }>;
  delete(documentId: string): Promise<void>;
  /** Checks the document and its hash, then refuses: neither Camunda's local nor its in-memory store makes links. */
  createLink(documentId: string, contentHash: string | undefined): Promise<never>;
}

/** What a backend keeps per document. */
export interface StoredDocument {
  reference: DocumentReference;
  content: Buffer;
}

export interface DocumentBackend {
  /** Stores the document unless its id exists: false then, and nothing changed. */
  put(doc: StoredDocument): Promise<boolean>;
  get(documentId: string): Promise<StoredDocument | undefined>;
  /** Whether there was something to remove. */
  remove(documentId: string): Promise<boolean>;
}

export interface StoreKind {
  storeId: string;
  /** Camunda's wording per store, e.g. "local storage". */
  label: string;
  /** Camunda's local store deletes silently what is not there; its in-memory store answers 404. */
  missingDeleteIsNotFound: boolean;
}

export function contentHashOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function notFound(documentId: string): NotFoundError {
  return new NotFoundError(`Document with id '${documentId}' not found`);
}

export function createDocumentStore(kind: StoreKind, backend: DocumentBackend, now: () => Date = () => new Date()): DocumentStore {
  /** A live document with a matching hash, or the error Camunda answers with. */
  async function verified(documentId: string, contentHash: string | undefined): Promise<StoredDocument> {
    const doc = await backend.get(documentId);
    if (!doc) throw notFound(documentId);
    const expiresAt = doc.reference.metadata.expiresAt;
    if (expiresAt !== undefined && Date.parse(expiresAt) <= now().getTime()) {
      // As Camunda's bucket stores do: an expired document is removed when it is next asked for.
      await backend.remove(documentId);
      throw notFound(documentId);
    }
    if (!contentHash) {
      throw new InvalidArgumentError(`No document hash provided for document ${documentId}`, [
        { field: 'contentHash', message: 'is required' },
      ]);
    }
    // The hash of the bytes as they are now, so a changed file on disk is refused too.
    if (contentHashOf(doc.content) !== contentHash) {
      throw new InvalidArgumentError(`Document hash for document ${documentId} doesn't match the provided hash ${contentHash}`, [
        { field: 'contentHash', message: 'does not match the document' },
      ]);
    }
    return doc;
  }

  return {
    storeId: kind.storeId,

    async create(request) {
      const documentId = request.documentId ?? randomUUID();
      const reference: DocumentReference = {
        documentId,
        storeId: kind.storeId,
        contentHash: contentHashOf(request.content),
        metadata: { ...request.metadata, size: request.content.length },
      };
      if (!(await backend.put({ reference, content: request.content }))) {
        throw new AlreadyExistsError(`Document with id '${documentId}' already exists`);
      }
      return reference;
    },

    async read(documentId, contentHash) {
      const doc = await verified(documentId, contentHash);
      return { reference: doc.reference, content: doc.content };
    },

    async delete(documentId) {
      const removed = await backend.remove(documentId);
      if (!removed && kind.missingDeleteIsNotFound) throw notFound(documentId);
    },

    async createLink(documentId, contentHash) {
      await verified(documentId, contentHash);
      throw new DocumentOperationNotSupportedError(`The ${kind.label} document store does not support creating links`);
    },
  };
}
