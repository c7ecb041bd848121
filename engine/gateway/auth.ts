/**
 * Who may call the gateway. The engine knows no users or keys: the host process injects how a
 * credential is checked, which roles each RPC needs, and how failed attempts are throttled.
 *
 * Credentials are read the way the official clients send them: `authorization: Bearer <key>`
 * (@camunda8/sdk with CAMUNDA_AUTH_STRATEGY=BEARER, any OAuth client), `authorization: Basic`
 * (@camunda8/sdk with CAMUNDA_AUTH_STRATEGY=BASIC: a user's name and password; zeebe-node's
 * basicAuth: any name and the key as password), or `x-api-key: <key>`.
 *
 *   no credential, unknown credential → UNAUTHENTICATED
 *   known, but no role the RPC allows → PERMISSION_DENIED
 *   too many failures from one address → RESOURCE_EXHAUSTED until the window has passed
 */
import { status, type Metadata } from '@grpc/grpc-js';
import { serviceError, type GatewayLog, type GrpcServiceError } from './status';

export interface GatewayCaller {
  roles: readonly string[];
}

export interface BasicCredentials {
  username: string;
  password: string;
}

/** Thrown by an authenticate function while the credential's account or client must wait (seconds). */
export class CredentialThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed authentications; try again in ${retryAfterSeconds} s`);
    this.name = 'CredentialThrottledError';
  }
}

export interface GatewayAuth {
  /** The caller a key or token stands for; null when it is unknown. */
  authenticate(credential: string): Promise<GatewayCaller | null> | GatewayCaller | null;
  /**
   * The caller of a Basic header: a user's name and password, or a key as password. Without it a
   * Basic header's password is checked as a key by `authenticate`. May throw CredentialThrottledError.
   */
  authenticateBasic?(credentials: BasicCredentials, address: string): Promise<GatewayCaller | null>;
  /** Roles that may call each RPC (by its proto name). An RPC missing here is refused to everyone. */
  methodRoles: Readonly<Record<string, readonly string[]>>;
  /** Failed attempts per peer address: while retryAfter > 0 (seconds), credentials from there are not checked at all. */
  throttle: { retryAfter(address: string): number; failed(address: string): void };
}

/**
 * The name and password of an `authorization: Basic` header (RFC 7617: UTF-8, split at the first
 * colon); undefined for any other header, or one without a colon or a password.
 */
export function parseBasicAuthorization(header: string | undefined): BasicCredentials | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0 || colon === decoded.length - 1) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A key or token of the call: Bearer, x-api-key, or a Basic header's password (zeebe-node's basicAuth). */
export function credentialOf(metadata: Metadata): string | undefined {
  const header = metadata.get('authorization')[0];
  if (typeof header === 'string') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) return bearer[1];
    const basic = basicCredentialsOf(metadata);
    if (basic) return basic.password;
  }
  const key = metadata.get('x-api-key')[0];
  return typeof key === 'string' && key ? key : undefined;
}

export function basicCredentialsOf(metadata: Metadata): BasicCredentials | undefined {
  const header = metadata.get('authorization')[0];
  return typeof header === 'string' ? parseBasicAuthorization(header) : undefined;
}

/** The IP of a grpc-js server peer string (`<remoteAddress>:<remotePort>`, IPv6 unbracketed), without the port. */
export function peerAddress(peer: string): string {
  return peer.replace(/:\d+$/, '').replace(/^::ffff:(?=\d+\.)/i, '');
}

/** undefined when the call may proceed, else the error to answer with. */
export async function checkCall(
  auth: GatewayAuth,
  method: string,
  metadata: Metadata,
  peer: string,
  log: GatewayLog,
): Promise<GrpcServiceError | undefined> {
  const credential = credentialOf(metadata);
  if (!credential)
    return serviceError(
      status.UNAUTHENTICATED,
      'Expected credentials in the call metadata: authorization: Bearer <key>, or Basic with a username and password',
    );
  const address = peerAddress(peer);
  const wait = auth.throttle.retryAfter(address);
  if (wait > 0) return serviceError(status.RESOURCE_EXHAUSTED, `Too many failed authentications from ${address}; try again in ${wait} s`);
  const basic = auth.authenticateBasic && basicCredentialsOf(metadata);
  let caller: GatewayCaller | null;
  try {
    caller = basic ? await auth.authenticateBasic!(basic, address) : await auth.authenticate(credential);
  } catch (err) {
    if (err instanceof CredentialThrottledError)
      return serviceError(status.RESOURCE_EXHAUSTED, `Too many failed authentications; try again in ${err.retryAfterSeconds} s`);
    log('could not check the credentials of a gRPC call', err);
    return serviceError(status.UNAVAILABLE, 'Could not check the credentials; try again');
  }
  if (!caller) {
    auth.throttle.failed(address);
    // The same answer for an unknown user and a wrong password.
    return serviceError(status.UNAUTHENTICATED, basic ? 'Wrong username or password' : 'Unknown API key');
  }
  const allowed = auth.methodRoles[method] ?? [];
  if (!caller.roles.some((r) => allowed.includes(r))) {
    return serviceError(
      status.PERMISSION_DENIED,
      allowed.length ? `${method} needs one of the roles ${allowed.join(', ')}` : `${method} is not allowed for any role`,
    );
  }
  return undefined;
}
