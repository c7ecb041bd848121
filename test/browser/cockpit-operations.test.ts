/**
 * The admin's operations in the cockpit, in a real browser against the whole system: modification
 * mode (move a token, cancel and add tokens, an engine rejection shown), migration to version 2,
 * a batch cancel followed on the batch operations page; an analyst sees none of it, and the server
 * refuses the calls to everyone but admins (403).
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import type { System } from '../../server/system';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession, v2 } from './session';
import { waitFor } from '../e2e/system';
import { signIn, systemHeaders, type SignedIn } from '../auth';

jest.setTimeout(180_000);

let session: BrowserSession;
let system: System;
let page: Page;
let admin: SignedIn;

/** Three service tasks in a row; version 2 renames task_b to task_b2. */
const processXml = (b: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://example.org">
  <bpmn:process id="ck-ops" name="Cockpit-Betrieb" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task_a" />
    <bpmn:serviceTask id="task_a" name="Zählerstand prüfen"><bpmn:extensionElements><zeebe:taskDefinition type="ck-ops-a" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task_a" targetRef="${b}" />
    <bpmn:serviceTask id="${b}" name="Abschlag berechnen"><bpmn:extensionElements><zeebe:taskDefinition type="ck-ops-b" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="${b}" targetRef="task_c" />
    <bpmn:serviceTask id="task_c" name="Kunde informieren"><bpmn:extensionElements><zeebe:taskDefinition type="ck-ops-c" /></bpmn:extensionElements></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="task_c" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

async function deploy(xml: string): Promise<string> {
  const form = new FormData();
  form.append('resources', new Blob([xml], { type: 'application/xml' }), 'ck-ops.bpmn');
  const res = await fetch(`${system.httpUrl}/v2/deployments`, { method: 'POST', headers: admin.headers, body: form });
  if (!res.ok) throw new Error(`deploy: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { deployments: { processDefinition: { processDefinitionKey: string } }[] };
  return body.deployments[0].processDefinition.processDefinitionKey;
}

let v1Key: string;

const start = async (processDefinitionKey = v1Key) =>
  (await v2<{ processInstanceKey: string }>(system, '/v2/process-instances', { processDefinitionKey })).processInstanceKey;

interface ElementInstance {
  elementId: string;
  elementInstanceKey: string;
  state: string;
  type: string;
}
const activeElements = async (key: string) =>
  (
    await v2<{ items: ElementInstance[] }>(system, '/v2/element-instances/search', {
      filter: { processInstanceKey: key, state: 'ACTIVE' },
      page: { limit: 100 },
    })
  ).items
    .filter((e) => e.type !== 'PROCESS')
    .map((e) => e.elementId)
    .sort();

const waitActive = (key: string, ids: string[]) =>
  waitFor(async () => (JSON.stringify(await activeElements(key)) === JSON.stringify(ids) ? true : undefined), `${key} at ${ids.join(',')}`);

/** Completes one job of the type, as a worker would. */
async function completeJob(type: string): Promise<void> {
  const job = await waitFor(async () => {
    const r = await v2<{ jobs: { jobKey: string }[] }>(system, '/v2/jobs/activation', {
      type,
      worker: 'cockpit-test',
      timeout: 60_000,
      maxJobsToActivate: 1,
    });
    return r.jobs[0];
  }, `a ${type} job`);
  const res = await fetch(`${system.httpUrl}/v2/jobs/${job.jobKey}/completion`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: '{}',
  });
  expect(res.status).toBe(204);
}

const instance = async (key: string) =>
  (await (await fetch(`${system.httpUrl}/v2/process-instances/${key}`, { headers: systemHeaders() })).json()) as {
    state: string;
    processDefinitionVersion: number;
    processDefinitionKey: string;
  };

const openInstance = async (key: string) => {
  await page.goto(`${system.httpUrl}/cockpit#/instances/${key}`);
  await page.waitForSelector(`.ck-instance[data-instance-key="${key}"]`);
};

/** Confirms the open dialog. */
const confirm = () => page.click('dialog[open] [data-action="confirm"]');

beforeAll(async () => {
  session = await openBrowserSession({ width: 1440, height: 1000 });
  ({ system, page } = session);
  admin = await signIn(system.httpUrl, 'admin');
  v1Key = await deploy(processXml('task_b'));
  await signInThroughLoginPage(session, 'admin', 'admin', '/cockpit');
});

afterAll(() => session?.close());

test('an admin moves a token in modification mode; the instance continues at the new element', async () => {
  const key = await start();
  await waitActive(key, ['task_a']);
  await openInstance(key);
  await page.waitForSelector('.djs-element.ck-active[data-element-id="task_a"]');

  await page.click('[data-action="modify"]');
  await page.waitForSelector('[data-testid="modification"]');
  // The element is picked in the diagram; the panel offers its token.
  await page.click('.djs-element[data-element-id="task_a"]');
  await page.waitForFunction(() => (document.querySelector('select[name=element]') as HTMLSelectElement | null)?.value === 'task_a');
  await page.waitForSelector('.djs-element.ck-selected[data-element-id="task_a"]');
  expect(await page.$eval('[data-testid="token-count"]', (e) => e.textContent)).toBe('Aktive Token: 1');
  await page.select('select[name=target]', 'task_c');
  await page.type('textarea[name=modVariables]', '{"reading": 4711}');
  await page.click('[data-action="mod-move"]');
  await page.waitForSelector('.ck-pending li[data-change="move"]');
  // The diagram shows the pending move: −1 at task_a, +1 at task_c.
  expect(await page.$eval('.djs-overlays[data-container-id="task_a"] .ck-badge-cancel', (e) => e.textContent)).toBe('−1');
  expect(await page.$eval('.djs-overlays[data-container-id="task_c"] .ck-badge-add', (e) => e.textContent)).toBe('+1');
  expect(await page.$eval('.ck-pending li', (e) => e.textContent)).toContain(
    '1 Token verschieben: Zählerstand prüfen (task_a) → Kunde informieren (task_c)',
  );
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-modification.png') });

  await page.click('[data-action="mod-apply"]');
  await page.waitForSelector('dialog[open]');
  await confirm();
  await page.waitForSelector('.toast-success');
  // The view follows: task_c active, task_a no longer; the mode is left.
  await page.waitForSelector('.djs-element.ck-active[data-element-id="task_c"]', { timeout: 15_000 });
  expect(await page.$('.djs-element.ck-active[data-element-id="task_a"]')).toBeNull();
  expect(await page.$('[data-testid="modification"]')).toBeNull();
  expect(await activeElements(key)).toEqual(['task_c']);
  const vars = await v2<{ items: { name: string; value: string; scopeKey: string }[] }>(system, '/v2/variables/search', {
    filter: { processInstanceKey: key, name: 'reading' },
  });
  expect(vars.items.map((v) => [v.value, v.scopeKey])).toEqual([['4711', key]]);

  // The instance goes on from task_c: its job completes it.
  await completeJob('ck-ops-c');
  await page.waitForSelector('.ck-instance[data-state="COMPLETED"]', { timeout: 30_000 });
  expect((await instance(key)).state).toBe('COMPLETED');
});

test('an admin cancels one token and adds another in one modification; a rejection by the engine is shown', async () => {
  const key = await start();
  await waitActive(key, ['task_a']);
  await openInstance(key);
  await page.waitForSelector('.djs-element.ck-active[data-element-id="task_a"]');
  await page.click('[data-action="modify"]');
  await page.waitForSelector('[data-testid="modification"]');

  // Picked from the list this time: add a token at task_b with a local variable, cancel task_a's.
  await page.select('select[name=element]', 'task_b');
  await page.waitForSelector('[data-action="mod-add"]:not([disabled])');
  expect(await page.$eval('[data-action="mod-cancel"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
  // Not a JSON object: said in the panel, nothing pending.
  await page.type('textarea[name=modVariables]', '[1, 2]');
  await page.click('[data-action="mod-add"]');
  await page.waitForFunction(() =>
    /kein gültiges JSON-Objekt/.test(document.querySelector('[data-testid="modification"]')?.textContent ?? ''),
  );
  expect(await page.$('.ck-pending')).toBeNull();
  await page.$eval('textarea[name=modVariables]', (e) => ((e as HTMLTextAreaElement).value = ''));
  await page.type('textarea[name=modVariables]', '{"approvedBy": "cockpit"}');
  await page.select('select[name=varScope]', 'element');
  await page.click('[data-action="mod-add"]');
  await page.waitForSelector('.ck-pending li[data-change="add"]');
  await page.select('select[name=element]', 'task_a');
  await page.waitForSelector('[data-action="mod-cancel"]:not([disabled])');
  await page.click('[data-action="mod-cancel"]');
  await page.waitForSelector('.ck-pending li[data-change="cancel"]');

  // Meanwhile a worker completes task_a: the engine refuses to terminate a token that is gone.
  await completeJob('ck-ops-a');
  await waitActive(key, ['task_b']);
  await page.click('[data-action="mod-apply"]');
  await page.waitForSelector('dialog[open]');
  await confirm();
  await page.waitForSelector('dialog[open] [data-testid="op-error"]');
  const error = await page.$eval('dialog[open] [data-testid="op-error"]', (e) => e.textContent ?? '');
  expect(error).toContain('Die Engine hat den Auftrag abgelehnt');
  expect(error).toContain('terminate instructions with an element instance that could not be found');
  expect(await activeElements(key)).toEqual(['task_b']); // nothing half-applied
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-modification-rejected.png') });
  await page.click('dialog[open] .btn-secondary');

  // Without the stale cancel, the add goes through: a second token at task_b with its local variable.
  await page.click('.ck-pending li[data-change="cancel"] [data-action="mod-remove"]');
  await page.click('[data-action="mod-apply"]');
  await page.waitForSelector('dialog[open]');
  await confirm();
  await page.waitForSelector('.toast-success');
  await waitActive(key, ['task_b', 'task_b']);
  const local = await v2<{ items: { scopeKey: string }[] }>(system, '/v2/variables/search', {
    filter: { processInstanceKey: key, name: 'approvedBy' },
  });
  expect(local.items).toHaveLength(1);
  expect(local.items[0].scopeKey).not.toBe(key);

  // One of the two task_b tokens is cancelled (the other unticked): one element instance terminated.
  await page.waitForSelector('[data-action="modify"]');
  await page.click('[data-action="modify"]');
  await page.select('select[name=element]', 'task_b');
  await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]')?.textContent === 'Aktive Token: 2');
  const tokens = await page.$$eval('input[name=token]', (els) => els.map((e) => (e as HTMLInputElement).value));
  expect(tokens).toHaveLength(2);
  await page.click(`input[name=token][value="${tokens[1]}"]`);
  await page.click('[data-action="mod-cancel"]');
  await page.waitForSelector('.ck-pending li[data-change="cancel"]');
  expect(await page.$eval('.ck-pending li', (e) => e.textContent)).toContain('1 Token abbrechen: Abschlag berechnen (task_b)');
  await page.click('[data-action="mod-apply"]');
  await confirm();
  await waitActive(key, ['task_b']);
  const states = await v2<{ items: { elementInstanceKey: string; state: string }[] }>(system, '/v2/element-instances/search', {
    filter: { elementInstanceKey: { $in: tokens } },
  });
  expect(Object.fromEntries(states.items.map((e) => [e.elementInstanceKey, e.state]))).toEqual({
    [tokens[0]]: 'TERMINATED',
    [tokens[1]]: 'ACTIVE',
  });

  // Then the last one: the emptied instance ends with it (Zeebe's terminate semantics).
  await page.waitForSelector('[data-action="modify"]');
  await page.click('[data-action="modify"]');
  await page.select('select[name=element]', 'task_b');
  await page.waitForFunction(() => document.querySelector('[data-testid="token-count"]')?.textContent === 'Aktive Token: 1');
  await page.click('[data-action="mod-cancel"]');
  await page.click('[data-action="mod-apply"]');
  await confirm();
  await page.waitForSelector('.ck-instance[data-state="TERMINATED"]', { timeout: 15_000 });
  expect((await instance(key)).state).toBe('TERMINATED');
});

test('an admin migrates an instance to version 2, mapping the renamed element', async () => {
  const key = await start();
  await completeJob('ck-ops-a');
  await waitActive(key, ['task_b']);
  const v2Key = await deploy(processXml('task_b2'));
  await openInstance(key);
  await page.waitForSelector('.djs-element.ck-active[data-element-id="task_b"]');
  await page.click('[data-action="migrate"]');
  await page.waitForSelector('[data-testid="migration-mapping"] select[name="map-task_b"]');
  // task_b has no namesake in version 2: not pre-filled, and the dialog names it.
  expect(await page.$eval('select[name="map-task_b"]', (s) => (s as HTMLSelectElement).value)).toBe('');
  await confirm();
  await page.waitForFunction(() => /Ohne Zielelement: task_b/.test(document.querySelector('dialog[open]')?.textContent ?? ''));
  await page.select('select[name="map-task_b"]', 'task_b2');
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-migration.png') });
  await confirm();
  await page.waitForSelector('.toast-success');
  await page.waitForSelector('.djs-element.ck-active[data-element-id="task_b2"]', { timeout: 15_000 });
  expect(await page.$eval('.ck-inst-line', (e) => e.textContent)).toContain('v2');
  const migrated = await instance(key);
  expect(migrated.processDefinitionKey).toBe(v2Key);
  expect(migrated.processDefinitionVersion).toBe(2);
  expect(await activeElements(key)).toEqual(['task_b2']);
});

test('an admin cancels several instances in one batch and sees it complete', async () => {
  const keys = [await start(), await start(), await start()];
  for (const k of keys) await waitActive(k, ['task_a']);
  await page.goto(`${system.httpUrl}/cockpit#/instances?process=ck-ops&state=ACTIVE&version=1`);
  for (const k of keys) await page.waitForSelector(`[data-select="${k}"]`);
  for (const k of keys) await page.click(`[data-select="${k}"]`);
  await page.waitForFunction(() => /3 ausgewählt/.test(document.querySelector('[data-testid="selected-count"]')?.textContent ?? ''));
  await page.click('[data-action="batch-cancel"]');
  await page.waitForSelector('dialog[open]');
  expect(await page.$eval('dialog[open]', (d) => d.textContent)).toContain('3 Instanzen werden beendet');
  await confirm();
  // The batch's page follows it until it is done.
  await page.waitForSelector('.ck-batch [data-batch-state="COMPLETED"]', { timeout: 30_000 });
  expect(await page.$eval('.ck-batch [data-testid="batch-items"]', (e) => e.textContent)).toBe('3 erledigt · 0 fehlgeschlagen · 3 gesamt');
  await page.screenshot({ path: path.join(SHOTS, 'cockpit-batch.png') });
  for (const k of keys) expect((await instance(k)).state).toBe('TERMINATED');
  const batchKey = await page.$eval('.ck-batch', (e) => e.getAttribute('data-batch-key'));
  await page.click('[data-nav="batches"]');
  await page.waitForSelector(`tr[data-batch-key="${batchKey}"] [data-batch-state="COMPLETED"]`);
});

test('an admin migrates all instances matching the filter to version 2 in one batch', async () => {
  const keys = [await start(), await start()];
  for (const k of keys) await waitActive(k, ['task_a']);
  await page.goto(`${system.httpUrl}/cockpit#/instances?process=ck-ops&state=ACTIVE&definition=${v1Key}`);
  for (const k of keys) await page.waitForSelector(`[data-select="${k}"]`);
  await page.click('[data-select="matching"]');
  await page.waitForFunction(() =>
    /Alle 2 Treffer ausgewählt/.test(document.querySelector('[data-testid="selected-count"]')?.textContent ?? ''),
  );
  await page.click('[data-action="batch-migrate"]');
  // The source version's elements; those with a namesake in version 2 are pre-filled.
  await page.waitForSelector('[data-testid="migration-mapping"] select[name="map-task_a"]');
  expect(await page.$eval('select[name="map-task_a"]', (s) => (s as HTMLSelectElement).value)).toBe('task_a');
  expect(await page.$eval('select[name="map-task_b"]', (s) => (s as HTMLSelectElement).value)).toBe('');
  await page.select('select[name="map-task_b"]', 'task_b2');
  await confirm();
  await page.waitForSelector('.ck-batch [data-batch-state="COMPLETED"]', { timeout: 30_000 });
  expect(await page.$eval('.ck-batch h1', (e) => e.textContent)).toBe('Instanzen migrieren');
  expect(await page.$eval('.ck-batch [data-testid="batch-items"]', (e) => e.textContent)).toBe('2 erledigt · 0 fehlgeschlagen · 2 gesamt');
  for (const k of keys) expect((await instance(k)).processDefinitionVersion).toBe(2);
});

test('an admin resolves an incident and moves tokens in batches', async () => {
  const keys = [await start(), await start()];
  for (const k of keys) await waitActive(k, ['task_a']);
  // keys[0]'s job fails without retries left: an incident.
  const jobs = await v2<{ jobs: { jobKey: string; processInstanceKey: string }[] }>(system, '/v2/jobs/activation', {
    type: 'ck-ops-a',
    worker: 'cockpit-test',
    timeout: 60_000,
    maxJobsToActivate: 10,
  });
  const job = jobs.jobs.find((j) => j.processInstanceKey === keys[0])!;
  const failed = await fetch(`${system.httpUrl}/v2/jobs/${job.jobKey}/failure`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json' }),
    body: JSON.stringify({ retries: 0, errorMessage: 'Zählerstand fehlt' }),
  });
  expect(failed.status).toBe(204);
  const incident = await waitFor(async () => {
    const r = await v2<{ items: { incidentKey: string }[] }>(system, '/v2/incidents/search', {
      filter: { processInstanceKey: keys[0], state: 'ACTIVE' },
    });
    return r.items[0];
  }, 'an incident');

  const list = `${system.httpUrl}/cockpit#/instances?process=ck-ops&state=ACTIVE&definition=${v1Key}`;
  await page.goto(list);
  await page.waitForSelector(`tr[data-instance-key="${keys[0]}"] [data-state="INCIDENT"]`);
  await page.click(`[data-select="${keys[0]}"]`);
  await page.click('[data-action="batch-resolve"]');
  await page.waitForSelector('dialog[open]');
  await confirm();
  await page.waitForSelector('.ck-batch [data-batch-state="COMPLETED"]', { timeout: 30_000 });
  expect(await page.$eval('.ck-batch h1', (e) => e.textContent)).toBe('Störungen beheben');
  await page.waitForSelector(`.ck-batch tr [data-item-state="COMPLETED"]`);
  expect(await page.$eval('.ck-batch tr[data-item-key] a', (e) => e.textContent)).toBe(keys[0]);
  const resolved = await v2<{ items: { state: string }[] }>(system, '/v2/incidents/search', {
    filter: { incidentKey: incident.incidentKey },
  });
  expect(resolved.items[0].state).toBe('RESOLVED');

  // Both instances, as all that match the filter: every task_a token moves to task_c.
  await page.goto(list);
  for (const k of keys) await page.waitForSelector(`[data-select="${k}"]`);
  await page.click('[data-select="matching"]');
  await page.click('[data-action="batch-move"]');
  await page.waitForSelector('[data-testid="batch-move"] select[name=moveSource]');
  await page.select('select[name=moveSource]', 'task_a');
  await page.select('select[name=moveTarget]', 'task_c');
  await confirm();
  await page.waitForSelector('.ck-batch [data-batch-state="COMPLETED"]', { timeout: 30_000 });
  expect(await page.$eval('.ck-batch [data-testid="batch-items"]', (e) => e.textContent)).toBe('2 erledigt · 0 fehlgeschlagen · 2 gesamt');
  for (const k of keys) await waitActive(k, ['task_c']);
});

test('an analyst sees none of the operations, and the server refuses them to everyone but admins', async () => {
  const key = await start();
  await waitActive(key, ['task_a']);
  const context = await session.browser.createBrowserContext();
  const analystPage = await context.newPage();
  try {
    await analystPage.goto(`${system.httpUrl}/login?next=/cockpit`);
    await analystPage.type('#username', 'analyst');
    await analystPage.type('input[name=password]', 'analyst');
    await Promise.all([analystPage.waitForNavigation(), analystPage.click('#login-submit')]);
    await analystPage.goto(`${system.httpUrl}/cockpit#/instances/${key}`);
    await analystPage.waitForSelector('.djs-element.ck-active[data-element-id="task_a"]');
    for (const action of ['modify', 'migrate', 'cancel']) expect(await analystPage.$(`[data-action="${action}"]`)).toBeNull();
    await analystPage.goto(`${system.httpUrl}/cockpit#/instances?process=ck-ops`);
    await analystPage.waitForSelector(`tr[data-instance-key="${key}"]`);
    expect(await analystPage.$('[data-select]')).toBeNull();
    expect(await analystPage.$('[data-action^="batch-"]')).toBeNull();
    // Batch operations are the admins' (the server's rules): not even listed.
    expect(await analystPage.$('[data-nav="batches"]')).toBeNull();
  } finally {
    await context.close();
  }

  const calls: [string, unknown][] = [
    [`/v2/process-instances/${key}/modification`, { terminateInstructions: [{ elementInstanceKey: key }] }],
    [`/v2/process-instances/${key}/migration`, { targetProcessDefinitionKey: v1Key, mappingInstructions: [] }],
    ['/v2/process-instances/cancellation', { filter: { processInstanceKey: key } }],
    ['/v2/process-instances/incident-resolution', { filter: { processInstanceKey: key } }],
    ['/v2/batch-operations/search', {}],
    [
      '/v2/process-instances/migration',
      { filter: { processInstanceKey: key }, migrationPlan: { targetProcessDefinitionKey: v1Key, mappingInstructions: [] } },
    ],
  ];
  for (const who of ['analyst', 'caseworker']) {
    const user = await signIn(system.httpUrl, who);
    for (const [p, body] of calls) {
      const res = await fetch(`${system.httpUrl}${p}`, {
        method: 'POST',
        headers: { ...user.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect([who, p, res.status]).toEqual([who, p, 403]);
    }
  }
  expect(await activeElements(key)).toEqual(['task_a']);
});

test('the English cockpit names the operations in English', async () => {
  const key = await start();
  await waitActive(key, ['task_a']);
  const context = await session.browser.createBrowserContext();
  const en = await context.newPage();
  try {
    await en.goto(`${system.httpUrl}/login?next=/cockpit`);
    await en.type('#username', 'admin');
    await en.type('input[name=password]', 'admin');
    await Promise.all([en.waitForNavigation(), en.click('#login-submit')]);
    await en.goto(`${system.httpUrl}/cockpit#/instances/${key}`);
    await en.waitForSelector('[data-action="modify"]');
    await Promise.all([en.waitForNavigation(), en.click('.lang-switch button[data-locale="en"]')]);
    await en.waitForSelector('[data-action="modify"]');
    expect(await en.$eval('[data-action="modify"]', (b) => b.textContent)).toBe('Modify instance');
    expect(await en.$eval('[data-action="migrate"]', (b) => b.textContent)).toBe('Migrate');
    await en.click('[data-action="modify"]');
    await en.select('select[name=element]', 'task_a');
    await en.waitForSelector('[data-testid="token-count"]');
    expect(await en.$eval('[data-testid="modification"]', (e) => e.textContent)).toContain('Move tokens');
    expect(await en.$eval('[data-testid="token-count"]', (e) => e.textContent)).toBe('Active tokens: 1');
    expect(await en.$eval('[data-nav="batches"]', (e) => e.textContent)).toContain('Batch operations');
  } finally {
    await context.close();
  }
});

test('the pages threw nothing and the Content-Security-Policy refused nothing', () => {
  expect(session.pageErrors).toEqual([]);
  expect(session.cspViolations).toEqual([]);
});
