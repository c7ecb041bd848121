/**
 * Who may call the gateway. The engine knows no users or keys: the host process injects how a
 * credential is checked, which roles each RPC needs, and how failed attempts are throttled.
 *
 * Credentials are read the way the official clients send them: `authorization: Bearer <key>`
 * (@camunda8/sdk with CAMUNDA_AUTH_STRATEGY=BEARER, any OAuth client), `authorization: Basic`
 * with the key as password (zeebe-node's basicAuth), or `x-api-key: <key>`.
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

export interface GatewayAuth {
  /** The caller a credential stands for; null when it is unknown. */
  authenticate(credential: string): Promise<GatewayCaller | null> | GatewayCaller | null;
  /** Roles that may call each RPC (by its proto name). An RPC missing here is refused to everyone. */
  methodRoles: Readonly<Record<string, readonly string[]>>;
  /** Failed attempts per peer address: while retryAfter > 0 (seconds), credentials from there are not checked at all. */
  throttle: { retryAfter(address: string): number; failed(address: string): void };
}

export function credentialOf(metadata: Metadata): string | undefined {
  const header = metadata.get('authorization')[0];
  if (typeof header === 'string') {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (bearer) return bearer[1];
    const basic = /^Basic\s+(\S+)\s*$/i.exec(header);
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const password = decoded.slice(decoded.indexOf(':') + 1);
      return decoded.includes(':') && password ? password : undefined;
    }
  }
  const key = metadata.get('x-api-key')[0];
  return typeof key === 'string' && key ? key : undefined;
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
  if (!credential) return serviceError(status.UNAUTHENTICATED, 'Expected an API key in the call metadata: authorization: Bearer <key>');
  const address = peerAddress(peer);
  const wait = auth.throttle.retryAfter(address);
  if (wait > 0) return serviceError(status.RESOURCE_EXHAUSTED, `Too many failed authentications from ${address}; try again in ${wait} s`);
  let caller: GatewayCaller | null;
  try {
    caller = await auth.authenticate(credential);
  } catch (err) {
    log('could not check the credentials of a gRPC call', err);
    return serviceError(status.UNAVAILABLE, 'Could not check the credentials; try again');
  }
  if (!caller) {
    auth.throttle.failed(address);
    return serviceError(status.UNAUTHENTICATED, 'Unknown API key');
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
