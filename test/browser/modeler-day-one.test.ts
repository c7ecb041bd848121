/**
 * The modeler's "day one" findings, with real mouse and keyboard: opening a process, a decision
 * and a form marks nothing as changed; the German properties panel of a service task has no
 * English label; a saved draft survives a reload; the deploy dialog's button is visible and
 * deploys the draft; the diagram has zoom controls and a minimap.
 */
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { openBrowserSession, signInThroughLoginPage, SHOTS, type BrowserSession } from './session';
import { waitFor } from '../wait';

jest.setTimeout(180_000);

let session: BrowserSession;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  session = await openBrowserSession({ width: 1600, height: 900 }, { webMinify: false });
  ({ page } = session);
  // A "discard changes?" question would mean something was marked changed: count, and answer no.
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await signInThroughLoginPage(session, 'analyst', 'analyst', '/modeler');
});

afterAll(() => session?.close());

// The library re-renders as its lists load: a locator clicks the button that is there when it clicks.
const openFromLibrary = async (tab: string, id: string) => {
  await page.locator(`[data-tab="${tab}"]`).click();
  await page.locator(`[data-resource="${id}"] .mdl-lib__open`).click();
};
const settle = () => new Promise((r) => setTimeout(r, 800));

test('opening a process, a decision and a form marks nothing as changed', async () => {
  await openFromLibrary('bpmn', 'order-to-contract');
  await page.waitForFunction(() => !!(window as any).__modeler?.get('elementRegistry').get('credit_check'));
  await page.waitForSelector('#mdl-lint');
  await settle();
  expect(await page.$('.mdl-dirty')).toBeNull();
  // The whole diagram fits the window: every element is inside the visible viewbox.
  const fitsNow = () =>
    page.evaluate(`(() => { const c = window.__modeler.get('canvas'); const vb = c.viewbox();
    return window.__modeler.get('elementRegistry').filter((e) => e.x !== undefined && !e.labelTarget && e.type !== 'label')
      .every((e) => e.x >= vb.x - 1 && e.y >= vb.y - 1 && e.x + e.width <= vb.x + vb.width + 1 && e.y + e.height <= vb.y + vb.height + 1); })()`);
  expect(await fitsNow()).toBe(true);
  expect(await page.$('.djs-minimap')).not.toBeNull();
  const zoom = () => page.evaluate(`window.__modeler.get('canvas').zoom()`) as Promise<number>;
  const before = await zoom();
  await page.click('#mdl-zoom-in');
  await page.click('#mdl-zoom-in');
  await page.click('#mdl-zoom-in');
  const zoomedIn = await zoom();
  expect(zoomedIn).toBeGreaterThan(before);
  await page.click('#mdl-zoom-fit');
  expect(await zoom()).toBeLessThan(zoomedIn);

  await openFromLibrary('dmn', 'credit-decisions');
  await page.waitForSelector('.mdl-host--dmn .dmn-decision-table-container, .mdl-host--dmn .dmn-drd-container', { timeout: 30_000 });
  await settle();
  expect(await page.$('.mdl-dirty')).toBeNull();

  await openFromLibrary('form', 'credit-review');
  await page.waitForSelector('.mdl-host--form .fjs-editor-container', { timeout: 30_000 });
  await settle();
  expect(await page.$('.mdl-dirty')).toBeNull();
  // The form editor's palette speaks German too; the form's own labels stay as written.
  const palette = await page.$eval('.mdl-host--form .fjs-palette-container', (el) => el.textContent ?? '');
  expect(palette).toContain('Textfeld');
  expect(palette).toContain('Komponenten');
  expect(palette).not.toMatch(/Text field|Checkbox group|Search components/);
  expect(await page.$eval('.mdl-host--form .fjs-palette-search', (el) => el.getAttribute('placeholder'))).toBe('Komponenten suchen');

  await page.click('[data-tab="bpmn"]');
  await page.click('.mdl-lib__new');
  await page.waitForSelector('.mdl-canvas .djs-container');
  await settle();
  expect(await page.$('.mdl-dirty')).toBeNull();
  expect(dialogs).toEqual([]);
});

test('the token simulation speaks German', async () => {
  await page.click('[data-tab="bpmn"]');
  await openFromLibrary('bpmn', 'order-to-contract');
  await page.waitForFunction(() => !!(window as any).__modeler?.get('elementRegistry').get('credit_check'));
  await page.click('#mdl-simulate');
  await page.waitForSelector('.bts-palette');
  const titles = await page.$$eval('[class*="bts-"] [title], [class*="bts-"][title]', (els) => els.map((e) => e.getAttribute('title')));
  expect(titles).toEqual(expect.arrayContaining(['Simulation zurücksetzen']));
  expect(titles.filter((t) => /Simulation$|^Toggle|^Reset|^Play/.test(t ?? ''))).toEqual([]);
  await page.click('#mdl-simulate');
});

