/**
 * Profiles one phase of a benchmark: with BENCH_CPU_PROF=<folder>, `profiled` records a V8 CPU
 * profile of this process while `fn` runs and writes `<folder>/<label>.cpuprofile`
 * (read it with `npx tsx bench/profile-top.ts`). Without the setting it only runs `fn`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { Session } from 'node:inspector/promises';

export async function profiled<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${label}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`CPU profile of ${label}: ${file}`);
    session.disconnect();
  }
}

/**
 * The same for an engine child (engine/standalone.ts started with ENGINE_CPU_PROF, see
 * engine/profile-signal.ts): SIGUSR2 starts and stops its profile, which is renamed to
 * `<folder>/<label>.cpuprofile`.
 */
export async function profiledEngine<T>(
  label: string,
  engine: { child: ChildProcess; output: () => string },
  fn: () => Promise<T>,
): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return fn();
  const seen = (re: RegExp) => [...engine.output().matchAll(re)];
  const waitFor = async (re: RegExp, count: number) => {
    while (seen(re).length < count) await new Promise((r) => setTimeout(r, 20));
    return seen(re)[count - 1];
  };
  const started = seen(/CPU profile started/g).length;
  const written = seen(/CPU profile written: (\S+)/g).length;
  engine.child.kill('SIGUSR2');
  await waitFor(/CPU profile started/g, started + 1);
  try {
    return await fn();
  } finally {
    engine.child.kill('SIGUSR2');
    const [, from] = await waitFor(/CPU profile written: (\S+)/g, written + 1);
    const file = path.join(dir, `${label}.cpuprofile`);
    fs.renameSync(from, file);
    console.log(`CPU profile of the engine in ${label}: ${file}`);
  }
}
