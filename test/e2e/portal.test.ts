/**
 * The customer portal end to end, without a browser (test/browser/portal.test.ts drives it at a
 * phone's viewport): sign-in by the mailed link (read from the mail sink) works once and never
 * tells whether an address is known; an expired or used link is a 401 with a German page; the
 * customer sees only their own data and bills; a photo that is not an image, or too large, is a
 * 400 and nothing is stored; changes need the session's CSRF token; a request starts a care case
 * on the channel `portal`.
 */
import { createHash } from 'node:crypto';
import { createSignInLinks } from '../../domain/portal';
import { insertAccount, postBill, type TestAccount } from '../../domain/payments/testing';
import type { System } from '../../server/system';
import { startTestSystem, waitFor } from './system';

jest.setTimeout(90_000);

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('customer portal', () => {
  let system: System;
  let alice: TestAccount & { email: string; billId: string };
  let bob: TestAccount & { email: string; billId: string };

  async function customer(first: string, last: string) {
    const a = await insertAccount(system.db, { first, last });
    const email = `${first.toLowerCase()}.${a.customerNumber.toLowerCase()}@kunde.example`;
    await system.db('customers').where({ id: a.customerId }).update({ email });
    const billNumber = `R${a.customerNumber.slice(1)}`;
    await postBill(system.db, a, billNumber, 12_345, '2026-01-15', '2026-02-01');
    const bill = (await system.db('bills').where({ bill_number: billNumber }).first('id')) as { id: string };
    const pdf = Buffer.from(`%PDF-1.4\n% bill ${billNumber}\n%%EOF\n`);
    await system.db('documents').insert({
      business_key: `bill:${bill.id}:pdf`,
      contract_id: a.contractId,
      kind: 'bill',
      file_name: `Rechnung-${billNumber}.pdf`,
      content_type: 'application/pdf',
      content: pdf,
      size: pdf.length,
      sha256: createHash('sha256').update(pdf).digest('hex'),
    });
    return { ...a, email, billId: bill.id };
  }

  beforeAll(async () => {
    system = await startTestSystem();
    alice = await customer('Alice', 'Portal');
    bob = await customer('Bob', 'Fremd');
  });
  afterAll(async () => {
    await system?.stop();
  });

  const url = (path: string) => `${system.httpUrl}${path}`;
  /** The mails the sink caught since `seen` was taken (it lists the newest first). */
  const seenMails = () => new Set(system.mailSink!.list().map((m) => m.id));
  const newMails = (seen: Set<string>) => system.mailSink!.list().filter((m) => !seen.has(m.id));
  const requestLink = (email: string) =>
    fetch(url('/api/portal/sign-in'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });

  /** Signs in through the mail sink: the link of the newest mail to the address. */
  async function signIn(a: { email: string; customerNumber: string }) {
    const seen = seenMails();
    expect((await requestLink(a.email.toUpperCase())).status).toBe(202);
    const mail = await waitFor(
      async () => newMails(seen).find((m) => m.to.includes(a.email) && /Anmeldelink/.test(m.subject)),
      'the sign-in mail',
    );
    expect(mail.subject).toContain(a.customerNumber);
    const link = /https?:\/\/\S+\/portal\/sign-in\?token=[\w-]+/.exec(mail.text)![0];
    // Opening the link (as a mail scanner would, twice) uses nothing: it shows the button.
    for (let i = 0; i < 2; i++) {
      const opened = await fetch(link, { redirect: 'manual' });
      expect(opened.status).toBe(200);
      expect(opened.headers.get('set-cookie')).toBeNull();
      expect(await opened.text()).toMatch(/<form method="post" action="\/portal\/sign-in"[\s\S]*Jetzt anmelden/);
    }
    const res = await fetch(url('/portal/sign-in'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: new URL(link).searchParams.get('token')! }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/portal');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^o2c_portal=[\w-]+; Path=\/; SameSite=Lax; HttpOnly$/);
    const cookie = setCookie.split(';')[0];
    const session = (await (await fetch(url('/api/portal/session'), { headers: { cookie } })).json()) as { csrfToken: string };
    return { link, cookie, csrf: session.csrfToken };
  }

  it('mails a link that signs in once; a used link is a 401 with a page to ask for a new one', async () => {
    const { link, cookie } = await signIn(alice);
    // Only the hash is stored.
    const token = new URL(link).searchParams.get('token')!;
    const rows = (await system.db('portal_sign_in_tokens').select('token_hash', 'used_at')) as Array<{
      token_hash: string;
      used_at: Date | null;
    }>;
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.find((r) => r.token_hash === createHash('sha256').update(token).digest('hex'))?.used_at).toBeTruthy();

    const again = await fetch(link, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(again.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await again.text();
    expect(html).toContain('lang="de"');
    expect(html).toMatch(/schon benutzt/);
    expect(html).toMatch(/<button type="submit">Neuen Anmeldelink anfordern<\/button>/);
    expect(html).toMatch(/<label for="f-email">Ihre E-Mail-Adresse/);
    expect(html).toMatch(/aria-describedby="hint-email"/);
    expect(html).not.toMatch(/<script>/);
    // The same link for a script: a problem.
    const api = await fetch(url('/api/portal/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);

    // The first session works, and is the customer's own: no staff role comes with it.
    const session = await fetch(url('/api/portal/session'), { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ customerNumber: alice.customerNumber, firstName: 'Alice' });
    expect((await fetch(url('/api/care-kinds'), { headers: { cookie } })).status).toBe(401);
  });

  it('answers 202 for an unknown address too, and mails nothing', async () => {
    const seen = seenMails();
    const res = await requestLink('niemand.bekannt@kunde.example');
    expect(res.status).toBe(202);
    const known = await requestLink(bob.email);
    expect(known.status).toBe(202);
    expect(await res.json()).toEqual(await known.json());
    await waitFor(async () => newMails(seen).find((m) => m.to.includes(bob.email)), 'the mail to the known address');
    expect(newMails(seen).filter((m) => m.to.some((to) => to.includes('niemand.bekannt')))).toEqual([]);
    const bad = await requestLink('kein-at-zeichen');
    expect(bad.status).toBe(400);
    expect((await bad.json()).details[0]).toMatchObject({ field: 'email', messageDe: expect.stringMatching(/E-Mail-Adresse/) });
  });

  it('an expired link is a 401: a clear German page, and a problem for the API', async () => {
    const [old] = await createSignInLinks(system.db, {
      email: alice.email,
      ttlMinutes: system.settings.portalLinkTtlMinutes,
      now: new Date(Date.now() - (system.settings.portalLinkTtlMinutes + 1) * 60_000),
    });
    const page = await fetch(url(`/portal/sign-in?token=${old.token}`), { redirect: 'manual' });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<h1>Anmeldelink abgelaufen<\/h1>/);
    expect(html).toMatch(/Neuen Anmeldelink anfordern/);
    const api = await fetch(url('/api/portal/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: old.token }),
    });
    expect(api.status).toBe(401);
    expect(api.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(api.headers.get('set-cookie')).toBeNull();
    // Still unused: expired is not used.
    expect((await system.db('portal_sign_in_tokens').where({ id: old.tokenId }).first('used_at')).used_at).toBeNull();
  });

  it('shows the customer only their own data and bills; another customer’s bill is a 404', async () => {
    const { cookie } = await signIn(alice);
    const overview = await fetch(url('/api/portal/overview'), { headers: { cookie } });
    expect(overview.status).toBe(200);
    const o = (await overview.json()) as Record<string, any>;
    expect(o.customer).toMatchObject({ customerNumber: alice.customerNumber, email: alice.email });
    expect(o.contracts.map((c: { contractNumber: string }) => c.contractNumber)).toEqual([alice.contractNumber]);
    expect(o.bills).toEqual([expect.objectContaining({ id: alice.billId, grossCents: 12_345, hasPdf: true })]);
    expect(o.accounts[0]).toMatchObject({ accountNumber: alice.accountNumber, balanceCents: 12_345 });
    expect(JSON.stringify(o)).not.toContain(bob.customerNumber);
    expect(JSON.stringify(o)).not.toContain(bob.iban);

    const own = await fetch(url(`/api/portal/bills/${alice.billId}/pdf`), { headers: { cookie } });
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('application/pdf');
    expect((await own.text()).startsWith('%PDF')).toBe(true);
    const other = await fetch(url(`/api/portal/bills/${bob.billId}/pdf`), { headers: { cookie } });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await fetch(url(`/api/portal/bills/not-a-bill/pdf`), { headers: { cookie } })).status).toBe(404);
    // Without the portal session: nothing.
    expect((await fetch(url(`/api/portal/bills/${alice.billId}/pdf`))).status).toBe(401);
    expect((await fetch(url('/api/portal/overview'))).status).toBe(401);
  });

  it('a photo that is not an image, or too large, is a 400 naming the field and nothing is stored; changes need the CSRF token', async () => {
    const { cookie, csrf } = await signIn(alice);
    const count = async () => Number((await system.db('attachments').count({ n: '*' }).first())!.n);
    const before = await count();
    const upload = (body: Buffer, type: string, token: string | null = csrf) =>
      fetch(url('/api/portal/attachments?fileName=zaehler.jpg'), {
        method: 'POST',
        headers: { cookie, 'content-type': type, ...(token ? { 'x-csrf-token': token } : {}) },
        body: new Uint8Array(body),
      });

    const text = await upload(Buffer.from('Das ist kein Foto, nur Text.'), 'image/jpeg');
    expect(text.status).toBe(400);
    const problem = (await text.json()) as { details: Array<{ field: string; messageDe: string }> };
    expect(problem.details).toEqual([expect.objectContaining({ field: 'photo', messageDe: expect.stringMatching(/kein Foto/) })]);
    const pdf = await upload(Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    expect(pdf.status).toBe(400);
    const big = Buffer.concat([PNG, Buffer.alloc(system.settings.attachmentMaxBytes)]);
    const tooLarge = await upload(big, 'image/png');
    expect(tooLarge.status).toBe(400);
    expect(((await tooLarge.json()) as typeof problem).details[0]).toMatchObject({
      field: 'photo',
      messageDe: expect.stringMatching(/zu groß/),
    });
    expect(await count()).toBe(before);

    expect((await upload(PNG, 'image/png', null)).status).toBe(403);
    expect((await upload(PNG, 'image/png', 'wrong')).status).toBe(403);
    expect(await count()).toBe(before);
    const ok = await upload(PNG, 'application/octet-stream');
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ mediaType: 'image/png', sizeBytes: PNG.length });
    const stored = await system.db('attachments').orderBy('created_at', 'desc').first('uploaded_by');
    expect(stored.uploaded_by).toBe(`portal:${alice.customerNumber}`);
  });

  it('a meter reading with a photo starts the same care process as the case worker’s button, on the channel portal', async () => {
    const { cookie, csrf } = await signIn(alice);
    const headers = { cookie, 'x-csrf-token': csrf };
    const kinds = (await (await fetch(url('/api/portal/care-kinds'), { headers })).json()) as Array<{ kind: string }>;
    expect(kinds.map((k) => k.kind)).toContain('meter-reading');
    const photo = (await (
      await fetch(url('/api/portal/attachments'), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'image/png' },
        body: new Uint8Array(PNG),
      })
    ).json()) as { id: string };
    const today = new Date(system.engine!.engine.clock.now()).toISOString().slice(0, 10);
    const send = (body: Record<string, unknown>, key: string) =>
      fetch(url('/api/portal/care-cases'), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
    const reading = {
      kind: 'meter-reading',
      contractId: alice.contractId,
      readingDate: today,
      valueKwh: '4711.5',
      photoAttachmentId: photo.id,
    };

    // Another customer's contract, or a photo this customer did not upload: 400, nothing stored.
    const cases = async () => Number((await system.db('care_cases').count({ n: '*' }).first())!.n);
    const before = await cases();
    const foreign = await send({ ...reading, contractId: bob.contractId }, 'k-foreign');
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { details: Array<{ field: string }> }).details[0].field).toBe('contractId');
    const [staffPhoto] = (await system
      .db('attachments')
      .insert({ media_type: 'image/png', size_bytes: PNG.length, sha256: 'x', bytes: PNG, uploaded_by: 'caseworker' })
      .returning('id')) as Array<{ id: string }>;
    const notMine = await send({ ...reading, photoAttachmentId: staffPhoto.id }, 'k-photo');
    expect(notMine.status).toBe(400);
    expect(await cases()).toBe(before);

    const started = await send(reading, 'k-1');
    expect(started.status).toBe(202);
    const out = (await started.json()) as { caseNumber: string };
    expect(out.caseNumber).toMatch(/^SV-\d{8}$/);
    // The same key again: the same case, no second one.
    expect(((await (await send(reading, 'k-1')).json()) as { caseNumber: string }).caseNumber).toBe(out.caseNumber);
    const row = await system.db('care_cases').where({ case_number: out.caseNumber }).first();
    expect(row).toMatchObject({
      kind: 'meter-reading',
      channel: 'portal',
      requested_by: `portal:${alice.customerNumber}`,
      customer_id: alice.customerId,
    });
    expect(row.request).toMatchObject({ valueKwh: '4711.5', photoAttachmentId: photo.id });
    expect(row.process_instance_key).toBeTruthy();
    const mine = (await (await fetch(url('/api/portal/care-cases'), { headers })).json()) as { items: Array<{ caseNumber: string }> };
    expect(mine.items.map((c) => c.caseNumber)).toContain(out.caseNumber);
    // Bob sees none of Alice's requests.
    const bobSession = await signIn(bob);
    const his = (await (await fetch(url('/api/portal/care-cases'), { headers: { cookie: bobSession.cookie } })).json()) as {
      items: Array<{ caseNumber: string }>;
    };
    expect(his.items.map((c) => c.caseNumber)).not.toContain(out.caseNumber);
  });

  it('slows a flood of link requests for one address: 429 with Retry-After', async () => {
    const address = 'flut@kunde.example';
    const free = system.settings.portalSignInMaxRequests;
    for (let i = 0; i < free; i++) expect((await requestLink(address)).status).toBe(202);
    const refused = await requestLink(address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('signs out: the session ends', async () => {
    const { cookie, csrf } = await signIn(bob);
    expect((await fetch(url('/api/portal/session'), { method: 'DELETE', headers: { cookie } })).status).toBe(403);
    const out = await fetch(url('/api/portal/session'), { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/o2c_portal=; .*Max-Age=0/);
    expect((await fetch(url('/api/portal/overview'), { headers: { cookie } })).status).toBe(401);
  });

  // Last: it leaves this client throttled.
  it('guessing tokens is slowed: after the refused links of the budget even a valid link waits (429)', async () => {
    const [valid] = await createSignInLinks(system.db, { email: alice.email, ttlMinutes: 15 });
    // Guesses answer 401 until the client's budget (PORTAL_SIGN_IN_MAX_REQUESTS × 4, the refused links above included) is spent.
    const budget = system.settings.portalSignInMaxRequests * 4;
    const statuses: number[] = [];
    for (let i = 0; i <= budget && !statuses.includes(429); i++)
      statuses.push((await fetch(url(`/portal/sign-in?token=guess${i}${'x'.repeat(30)}`), { redirect: 'manual' })).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((st) => st === 401)).toBe(true);
    const held = await fetch(url(`/portal/sign-in?token=${valid.token}`), { redirect: 'manual' });
    expect(held.status).toBe(429);
    expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await held.text()).toMatch(/Zu viele Versuche/);
    // Not used up: it still works once the wait is over.
    expect((await system.db('portal_sign_in_tokens').where({ id: valid.tokenId }).first('used_at')).used_at).toBeNull();
  });
});
