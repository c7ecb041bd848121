/**
 * The document store of Camunda 8.8's /v2/documents API (see store.ts).
 *
 *   const documents = await openDocumentStore({ dir: documentsDirOf(settings.dataDir) });
 */
import path from 'node:path';
import { openFolderBackend } from './local';
import { createDocumentStore, type DocumentBackend, type DocumentStore, type StoredDocument } from './store';

export {
  contentHashOf,
  DocumentOperationNotSupportedError,
  type DocumentCreation,
  type DocumentMetadata,
  type DocumentReference,
  type DocumentStore,
} from './store';

/** Where a data folder keeps its documents; none for `memory://` (documents then live in memory). */
export function documentsDirOf(dataDir: string): string | undefined {
  return dataDir === 'memory://' ? undefined : path.resolve(dataDir, 'documents');
}

function memoryBackend(): DocumentBackend {
  const docs = new Map<string, StoredDocument>();
  return {
    put: async (doc) => {
      if (docs.has(doc.reference.documentId)) return false;
      docs.set(doc.reference.documentId, doc);
      return true;
    },
    get: async (documentId) => docs.get(documentId),
    remove: async (documentId) => docs.delete(documentId),
  };
}

/**
 * With a folder: Camunda's `local` store (as Camunda 8 Run configures it); without: its default
 * `in-memory` store. `now` is the wall clock that expiry is measured against, as in Camunda.
 */
export async function openDocumentStore(opts: { dir?: string; now?: () => Date } = {}): Promise<DocumentStore> {
  if (opts.dir === undefined) {
    return createDocumentStore({ storeId: 'in-memory', label: 'in-memory', missingDeleteIsNotFound: true }, memoryBackend(), opts.now);
  }
  return createDocumentStore(
    { storeId: 'local', label: 'local storage', missingDeleteIsNotFound: false },
    await openFolderBackend(opts.dir),
    opts.now,
  );
}
