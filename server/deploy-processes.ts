import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/settings';
import type { DeploymentResult } from '../engine/api';
import { fromZeebeDeployment, type ZeebeDeployment } from './modeler/cluster';
import { zeebeClient } from './zeebe-client';

export const PROCESSES_DIR = path.resolve(__dirname, '..', 'processes');

/**
 * Deploys every BPMN, DMN and form file under processes/ in one deployment, through the Zeebe
 * API, so it works the same against the embedded engine and a Camunda 8 cluster. Unchanged
 * files make no new versions. `onDeployed` gets the engine's answer and the files' text (the
 * modeler logs it on a cluster: server/modeler recordStartDeployment).
 */
export async function deployProcessFolder(
  settings: Settings,
  embeddedGrpcPort?: number,
  dir = PROCESSES_DIR,
  onDeployed?: (deployment: DeploymentResult, contents: ReadonlyMap<string, string>) => Promise<unknown>,
): Promise<string[]> {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => /\.(bpmn|dmn|form)$/.test(f))
        .sort()
    : [];
  if (files.length === 0) return [];
  const zbc = zeebeClient(settings, embeddedGrpcPort);
  try {
    const contents = new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    const answer = await zbc.deployResources(
      files.map((f) => {
        const content = contents.get(f)!;
        if (f.endsWith('.bpmn')) return { process: content, name: f };
        if (f.endsWith('.dmn')) return { decision: content, name: f };
        return { form: content, name: f };
      }),
    );
    const text = new Map([...contents].map(([f, c]) => [f, c.toString('utf8')]));
    await onDeployed?.(fromZeebeDeployment(answer as unknown as ZeebeDeployment), text);
    return files;
  } finally {
    await zbc.close();
  }
}
