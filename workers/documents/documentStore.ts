import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';

export type DocumentKind = 'order_confirmation' | 'rejection' | 'prepayment_offer' | (string & {});

export interface DocumentInput {
  /** e.g. `order:<id>:confirmation`; a second store with the same key returns the first document. */
  businessKey: string;
  kind: DocumentKind;
  fileName: string;
  contentType?: string;
  orderId?: string;
  contractId?: string;
}

export interface StoredDocument {
  id: string;
  businessKey: string;
  kind: string;
  fileName: string;
  contentType: string;
  orderId: string | null;
  contractId: string | null;
  size: number;
  sha256: string;
  createdAt: Date;
}

export interface DocumentWithContent extends StoredDocument {
  content: Buffer;
}

export interface DocumentStore {
  store(input: DocumentInput, content: Buffer): Promise<StoredDocument>;
  /** Renders only when no document has this business key yet: a retried job never renders twice. */
  ensure(input: DocumentInput, render: () => Promise<Buffer>): Promise<StoredDocument>;
  get(id: string): Promise<DocumentWithContent | undefined>;
  getByKey(businessKey: string): Promise<DocumentWithContent | undefined>;
  listByOrder(orderId: string): Promise<StoredDocument[]>;
}

interface Row {
  id: string;
  business_key: string;
  kind: string;
  file_name: string;
  content_type: string;
  order_id: string | null;
  contract_id: string | null;
  size: number;
  sha256: string;
  created_at: Date;
  file_path: string | null;
  content: Uint8Array | null;
}

const metaColumns = ['id', 'business_key', 'kind', 'file_name', 'content_type', 'order_id', 'contract_id', 'size', 'sha256', 'created_at'];

function toDocument(r: Row): StoredDocument {
  return {
    id: r.id,
    businessKey: r.business_key,
    kind: r.kind,
    fileName: r.file_name,
    contentType: r.content_type,
    orderId: r.order_id,
    contractId: r.contract_id,
    size: r.size,
    sha256: r.sha256,
    createdAt: new Date(r.created_at),
  };
}

/**
 * Where the bytes of stored documents live. With PGlite on disk (the README's default) they go to
 * files in the data folder: the embedded database then runs on the engine's own thread without
 * megabytes of PDF passing through it (a 60 KB bytea insert costs PGlite some 20 ms there). With
 * PostgreSQL, which several worker processes share, and with an in-memory database, they stay in
 * the row.
 */
export function documentFilesDir(settings: Pick<Settings, 'dataDir' | 'databaseUrl'>): string | undefined {
  return settings.databaseUrl || settings.dataDir === 'memory://' ? undefined : path.resolve(settings.dataDir, 'letters');
}

/**
 * Writes a content-addressed file durably before its row refers to it: a temporary file is
 * written and fsynced, renamed into place, and the folder fsynced, so a crash leaves either no
 * file or the whole one. The same content is one file.
 */
async function writeFileDurably(directory: string, name: string, content: Buffer): Promise<void> {
  const target = path.join(directory, name);
  if (
    await fs.stat(target).then(
      (s) => s.size === content.length,
      () => false,
    )
  )
    return;
  const temporary = path.join(directory, `.${name}.${process.pid}.${randomUUID()}`);
  // The folder is made by the first letter only, not asked for with every one.
  const file = await fs.open(temporary, 'w').catch(async (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
    await fs.mkdir(directory, { recursive: true });
    return fs.open(temporary, 'w');
  });
  try {
    await file.writeFile(content);
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(temporary, target);
  const folder = await fs.open(directory, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/**
 * Stores documents in the `documents` table: the bytes in the row, or, with a directory
 * (documentFilesDir), in a content-addressed file there whose name the row keeps. Every store of
 * one system must be made with the same directory: rows name their files relative to it.
 */
export function createDocumentStore(db: Database, opts: { directory?: string } = {}): DocumentStore {
  /** Rows of earlier versions hold absolute paths; newer ones a name in the directory. */
  function fileOf(filePath: string): string {
    if (path.isAbsolute(filePath)) return filePath;
    if (!opts.directory) throw new Error(`document file ${filePath}: this document store has no folder for files`);
    return path.join(opts.directory, filePath);
  }

  async function withContent(r: Row | undefined): Promise<DocumentWithContent | undefined> {
    if (!r) return undefined;
    const content = r.content ? Buffer.from(r.content) : await fs.readFile(fileOf(r.file_path!));
    return { ...toDocument(r), content };
  }

  const byKey = async (key: string) => (await db('documents').where({ business_key: key }).first()) as Row | undefined;

  async function store(input: DocumentInput, content: Buffer): Promise<StoredDocument> {
    const sha256 = createHash('sha256').update(content).digest('hex');
    let filePath: string | null = null;
    if (opts.directory) {
      filePath = `${sha256}${path.extname(input.fileName)}`;
      await writeFileDurably(opts.directory, filePath, content);
    }
    const inserted: Row[] = await db('documents')
      .insert({
        business_key: input.businessKey,
        kind: input.kind,
        file_name: input.fileName,
        content_type: input.contentType ?? 'application/pdf',
        order_id: input.orderId ?? null,
        contract_id: input.contractId ?? null,
        file_path: filePath,
        content: filePath ? null : content,
        size: content.length,
        sha256,
      })
      .onConflict('business_key')
      .ignore()
      .returning(metaColumns);
    // Nothing returned: another attempt stored this business key first; its document is the one.
    const row = (inserted[0] ?? (await db('documents').select(metaColumns).where({ business_key: input.businessKey }).first())) as Row;
    return toDocument(row);
  }

  return {
    store,
    async ensure(input, render) {
      const existing = (await db('documents').select(metaColumns).where({ business_key: input.businessKey }).first()) as Row | undefined;
      if (existing) return toDocument(existing);
      return store(input, await render());
    },
    get: async (id) => withContent((await db('documents').where({ id }).first()) as Row | undefined),
    getByKey: async (key) => withContent(await byKey(key)),
    listByOrder: async (orderId) =>
      ((await db('documents').select(metaColumns).where({ order_id: orderId }).orderBy('created_at')) as Row[]).map(toDocument),
  };
}
