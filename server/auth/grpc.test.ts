/**
 * The embedded engine's gRPC gateway as the product starts it: bound to loopback by default, API
 * keys from the api_keys table with the REST roles, the official SDK with CAMUNDA_AUTH_STRATEGY
 * BEARER, and TLS with a throwaway self-signed certificate.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Camunda8 } from '@camunda8/sdk';
import { loadSettings, type Settings } from '../../config/settings';
import { openDatabase, type Database } from '../../db';
import { startEngine, type EmbeddedEngine } from '../../engine';
import { rawClient } from '../../engine/gateway/__tests__/raw-client';
import { protoPath } from '../../engine/gateway/server';
import { camundaConfig, zeebeClient } from '../zeebe-client';
import { createApiKeyStore } from './api-keys';
import { createGrpcAuth, grpcMethodRoles } from './grpc';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="grpc-auth" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>`;

const SYSTEM_KEY = 'grpc-test-system-key';
const CASEWORKER_KEY = 'grpc-test-caseworker-key';

interface Running {
  db: Database;
  engine: EmbeddedEngine;
  settings: Settings;
  close(): Promise<void>;
}

async function start(overrides: Partial<Settings>): Promise<Running> {
  const settings = loadSettings({}, { engineGrpcPort: 0, systemApiKey: SYSTEM_KEY, ...overrides });
  const db = await openDatabase({ databaseUrl: '', dataDir: 'memory://' });
  const keys = createApiKeyStore(db);
  await keys.put('system', SYSTEM_KEY, ['system']);
  await keys.put('casework', CASEWORKER_KEY, ['caseworker']);
  const engine = await startEngine({ db, settings, grpcAuth: createGrpcAuth(db, settings), log: () => undefined });
  return {
    db,
    engine,
    settings,
    close: async () => {
      await engine.close();
      await db.destroy();
    },
  };
}

function sdk(config: Record<string, unknown>) {
  return new Camunda8({
    ZEEBE_REST_ADDRESS: 'http://localhost:1',
    CAMUNDA_LOG_LEVEL: 'none',
    ...config,
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE', ZEEBE_GRPC_CLIENT_RETRY: false },
  }).getZeebeGrpcApiClient();
}

async function deployAndStart(zbc: ReturnType<typeof sdk>): Promise<void> {
  const deployed = await zbc.deployResource({ process: Buffer.from(BPMN), name: 'grpc-auth.bpmn' });
  expect(deployed.deployments[0].process.bpmnProcessId).toBe('grpc-auth');
  const instance = await zbc.createProcessInstance({ bpmnProcessId: 'grpc-auth', variables: {} });
  expect(instance.processInstanceKey).toMatch(/^\d+$/);
}

it('lists every RPC of the Zeebe proto in the role table', () => {
  const proto = fs.readFileSync(protoPath(), 'utf8');
  const rpcs = [...proto.matchAll(/^\s*rpc\s+(\w+)\s*\(/gm)].map((m) => m[1]).sort();
  expect(Object.keys(grpcMethodRoles).sort()).toEqual(rpcs);
});

describe('default bind', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start({});
  });
  afterAll(() => running.close());

  it('listens on 127.0.0.1 only, without credentials', async () => {
    const raw = rawClient(running.engine.grpcPort);
    expect((await raw.unary('Topology', {})).brokers).toHaveLength(1);
    raw.close();
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (!external) return; // a machine without a non-loopback interface has nothing to check
    const refused = await new Promise<string>((resolve) => {
      const socket = net.connect(running.engine.grpcPort, external);
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('ENGINE_GRPC_AUTH=required', () => {
  let running: Running;
  beforeAll(async () => {
    running = await start({ engineGrpcAuth: 'required' });
  });
  afterAll(() => running.close());

  const call = (metadata: Record<string, string>, method: string, request: Record<string, unknown>) => {
    const raw = rawClient(running.engine.grpcPort, { metadata });
    return raw.unary(method, request).finally(() => raw.close());
  };

  it('refuses no token and unknown keys as UNAUTHENTICATED', async () => {
    await expect(call({}, 'Topology', {})).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    await expect(call({ authorization: 'Bearer not-a-key' }, 'Topology', {})).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
  });

  it('refuses a caseworker key everything but the topology with PERMISSION_DENIED', async () => {
    const metadata = { authorization: `Bearer ${CASEWORKER_KEY}` };
    expect((await call(metadata, 'Topology', {})).brokers).toHaveLength(1);
    await expect(call(metadata, 'DeployResource', { resources: [{ name: 'x.bpmn', content: Buffer.from(BPMN) }] })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
    await expect(call(metadata, 'PublishMessage', { name: 'm', correlationKey: 'k' })).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
  });

  it('lets @camunda8/sdk with CAMUNDA_AUTH_STRATEGY=BEARER and the system key deploy and start an instance', async () => {
    const zbc = sdk({
      ZEEBE_GRPC_ADDRESS: `grpc://localhost:${running.engine.grpcPort}`,
      CAMUNDA_AUTH_STRATEGY: 'BEARER',
      CAMUNDA_OAUTH_TOKEN: SYSTEM_KEY,
    });
    try {
      await deployAndStart(zbc);
    } finally {
      await zbc.close();
    }
  });

  it("gives the product's own client the system key", async () => {
    expect(camundaConfig(running.settings, running.engine.grpcPort)).toMatchObject({
      CAMUNDA_AUTH_STRATEGY: 'BEARER',
      CAMUNDA_OAUTH_TOKEN: SYSTEM_KEY,
    });
    expect(() => camundaConfig({ ...running.settings, systemApiKey: '' }, running.engine.grpcPort)).toThrow(/SYSTEM_API_KEY/);
    const zbc = zeebeClient(running.settings, running.engine.grpcPort);
    try {
      await deployAndStart(zbc);
    } finally {
      await zbc.close();
    }
  });
});

describe('TLS', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-tls-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  let running: Running;

  beforeAll(async () => {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    running = await start({ engineGrpcAuth: 'required', engineGrpcTlsCertPath: cert, engineGrpcTlsKeyPath: key });
  });
  afterAll(async () => {
    await running?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the SDK over grpcs:// with the certificate as custom root', async () => {
    const zbc = sdk({
      ZEEBE_GRPC_ADDRESS: `grpcs://localhost:${running.engine.grpcPort}`,
      CAMUNDA_CUSTOM_ROOT_CERT_PATH: cert,
      CAMUNDA_AUTH_STRATEGY: 'BEARER',
      CAMUNDA_OAUTH_TOKEN: SYSTEM_KEY,
    });
    try {
      await deployAndStart(zbc);
    } finally {
      await zbc.close();
    }
  });

  it("makes the product's own client use grpcs:// with the configured certificate", async () => {
    expect(camundaConfig(running.settings, running.engine.grpcPort)).toMatchObject({
      ZEEBE_GRPC_ADDRESS: `grpcs://localhost:${running.engine.grpcPort}`,
      CAMUNDA_CUSTOM_ROOT_CERT_PATH: cert,
    });
    const zbc = zeebeClient(running.settings, running.engine.grpcPort);
    try {
      await deployAndStart(zbc);
    } finally {
      await zbc.close();
    }
  });

  it('does not talk plain text', async () => {
    const raw = rawClient(running.engine.grpcPort, { metadata: { authorization: `Bearer ${SYSTEM_KEY}` } });
    await expect(raw.unary('Topology', {})).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    raw.close();
  });
});
