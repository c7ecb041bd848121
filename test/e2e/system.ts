/**
 * The e2e harness: the whole product (database, engine, bureau simulator, mail sink, HTTP API,
 * workers) on free ports with a controlled engine clock, driven over HTTP like a client would.
 */
import { randomUUID } from 'node:crypto';
import { loadSettings, type Settings } from '../../config/settings';
import { startSystem, type System } from '../../server/system';
import type { CapturedMail } from '../../simulators/mailsink';
import { pdfText } from '../../workers/documents/pdfText';
import { createEngineQueries } from '../../engine/query';
import { systemHeaders } from '../auth';
import { waitFor } from '../wait';

export { waitFor };

export async function startTestSystem(overrides: Partial<Settings> = {}): Promise<System> {
  return startSystem(
    loadSettings(
      {},
      {
        httpPort: 0,
        engineGrpcPort: 0,
        bureauSimulatorPort: 0,
        paymentProviderSimulatorPort: 0,
        // 0: the sink picks a free port (a port picked beforehand can be taken by a parallel test file).
        smtpPort: 0,
        dataDir: 'memory://',
        engineClockControlled: true,
        engineLongPollTimeoutMs: 2000,
        logLevel: 'warn',
        bureauTimeoutMs: 1500,
        bureauRetries: 0,
        bureauRetryBackoffMs: 10,
        ...overrides,
      },
    ),
    () => {},
  );
}

let counter = 0;

/** An order of a simulator persona (last name), with a unique person, address and meter. */
export function orderFor(lastName: string, patch: { paymentMethod?: 'sepa_direct_debit' | 'bank_transfer'; withoutMeter?: boolean } = {}) {
  counter += 1;
  const unique = `${Date.now().toString(36)}${counter}`.replace(/[^a-z]/gi, '');
  const firstName = `Erika${unique.slice(-6)}${String.fromCharCode(97 + (counter % 26))}`;
  const method = patch.paymentMethod ?? 'sepa_direct_debit';
  return {
    customer: { firstName, lastName, birthDate: '1980-05-17', email: `${firstName.toLowerCase()}@kunde.example`, phone: '+49 221 123456' },
    supplyAddress: { street: 'Lindenstraße', houseNumber: `${counter}${unique.slice(-3)}`.slice(0, 10), postalCode: '50674', city: 'Köln' },
    tariff: { code: 'RHEIN-FIX-24', commodity: 'electricity' },
    meter: patch.withoutMeter ? {} : { meterNumber: `1ESY${randomUUID().replace(/\D/g, '').slice(0, 10)}` },
    annualConsumptionKwh: 2500,
    desiredStartDate: '2031-01-01',
    payment:
      method === 'sepa_direct_debit'
        ? { method, iban: 'DE89370400440532013000', accountHolder: `${firstName} ${lastName}`, mandateConsent: true }
        : { method },
    previousSupplier: { name: 'Stadtwerke Beispielstadt' },
    sales: { channel: 'web', campaign: 'herbst' },
  };
}

export async function post(system: System, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method: 'POST',
    headers: systemHeaders({ 'content-type': 'application/json', ...headers }),
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** A call of the product's HTTP API as a signed-in user (or with the system key); the JSON or text answer. */
export async function callApi(system: System, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${system.httpUrl}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: (type.includes('json') ? await res.json() : await res.text()) as any };
}

export async function getOrder(system: System, id: string): Promise<Record<string, any>> {
  const res = await fetch(`${system.httpUrl}/api/orders/${id}`, { headers: systemHeaders() });
  return (await res.json()) as Record<string, any>;
}

/** Polls GET /api/orders/{id} until the predicate holds. */
export async function waitForOrder(system: System, id: string, until: (o: Record<string, any>) => boolean, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, any> = {};
  while (Date.now() < deadline) {
    last = await getOrder(system, id);
    if (until(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  const open = (await incidents(system)).map((i) => `${i.elementId}: ${i.errorType} ${i.errorMessage}`);
  throw new Error(`order ${id} did not reach the expected state; last: ${JSON.stringify(last)}; incidents: ${JSON.stringify(open)}`);
}

/** Active incidents of the engine, through its query layer. */
export async function incidents(system: System) {
  const res = await createEngineQueries(system.db).incidents.search({ filter: { state: 'ACTIVE' } });
  return res.items;
}

export async function mailTo(system: System, to: string, subject: RegExp, timeoutMs = 20000): Promise<CapturedMail> {
  return system.mailSink!.waitFor((m) => m.to.includes(to) && subject.test(m.subject), timeoutMs);
}

export async function attachmentText(mail: CapturedMail): Promise<string> {
  const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf' || a.filename.endsWith('.pdf'));
  if (!pdf) throw new Error(`mail "${mail.subject}" has no PDF attachment`);
  return pdfText(pdf.content);
}

/** The open user task of an element in a process instance (the Tasklist's view). */
export async function openUserTask(system: System, processInstanceKey: string, elementId: string) {
  return waitFor(async () => {
    const res = await createEngineQueries(system.db).userTasks.search({ filter: { processInstanceKey, elementId, state: 'CREATED' } });
    return res.items[0];
  }, `user task ${elementId}`);
}

/** The signed customer link (`/orders/{id}/{purpose}?token=…`) in a mail text: its path and token. */
export function customerLink(text: string, orderId: string, purpose: 'data' | 'offer'): { path: string; token: string } {
  const m = new RegExp(`https?://[^\\s/]+(/orders/${orderId}/${purpose}\\?token=([A-Za-z0-9_.-]+))`).exec(text);
  if (!m) throw new Error(`no ${purpose} link of order ${orderId} in: ${text}`);
  return { path: m[1], token: m[2] };
}
