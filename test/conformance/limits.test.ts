/**
 * Limits on single requests (ENGINE_MAX_* and ENGINE_FEEL_*): over a limit the caller gets
 * INVALID_ARGUMENT (RESOURCE_EXHAUSTED for a gRPC message over the size, as Zeebe's gateway answers)
 * or an HTTP 400/413 problem, and nothing is stored. Large but allowed requests come out right.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { loadSettings } from '../../config/settings';
import { openDatabase, type Database } from '../../db';
import { startEngine, type EmbeddedEngine } from '../../engine';
import { createEngineQueries } from '../../engine/query';
import { v2Routes } from '../../engine/rest';
import type { RecordKind } from '../../engine/state/records';
import { chain, end, ext, process, serviceTask, start } from '../bpmn';
import { waitFor, type ZeebeClient } from '../harness';
import { zeebeClient } from '../sdk-client';

const MiB = 1024 * 1024;
const settings = loadSettings(
  {},
  {
    engineGrpcPort: 0,
    engineMaxMessageSize: MiB,
    engineMaxVariablesPerCommand: 60_000,
    engineMaxDeploymentSize: 256 * 1024,
    engineFeelMaxExpressionLength: 2000,
    engineFeelEvaluationTimeoutMs: 100,
  },
);

let db: Database;
let engine: EmbeddedEngine;
let zbc: ZeebeClient;
let http: FastifyInstance;

const count = (kind: RecordKind) => [...engine.engine.store.values(kind)].length;
const manyVariables = (n: number, value: (i: number) => number | string = (i) => i): Record<string, number | string> =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`v${i}`, value(i)]));

async function grpcError(call: Promise<unknown>): Promise<{ code: number; details: string }> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e as { code: number; details: string },
  );
  if (!err) throw new Error('expected the call to fail');
  return err;
}

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
  engine = await startEngine({ db, settings, log: () => undefined });
  zbc = zeebeClient(engine.grpcPort);
  http = Fastify({ bodyLimit: settings.engineMaxMessageSize });
  await http.register(v2Routes, { prefix: '/v2', commands: engine.commands, queries: createEngineQueries(db), clockControlled: false });
  await http.ready();
  await zbc.deployResource({
    name: 'wait.bpmn',
    process: Buffer.from(process('wait', [start('s'), serviceTask('t', 'limits-wait'), end('e'), ...chain('s', 't', 'e')])),
  });
});

afterAll(async () => {
  await zbc.close();
  await http.close();
  await engine.close();
  await db.destroy();
});

describe('variables of one command', () => {
  it('sets 2,000 variables in one command, then updates all of them', async () => {
    const pi = await zbc.createProcessInstance({ bpmnProcessId: 'wait', variables: {} });
    const scope = pi.processInstanceKey;
    const inScope = () => [...engine.engine.store.values('variable')].filter((v) => v.scopeKey === scope);

    await zbc.setVariables({ elementInstanceKey: scope, variables: manyVariables(2_000), local: false });
    expect(inScope()).toHaveLength(2_000);
    await zbc.setVariables({ elementInstanceKey: scope, variables: manyVariables(2_000, (i) => `#${i}`), local: true });
    const vars = inScope();
    expect(vars).toHaveLength(2_000);
    expect(vars.find((v) => v.name === 'v1999')?.value).toBe('"#1999"');
    expect(vars.every((v) => v.value === JSON.stringify(`#${v.name.slice(1)}`))).toBe(true);
    await zbc.cancelProcessInstance(scope);
  });

  it('refuses more variables than ENGINE_MAX_VARIABLES_PER_COMMAND with INVALID_ARGUMENT and stores nothing', async () => {
    const before = { instances: count('process-instance'), variables: count('variable') };
    const err = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'wait', variables: manyVariables(60_001) }));
    expect(err.code).toBe(3);
    expect(err.details).toMatch(/at most 60000 variables.*ENGINE_MAX_VARIABLES_PER_COMMAND.*60001/);
    expect({ instances: count('process-instance'), variables: count('variable') }).toEqual(before);
  });

  it('refuses a gRPC message over ENGINE_MAX_MESSAGE_SIZE with RESOURCE_EXHAUSTED, like Zeebe', async () => {
    const before = count('process-instance');
    const err = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'wait', variables: { big: 'x'.repeat(MiB + 10) } }));
    expect(err.code).toBe(8);
    expect(count('process-instance')).toBe(before);
  });

  it('refuses variables over the size at the engine (the REST path) with INVALID_ARGUMENT', async () => {
    const before = count('process-instance');
    await expect(
      engine.commands.createProcessInstance({ bpmnProcessId: 'wait', variables: { big: 'x'.repeat(MiB + 10) } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/ENGINE_MAX_MESSAGE_SIZE/) });
    expect(count('process-instance')).toBe(before);
  });

  it.each([
    ['the NUL character', { note: 'a\u0000b' }, /'note' contains the NUL character/],
    ['a lone surrogate', { customer: { name: 'x\uD800y' } }, /'customer\.name' contains a lone surrogate \(\\uD800\)/],
    ['a NUL in a name', { 'a\u0000': 1 }, /name 'a\u0000' contains the NUL character/],
  ])('refuses strings with %s with INVALID_ARGUMENT naming the place, and stores nothing', async (_what, variables, message) => {
    const before = { instances: count('process-instance'), messages: count('message') };
    const err = await grpcError(zbc.createProcessInstance({ bpmnProcessId: 'wait', variables }));
    expect(err.code).toBe(3);
    expect(err.details).toMatch(message);
    const published = await grpcError(zbc.publishMessage({ name: 'm', correlationKey: 'k', variables, timeToLive: 60_000 }));
    expect(published.code).toBe(3);
    expect({ instances: count('process-instance'), messages: count('message') }).toEqual(before);
  });
});

describe('deployments', () => {
  it("refuses a deployment over ENGINE_MAX_DEPLOYMENT_SIZE with Zeebe's message and stores nothing", async () => {
    const before = count('process-definition');
    const padding = `<bpmn:documentation>${'x'.repeat(300 * 1024)}</bpmn:documentation>`;
    const xml = process('huge', [start('s', padding), end('e'), ...chain('s', 'e')]);
    const err = await grpcError(zbc.deployResource({ name: 'huge.bpmn', process: Buffer.from(xml) }));
    expect(err.code).toBe(3);
    expect(err.details).toMatch(/size exceeds the maximum batch size.*ENGINE_MAX_DEPLOYMENT_SIZE/s);
    expect(count('process-definition')).toBe(before);
  });

  it('refuses an expression longer than ENGINE_FEEL_MAX_EXPRESSION_LENGTH, naming the element', async () => {
    const before = count('process-definition');
    const long = `=${Array.from({ length: 500 }, (_, i) => `a${i}`).join(' + ')}`;
    const xml = process('long-expr', [
      start('s'),
      `<bpmn:scriptTask id="sum">${ext(`<zeebe:script expression="${long}" resultVariable="r" />`)}</bpmn:scriptTask>`,
      end('e'),
      ...chain('s', 'sum', 'e'),
    ]);
    const err = await grpcError(zbc.deployResource({ name: 'long.bpmn', process: Buffer.from(xml) }));
    expect(err.code).toBe(3);
    expect(err.details).toMatch(/sum/);
    expect(err.details).toMatch(/at most 2000 are allowed \(ENGINE_FEEL_MAX_EXPRESSION_LENGTH\)/);
    expect(count('process-definition')).toBe(before);
  });
});

describe('FEEL evaluation budget', () => {
  it('stops a 2000 × 2000 `for` with an incident on the element; the engine keeps answering', async () => {
    await zbc.deployResource({
      name: 'heavy.bpmn',
      process: Buffer.from(
        process('heavy', [
          start('s'),
          `<bpmn:scriptTask id="work">${ext('<zeebe:script expression="=for x in 1..2000, y in 1..2000 return x * y" resultVariable="r" />')}</bpmn:scriptTask>`,
          end('e'),
          ...chain('s', 'work', 'e'),
        ]),
      ),
    });
    const pi = await zbc.createProcessInstance({ bpmnProcessId: 'heavy', variables: {} });
    const incident = await waitFor(() =>
      [...engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey),
    );
    expect(incident.elementId).toBe('work');
    expect(incident.errorMessage).toMatch(/took longer than 100 ms and was stopped \(ENGINE_FEEL_EVALUATION_TIMEOUT_MS\)/);
    expect([...engine.engine.store.values('variable')].some((v) => v.processInstanceKey === pi.processInstanceKey && v.name === 'r')).toBe(
      false,
    );
    expect((await zbc.topology()).brokers).toHaveLength(1);
  });
});

describe('HTTP /v2', () => {
  it('answers a body over ENGINE_MAX_MESSAGE_SIZE with 413 problem+json', async () => {
    const before = count('process-instance');
    const res = await http.inject({
      method: 'POST',
      url: '/v2/process-instances',
      payload: { processDefinitionId: 'wait', variables: { big: 'x'.repeat(MiB + 10) } },
    });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(count('process-instance')).toBe(before);
  });

  it('answers too many variables with 400 problem+json and stores nothing', async () => {
    const before = { instances: count('process-instance'), variables: count('variable') };
    const res = await http.inject({
      method: 'POST',
      url: '/v2/process-instances',
      payload: { processDefinitionId: 'wait', variables: manyVariables(60_001) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/ENGINE_MAX_VARIABLES_PER_COMMAND/);
    expect({ instances: count('process-instance'), variables: count('variable') }).toEqual(before);
  });
});
