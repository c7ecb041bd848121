/**
 * A peer for scale: the in-memory JavaScript BPMN engine `bpmn-engine` (no durability, no
 * network) running the same one-service-task process, its service completing at once. A dev
 * dependency of the bench only.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';

const SOURCE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="peer" targetNamespace="bench">
  <process id="bench-one" isExecutable="true">
    <startEvent id="s" />
    <sequenceFlow id="f1" sourceRef="s" targetRef="t" />
    <serviceTask id="t" implementation="\${environment.services.job}" />
    <sequenceFlow id="f2" sourceRef="t" targetRef="e" />
    <endEvent id="e" />
  </process>
</definitions>`;

/** Completed one-task instances per second, `inFlight` at a time; the XML is parsed once, as a deployment is. */
export async function bpmnEngineOneTaskRate(total: number, inFlight = 64): Promise<number> {
  const moddleContext = await BpmnModdle().fromXML(SOURCE);
  const runOne = () =>
    new Promise<void>((resolve, reject) => {
      const engine = new Engine({ name: 'peer', moddleContext: moddleContext as never });
      engine
        .execute({ services: { job: (_ctx: unknown, next: (err: Error | null, r?: unknown) => void) => next(null, {}) } })
        .catch(reject);
      engine.once('end', () => resolve());
      engine.once('error', reject);
    });
  await runOne();
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < total) {
        next += 1;
        await runOne();
      }
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}
