/**
 * The document store API (/v2/documents) over the real engine, driven through @camunda8/sdk's
 * Orchestration Cluster API client, with the documents in a data folder as the server keeps them.
 * Statuses and messages are Camunda 8.8's (DocumentController, ErrorMapper, the local store).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../config/settings';
import { openDatabase, type Database } from '../../db';
import { openDocumentStore } from '../documents';
import { NotFoundError } from '../errors';
import { startEngine, type EmbeddedEngine } from '../index';
import { createEngineQueries } from '../query';
import { v2Routes, type V2RoutesOptions } from './index';
import { restClient as sdkClient, statusOf, type RestClient as SdkClient } from '../../test/sdk-client';

let db: Database;
let engine: EmbeddedEngine;
let dir: string;
let http: FastifyInstance;
let baseUrl: string;
let camunda: SdkClient;

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const PHOTO = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));

async function listen(opts: Partial<V2RoutesOptions>, bodyLimit?: number): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify(bodyLimit ? { bodyLimit } : {});
  await app.register(v2Routes, {
    prefix: '/v2',
    commands: engine.commands,
    queries: createEngineQueries(db),
    clockControlled: true,
    ...opts,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
  engine = await startEngine({
    db,
    settings: loadSettings({}, { engineClockControlled: true }),
    grpc: false,
    log: (level, message, err) => {
      if (level === 'error') console.error(message, err);
    },
  });
  dir = await mkdtemp(path.join(os.tmpdir(), 'documents-'));
  ({ app: http, url: baseUrl } = await listen({ documentsDir: dir }));
  camunda = sdkClient(baseUrl);
});

afterAll(async () => {
  await http?.close();
  await engine?.close();
  await db?.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function upload(parts: { name: string; value: string | Blob; filename?: string }[], query = ''): Promise<Response> {
  const form = new FormData();
  for (const p of parts) {
    if (typeof p.value === 'string') form.append(p.name, p.value);
    else form.append(p.name, p.value, p.filename);
  }
  return fetch(`${baseUrl}/v2/documents${query}`, { method: 'POST', body: form });
}

/** Folders of stored documents (the store's own temporary entries start with a dot). */
async function storedCount(): Promise<number> {
  return (await readdir(dir)).filter((e) => !e.startsWith('.')).length;
}

