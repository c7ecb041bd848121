/**
 * With ENGINE_CPU_PROF=<folder>, SIGUSR2 starts a V8 CPU profile of this process and the next
 * SIGUSR2 writes it to `<folder>/engine-<n>.cpuprofile` and prints `CPU profile written: <file>`.
 * Benches use it to profile the engine's process during one phase (bench/cpu-profile.ts
 * `profiledEngine`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Session } from 'node:inspector/promises';

export function profileOnSignal(dir: string): void {
  let session: Session | null = null;
  let count = 0;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!session) {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 500 });
        await session.post('Profiler.start');
        console.log('CPU profile started');
        return;
      }
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      session = null;
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `engine-${++count}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      console.log(`CPU profile written: ${file}`);
    })();
  });
}
