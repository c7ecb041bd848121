/**
 * Limits on what one request may ask of the engine, so that no single request can stop the others.
 * Zeebe's defaults where Zeebe has one (maxMessageSize: 4 MB); the engine checks them before a
 * command changes anything, so a request over a limit stores nothing.
 */
import type { Settings } from '../config/settings';
import { DeploymentRejectedError, InvalidArgumentError } from './errors';

export interface EngineLimits {
  /** Largest request and largest variables document of one command, in bytes (Zeebe's maxMessageSize). */
  maxMessageSize: number;
  /** Most variables (top-level names) one command may set. */
  maxVariablesPerCommand: number;
  /** Largest deployment: all resources together, in bytes. */
  maxDeploymentSize: number;
  /** Longest FEEL expression (characters) a deployment may contain. */
  feelMaxExpressionLength: number;
  /** Wall-clock budget of one FEEL evaluation (ms); 0 switches it off. */
  feelEvaluationTimeoutMs: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxMessageSize: 4 * 1024 * 1024,
  maxVariablesPerCommand: 10_000,
  maxDeploymentSize: 4 * 1024 * 1024,
  feelMaxExpressionLength: 10_000,
  feelEvaluationTimeoutMs: 100,
};

/** Jackson's default nesting limit, which Zeebe's JSON reading inherits. */
export const MAX_DOCUMENT_DEPTH = 1000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string for storage (PostgreSQL jsonb refuses both), or undefined. */
function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains the NUL character (\\u0000)';
  const wellFormed = (s as { isWellFormed?: () => boolean }).isWellFormed;
  if (wellFormed ? !wellFormed.call(s) : LONE_SURROGATE.test(s)) {
    const m = LONE_SURROGATE.exec(s)!;
    return `contains a lone surrogate (\\u${m[0].charCodeAt(0).toString(16).toUpperCase()}) that is not valid Unicode`;
  }
  return undefined;
}

function pathOf(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

function invalid(property: string, message: string): InvalidArgumentError {
  const text = `Property '${property}' is invalid: ${message}`;
  return new InvalidArgumentError(text, [{ field: property, message }]);
}

/**
 * Checks the variables a command brings into the engine: how many, how large, how deep, and that
 * every string (names and values) can be stored. Linear in the document's size.
 */
export function checkVariables(variables: Record<string, unknown> | undefined, limits: EngineLimits, property = 'variables'): void {
  if (!variables) return;
  const names = Object.keys(variables);
  if (names.length > limits.maxVariablesPerCommand) {
    throw invalid(
      property,
      `Expected at most ${limits.maxVariablesPerCommand} variables in one command (ENGINE_MAX_VARIABLES_PER_COMMAND), but got ${names.length}`,
    );
  }
  let size = 2;
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_DOCUMENT_DEPTH) {
      throw invalid(property, `Expected the document to be nested at most ${MAX_DOCUMENT_DEPTH} levels deep, but '${path}' is deeper`);
    }
    if (typeof value === 'string') {
      size += value.length + 2;
      const problem = stringProblem(value);
      if (problem) throw invalid(property, `Expected only valid strings, but the value at '${path}' ${problem}`);
    } else if (Array.isArray(value)) {
      size += 2 + value.length;
      for (let i = 0; i < value.length; i++) visit(value[i], pathOf(path, i), depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      size += 2;
      for (const key of Object.keys(value)) {
        size += key.length + 4;
        const problem = stringProblem(key);
        if (problem) throw invalid(property, `Expected only valid names, but the name '${pathOf(path, key)}' ${problem}`);
        visit((value as Record<string, unknown>)[key], pathOf(path, key), depth + 1);
      }
    } else {
      size += 8;
    }
  };
  for (const name of names) {
    size += name.length + 4;
    const problem = stringProblem(name);
    if (problem) throw invalid(property, `Expected only valid variable names, but the name '${name}' ${problem}`);
    visit(variables[name], name, 1);
  }
  if (size > limits.maxMessageSize) {
    throw invalid(
      property,
      `Expected the variables of one command to be at most ${limits.maxMessageSize} bytes (ENGINE_MAX_MESSAGE_SIZE), but they were about ${size}`,
    );
  }
}

/** Rejects a deployment whose resources together exceed the limit, with Zeebe's message. */
export function checkDeploymentSize(resources: { name: string; content: Buffer }[], limits: EngineLimits): void {
  const total = resources.reduce((n, r) => n + r.content.length, 0);
  if (total <= limits.maxDeploymentSize) return;
  const message = `Unable to deploy resources as the size exceeds the maximum batch size. Please split the resources into separate deployments, or reduce the size of the deployed resource. (${total} bytes, at most ${limits.maxDeploymentSize}: ENGINE_MAX_DEPLOYMENT_SIZE)`;
  throw new DeploymentRejectedError(`Command 'CREATE' rejected with code 'INVALID_ARGUMENT': ${message}`, [
    { field: 'resources', message },
  ]);
}

/** The limits as configured (config/settings.ts). */
export function engineLimitsOf(
  settings: Pick<
    Settings,
    | 'engineMaxMessageSize'
    | 'engineMaxVariablesPerCommand'
    | 'engineMaxDeploymentSize'
    | 'engineFeelMaxExpressionLength'
    | 'engineFeelEvaluationTimeoutMs'
  >,
): EngineLimits {
  return {
    maxMessageSize: settings.engineMaxMessageSize,
    maxVariablesPerCommand: settings.engineMaxVariablesPerCommand,
    maxDeploymentSize: settings.engineMaxDeploymentSize,
    feelMaxExpressionLength: settings.engineFeelMaxExpressionLength,
    feelEvaluationTimeoutMs: settings.engineFeelEvaluationTimeoutMs,
  };
}
