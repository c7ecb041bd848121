import fs from 'node:fs';
import path from 'node:path';
import { chain, end, ext, process, serviceTask, start } from '../bpmn';
import { activate, startHarness, type Harness } from '../harness';

const dmn = fs.readFileSync(path.join(__dirname, '..', '..', 'engine', 'gateway', '__tests__', 'fixtures', 'gateway-decision.dmn'));

describe('deployments and decisions (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('versions by id; an unchanged resource makes no new version; running instances keep theirs', async () => {
    const v1 = process('ver', [start('s'), serviceTask('t', 'ver-v1'), end('e'), ...chain('s', 't', 'e')]);
    const v2 = process('ver', [start('s'), serviceTask('t', 'ver-v2'), end('e'), ...chain('s', 't', 'e')]);
    const a = await h.zbc.deployResource({ process: Buffer.from(v1), name: 'ver.bpmn' });
    const again = await h.zbc.deployResource({ process: Buffer.from(v1), name: 'ver.bpmn' });
    expect(again.deployments[0].process.version).toBe(a.deployments[0].process.version);
    expect(again.deployments[0].process.processDefinitionKey).toBe(a.deployments[0].process.processDefinitionKey);
    const running = await h.zbc.createProcessInstance({ bpmnProcessId: 'ver', variables: {} });
    const b = await h.zbc.deployResource({ process: Buffer.from(v2), name: 'ver.bpmn' });
    expect(b.deployments[0].process.version).toBe(a.deployments[0].process.version + 1);
    const fresh = await h.zbc.createProcessInstance({ bpmnProcessId: 'ver', variables: {} });
    expect(fresh.version).toBe(b.deployments[0].process.version);
    expect((await activate(h.zbc, 'ver-v1')).map((j) => j.processInstanceKey)).toEqual([running.processInstanceKey]);
    expect((await activate(h.zbc, 'ver-v2')).map((j) => j.processInstanceKey)).toEqual([fresh.processInstanceKey]);
    const byVersion = await h.zbc.createProcessInstance({ bpmnProcessId: 'ver', version: a.deployments[0].process.version, variables: {} });
    expect(byVersion.processDefinitionKey).toBe(a.deployments[0].process.processDefinitionKey);
  });

  it('rejects an unsupported model naming the element, and stores nothing of the deployment', async () => {
    const good = process('fine', [start('s'), end('e'), ...chain('s', 'e')]);
    const bad = process('broken', [start('s'), '<bpmn:serviceTask id="NoType" />', end('e'), ...chain('s', 'NoType', 'e')]);
    await expect(
      h.zbc.deployResources([
        { process: Buffer.from(good), name: 'fine.bpmn' },
        { process: Buffer.from(bad), name: 'broken.bpmn' },
      ]),
    ).rejects.toThrow(/INVALID_ARGUMENT[\s\S]*NoType/);
    await expect(h.zbc.createProcessInstance({ bpmnProcessId: 'fine', variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  it('a business rule task evaluates the latest decision; EvaluateDecision reports required decisions', async () => {
    await h.zbc.deployResource({ decision: dmn, name: 'gateway-decision.dmn' });
    await h.deploy(
      'brt.bpmn',
      process('brt', [
        start('s'),
        `<bpmn:businessRuleTask id="d">${ext('<zeebe:calledDecision decisionId="gatewayLabel" resultVariable="label" />')}</bpmn:businessRuleTask>`,
        end('e'),
        ...chain('s', 'd', 'e'),
      ]),
    );
    const res = await h.zbc.createProcessInstanceWithResult({
      bpmnProcessId: 'brt',
      variables: { amount: 250 },
      fetchVariables: ['label'],
    });
    expect(res.variables).toEqual({ label: 'order is big' });
    const evaluated = await h.zbc.evaluateDecision({ decisionId: 'gatewayLabel', variables: { amount: 5 } });
    expect(JSON.parse(evaluated.decisionOutput)).toBe('order is small');
    expect(evaluated.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['gatewaySize', 'gatewayLabel']);
  });

  it("answers a DMN deployment in Zeebe's order: decisions first, then their requirements", async () => {
    const res = await h.zbc.deployResource({ decision: dmn, name: 'gateway-decision-order.dmn' });
    const kinds = res.deployments.map((d) => Object.keys(d).find((k) => (d as unknown as Record<string, unknown>)[k]));
    expect(kinds[0]).toBe('decision');
    expect(kinds.lastIndexOf('decision')).toBeLessThan(kinds.indexOf('decisionRequirements'));
    expect(res.deployments[0].decision?.dmnDecisionId).toBeTruthy();
  });

  it('a missing decision raises CALLED_DECISION_ERROR', async () => {
    await h.deploy(
      'nodec.bpmn',
      process('nodec', [
        start('s'),
        `<bpmn:businessRuleTask id="d">${ext('<zeebe:calledDecision decisionId="nope" resultVariable="x" />')}</bpmn:businessRuleTask>`,
        end('e'),
        ...chain('s', 'd', 'e'),
      ]),
    );
    const pi = await h.zbc.createProcessInstance({ bpmnProcessId: 'nodec', variables: {} });
    await new Promise((r) => setTimeout(r, 100));
    expect([...h.engine.engine.store.values('incident')].find((i) => i.processInstanceKey === pi.processInstanceKey)?.errorType).toBe(
      'CALLED_DECISION_ERROR',
    );
  });

  it('deletes a process definition without running instances', async () => {
    const key = await h.deploy('del.bpmn', process('del', [start('s'), end('e'), ...chain('s', 'e')]));
    await h.zbc.deleteResource({ resourceKey: key });
    await expect(h.zbc.createProcessInstance({ bpmnProcessId: 'del', variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  it('streams jobs to a job stream', async () => {
    await h.deploy('stream.bpmn', process('stream', [start('s'), serviceTask('t', 'streamed'), end('e'), ...chain('s', 't', 'e')]));
    const seen: string[] = [];
    void h.zbc.streamJobs({
      type: 'streamed',
      worker: 'streamer',
      tenantIds: ['<default>'],
      timeout: 30_000,
      taskHandler: async (job) => {
        seen.push(job.processInstanceKey);
        return job.complete({ streamed: true });
      },
    });
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId: 'stream', variables: {} });
    expect(res.variables).toEqual({ streamed: true });
    expect(seen).toContain(res.processInstanceKey);
  });
});