describe('documents through @camunda8/sdk', () => {
  let photo: { documentId: string; contentHash: string };

  it('uploads a document and answers with Camunda’s document reference', async () => {
    const ref = await camunda.createDocument({
      file: new File([PHOTO], 'schaden.png', { type: 'image/png' }),
      metadata: {
        processDefinitionId: 'claim',
        processInstanceKey: '2251799813685249',
        customProperties: { claim: 'S-2026-17', tags: ['wasser', 'küche'] },
        expiresAt: '2099-01-01T00:00:00Z',
      },
    });
    expect(ref).toEqual({
      'camunda.document.type': 'camunda',
      storeId: 'local',
      documentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      contentHash: sha256(PHOTO),
      metadata: {
        contentType: 'image/png',
        fileName: 'schaden.png',
        // Java's OffsetDateTime.toString(), as Camunda answers.
        expiresAt: '2099-01-01T00:00Z',
        size: PHOTO.length,
        processDefinitionId: 'claim',
        processInstanceKey: '2251799813685249',
        customProperties: { claim: 'S-2026-17', tags: ['wasser', 'küche'] },
      },
    });
    photo = ref;
    // Kept in the data folder: one folder per document, named by the id's hash.
    expect(await readdir(path.join(dir, sha256(ref.documentId)))).toEqual(['content', 'metadata.json']);
  });

  it('downloads the bytes unchanged, with the stored content type', async () => {
    const blob = (await camunda.getDocument(photo)) as Blob;
    expect(Buffer.from(await blob.arrayBuffer()).equals(PHOTO)).toBe(true);
    const res = await fetch(`${baseUrl}/v2/documents/${photo.documentId}?contentHash=${photo.contentHash}&storeId=local`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses a download without the right hash, as Camunda does', async () => {
    expect(await statusOf(camunda.getDocument({ documentId: photo.documentId, contentHash: sha256('other') }))).toBe(400);
    const wrong = await fetch(`${baseUrl}/v2/documents/${photo.documentId}?contentHash=abc`);
    expect(await wrong.json()).toMatchObject({
      status: 400,
      title: 'INVALID_ARGUMENT',
      detail: `Document hash for document ${photo.documentId} doesn't match the provided hash abc`,
    });
    const none = await fetch(`${baseUrl}/v2/documents/${photo.documentId}`);
    expect(await none.json()).toMatchObject({ status: 400, detail: `No document hash provided for document ${photo.documentId}` });
    const store = await fetch(`${baseUrl}/v2/documents/${photo.documentId}?contentHash=${photo.contentHash}&storeId=aws`);
    expect(await store.json()).toMatchObject({ status: 400, detail: "Document store with id 'aws' does not exist" });
  });

  it('keeps a chosen document id, and refuses it twice', async () => {
    const file = () => new File(['Kontoauszug Mai'], 'auszug.txt', { type: 'text/plain' });
    const ref = await camunda.createDocument({ documentId: 'statement-2026-05', file: file() });
    expect(ref).toMatchObject({ documentId: 'statement-2026-05', metadata: { fileName: 'auszug.txt', customProperties: {} } });
    expect(ref.metadata.expiresAt).toBeUndefined();
    expect(await statusOf(camunda.createDocument({ documentId: 'statement-2026-05', file: file() }))).toBe(409);
    // Text comes back as text.
    expect(await camunda.getDocument({ documentId: 'statement-2026-05', contentHash: ref.contentHash })).toBe('Kontoauszug Mai');
  });

  it('uploads a batch, metadata matched to the files by position', async () => {
    const res = await camunda.createDocuments({
      files: [new File(['eins'], 'a.txt', { type: 'text/plain' }), new File([PHOTO], 'b.bin')],
      metadataList: [{ fileName: 'erstes.txt' }, { contentType: 'application/pdf', customProperties: { page: 2 } }],
    });
    expect(res.failedDocuments).toEqual([]);
    expect(res.createdDocuments).toHaveLength(2);
    expect(res.createdDocuments[0]).toMatchObject({
      storeId: 'local',
      contentHash: sha256('eins'),
      metadata: { fileName: 'erstes.txt', size: 4 },
    });
    expect(res.createdDocuments[1]).toMatchObject({
      metadata: { fileName: 'b.bin', contentType: 'application/pdf', size: PHOTO.length, customProperties: { page: 2 } },
    });
    const second = (await camunda.getDocument(res.createdDocuments[1])) as Blob;
    expect(Buffer.from(await second.arrayBuffer()).equals(PHOTO)).toBe(true);
  });

  it('survives a restart: the data folder is the store', async () => {
    const reopened = await openDocumentStore({ dir });
    const { reference, content } = await reopened.read(photo.documentId, photo.contentHash);
    expect(content.equals(PHOTO)).toBe(true);
    expect(reference.metadata).toMatchObject({ fileName: 'schaden.png', processInstanceKey: '2251799813685249' });
  });

  it('refuses links as Camunda’s local store does, after checking document and hash', async () => {
    const { documentId, contentHash } = photo;
    expect(await statusOf(camunda.createDocumentLink({ documentId, contentHash, timeToLive: 60000 }))).toBe(403);
    const res = await fetch(`${baseUrl}/v2/documents/${photo.documentId}/links?contentHash=${photo.contentHash}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timeToLive: 60000 }),
    });
    expect(await res.json()).toMatchObject({
      status: 403,
      title: 'FORBIDDEN',
      detail: 'The local storage document store does not support creating links',
    });
    expect(await statusOf(camunda.createDocumentLink({ documentId: 'nope', contentHash: 'x' }))).toBe(404);
    expect(await statusOf(camunda.createDocumentLink({ documentId, contentHash: 'x' }))).toBe(400);
    expect(await statusOf(camunda.createDocumentLink({ documentId, contentHash, timeToLive: 0 }))).toBe(400);
  });

  it('deletes a document; then it is not found', async () => {
    await camunda.deleteDocument({ documentId: photo.documentId });
    expect(await statusOf(camunda.getDocument(photo))).toBe(404);
    const res = await fetch(`${baseUrl}/v2/documents/${photo.documentId}?contentHash=${photo.contentHash}`);
    expect(await res.json()).toMatchObject({ status: 404, title: 'NOT_FOUND', detail: `Document with id '${photo.documentId}' not found` });
    // Camunda's local store deletes what is not there without complaint.
    await camunda.deleteDocument({ documentId: photo.documentId });
    await expect(readdir(path.join(dir, sha256(photo.documentId)))).rejects.toThrow();
  });

  it('treats an expired document as gone and removes it', async () => {
    const ref = await camunda.createDocument({
      file: new File(['alt'], 'alt.txt', { type: 'text/plain' }),
      metadata: { expiresAt: '2020-01-01T12:30:15.5+01:00' },
    });
    expect(ref.metadata.expiresAt).toBe('2020-01-01T12:30:15.500+01:00');
    expect(await statusOf(camunda.getDocument(ref))).toBe(404);
    await expect(readdir(path.join(dir, sha256(ref.documentId)))).rejects.toThrow();
  });

  it('refuses bad input with 400 naming each field, and stores nothing', async () => {
    const before = await storedCount();
    const bad = await upload([
      { name: 'file', value: new Blob(['x']), filename: 'x.txt' },
      {
        name: 'metadata',
        value: JSON.stringify({ fileName: ' ', expiresAt: 'morgen', processInstanceKey: 'abc', colour: 'rot' }),
      },
    ]);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { title: string; details: { field: string }[] };
    expect(body.title).toBe('INVALID_ARGUMENT');
    expect(body.details.map((d) => d.field).sort()).toEqual([
      'metadata.colour',
      'metadata.expiresAt',
      'metadata.fileName',
      'metadata.processInstanceKey',
    ]);
    const blank = await upload([
      { name: 'file', value: new Blob(['x']), filename: 'x.txt' },
      { name: 'metadata', value: JSON.stringify({ fileName: ' ', contentType: '', expiresAt: '2026-13-01T00:00:00Z' }) },
    ]);
    expect(((await blank.json()) as { details: { field: string }[] }).details.map((d) => d.field)).toEqual([
      'metadata.fileName',
      'metadata.contentType',
      'metadata.expiresAt',
    ]);
    const noFile = await upload([{ name: 'metadata', value: '{"fileName":"a"}' }]);
    expect(((await noFile.json()) as { details: unknown[] }).details).toEqual([{ field: 'file', message: 'is required' }]);
    const notJson = await upload([
      { name: 'file', value: new Blob(['x']), filename: 'x.txt' },
      { name: 'metadata', value: '{fileName' },
    ]);
    expect(((await notJson.json()) as { details: unknown[] }).details).toEqual([{ field: 'metadata', message: 'is not valid JSON' }]);
    const json = await fetch(`${baseUrl}/v2/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    // A batch is checked whole: one bad entry stores none of its files.
    expect(
      await statusOf(
        camunda.createDocuments({
          files: [new File(['a'], 'a.txt'), new File(['b'], 'b.txt')],
          metadataList: [{ fileName: 'a.txt' }, { expiresAt: 'bald' }],
        }),
      ),
    ).toBe(400);
    expect(await statusOf(camunda.createDocuments({ files: [new File(['a'], 'a.txt')], metadataList: [{}, {}] }))).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it('bounds an upload by the body limit (413), storing nothing', async () => {
    const small = await mkdtemp(path.join(os.tmpdir(), 'documents-small-'));
    const { app, url } = await listen({ documentsDir: small }, 1024);
    try {
      const form = new FormData();
      form.append('file', new Blob([PHOTO]), 'big.bin');
      const res = await fetch(`${url}/v2/documents`, { method: 'POST', body: form });
      expect(res.status).toBe(413);
      expect(await readdir(small)).toEqual([]);
    } finally {
      await app.close();
      await rm(small, { recursive: true, force: true });
    }
  });
});

describe('the in-memory store (DATA_DIR=memory://), Camunda’s default', () => {
  it('behaves like Camunda’s in-memory store', async () => {
    const store = await openDocumentStore();
    expect(store.storeId).toBe('in-memory');
    const ref = await store.create({ content: Buffer.from('hallo'), metadata: { customProperties: {} } });
    expect((await store.read(ref.documentId, sha256('hallo'))).content.toString()).toBe('hallo');
    await expect(store.createLink(ref.documentId, ref.contentHash)).rejects.toThrow(
      'The in-memory document store does not support creating links',
    );
    await store.delete(ref.documentId);
    // Unlike the local store, Camunda's in-memory store answers 404 for a document that is not there.
    await expect(store.delete(ref.documentId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('measures expiry against the wall clock it is given', async () => {
    let now = new Date('2026-06-01T10:00:00Z');
    const store = await openDocumentStore({ now: () => now });
    const ref = await store.create({ content: Buffer.from('x'), metadata: { expiresAt: '2026-06-01T11:00Z', customProperties: {} } });
    await expect(store.read(ref.documentId, ref.contentHash)).resolves.toBeDefined();
    now = new Date('2026-06-01T11:00:00Z');
    await expect(store.read(ref.documentId, ref.contentHash)).rejects.toBeInstanceOf(NotFoundError);
  });
});
