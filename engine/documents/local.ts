/**
 * Documents in a folder, one sub-folder per document holding `content` and `metadata.json`.
 *
 * The sub-folder is named by the SHA-256 of the document id, so any id a client picks is a safe
 * file name (no `../`, no length limit). A document appears and disappears in one rename, so a
 * reader (another process on the same data folder too) sees all of it or nothing, and of two
 * uploads with the same id exactly one wins. Leftovers of a crash (`.tmp-*`, `.trash-*`) are
 * swept when the store opens.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentBackend, DocumentReference, StoredDocument } from './store';

const CONTENT = 'content';
const METADATA = 'metadata.json';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

export async function openFolderBackend(root: string): Promise<DocumentBackend> {
  await mkdir(root, { recursive: true });
  for (const entry of await readdir(root)) {
    if (entry.startsWith('.tmp-') || entry.startsWith('.trash-')) await rm(path.join(root, entry), { recursive: true, force: true });
  }
  const folderOf = (documentId: string) => path.join(root, createHash('sha256').update(documentId).digest('hex'));

  return {
    async put(doc) {
      const target = folderOf(doc.reference.documentId);
      const tmp = await mkdtemp(path.join(root, '.tmp-'));
      try {
        await writeFile(path.join(tmp, CONTENT), doc.content);
        await writeFile(path.join(tmp, METADATA), JSON.stringify(doc.reference));
        // rename() onto an existing, non-empty folder fails: the id is taken.
        await rename(tmp, target);
        return true;
      } catch (err) {
        await rm(tmp, { recursive: true, force: true });
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST') return false;
        throw err;
      }
    },

    async get(documentId) {
      const folder = folderOf(documentId);
      try {
        const reference = JSON.parse(await readFile(path.join(folder, METADATA), 'utf8')) as DocumentReference;
        const content = await readFile(path.join(folder, CONTENT));
        return { reference, content } satisfies StoredDocument;
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },

    async remove(documentId) {
      const trash = path.join(root, `.trash-${randomUUID()}`);
      try {
        await rename(folderOf(documentId), trash);
      } catch (err) {
        if (isMissing(err)) return false;
        throw err;
      }
      await rm(trash, { recursive: true, force: true });
      return true;
    },
  };
}
