import { status } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  DeadlineExceededError,
  DeploymentRejectedError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
} from '../../errors';
import { GatewayRejectionError, GatewayValidationError } from '../convert';
import { isTypedEngineError, rejectionMessage, toServiceError, withDetails } from '../status';

const quiet = jest.fn();

describe('toServiceError', () => {
  beforeEach(() => quiet.mockClear());

  it.each([
    [new InvalidArgumentError('bad'), status.INVALID_ARGUMENT],
    [new DeploymentRejectedError('bad bpmn'), status.INVALID_ARGUMENT],
    [new NotFoundError('gone'), status.NOT_FOUND],
    [new FailedPreconditionError('wrong state'), status.FAILED_PRECONDITION],
    [new AlreadyExistsError('twice'), status.ALREADY_EXISTS],
    [new DeadlineExceededError('slow'), status.DEADLINE_EXCEEDED],
    [new UnavailableError('down'), status.UNAVAILABLE],
  ])('maps %p', (err, code) => {
    expect(toServiceError(err, 'CREATE', quiet).code).toBe(code);
    expect(quiet).not.toHaveBeenCalled();
  });

  it('words rejections like Zeebe', () => {
    const e = toServiceError(new NotFoundError("Expected to find process definition with process ID 'x', but none found"), 'CREATE', quiet);
    expect(e.details).toBe(
      "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID 'x', but none found",
    );
    expect(e.message).toBe(e.details);
  });

  it('reports FAILED_PRECONDITION as the INVALID_STATE rejection', () => {
    const e = toServiceError(
      new FailedPreconditionError("Expected to complete job with key '1', but it is in state 'FAILED'"),
      'COMPLETE',
      quiet,
    );
    expect(e.details).toBe(
      "Command 'COMPLETE' rejected with code 'INVALID_STATE': Expected to complete job with key '1', but it is in state 'FAILED'",
    );
  });

  it('keeps a message the engine already worded as a rejection', () => {
    const msg = "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID 'x', but none found";
    expect(toServiceError(new NotFoundError(msg), 'CREATE', quiet).details).toBe(msg);
  });

  it('does not prefix non-rejections and gateway validation errors', () => {
    expect(toServiceError(new DeadlineExceededError('Time out'), 'CREATE_WITH_AWAITING_RESULT', quiet).details).toBe('Time out');
    const v = toServiceError(new GatewayValidationError("Property 'variables' is invalid: x"), 'CREATE', quiet);
    expect(v.code).toBe(status.INVALID_ARGUMENT);
    expect(v.details).toBe("Property 'variables' is invalid: x");
    expect(toServiceError(new GatewayRejectionError('none given'), 'CREATE', quiet).details).toBe(
      "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': none given",
    );
  });

  it('appends details the message lacks', () => {
    const err = new DeploymentRejectedError(
      "Expected to deploy new resources, but encountered the following errors:\n'a.bpmn': - Element: task",
      [
        { field: 'task', message: 'Element: task' },
        { field: 'gw', message: 'A gateway needs an outgoing flow' },
      ],
    );
    const e = toServiceError(err, 'CREATE', quiet);
    expect(e.details.split('\n').slice(-1)[0]).toBe('- gw: A gateway needs an outgoing flow');
    expect(e.details.match(/Element: task/g)).toHaveLength(1);
  });

  it('maps unknown exceptions to INTERNAL and logs them', () => {
    const e = toServiceError(new TypeError('x is undefined'), 'COMPLETE', quiet);
    expect(e.code).toBe(status.INTERNAL);
    expect(e.details).toContain('x is undefined');
    expect(quiet).toHaveBeenCalledTimes(1);
    expect(toServiceError('weird', 'COMPLETE', quiet).code).toBe(status.INTERNAL);
    // Node system errors carry a code too, but not a gRPC one.
    expect(toServiceError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), 'COMPLETE', quiet).code).toBe(status.INTERNAL);
  });

  it('logs typed INTERNAL errors too', () => {
    const e = toServiceError(Object.assign(new Error('state corrupt'), { code: 'INTERNAL' }), 'COMPLETE', quiet);
    expect(e.code).toBe(status.INTERNAL);
    expect(quiet).toHaveBeenCalledTimes(1);
  });
});

describe('helpers', () => {
  it('recognises typed errors by shape', () => {
    expect(isTypedEngineError({ code: 'NOT_FOUND', message: 'x' })).toBe(true);
    expect(isTypedEngineError({ code: 5, message: 'x' })).toBe(false);
    expect(isTypedEngineError(null)).toBe(false);
  });

  it('leaves messages without missing details alone', () => {
    expect(withDetails('m', [])).toBe('m');
    expect(withDetails('m: boom', [{ field: 'f', message: 'boom' }])).toBe('m: boom');
    expect(rejectionMessage('CANCEL', 'UNAVAILABLE', 'down')).toBe('down');
  });
});
