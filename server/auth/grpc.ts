/**
 * Who may call which RPC of the embedded engine's Zeebe gRPC gateway, with the same API keys
 * (table api_keys) and roles as REST. The gateway (engine/gateway/auth.ts) reads the credential
 * from the call metadata and asks `createGrpcAuth(…).authenticate`; this module is what the
 * composition root injects. One declarative table, like rules.ts: an RPC missing here is refused
 * to everyone, and a test checks that every RPC of the proto is listed.
 */
import type { GatewayAuth, GatewayCaller } from '../../engine/gateway/auth';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { createApiKeyStore } from './api-keys';
import { createThrottle } from './rate-limit';
import type { Role } from './roles';
import { sha256 } from './tokens';

const EVERYONE: Role[] = ['analyst', 'caseworker', 'admin', 'system'];
/** Deployments and decisions: the analysts' work in the modeler, and the deploy at start (system). */
const MODEL: Role[] = ['analyst', 'admin', 'system'];
/** Running processes: the workers and the order API (system), and admins. */
const RUN: Role[] = ['system', 'admin'];

export const grpcMethodRoles: Record<string, Role[]> = {
  Topology: EVERYONE,

  DeployResource: MODEL,
  DeployProcess: MODEL,
  DeleteResource: MODEL,
  EvaluateDecision: MODEL,

  CreateProcessInstance: RUN,
  CreateProcessInstanceWithResult: RUN,
  CancelProcessInstance: RUN,
  ModifyProcessInstance: RUN,
  MigrateProcessInstance: RUN,
  SetVariables: RUN,
  ResolveIncident: RUN,
  PublishMessage: RUN,
  BroadcastSignal: RUN,

  ActivateJobs: RUN,
  StreamActivatedJobs: RUN,
  CompleteJob: RUN,
  FailJob: RUN,
  ThrowError: RUN,
  UpdateJobRetries: RUN,
  UpdateJobTimeout: RUN,
};

/** Known keys are remembered this long, so job traffic does not look up the key on every call; a removed key stops working after it. */
const CACHE_MS = 5000;
const CACHE_CAPACITY = 1000;

export function createGrpcAuth(
  db: Database,
  settings: Pick<Settings, 'signInMaxFailures' | 'signInLockoutSeconds'>,
  now: () => number = Date.now,
): GatewayAuth {
  const keys = createApiKeyStore(db);
  // The same policy as unknown API keys on REST: growing delays per client IP, forgotten after the lockout window.
  const failures = createThrottle({
    freeFailures: settings.signInMaxFailures * 4,
    maxDelaySeconds: settings.signInLockoutSeconds,
    forgetSeconds: settings.signInLockoutSeconds,
    now,
  });
  const known = new Map<string, { caller: GatewayCaller; until: number }>();
  return {
    methodRoles: grpcMethodRoles,
    throttle: { retryAfter: (address) => failures.check([address]), failed: (address) => failures.fail([address]) },
    async authenticate(credential) {
      const hash = sha256(credential);
      const hit = known.get(hash);
      if (hit && hit.until > now()) return hit.caller;
      known.delete(hash);
      const found = await keys.find(credential);
      if (!found) return null;
      keys.markUsed(found.name);
      const caller = { roles: found.roles };
      if (known.size >= CACHE_CAPACITY) known.delete(known.keys().next().value as string);
      known.set(hash, { caller, until: now() + CACHE_MS });
      return caller;
    },
  };
}
