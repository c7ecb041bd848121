import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings';
import { zeebeClient } from './zeebe-client';

export const PROCESSES_DIR = path.resolve(__dirname, '..', 'processes');

/**
 * Deploys every BPMN, DMN and form file under processes/ in one deployment, through the Zeebe
 * API, so it works the same against the embedded engine and a Camunda 8 cluster. Unchanged
 * files make no new versions.
 */
export async function deployProcessFolder(settings: Settings, embeddedGrpcPort?: number, dir = PROCESSES_DIR): Promise<string[]> {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.(bpmn|dmn|form)$/.test(f))
        .sort()
    : [];
  if (files.length === 0) return [];
  const zbc = zeebeClient(settings, embeddedGrpcPort);
  try {
    await zbc.deployResources(
      files.map((f) => {
        const content = fs.readFileSync(path.join(dir, f));
        if (f.endsWith('.bpmn')) return { process: content, name: f };
        if (f.endsWith('.dmn')) return { decision: content, name: f };
        return { form: content, name: f };
      }),
    );
    return files;
  } finally {
    await zbc.close();
  }
}
