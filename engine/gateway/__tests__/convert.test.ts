import type { ActivatedJob, DecisionEvaluationResult } from '../../api';
import * as c from '../convert';

const job: ActivatedJob = {
  key: '2251799813685300',
  type: 'work',
  processInstanceKey: '2251799813685290',
  bpmnProcessId: 'p',
  processDefinitionVersion: 2,
  processDefinitionKey: '2251799813685250',
  elementId: 'task',
  elementInstanceKey: '2251799813685299',
  customHeaders: { purpose: 'test' },
  worker: 'w1',
  retries: 3,
  deadline: 1_700_000_000_123,
  variables: { a: 1, nested: { b: [true] } },
  tenantId: '<default>',
};

describe('parseVariables', () => {
  it('parses a JSON object', () => {
    expect(c.parseVariables('{"a":1,"b":{"c":"x"}}')).toEqual({ a: 1, b: { c: 'x' } });
  });

  it('treats the proto default (empty string) and null as no variables', () => {
    expect(c.parseVariables('')).toEqual({});
    expect(c.parseVariables('  ')).toEqual({});
    expect(c.parseVariables('null')).toEqual({});
    expect(c.parseVariables(undefined)).toEqual({});
  });

  it.each([
    ['[]', 'ARRAY'],
    ['1', 'INTEGER'],
    ['1.5', 'FLOAT'],
    ['"x"', 'STRING'],
    ['true', 'BOOLEAN'],
  ])('rejects %s like Zeebe (%s)', (json, type) => {
    expect(() => c.parseVariables(json)).toThrow(
      `Property 'variables' is invalid: Expected document to be a root level object, but was '${type}'`,
    );
  });

  it('rejects invalid JSON naming the property', () => {
    const error = (() => {
      try {
        c.parseVariables('{not json', 'variables');
      } catch (e) {
        return e as c.GatewayValidationError;
      }
    })();
    expect(error).toBeInstanceOf(c.GatewayValidationError);
    expect(error?.code).toBe('INVALID_ARGUMENT');
    expect(error?.message).toMatch(/^Property 'variables' is invalid: Expected document to be valid JSON/);
    expect(error?.details[0].field).toBe('variables');
  });
});

describe('tenants (multi-tenancy disabled)', () => {
  it('accepts empty and <default>', () => {
    expect(c.tenantOf('', 'DeployResource')).toBeUndefined();
    expect(c.tenantOf('<default>', 'DeployResource')).toBe('<default>');
    expect(c.tenantsOf([], 'ActivateJobs')).toBeUndefined();
    expect(c.tenantsOf(['<default>'], 'ActivateJobs')).toEqual(['<default>']);
  });

  it('rejects other tenants with Zeebe wording', () => {
    expect(() => c.tenantOf('acme', 'DeployResource')).toThrow(
      "Expected to handle gRPC request DeployResource with tenant identifier 'acme', but multi-tenancy is disabled",
    );
    expect(() => c.tenantsOf(['<default>', 'acme'], 'ActivateJobs')).toThrow(c.GatewayValidationError);
  });
});

describe('process instances', () => {
  const base = {
    processDefinitionKey: '0',
    bpmnProcessId: 'p',
    version: -1,
    variables: '{"x":1}',
    startInstructions: [],
    tenantId: '<default>',
  };

  it('maps by process id, -1 meaning latest', () => {
    expect(c.toCreateRequest(base)).toEqual({ bpmnProcessId: 'p', variables: { x: 1 }, tenantId: '<default>' });
    expect(c.toCreateRequest({ ...base, version: 3 }).version).toBe(3);
  });

  it('maps by key and ignores the version then', () => {
    expect(c.toCreateRequest({ ...base, processDefinitionKey: '2251799813685250', bpmnProcessId: '', version: 4 })).toEqual({
      processDefinitionKey: '2251799813685250',
      variables: { x: 1 },
      tenantId: '<default>',
    });
  });

  it('maps start instructions', () => {
    expect(c.toCreateRequest({ ...base, startInstructions: [{ elementId: 'task' }] }).startInstructions).toEqual([{ elementId: 'task' }]);
  });

  it('needs a process id or a key', () => {
    expect(() => c.toCreateRequest({ ...base, bpmnProcessId: '' })).toThrow(c.GatewayRejectionError);
  });

  it('maps the with-result request and response', () => {
    expect(c.toCreateWithResultRequest({ request: base, requestTimeout: '5000', fetchVariables: ['x'] })).toMatchObject({
      bpmnProcessId: 'p',
      requestTimeoutMs: 5000,
      fetchVariables: ['x'],
    });
    expect(c.toCreateWithResultRequest({ request: base, requestTimeout: '0', fetchVariables: [] })).not.toHaveProperty('requestTimeoutMs');
    expect(() => c.toCreateWithResultRequest({ request: null, requestTimeout: '0', fetchVariables: [] })).toThrow(c.GatewayValidationError);
    expect(
      c.toCreateWithResultResponse({
        processDefinitionKey: '1',
        bpmnProcessId: 'p',
        version: 1,
        processInstanceKey: '2',
        tenantId: '',
        variables: { y: 2 },
      }),
    ).toEqual({
      processDefinitionKey: '1',
      bpmnProcessId: 'p',
      version: 1,
      processInstanceKey: '2',
      tenantId: '<default>',
      variables: '{"y":2}',
    });
  });
});

