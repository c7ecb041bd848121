/**
 * The engine's typed errors. They carry no transport detail: the gRPC gateway and the REST layer
 * map them to status codes at the edge (see engine/gateway/status.ts and engine/rest/problem.ts).
 */
export type EngineErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'FAILED_PRECONDITION'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ErrorDetail {
  /** The BPMN/DMN element id, form id or request field the detail is about. */
  field: string;
  message: string;
}

export abstract class EngineError extends Error {
  abstract readonly code: EngineErrorCode;
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidArgumentError extends EngineError {
  readonly code = 'INVALID_ARGUMENT' as const;
}

/** A deployment that the engine cannot execute; nothing of it is stored. */
export class DeploymentRejectedError extends InvalidArgumentError {}

export class NotFoundError extends EngineError {
  readonly code = 'NOT_FOUND' as const;
}

export class FailedPreconditionError extends EngineError {
  readonly code = 'FAILED_PRECONDITION' as const;
}

export class AlreadyExistsError extends EngineError {
  readonly code = 'ALREADY_EXISTS' as const;
}

export class DeadlineExceededError extends EngineError {
  readonly code = 'DEADLINE_EXCEEDED' as const;
}

export class UnavailableError extends EngineError {
  readonly code = 'UNAVAILABLE' as const;
}

/** A FEEL or DMN evaluation failure; inside a process it becomes an incident, not a rejected command. */
export class EvaluationError extends Error {
  constructor(
    message: string,
    readonly expression?: string,
  ) {
    super(message);
    this.name = 'EvaluationError';
  }
}
