/**
 * Profiles one phase of a benchmark: with BENCH_CPU_PROF=<folder>, `profiled` records a V8 CPU
 * profile of this process while `fn` runs and writes `<folder>/<label>.cpuprofile`
 * (read it with `npx tsx bench/profile-top.ts`). Without the setting it only runs `fn`.
 */
import fs from 'node:fs';
import path from 'node:path';
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