describe('jobs', () => {
  const activate = {
    type: 'work',
    worker: 'w',
    timeout: '30000',
    maxJobsToActivate: 5,
    fetchVariable: [],
    requestTimeout: '-1',
    tenantIds: ['<default>'],
  };

  it('maps an activation request; int64 strings become numbers', () => {
    expect(c.toActivateJobsRequest(activate)).toEqual({
      type: 'work',
      worker: 'w',
      timeoutMs: 30000,
      maxJobsToActivate: 5,
      requestTimeoutMs: -1,
      tenantIds: ['<default>'],
    });
  });

  it.each([
    [{ type: '' }, 'type'],
    [{ type: '  ' }, 'type'],
    [{ maxJobsToActivate: 0 }, 'maxJobsToActivate'],
    [{ timeout: '0' }, 'timeout'],
    [{ timeout: '-5' }, 'timeout'],
  ])('rejects %p', (patch, field) => {
    expect(() => c.toActivateJobsRequest({ ...activate, ...patch })).toThrow(new RegExp(field));
  });

  it('validates stream requests', () => {
    expect(c.toJobStreamRequest({ type: 'work', worker: 'w', timeout: '1000', fetchVariable: ['a'], tenantIds: [] })).toEqual({
      type: 'work',
      worker: 'w',
      timeoutMs: 1000,
      fetchVariable: ['a'],
    });
    expect(() => c.toJobStreamRequest({ type: '', worker: 'w', timeout: '1000', fetchVariable: [], tenantIds: [] })).toThrow(
      c.GatewayValidationError,
    );
  });

  it('serialises variables and headers as JSON and the deadline as epoch ms', () => {
    const pb = c.toPbJob(job);
    expect(JSON.parse(pb.variables)).toEqual(job.variables);
    expect(JSON.parse(pb.customHeaders)).toEqual({ purpose: 'test' });
    expect(pb.deadline).toBe('1700000000123');
    expect(pb.key).toBe(job.key);
    expect(c.toPbJob({ ...job, tenantId: '' }).tenantId).toBe('<default>');
  });

  it('batches jobs below the size limit', () => {
    const jobs = Array.from({ length: 5 }, () => c.toPbJob(job));
    expect(c.batchJobs(jobs)).toHaveLength(1);
    const size = c.approxJobSize(jobs[0]);
    const batches = c.batchJobs(jobs, size * 2);
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(c.batchJobs([], 10)).toEqual([]);
    expect(c.batchJobs(jobs.slice(0, 2), 1).map((b) => b.length)).toEqual([1, 1]);
  });

  it('maps fail and throw-error requests', () => {
    expect(c.toFailJobRequest({ jobKey: '1', retries: 0, errorMessage: 'boom', retryBackOff: '1000', variables: '' })).toEqual({
      retries: 0,
      errorMessage: 'boom',
      retryBackOffMs: 1000,
      variables: {},
    });
    expect(() => c.toFailJobRequest({ jobKey: '1', retries: 1, errorMessage: '', retryBackOff: '-1', variables: '' })).toThrow(
      /retryBackOff/,
    );
    expect(c.toThrowErrorRequest({ jobKey: '1', errorCode: 'E1', errorMessage: '', variables: '{"v":1}' })).toEqual({
      errorCode: 'E1',
      variables: { v: 1 },
    });
    expect(() => c.toThrowErrorRequest({ jobKey: '1', errorCode: '', errorMessage: '', variables: '' })).toThrow(/errorCode/);
  });

  it('checks retries and timeouts', () => {
    expect(c.requirePositiveRetries(2)).toBe(2);
    expect(() => c.requirePositiveRetries(0)).toThrow(/greater than zero/);
    expect(c.requireTimeout('2500')).toBe(2500);
    expect(() => c.requireTimeout('-1')).toThrow(/timeout/);
  });
});

describe('messages and signals', () => {
  it('maps a publish request', () => {
    expect(
      c.toPublishMessageRequest({ name: 'm', correlationKey: 'k', timeToLive: '60000', messageId: '', variables: '{"a":1}', tenantId: '' }),
    ).toEqual({
      name: 'm',
      correlationKey: 'k',
      timeToLiveMs: 60000,
      variables: { a: 1 },
    });
    expect(() =>
      c.toPublishMessageRequest({ name: '', correlationKey: 'k', timeToLive: '0', messageId: '', variables: '', tenantId: '' }),
    ).toThrow(/name/);
  });

  it('needs a signal name', () => {
    expect(c.requireSignalName('s')).toBe('s');
    expect(() => c.requireSignalName('')).toThrow(/signalName/);
  });
});

