/**
 * The Zeebe gRPC gateway (gateway_protocol.Gateway) in front of the engine's command API, so that
 * unmodified Zeebe clients (@camunda8/sdk, zeebe-node) work against the embedded engine.
 *
 * The proto is the one that ships with the pinned @camunda8/sdk, loaded with the SDK's own
 * options (keepCase, longs as String, enums as String), so field names and int64 handling are
 * exactly what the clients send and expect.
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ActivatedJob, EngineCommands } from '../api';
import { checkCall, type GatewayAuth } from './auth';
import * as c from './convert';
import { defaultLog, serviceError, toServiceError, type GatewayLog } from './status';

export interface GatewayOptions {
  /** Interface to bind; default `localhost` (IPv4 and IPv6 loopback). */
  host?: string;
  /** 0 = a random free port. */
  port: number;
  /** Where unexpected errors are reported; default the engine's pino logger. */
  log?: GatewayLog;
  /** Largest request in bytes (Zeebe's maxMessageSize); larger ones fail with RESOURCE_EXHAUSTED. Default 4 MB. */
  maxMessageSize?: number;
  /** Checks every call's credentials and roles; without it every caller may call everything. */
  auth?: GatewayAuth;
  /** PEM certificate (chain) and private key: serve TLS only. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface Gateway {
  port: number;
  close(): Promise<void>;
}

/** RPCs the engine does not implement: they answer UNIMPLEMENTED. */
const UNSUPPORTED: Record<string, string> = {};

/** How long close() waits for calls to finish before cutting them. */
const SHUTDOWN_GRACE_MS = 2000;

let serviceDefinition: grpc.ServiceDefinition | undefined;

export function protoPath(): string {
  return path.join(path.dirname(require.resolve('@camunda8/sdk/package.json')), 'dist', 'proto', 'zeebe.proto');
}

