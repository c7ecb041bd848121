/**
 * The care core over HTTP, with a kind of this test's own (a process that waits for a job): the
 * request is checked before anything is written, a case is opened with its audit trail and its
 * process, a retry with the same Idempotency-Key answers the same case, and photos are checked by
 * their bytes.
 */
import type { System } from '../../system';
import { signIn, type SignedIn } from '../../../test/auth';
import { startSecuritySystem } from '../../../test/security/system';
import { chain, process as bpmnProcess } from '../../../test/bpmn';
import { insertContract, type ContractFixture } from '../../../domain/shared/test-fixtures';
import { CareError } from '../../../domain/care';
import { careKinds, defineCareKind } from './kinds';

let system: System;
let caseworker: SignedIn;
let analyst: SignedIn;
let fixture: ContractFixture;
let customerNumber: string;

const testKind = defineCareKind<{ note: string; wish?: string }>({
  kind: 'test-note',
  processId: 'care-test-note',
  title: { de: 'Testnotiz', en: 'Test note' },
  contract: 'required',
  portal: false,
  body: { type: 'object', required: ['note'], properties: { note: { type: 'string', minLength: 1 }, wish: { type: 'string' } } },
  async check(_ctx, body) {
    if (body.wish === 'impossible') throw new CareError('refused', 'Das ist nicht möglich', 'wish');
  },
  variables: (_ctx, body) => ({ note: body.note }),
});

beforeAll(async () => {
  careKinds.push(testKind);
  system = await startSecuritySystem();
  const xml = bpmnProcess('care-test-note', [
    '<bpmn:startEvent id="start"/>',
    '<bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="care-test-work"/></bpmn:extensionElements></bpmn:serviceTask>',
    '<bpmn:endEvent id="end"/>',
    ...chain('start', 'work', 'end'),
  ]);
  await system.engine!.commands.deployResources([{ name: 'care-test-note.bpmn', content: Buffer.from(xml) }]);
  caseworker = await signIn(system.httpUrl, 'caseworker');
  analyst = await signIn(system.httpUrl, 'analyst');
  fixture = await insertContract(system.db);
  customerNumber = (await system.db('customers').where({ id: fixture.customerId }).first()).customer_number;
}, 60_000);
afterAll(async () => {
  careKinds.splice(careKinds.indexOf(testKind), 1);
  await system?.stop();
});

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown, extra: Record<string, string> = {}) {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method,
    headers: { ...headers, ...extra, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

const cases = async () => Number((await system.db('care_cases').count({ n: '*' }).first())?.n ?? 0);

describe('care cases', () => {
  it('lists the kinds with their request schema', async () => {
    const res = await call('GET', '/api/care-kinds', caseworker.headers);
    expect(res.status).toBe(200);
    const kind = res.body.find((k: { kind: string }) => k.kind === 'test-note');
    expect(kind).toMatchObject({ processId: 'care-test-note', contract: 'required', portal: false });
    expect(kind.body.required).toEqual(['note', 'contractId']);
  });

  it('opens a case, starts its process with the case id, and answers a retry with the same case', async () => {
    const path = `/api/customers/${customerNumber}/care-cases`;
    const body = { kind: 'test-note', contractId: fixture.contractId, note: 'Bitte zurückrufen' };
    const first = await call('POST', path, caseworker.headers, body, { 'Idempotency-Key': 'care-test-1' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      caseNumber: expect.stringMatching(/^SV-\d{8}$/),
      status: 'open',
      processInstanceKey: expect.any(String),
    });
    const again = await call('POST', path, caseworker.headers, body, { 'Idempotency-Key': 'care-test-1' });
    expect(again.body).toEqual(first.body);

    const vars = await system.db('care_cases').where({ id: first.body.caseId }).first();
    expect(vars).toMatchObject({
      kind: 'test-note',
      channel: 'caseworker',
      requested_by: 'caseworker',
      contract_id: fixture.contractId,
      account_id: fixture.contractAccountId,
    });
    const shown = await call('GET', `/api/care-cases/${first.body.caseId}`, caseworker.headers);
    expect(shown.body.events.map((e: { action: string }) => e.action)).toEqual(['opened', 'process-started']);
    const list = await call('GET', path, caseworker.headers);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(first.body.caseId);
    // Analysts do not work customer matters.
    expect((await call('POST', path, analyst.headers, body)).status).toBe(403);
  });

  it('refuses bad input and refused requests before writing anything', async () => {
    const path = `/api/customers/${customerNumber}/care-cases`;
    const before = await cases();
    const missing = await call('POST', path, caseworker.headers, { kind: 'test-note', note: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.type).toMatch(/problem\+json/);
    expect(missing.body.details).toEqual([{ field: 'contractId', message: 'is required' }]);
    const extra = await call('POST', path, caseworker.headers, { kind: 'test-note', contractId: fixture.contractId, note: 'x', other: 1 });
    expect(extra.body.details).toEqual([{ field: 'other', message: 'is not a known property' }]);
    const unknownKind = await call('POST', path, caseworker.headers, { kind: 'nope' });
    expect(unknownKind.body.details).toEqual([{ field: 'kind', message: expect.any(String) }]);
    const other = await insertContract(system.db);
    const foreign = await call('POST', path, caseworker.headers, { kind: 'test-note', contractId: other.contractId, note: 'x' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.details).toEqual([{ field: 'contractId', message: 'is not a contract of this customer' }]);
    const refused = await call('POST', path, caseworker.headers, {
      kind: 'test-note',
      contractId: fixture.contractId,
      note: 'x',
      wish: 'impossible',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([{ field: 'wish', message: 'Das ist nicht möglich' }]);
    expect((await call('POST', '/api/customers/K-none/care-cases', caseworker.headers, { kind: 'test-note' })).status).toBe(404);
    expect(await cases()).toBe(before);
  });

  it('stores a photo by its bytes and refuses what is not an image, or too large', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    const upload = (bytes: Buffer, type: string) =>
      fetch(`${system.httpUrl}/api/attachments?fileName=zaehler.png`, {
        method: 'POST',
        headers: { ...caseworker.headers, 'content-type': type },
        body: new Uint8Array(bytes),
      });
    const ok = await upload(png, 'image/png');
    expect(ok.status).toBe(201);
    const stored = (await ok.json()) as { id: string; mediaType: string };
    expect(stored.mediaType).toBe('image/png');
    const back = await fetch(`${system.httpUrl}/api/attachments/${stored.id}`, { headers: caseworker.headers });
    expect(Buffer.from(await back.arrayBuffer())).toEqual(png);

    const before = Number((await system.db('attachments').count({ n: '*' }).first())?.n ?? 0);
    const text = await upload(Buffer.from('not a photo at all'), 'image/jpeg');
    expect(text.status).toBe(400);
    expect(((await text.json()) as { details: unknown }).details).toEqual([
      { field: 'photo', message: expect.stringMatching(/not an image/) },
    ]);
    const big = Buffer.concat([png, Buffer.alloc(system.settings.attachmentMaxBytes)]);
    const tooBig = await upload(big, 'image/png');
    expect(tooBig.status).toBe(400);
    expect(((await tooBig.json()) as { details: { field: string }[] }).details[0].field).toBe('photo');
    expect(Number((await system.db('attachments').count({ n: '*' }).first())?.n ?? 0)).toBe(before);
  });
});