describe('deployments', () => {
  it('needs at least one resource', () => {
    expect(() => c.toResources([])).toThrow('Expected to deploy at least one resource, but none given');
  });

  it('maps every kind of deployed resource', () => {
    const res = c.toDeployResourceResponse({
      key: '10',
      tenantId: '<default>',
      processes: [{ bpmnProcessId: 'p', version: 1, processDefinitionKey: '11', resourceName: 'p.bpmn', tenantId: '<default>' }],
      decisions: [
        {
          dmnDecisionId: 'd',
          dmnDecisionName: 'D',
          version: 1,
          decisionKey: '13',
          dmnDecisionRequirementsId: 'drg',
          decisionRequirementsKey: '12',
          tenantId: '<default>',
        },
      ],
      decisionRequirements: [
        {
          dmnDecisionRequirementsId: 'drg',
          dmnDecisionRequirementsName: 'DRG',
          version: 1,
          decisionRequirementsKey: '12',
          resourceName: 'd.dmn',
          tenantId: '<default>',
        },
      ],
      forms: [{ formId: 'f', version: 1, formKey: '14', resourceName: 'f.form', tenantId: '<default>' }],
    });
    expect(res.key).toBe('10');
    expect(res.deployments.map((d) => Object.keys(d)[0])).toEqual(['process', 'decision', 'decisionRequirements', 'form']);
    expect(res.deployments[0]).toEqual({
      process: { bpmnProcessId: 'p', version: 1, processDefinitionKey: '11', resourceName: 'p.bpmn', tenantId: '<default>' },
    });
  });
});

describe('decisions', () => {
  it('needs exactly one of id and key', () => {
    expect(c.toEvaluateDecisionRequest({ decisionKey: '0', decisionId: 'd', variables: '{"a":1}', tenantId: '' })).toEqual({
      decisionId: 'd',
      variables: { a: 1 },
    });
    expect(c.toEvaluateDecisionRequest({ decisionKey: '5', decisionId: '', variables: '', tenantId: '' })).toEqual({
      decisionKey: '5',
      variables: {},
    });
    expect(() => c.toEvaluateDecisionRequest({ decisionKey: '0', decisionId: '', variables: '', tenantId: '' })).toThrow(/none provided/);
    expect(() => c.toEvaluateDecisionRequest({ decisionKey: '5', decisionId: 'd', variables: '', tenantId: '' })).toThrow(/both/);
  });

  it('maps the evaluation result', () => {
    const result: DecisionEvaluationResult = {
      decisionKey: '20',
      decisionId: 'top',
      decisionName: 'Top',
      decisionVersion: 2,
      decisionRequirementsId: 'drg',
      decisionRequirementsKey: '19',
      tenantId: '<default>',
      decisionInstanceKey: '21',
      decisionOutput: '"ok"',
      evaluatedDecisions: [
        {
          decisionId: 'req',
          decisionName: 'Req',
          decisionType: 'LITERAL_EXPRESSION',
          decisionOutput: '1',
          evaluatedInputs: [],
          matchedRules: [],
        },
        {
          decisionId: 'top',
          decisionName: 'Top',
          decisionType: 'DECISION_TABLE',
          decisionOutput: '"ok"',
          evaluatedInputs: [{ inputId: 'i', inputName: 'I', inputValue: '1' }],
          matchedRules: [{ ruleId: 'r1', ruleIndex: 1, evaluatedOutputs: [{ outputId: 'o', outputName: 'O', outputValue: '"ok"' }] }],
        },
      ],
    };
    const pb = c.toEvaluateDecisionResponse(result);
    expect(pb).toMatchObject({
      decisionKey: '20',
      decisionId: 'top',
      decisionVersion: 2,
      decisionOutput: '"ok"',
      failedDecisionId: '',
      failureMessage: '',
      decisionInstanceKey: '21',
    });
    expect(pb.evaluatedDecisions[1]).toMatchObject({ decisionKey: '20', decisionVersion: 2, tenantId: '<default>' });
    expect(pb.evaluatedDecisions[1].matchedRules[0].evaluatedOutputs[0].outputValue).toBe('"ok"');
    expect(pb.evaluatedDecisions[0]).toMatchObject({ decisionId: 'req', decisionKey: '0' });
  });
});

describe('scalars', () => {
  it('handles int64 strings and optional keys', () => {
    expect(c.int64ToNumber('9007199254740991')).toBe(9007199254740991);
    expect(c.int64ToNumber('')).toBe(0);
    expect(c.optionalKey('0')).toBeUndefined();
    expect(c.optionalKey('')).toBeUndefined();
    expect(c.optionalKey('2251799813685250')).toBe('2251799813685250');
  });

  it('names JSON types like MessagePack', () => {
    expect([null, [], 1, 1.5, 's', false, {}].map(c.documentType)).toEqual([
      'NIL',
      'ARRAY',
      'INTEGER',
      'FLOAT',
      'STRING',
      'BOOLEAN',
      'MAP',
    ]);
  });
});
