import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { createDocumentStore, documentFilesDir } from '.';

describe.each(databaseVariants())('document store on $name', (variant) => {
  let t: TestDatabase;
  let orderId: string;
  beforeAll(async () => {
    t = await variant.open();
    [{ id: orderId }] = await t.db('orders').insert({ payload: {} }).returning('id');
  });
  afterAll(async () => {
    await t?.dispose();
  });

  it('stores a PDF once per business key and reads it back', async () => {
    const store = createDocumentStore(t.db);
    const input = {
      businessKey: `order:${orderId}:confirmation`,
      kind: 'order_confirmation',
      fileName: 'Auftragsbestaetigung.pdf',
      orderId,
    };
    const first = await store.store(input, Buffer.from('%PDF-1.4 first'));
    const second = await store.store(input, Buffer.from('%PDF-1.4 second'));
    expect(second.id).toBe(first.id);
    const back = await store.get(first.id);
    expect(back?.content.toString()).toBe('%PDF-1.4 first');
    expect(back).toMatchObject({ kind: 'order_confirmation', contentType: 'application/pdf', size: 14, orderId });
    expect((await store.getByKey(input.businessKey))?.id).toBe(first.id);
    expect(await store.listByOrder(orderId)).toHaveLength(1);
  });

  it('renders only when the document does not exist yet', async () => {
    const store = createDocumentStore(t.db);
    const render = jest.fn(async () => Buffer.from('%PDF-1.4 rejection'));
    const input = { businessKey: `order:${orderId}:rejection`, kind: 'rejection', fileName: 'Ablehnung.pdf', orderId };
    const a = await store.ensure(input, render);
    const b = await store.ensure(input, render);
    expect(b.id).toBe(a.id);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('can keep the bytes in files beside the database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-'));
    const store = createDocumentStore(t.db, { directory: dir });
    const doc = await store.store(
      { businessKey: `order:${orderId}:offer`, kind: 'prepayment_offer', fileName: 'Angebot.pdf' },
      Buffer.from('%PDF offer'),
    );
    expect(fs.readdirSync(dir)).toEqual([`${doc.sha256}.pdf`]);
    expect((await store.get(doc.id))?.content.toString()).toBe('%PDF offer');
    // The row names the file within the folder, so the data folder may move; the bytes are not in the row.
    const row = await t.db('documents').where({ id: doc.id }).first();
    expect(row).toMatchObject({ file_path: `${doc.sha256}.pdf`, content: null });
    await expect(createDocumentStore(t.db).get(doc.id)).rejects.toThrow(/no folder for files/);
    const moved = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-moved-'));
    fs.renameSync(path.join(dir, `${doc.sha256}.pdf`), path.join(moved, `${doc.sha256}.pdf`));
    expect((await createDocumentStore(t.db, { directory: moved }).get(doc.id))?.content.toString()).toBe('%PDF offer');
    // Rows of earlier versions hold absolute paths, and still read.
    await t
      .db('documents')
      .where({ id: doc.id })
      .update({ file_path: path.join(moved, `${doc.sha256}.pdf`) });
    expect((await createDocumentStore(t.db).get(doc.id))?.content.toString()).toBe('%PDF offer');
    fs.rmSync(dir, { recursive: true });
    fs.rmSync(moved, { recursive: true });
  });

  it('makes the folder for files with the first document', async () => {
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-'));
    const dir = path.join(parent, 'letters');
    const store = createDocumentStore(t.db, { directory: dir });
    const a = await store.store({ businessKey: `order:${orderId}:first-in-folder`, kind: 'x', fileName: 'a.pdf' }, Buffer.from('%PDF a'));
    const b = await store.store({ businessKey: `order:${orderId}:second-in-folder`, kind: 'x', fileName: 'b.pdf' }, Buffer.from('%PDF b'));
    expect(fs.readdirSync(dir).sort()).toEqual([`${a.sha256}.pdf`, `${b.sha256}.pdf`].sort());
    fs.rmSync(parent, { recursive: true });
  });

  it('keeps files only for PGlite on disk: PostgreSQL (shared by worker processes) and memory keep bytes in the row', () => {
    expect(documentFilesDir({ dataDir: '/var/lib/energy', databaseUrl: '' })).toBe('/var/lib/energy/letters');
    expect(documentFilesDir({ dataDir: '/var/lib/energy', databaseUrl: 'postgres://db/energy' })).toBeUndefined();
    expect(documentFilesDir({ dataDir: 'memory://', databaseUrl: '' })).toBeUndefined();
  });

  it('returns undefined for an unknown id', async () => {
    expect(await createDocumentStore(t.db).get('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});
