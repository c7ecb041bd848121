// Worker thread of xsd.ts. libxml2-wasm is an ES module with top-level await, which neither jest's
// CommonJS runtime nor require() can load; a worker imports it natively. Plain JS on purpose: the
// worker runs without any TypeScript loader.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { port, signal } = workerData;
let lib;
let loadError;
try {
  lib = await import('libxml2-wasm');
} catch (err) {
  loadError = err;
}
const validators = new Map();

function validator(xsdFile) {
  let v = validators.get(xsdFile);
  if (!v) {
    // The schema document stays alive with its validator for the life of the worker.
    v = lib.XsdValidator.fromDoc(lib.XmlDocument.fromBuffer(readFileSync(xsdFile), { url: xsdFile }));
    validators.set(xsdFile, v);
  }
  return v;
}

function details(err) {
  return Array.isArray(err?.details) && err.details.length
    ? err.details.map((d) => `line ${d.line}: ${String(d.message).trim()}`)
    : [String(err?.message ?? err)];
}

function validate(xml, xsdFile) {
  if (!lib) throw loadError;
  const v = validator(xsdFile);
  let doc;
  try {
    doc = lib.XmlDocument.fromString(xml);
  } catch (err) {
    return details(err).map((m) => `not well-formed: ${m}`);
  }
  try {
    v.validate(doc);
    return [];
  } catch (err) {
    if (err instanceof lib.XmlValidateError) return details(err);
    throw err;
  } finally {
    doc.dispose();
  }
}

parentPort.on('message', ({ xml, xsdFile }) => {
  let answer;
  try {
    answer = { errors: validate(xml, xsdFile) };
  } catch (err) {
    answer = { failed: String(err?.stack ?? err) };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
