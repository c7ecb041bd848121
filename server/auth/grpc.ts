/**
 * Who may call which RPC of the embedded engine's Zeebe gRPC gateway, with the same API keys
 * (table api_keys), users (Basic: name and password, as @camunda8/sdk sends them with
 * CAMUNDA_AUTH_STRATEGY=BASIC) and roles as REST. The gateway (engine/gateway/auth.ts) reads the
 * credential from the call metadata and asks `createGrpcAuth(…).authenticate` or
 * `.authenticateBasic`; this module is what the composition root injects. One declarative table, like rules.ts: an RPC missing here is refused
 * to everyone, and a test checks that every RPC of the proto is listed.
 */
import { CredentialThrottledError, type GatewayAuth, type GatewayCaller } from '../../engine/gateway/auth';
import type { Settings } from '../../config/settings';
import type { Database } from '../../db';
import { createApiKeyStore } from './api-keys';
import { sharedPasswordCheck, type PasswordCheck } from './passwords-check';
import { createThrottle } from './rate-limit';
import type { Role } from './roles';
import { sha256 } from './tokens';
import type { OidcCheck } from './oidc';

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
  passwords: PasswordCheck = sharedPasswordCheck(db, settings),
  oidc?: OidcCheck,
): GatewayAuth & Required<Pick<GatewayAuth, 'authenticateBasic'>> {
  const keys = createApiKeyStore(db);
  // The same policy as unknown API keys on REST: growing delays per client IP, forgotten after the lockout window.
  const failures = createThrottle({
    freeFailures: settings.signInMaxFailures * 4,
    maxDelaySeconds: settings.signInLockoutSeconds,
    forgetSeconds: settings.signInLockoutSeconds,
    now,
  });
  const known = new Map<string, { caller: GatewayCaller; until: number }>();
  const auth = {
    methodRoles: grpcMethodRoles,
    throttle: {
      retryAfter: (address: string) => failures.check([address]),
      failed: (address: string) => failures.fail([address]),
    },
    async authenticate(credential: string): Promise<GatewayCaller | null> {
      const hash = sha256(credential);
      const hit = known.get(hash);
      if (hit && hit.until > now()) return hit.caller;
      known.delete(hash);
      // A provider's JWT (./oidc.ts): checked by its signature, cached only until the cache ends, as keys are.
      const token = oidc ? await oidc(credential) : null;
      const found = token ? undefined : await keys.find(credential);
      if (!token && !found) return null;
      if (found) keys.markUsed(found.name);
      const caller = { roles: token?.roles ?? found!.roles };
      if (known.size >= CACHE_CAPACITY) known.delete(known.keys().next().value as string);
      known.set(hash, { caller, until: now() + CACHE_MS });
      return caller;
    },
    /** An API key as password (zeebe-node's basicAuth) first: cheap; then the user's password (bcrypt, cached). */
    async authenticateBasic({ username, password }: { username: string; password: string }, address: string) {
      const key = await auth.authenticate(password);
      if (key) return key;
      const outcome = await passwords.basic(username, password, address);
      if (outcome.kind === 'throttled') throw new CredentialThrottledError(outcome.retryAfter);
      return outcome.kind === 'ok' ? { roles: outcome.user.roles } : null;
    },
  };
  return auth;
}