function gatewayService(): grpc.ServiceDefinition {
  if (!serviceDefinition) {
    const definition = protoLoader.loadSync(protoPath(), { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
    serviceDefinition = definition['gateway_protocol.Gateway'] as grpc.ServiceDefinition;
  }
  return serviceDefinition;
}

type Unary = grpc.handleUnaryCall<any, any>;
type ServerStream = grpc.handleServerStreamingCall<any, any>;

export async function startGateway(commands: EngineCommands, opts: GatewayOptions): Promise<Gateway> {
  const log = opts.log ?? defaultLog;
  const host = opts.host ?? 'localhost';
  /** Shutdown hooks of open long polls and job streams. */
  const open = new Set<() => void>();

  /** A unary RPC: convert, call the engine, convert back; errors map to a status. */
  function unary<Req, Res>(intent: string, handle: (req: Req) => Promise<Res> | Res): Unary {
    return (call, callback) => {
      Promise.resolve()
        .then(() => handle(call.request as Req))
        .then(
          (res) => callback(null, res),
          (err: unknown) => callback(toServiceError(err, intent, log)),
        );
    };
  }

  function fail(call: grpc.ServerWritableStream<unknown, unknown>, err: unknown, intent: string): void {
    if (!call.cancelled) call.emit('error', toServiceError(err, intent, log));
  }

  /** Activated jobs that could not be delivered are handed back at once (retries unchanged), like Zeebe does. */
  function handBack(jobs: ActivatedJob[]): void {
    for (const job of jobs) {
      commands
        .failJob(job.key, {
          retries: job.retries,
          retryBackOffMs: 0,
          errorMessage: 'The worker went away before the activated job could be delivered',
        })
        .catch((err: unknown) => log(`could not hand back undelivered job ${job.key}`, err));
    }
  }

  const activateJobs: ServerStream = (call) => {
    let req;
    try {
      req = c.toActivateJobsRequest(call.request as c.PbActivateJobsRequest);
    } catch (err) {
      return fail(call, err, 'ACTIVATE');
    }
    const abort = new AbortController();
    const stop = (): void => abort.abort();
    call.on('cancelled', stop);
    open.add(stop);
    commands
      .activateJobs(req, abort.signal)
      .then(
        (jobs) => {
          if (call.cancelled) return handBack(jobs);
          for (const batch of c.batchJobs(jobs.map(c.toPbJob))) call.write({ jobs: batch });
          call.end();
        },
        (err: unknown) => {
          if (call.cancelled) return;
          // Aborted by close(): finish the poll empty, as if it timed out.
          if (abort.signal.aborted) return call.end();
          fail(call, err, 'ACTIVATE');
        },
      )
      .finally(() => open.delete(stop));
  };

  const streamActivatedJobs: ServerStream = (call) => {
    let req;
    try {
      req = c.toJobStreamRequest(call.request as c.PbStreamActivatedJobsRequest);
    } catch (err) {
      return fail(call, err, 'ACTIVATE');
    }
    // grpc-js buffers every write; once it asks to drain, refuse jobs so the engine keeps them.
    let congested = false;
    call.on('drain', () => (congested = false));
    let stream: { close(): void };
    try {
      stream = commands.openJobStream(req, (job) => {
        if (call.cancelled || call.writableEnded || call.destroyed || congested) return false;
        if (!call.write(c.toPbJob(job))) congested = true;
        return true;
      });
    } catch (err) {
      return fail(call, err, 'ACTIVATE');
    }
    let closed = false;
    const stop = (): void => {
      if (closed) return;
      closed = true;
      open.delete(stop);
      stream.close();
      if (!call.cancelled && !call.writableEnded) call.end();
    };
    open.add(stop);
    call.on('cancelled', stop);
    call.on('close', stop);
  };

  const handlers: Record<string, Unary | ServerStream> = {
    Topology: unary('TOPOLOGY', () => c.toTopologyResponse(commands.topology())),

    DeployResource: unary('CREATE', async (r: c.PbDeployResourceRequest) => {
      const tenantId = c.tenantOf(r.tenantId, 'DeployResource');
      return c.toDeployResourceResponse(await commands.deployResources(c.toResources(r.resources), tenantId));
    }),
    DeployProcess: unary('CREATE', async (r: c.PbDeployProcessRequest) => {
      const resources = c.toResources((r.processes ?? []).map((p) => ({ name: p.name, content: p.definition })));
      const d = await commands.deployResources(resources);
      return { key: d.key, processes: d.processes.map(c.toProcessMetadata) };
    }),
    DeleteResource: unary('DELETE', async (r: { resourceKey: string }) => {
      await commands.deleteResource(r.resourceKey);
      return {};
    }),

    CreateProcessInstance: unary('CREATE', async (r: c.PbCreateProcessInstanceRequest) =>
      c.toCreateResponse(await commands.createProcessInstance(c.toCreateRequest(r))),
    ),
    CreateProcessInstanceWithResult: unary('CREATE_WITH_AWAITING_RESULT', async (r: c.PbCreateProcessInstanceWithResultRequest) =>
      c.toCreateWithResultResponse(await commands.createProcessInstanceWithResult(c.toCreateWithResultRequest(r))),
    ),
    CancelProcessInstance: unary('CANCEL', async (r: { processInstanceKey: string }) => {
      await commands.cancelProcessInstance(r.processInstanceKey);
      return {};
    }),

    ModifyProcessInstance: unary('MODIFY', async (r: c.PbModifyProcessInstanceRequest) => {
      await commands.modifyProcessInstance(c.toModifyRequest(r));
      return {};
    }),

    MigrateProcessInstance: unary('MIGRATE', async (r: c.PbMigrateProcessInstanceRequest) => {
      await commands.migrateProcessInstance(c.toMigrateRequest(r));
      return {};
    }),

    ActivateJobs: activateJobs,
    StreamActivatedJobs: streamActivatedJobs,
    CompleteJob: unary('COMPLETE', async (r: { jobKey: string; variables: string }) => {
      await commands.completeJob(r.jobKey, c.parseVariables(r.variables));
      return {};
    }),
    FailJob: unary('FAIL', async (r: c.PbFailJobRequest) => {
      await commands.failJob(r.jobKey, c.toFailJobRequest(r));
      return {};
    }),
    ThrowError: unary('THROW_ERROR', async (r: c.PbThrowErrorRequest) => {
      await commands.throwError(r.jobKey, c.toThrowErrorRequest(r));
      return {};
    }),
    UpdateJobRetries: unary('UPDATE_RETRIES', async (r: { jobKey: string; retries: number }) => {
      await commands.updateJobRetries(r.jobKey, c.requirePositiveRetries(r.retries));
      return {};
    }),
    UpdateJobTimeout: unary('UPDATE_TIMEOUT', async (r: { jobKey: string; timeout: string }) => {
      await commands.updateJobTimeout(r.jobKey, c.requireTimeout(r.timeout));
      return {};
    }),

    ResolveIncident: unary('RESOLVE', async (r: { incidentKey: string }) => {
      await commands.resolveIncident(r.incidentKey);
      return {};
    }),
    PublishMessage: unary('PUBLISH', async (r: c.PbPublishMessageRequest) => {
      const res = await commands.publishMessage(c.toPublishMessageRequest(r));
      return { key: res.key, tenantId: res.tenantId || '<default>' };
    }),
    SetVariables: unary('UPDATE', async (r: { elementInstanceKey: string; variables: string; local: boolean }) => {
      const variables = c.parseVariables(r.variables);
      return { key: (await commands.setVariables({ elementInstanceKey: r.elementInstanceKey, variables, local: !!r.local })).key };
    }),
    BroadcastSignal: unary('BROADCAST', async (r: { signalName: string; variables: string; tenantId: string }) => {
      const name = c.requireSignalName(r.signalName);
      const res = await commands.broadcastSignal(name, c.parseVariables(r.variables), c.tenantOf(r.tenantId, 'BroadcastSignal'));
      return { key: res.key, tenantId: res.tenantId || '<default>' };
    }),
    EvaluateDecision: unary('EVALUATE', async (r: c.PbEvaluateDecisionRequest) =>
      c.toEvaluateDecisionResponse(await commands.evaluateDecision(c.toEvaluateDecisionRequest(r))),
    ),
  };

  /** Runs the handler only once the call's credentials allow the RPC. */
  function guarded(name: string, handler: Unary | ServerStream, streaming: boolean): Unary | ServerStream {
    const auth = opts.auth;
    if (!auth) return handler;
    if (streaming) {
      return ((call) => {
        void checkCall(auth, name, call.metadata, call.getPeer(), log).then((err) => {
          if (err) call.emit('error', err);
          else if (!call.cancelled) (handler as ServerStream)(call);
        });
      }) as ServerStream;
    }
    return ((call, callback) => {
      void checkCall(auth, name, call.metadata, call.getPeer(), log).then((err) =>
        err ? callback(err) : (handler as Unary)(call, callback),
      );
    }) as Unary;
  }

  const service = gatewayService();
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(service)) {
    implementation[name] = guarded(name, handlers[name] ?? unimplemented(name, method.responseStream), method.responseStream);
  }

  const server = new grpc.Server({
    'grpc.max_receive_message_length': opts.maxMessageSize ?? 4 * 1024 * 1024,
    interceptors: [uncompressedRequests],
  });
  server.addService(service, implementation);
  const credentials = opts.tls
    ? grpc.ServerCredentials.createSsl(null, [{ cert_chain: opts.tls.cert, private_key: opts.tls.key }], false)
    : grpc.ServerCredentials.createInsecure();
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${bindAddress(host)}:${opts.port}`, credentials, (err, bound) => (err ? reject(err) : resolve(bound))),
  );

  let closing: Promise<void> | undefined;
  return {
    port,
    close() {
      closing ??= (async () => {
        for (const stop of [...open]) stop();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, SHUTDOWN_GRACE_MS);
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      })();
      return closing;
    },
  };
}

/**
 * Asks clients to send their messages uncompressed: @camunda8/sdk gzips every message
 * (`grpc.default_compression_algorithm` 2), which costs the engine a zlib stream per message (9 % of
 * its busy time at 500 jobs/s, docs/performance.md "Engine throughput") for messages of a few hundred
 * bytes. A grpc-js client sends uncompressed on that channel once an answer advertises only
 * `identity`; compressed messages (the first call of a channel, other clients) are still read.
 */
const uncompressedRequests: grpc.ServerInterceptor = (_method, call) =>
  new grpc.ServerInterceptingCall(call, {
    sendMetadata(metadata, next) {
      metadata.set('grpc-accept-encoding', 'identity');
      next(metadata);
    },
  });

/** grpc-js wants IPv6 literals in brackets. */
function bindAddress(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function unimplemented(name: string, streaming: boolean): Unary | ServerStream {
  const message = UNSUPPORTED[name] ?? `The gRPC method ${name} is not supported by the embedded engine`;
  const error = serviceError(grpc.status.UNIMPLEMENTED, message);
  if (streaming) return ((call) => call.emit('error', error)) as ServerStream;
  return ((_call, callback) => callback(error)) as Unary;
}
