/**
 * Engine errors -> gRPC status. The engine's typed errors carry a `code` named like a gRPC
 * status; rejections (invalid argument, not found, invalid state, already exists) are worded like
 * Zeebe's broker rejections: "Command '<INTENT>' rejected with code '<TYPE>': <engine message>".
 * Anything untyped is a bug: INTERNAL, and logged.
 */
import { status as GrpcStatus, type Metadata } from '@grpc/grpc-js';
import type { EngineErrorCode, ErrorDetail } from '../errors';
import { GatewayValidationError } from './convert';
import { engineLogger } from '../log';

export const STATUS_BY_CODE: Record<EngineErrorCode, GrpcStatus> = {
  INVALID_ARGUMENT: GrpcStatus.INVALID_ARGUMENT,
  NOT_FOUND: GrpcStatus.NOT_FOUND,
  FAILED_PRECONDITION: GrpcStatus.FAILED_PRECONDITION,
  ALREADY_EXISTS: GrpcStatus.ALREADY_EXISTS,
  RESOURCE_EXHAUSTED: GrpcStatus.RESOURCE_EXHAUSTED,
  DEADLINE_EXCEEDED: GrpcStatus.DEADLINE_EXCEEDED,
  UNAVAILABLE: GrpcStatus.UNAVAILABLE,
  INTERNAL: GrpcStatus.INTERNAL,
};

/** Zeebe's RejectionType for the codes that are rejections (INVALID_STATE surfaces as FAILED_PRECONDITION). */
const REJECTION_TYPE: Partial<Record<EngineErrorCode, string>> = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  FAILED_PRECONDITION: 'INVALID_STATE',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
};

/** What grpc-js accepts as an error for callbacks and `emit('error')`. */
export interface GrpcServiceError extends Error {
  code: GrpcStatus;
  details: string;
  metadata?: Metadata;
}

export type GatewayLog = (message: string, error?: unknown) => void;

const gatewayLogger = engineLogger.child({ component: 'gateway' });
export const defaultLog: GatewayLog = (message, error) => gatewayLogger.error({ err: error }, message);

interface TypedError {
  code: EngineErrorCode;
  message: string;
  details?: ErrorDetail[];
}

/** Duck-typed, so errors from any copy of engine/errors.ts (or plain objects) map the same way. */
export function isTypedEngineError(err: unknown): err is TypedError {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return (
    typeof code === 'string' &&
    Object.prototype.hasOwnProperty.call(STATUS_BY_CODE, code) &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}

/** Adds the details the message does not already mention, one per line. */
export function withDetails(message: string, details: ErrorDetail[] | undefined): string {
  const missing = (details ?? []).filter((d) => d.message && !message.includes(d.message));
  if (missing.length === 0) return message;
  return [message, ...missing.map((d) => (d.field ? `- ${d.field}: ${d.message}` : `- ${d.message}`))].join('\n');
}

export function rejectionMessage(intent: string, code: EngineErrorCode, message: string): string {
  const type = REJECTION_TYPE[code];
  if (!type || message.startsWith("Command '")) return message;
  return `Command '${intent}' rejected with code '${type}': ${message}`;
}

/**
 * Maps any thrown value to a gRPC error. `intent` is the Zeebe command intent of the RPC
 * (CREATE, COMPLETE, …) used in rejection messages.
 */
export function toServiceError(err: unknown, intent: string, log: GatewayLog = defaultLog): GrpcServiceError {
  if (isTypedEngineError(err)) {
    if (err.code === 'INTERNAL') log(`internal error while handling a ${intent} command`, err);
    const text = withDetails(err.message, err.details);
    const details = err instanceof GatewayValidationError ? text : rejectionMessage(intent, err.code, text);
    return serviceError(STATUS_BY_CODE[err.code], details);
  }
  log(`unexpected error while handling a ${intent} command`, err);
  const reason = err instanceof Error ? err.message : String(err);
  return serviceError(GrpcStatus.INTERNAL, `Unexpected error while handling the request: ${reason}`);
}

export function serviceError(code: GrpcStatus, details: string): GrpcServiceError {
  const e = new Error(details) as GrpcServiceError;
  e.code = code;
  e.details = details;
  return e;
}
