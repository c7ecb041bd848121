import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profilePrefix, removeStaleProfiles } from './pdfRenderer';
import { chromiumOf, processTable } from '../../test/processes';

jest.setTimeout(60_000);

describe('Chromium of the PDF renderer', () => {
  it('ends when its product is killed with SIGKILL, and the next start removes the profile', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'chromium-child.fixture.ts')], {
      cwd: path.resolve(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/READY/.test(out)) resolve();
      });
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', (code) => reject(new Error(`fixture exited with ${code}: ${out}`)));
    });
    const pid = child.pid!;
    const before = chromiumOf(processTable(), pid);
    expect(before.length).toBeGreaterThan(0);
    const profiles = () => fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`${profilePrefix}${pid}-`));
    expect(profiles()).toHaveLength(1);

    child.removeAllListeners('exit');
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });

    const deadline = Date.now() + 10_000;
    let left = before;
    while (Date.now() < deadline) {
      const alive = new Set(processTable().map((p) => p.pid));
      left = before.filter((p) => alive.has(p.pid));
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(left.map((p) => `${p.pid} ${p.cmd}`)).toEqual([]);
    removeStaleProfiles();
    expect(profiles()).toEqual([]);
  });
});
