/**
 * BPMN parsing for deployments off the event loop: reading a large resource and checking its FEEL
 * takes seconds (about 1 s per MB), which would stall every other request. A worker thread does it
 * and hands back the models. Where a worker cannot load the TypeScript sources (jest runs without
 * tsx's loader) parsing falls back to this thread.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { DeploymentRejectedError } from '../errors';
import { feelLimits } from '../feel';
import { parseBpmn } from './parse-bpmn';
import type { ParseAnswer, ParseRequest } from './parse-worker';
import type { BpmnResource } from './types';

let worker: Worker | undefined;
let unavailable = false;
let nextId = 0;
const waiting = new Map<number, { resolve: (a: ParseAnswer) => void; reject: (e: Error) => void }>();

function canLoadTypeScript(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('tsx'));
}

function startWorker(): Worker | undefined {
  if (worker || unavailable) return worker;
  if (!canLoadTypeScript() && path.extname(__filename) === '.ts') {
    unavailable = true;
    return undefined;
  }
  const file = path.join(__dirname, `parse-worker${path.extname(__filename)}`);
  // tsx's loader does not carry over into worker threads: the worker registers it itself.
  const w =
    path.extname(file) === '.ts' ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(file)});`, { eval: true }) : new Worker(file);
  w.unref();
  w.on('message', (answer: ParseAnswer) => {
    waiting.get(answer.id)?.resolve(answer);
    waiting.delete(answer.id);
  });
  const fail = (err: Error) => {
    worker = undefined;
    for (const entry of waiting.values()) entry.reject(err);
    waiting.clear();
  };
  w.on('error', (err) => {
    unavailable = true;
    fail(err);
  });
  w.on('exit', () => fail(new Error('the BPMN parse worker exited')));
  worker = w;
  return w;
}

export async function parseBpmnOffThread(xml: string, resourceName: string): Promise<BpmnResource> {
  const w = startWorker();
  if (!w) return parseBpmn(xml, resourceName);
  const id = ++nextId;
  let answer: ParseAnswer;
  try {
    answer = await new Promise<ParseAnswer>((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      w.postMessage({ id, xml, resourceName, limits: { ...feelLimits() } } satisfies ParseRequest);
    });
  } catch {
    return parseBpmn(xml, resourceName);
  }
  if ('resource' in answer) return answer.resource;
  if ('rejected' in answer) throw new DeploymentRejectedError(answer.rejected.message, answer.rejected.details);
  throw new Error(`parsing ${resourceName} failed: ${answer.failed}`);
}
