/** Drafts over HTTP: per user, saved and replaced, listed without content, discarded; roles from the auth rule. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { System } from '../system';
import { startTestSystem } from '../../test/e2e/system';
import { signIn, type SignedIn } from '../../test/auth';

jest.setTimeout(60_000);

let system: System;
let analyst: SignedIn;
let admin: SignedIn;

beforeAll(async () => {
  system = await startTestSystem();
  analyst = await signIn(system.httpUrl, 'analyst');
  admin = await signIn(system.httpUrl, 'admin');
});

afterAll(() => system?.stop());

const call = async (who: SignedIn | undefined, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${system.httpUrl}/api/modeler/drafts${path}`, {
    method,
    headers: { ...(who?.headers ?? {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

const draft = {
  name: 'Order to contract',
  resourceName: 'order-to-contract.bpmn',
  content: '<definitions/>',
  baseVersion: 1,
  baseKey: '2251799813685249',
};

test('a draft is saved, replaced, listed without content, read with it and discarded', async () => {
  expect((await call(analyst, 'PUT', '/bpmn/order-to-contract', draft)).status).toBe(200);
  const saved = await call(analyst, 'PUT', '/bpmn/order-to-contract', { ...draft, content: '<definitions id="2"/>' });
  expect(saved.body).toMatchObject({ kind: 'bpmn', resourceId: 'order-to-contract', baseVersion: 1 });
  expect(saved.body.content).toBeUndefined();

  const list = await call(analyst, 'GET', '');
  expect(list.body.items).toHaveLength(1);
  expect(list.body.items[0]).toMatchObject({ resourceId: 'order-to-contract', name: 'Order to contract' });
  expect(list.body.items[0].content).toBeUndefined();
  expect((await call(analyst, 'GET', '/bpmn/order-to-contract')).body.content).toBe('<definitions id="2"/>');

  // Another user has drafts of their own.
  expect((await call(admin, 'GET', '')).body.items).toEqual([]);
  expect((await call(admin, 'GET', '/bpmn/order-to-contract')).status).toBe(404);

  expect((await call(analyst, 'DELETE', '/bpmn/order-to-contract')).status).toBe(204);
  expect((await call(analyst, 'GET', '/bpmn/order-to-contract')).status).toBe(404);
  expect((await call(analyst, 'DELETE', '/bpmn/order-to-contract')).status).toBe(204);
});

test('bad input is refused; signed-out and other roles get no drafts', async () => {
  expect((await call(analyst, 'PUT', '/bpmn/x', { ...draft, resourceName: '../x.bpmn' })).status).toBe(400);
  expect((await call(analyst, 'PUT', '/svg/x', draft)).status).toBe(400);
  expect((await call(undefined, 'GET', '')).status).toBe(401);
  const caseworker = await signIn(system.httpUrl, 'caseworker');
  expect((await call(caseworker, 'GET', '')).status).toBe(403);
});

test('a draft survives a restart of the product', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'o2c-drafts-'));
  try {
    const first = await startTestSystem({ dataDir, workersEnabled: false, deployProcessesAtStart: false });
    try {
      const who = await signIn(first.httpUrl, 'analyst');
      const res = await fetch(`${first.httpUrl}/api/modeler/drafts/bpmn/order-to-contract`, {
        method: 'PUT',
        headers: { ...who.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ ...draft, content: '<definitions id="kept"/>' }),
      });
      expect(res.status).toBe(200);
    } finally {
      await first.stop();
    }
    const again = await startTestSystem({ dataDir, workersEnabled: false, deployProcessesAtStart: false });
    try {
      const who = await signIn(again.httpUrl, 'analyst');
      const res = await fetch(`${again.httpUrl}/api/modeler/drafts/bpmn/order-to-contract`, { headers: who.headers });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { content: string }).content).toBe('<definitions id="kept"/>');
    } finally {
      await again.stop();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
