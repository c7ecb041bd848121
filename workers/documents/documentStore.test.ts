import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { databaseVariants, type TestDatabase } from '../../db/testing';
import { createDocumentStore } from '.';

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
    fs.rmSync(dir, { recursive: true });
  });

  it('returns undefined for an unknown id', async () => {
    expect(await createDocumentStore(t.db).get('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});
