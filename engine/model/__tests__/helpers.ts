/** Test helpers: BPMN snippets wrapped in definitions, fixtures, and capturing rejections. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitions, process } from '../../../test/bpmn';
import { DeploymentRejectedError } from '../../errors';
import { parseBpmn } from '../parse-bpmn';

export function fixture(name: string): string {
  return readFileSync(join(__dirname, '..', '__fixtures__', name), 'utf8');
}

export { definitions };

/** An executable process `p` with the given body, plus optional other root elements. */
export function processXml(body: string, rootElements = ''): string {
  return process('p', [body], [rootElements]);
}

/** A process that starts, runs `element` (whose id is given) and ends. */
export function around(element: string, id: string, rootElements = ''): string {
  return processXml(
    `<bpmn:startEvent id="start" />
     <bpmn:sequenceFlow id="toElement" sourceRef="start" targetRef="${id}" />
     ${element}
     <bpmn:sequenceFlow id="toEnd" sourceRef="${id}" targetRef="end" />
     <bpmn:endEvent id="end" />`,
    rootElements,
  );
}

export async function rejectionOf(xml: string, resourceName?: string): Promise<DeploymentRejectedError> {
  try {
    await parseBpmn(xml, resourceName);
  } catch (err) {
    if (err instanceof DeploymentRejectedError) return err;
    throw err;
  }
  throw new Error('expected the deployment to be rejected');
}

/** Asserts a rejection naming `field`, whose message for it contains `message`. */
export async function expectRejected(xml: string, field: string, message: string | RegExp): Promise<DeploymentRejectedError> {
  const err = await rejectionOf(xml);
  const messages = err.details.filter((d) => d.field === field).map((d) => d.message);
  const matches = messages.some((m) => (typeof message === 'string' ? m.includes(message) : message.test(m)));
  if (!matches) {
    throw new Error(
      `expected a problem on '${field}' matching ${String(message)}, got:\n${err.details.map((d) => `  ${d.field}: ${d.message}`).join('\n')}`,
    );
  }
  return err;
}
