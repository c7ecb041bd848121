/**
 * Bounds on FEEL work, so that one expression cannot stop the engine. feelin interprets
 * synchronously and offers no hook to count steps, so an evaluation that could run long (it
 * iterates, defines or calls user functions, filters, runs a regular expression: cost.ts decides)
 * runs under V8's execution timeout (node:vm), which stops it after `evaluationTimeoutMs`. The rest
 * runs directly: its cost is linear in the expression and the values it touches, and the timeout's
 * watchdog thread would cost more than it does.
 */
import vm from 'node:vm';

export interface FeelLimits {
  /** Longest expression (characters) accepted at deployment and evaluated. */
  maxExpressionLength: number;
  /** Wall-clock budget of one evaluation in ms; 0 switches it off. */
  evaluationTimeoutMs: number;
}

let limits: FeelLimits = { maxExpressionLength: 10_000, evaluationTimeoutMs: 200 };

export function setFeelLimits(next: Partial<FeelLimits>): void {
  limits = { ...limits, ...next };
}

export function feelLimits(): Readonly<FeelLimits> {
  return limits;
}

/** Why an expression is too long to parse cheaply, or undefined. */
export function expressionTooLong(source: string): string | undefined {
  if (source.length <= limits.maxExpressionLength) return undefined;
  return `the expression is ${source.length} characters long, but at most ${limits.maxExpressionLength} are allowed (ENGINE_FEEL_MAX_EXPRESSION_LENGTH)`;
}

export class FeelBudgetExceeded extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the evaluation took longer than ${timeoutMs} ms and was stopped (ENGINE_FEEL_EVALUATION_TIMEOUT_MS)`);
    this.name = 'FeelBudgetExceeded';
  }
}

const sandbox = vm.createContext({ run: (): unknown => undefined });
const script = new vm.Script('run()');
let inside = false;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `evaluation` under the time budget (nested calls share the outer one). The budget is wall
 * time, so a process the machine did not schedule (a busy host, a CI runner) could run out of it
 * without doing the work: when the process used less than half the budget in CPU time, the stop
 * was such a stall, and the evaluation runs again, at most twice. An expression that really works
 * that long uses the CPU all the time and is stopped at once.
 */
export function withFeelBudget<T>(mayRunLong: boolean, evaluation: () => T): T {
  const timeout = limits.evaluationTimeoutMs;
  if (inside || timeout <= 0 || !mayRunLong) return evaluation();
  inside = true;
  sandbox.run = evaluation;
  try {
    for (let attempt = 0; ; attempt++) {
      const cpuBefore = cpuMs();
      try {
        return script.runInContext(sandbox, { timeout }) as T;
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
        const stalled = cpuMs() - cpuBefore < timeout / 2;
        if (!stalled || attempt >= 2) throw new FeelBudgetExceeded(timeout);
      }
    }
  } finally {
    inside = false;
    sandbox.run = () => undefined;
  }
}