test('the German properties panel of a service task has no English label', async () => {
  await openFromLibrary('bpmn', 'order-to-contract');
  await page.waitForFunction(() => !!(window as any).__modeler?.get('elementRegistry').get('credit_check'));
  await page.evaluate(`window.__untranslated = new Set()`);
  const id = (await page.evaluate(`window.__modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:ServiceTask')[0].id`)) as string;
  await page.evaluate(`window.__modeler.get('canvas').scrollToElement(window.__modeler.get('elementRegistry').get('${id}'))`);
  // The library may still be importing the diagram the previous test left open: an element found
  // before the import ends is detached from the page by the time it is clicked. Click again then.
  for (let attempt = 0; ; attempt++) {
    try {
      await page.click(`.djs-element[data-element-id="${id}"] .djs-hit`);
      break;
    } catch (err) {
      if (attempt >= 5 || !/detached|not clickable/i.test(String(err))) throw err;
      await settle();
    }
  }
  await page.waitForSelector('.bio-properties-panel-header-type');
  // Open every group of the panel with the mouse.
  for (const header of await page.$$('.bio-properties-panel-group-header:not(.open)')) await header.click();
  await settle();
  const shown = (
    await page.$$eval(
      '.mdl-panel .bio-properties-panel-group-header-title, .mdl-panel .bio-properties-panel-label, .mdl-panel .bio-properties-panel-header-type',
      (els) => els.map((e) => e.textContent?.trim() ?? ''),
    )
  ).filter(Boolean);
  expect(shown.length).toBeGreaterThan(5);
  const untranslated = (await page.evaluate(`[...window.__untranslated]`)) as string[];
  expect(shown.filter((s) => untranslated.includes(s))).toEqual([]);
  for (const english of [
    'General',
    'Documentation',
    'Task definition',
    'Job type',
    'Retries',
    'Execution listeners',
    'Extension properties',
    'Input mapping',
    'Headers',
  ]) {
    expect(shown).not.toContain(english);
  }
  expect(shown).toEqual(expect.arrayContaining(['Allgemein', 'Aufgabendefinition', 'Job-Typ']));
  // The context pad speaks German too.
  const titles = await page.$$eval('.djs-context-pad .entry', (els) => els.map((e) => e.getAttribute('title') ?? ''));
  expect(titles).toEqual(expect.arrayContaining(['Aufgabe anhängen', 'Löschen']));
  expect(titles.filter((s) => s && untranslated.some((u) => s.startsWith(u)))).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, 'modeler-german-panel.png') });
});

test('a draft survives a reload; the deploy dialog button is visible and deploys the draft', async () => {
  // A real edit: rename the selected service task in the panel.
  const name = await page.$('.mdl-panel input[name="name"], .mdl-panel #bio-properties-panel-name');
  expect(name).not.toBeNull();
  await name!.click({ clickCount: 3 });
  await page.keyboard.type('Bonität prüfen (Entwurf)');
  await page.waitForSelector('.mdl-dirty');
  // The panel writes a typed name after a debounce: save only once the whole name is in the model.
  await page.waitForFunction(() => (window as any).__modeler.get('selection').get()[0]?.businessObject.name === 'Bonität prüfen (Entwurf)');
  // The toolbar re-renders on every change: a locator clicks the button that is there when it clicks.
  await page.locator('#mdl-save-draft').click();
  await page.waitForSelector('.mdl-toast--success');
  await page.waitForFunction(() => !document.querySelector('.mdl-dirty'));

  await page.reload();
  await page.locator('[data-draft="order-to-contract"] .mdl-lib__open').click();
  await page.waitForSelector('#mdl-draft-tag');
  // The tag shows as the draft opens; its diagram is on the canvas once its import has finished.
  const renamed = () =>
    page.evaluate(
      `window.__modeler.get('elementRegistry').filter((e) => e.type === 'bpmn:ServiceTask').some((e) => e.businessObject.name === 'Bonität prüfen (Entwurf)')`,
    ) as Promise<boolean>;
  expect(await waitFor(renamed, 'the renamed task of the draft', 10_000)).toBe(true);
  expect(await page.$('.mdl-dirty')).toBeNull();

  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('#mdl-deploy')?.disabled);
  await page.locator('#mdl-deploy').click();
  await page.waitForSelector('#mdl-deploy-confirm');
  const look = await page.$eval('#mdl-deploy-confirm', (b) => {
    const s = getComputedStyle(b);
    const r = b.getBoundingClientRect();
    return { bg: s.backgroundColor, color: s.color, width: r.width, height: r.height };
  });
  expect(look.bg).not.toMatch(/rgba\(0, 0, 0, 0\)|transparent/);
  expect(look.bg).not.toBe(look.color);
  expect(look.width).toBeGreaterThan(40);
  await page.type('#mdl-deploy-comment', 'Entwurf deployt: Name der Bonitätsprüfung.');
  await page.screenshot({ path: path.join(SHOTS, 'modeler-deploy-dialog.png') });
  await page.click('#mdl-deploy-confirm');
  await page.waitForSelector('.mdl-toast--success');
  await page.waitForFunction(() => /^v2/.test(document.querySelector('#mdl-version')?.textContent ?? ''));
  // Deployed: the draft is done.
  await page.waitForFunction(
    () => !document.querySelector('[data-draft="order-to-contract"]') && !document.querySelector('#mdl-draft-tag'),
  );
  await page.screenshot({ path: path.join(SHOTS, 'modeler-day-one.png') });
  expect(session.pageErrors).toEqual([]);
});

test('the Content-Security-Policy refused nothing on the way', () => {
  expect(session.cspViolations).toEqual([]);
});
