/**
 * Worker thread of parse-off-thread.ts: parses BPMN resources (XML, model, FEEL syntax checks)
 * and answers with the models, which are plain data and survive the structured clone.
 */
import { parentPort } from 'node:worker_threads';
import { DeploymentRejectedError } from '../errors';
import { setFeelLimits, type FeelLimits } from '../feel';
import { parseBpmn } from './parse-bpmn';

export interface ParseRequest {
  id: number;
  xml: string;
  resourceName: string;
  limits: FeelLimits;
}
export type ParseAnswer =
  | { id: number; resource: Awaited<ReturnType<typeof parseBpmn>> }
  | { id: number; rejected: { message: string; details: DeploymentRejectedError['details'] } }
  | { id: number; failed: string };

parentPort?.on('message', (req: ParseRequest) => {
  setFeelLimits(req.limits);
  parseBpmn(req.xml, req.resourceName).then(
    (resource) => parentPort!.postMessage({ id: req.id, resource } satisfies ParseAnswer),
    (err: unknown) =>
      parentPort!.postMessage(
        err instanceof DeploymentRejectedError
          ? ({ id: req.id, rejected: { message: err.message, details: err.details } } satisfies ParseAnswer)
          : ({ id: req.id, failed: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies ParseAnswer),
      ),
  );
});
