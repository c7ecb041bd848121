import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface EngineProcess {
  child: ChildProcess;
  port: number;
}

/** Starts engine/standalone.ts (or another script) with tsx and waits for its READY line. */
export function spawnEngine(
  env: Record<string, string>,
  script = path.join('..', '..', 'engine', 'standalone.ts'),
  ready = /READY (\d+)/,
): Promise<EngineProcess & { output: () => string }> {
  const root = path.resolve(__dirname, '..', '..');
  // tsx as a loader, not its CLI: the CLI runs the script in a child process that SIGKILL would miss.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], {
    cwd: root,
    // Picked ports: test files run in parallel, each product in a child of its own.
    env: { ...process.env, ENGINE_GRPC_PORT: '0', ENGINE_REST_PORT: '0', PAYMENT_PROVIDER_SIMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`engine did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) || 0, output: () => out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`engine exited with ${code}: ${out}`));
    });
  });
}

export function kill9(p: EngineProcess): Promise<void> {
  return new Promise((resolve) => {
    p.child.removeAllListeners('exit');
    p.child.once('exit', () => resolve());
    p.child.kill('SIGKILL');
  });
}
