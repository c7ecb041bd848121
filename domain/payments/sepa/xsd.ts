/**
 * XSD validation of generated bank files, for tests and as a self-check before a file is handed
 * to the bank. libxml2-wasm cannot be loaded from CommonJS (top-level await), so a worker thread
 * (xsd-worker.mjs) holds it with one parsed validator per schema; this thread blocks on a shared
 * flag until the answer is there, which keeps validateXml synchronous. A call takes about 10–200 ms.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export const SCHEMA_DIR = path.join(__dirname, '..', 'schemas');

/**
 * Where the official XSDs are looked for. They are public files of ISO 20022 and the Deutsche
 * Kreditwirtschaft that this repository may not commit (see schemas/ORIGIN.md for where they come
 * from): a checkout gets them in domain/payments/schemas (untracked) or in the shared folder
 * beside the repository.
 */
export const SCHEMA_DIRS = [SCHEMA_DIR, path.join(__dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'schemas')];

/** The official schema files (see ORIGIN.md in domain/payments/schemas). */
export const SCHEMAS = {
  pain008: 'pain.008.001.08.xsd',
  /** Deutsche Kreditwirtschaft's restricted subset of pain.008.001.08 (DFÜ-Abkommen Anlage 3, 3.7). */
  pain008Gbic: 'pain.008.001.08_GBIC_4.xsd',
  pain001: 'pain.001.001.09.xsd',
  camt053: 'camt.053.001.08.xsd',
  camt054: 'camt.054.001.08.xsd',
} as const;

export class XsdValidationError extends Error {
  override name = 'XsdValidationError';
  constructor(
    readonly schema: string,
    readonly errors: readonly string[],
  ) {
    super(
      `XML does not match ${path.basename(schema)}: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? ` (+${errors.length - 5} more)` : ''}`,
    );
  }
}

type Answer = { errors: string[] } | { failed: string };

let worker: { thread: Worker; port: MessagePort; signal: Int32Array } | undefined;

function startWorker(): NonNullable<typeof worker> {
  if (worker) return worker;
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const thread = new Worker(path.join(__dirname, 'xsd-worker.mjs'), { workerData: { port: port2, signal }, transferList: [port2] });
  thread.unref();
  thread.on('exit', () => {
    worker = undefined;
  });
  worker = { thread, port: port1, signal };
  return worker;
}

/** The path of a schema file, or null when this checkout does not have it. */
export function schemaPath(xsdFile: string): string | null {
  if (path.isAbsolute(xsdFile)) return fs.existsSync(xsdFile) ? xsdFile : null;
  for (const dir of SCHEMA_DIRS) if (fs.existsSync(path.join(dir, xsdFile))) return path.join(dir, xsdFile);
  return null;
}

function resolveSchema(xsdFile: string): string {
  const found = schemaPath(xsdFile);
  if (!found) throw new Error(`schema ${xsdFile} is not available in ${SCHEMA_DIRS.join(' or ')}`);
  return found;
}

/**
 * Validates `xml` against an XSD; returns the errors (empty when valid). `xsdFile` is an absolute
 * path or a file name in domain/payments/schemas, e.g. `SCHEMAS.pain008Gbic`.
 */
export function validateXml(xml: string, xsdFile: string, timeoutMs = 60_000): string[] {
  const w = startWorker();
  Atomics.store(w.signal, 0, 0);
  w.thread.postMessage({ xml, xsdFile: resolveSchema(xsdFile) });
  if (Atomics.wait(w.signal, 0, 0, timeoutMs) === 'timed-out') {
    void w.thread.terminate();
    worker = undefined;
    throw new Error(`XSD validation did not answer within ${timeoutMs} ms`);
  }
  const msg = receiveMessageOnPort(w.port) as { message: Answer } | undefined;
  if (!msg) throw new Error('XSD validation answered without a result');
  if ('failed' in msg.message) throw new Error(`XSD validation failed: ${msg.message.failed}`);
  return msg.message.errors;
}

/**
 * The self-check before a file goes to the bank: validates when the schema is available and says
 * whether it did, so a checkout without the official files still runs.
 */
export function checkAgainstSchema(xml: string, xsdFile: string): 'valid' | 'schema_unavailable' {
  if (!schemaPath(xsdFile)) return 'schema_unavailable';
  assertValidXml(xml, xsdFile);
  return 'valid';
}

/** Throws XsdValidationError when `xml` does not match the schema. */
export function assertValidXml(xml: string, xsdFile: string): void {
  const errors = validateXml(xml, xsdFile);
  if (errors.length) throw new XsdValidationError(xsdFile, errors);
}
