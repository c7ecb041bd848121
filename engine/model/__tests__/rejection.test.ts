import { DeploymentRejectedError } from '../../errors';
import { formatRejection, formatResourceErrors, Problems, rejectResource } from '../rejection';

describe('rejection messages', () => {
  it('groups problems per element as Zeebe prints them', () => {
    expect(
      formatResourceErrors('order.bpmn', [
        { field: 'Task_1', message: 'first' },
        { field: 'Flow_1', message: 'second' },
        { field: 'Task_1', message: 'third' },
      ]),
    ).toBe("'order.bpmn': - Element: Task_1\n    - ERROR: first\n    - ERROR: third\n- Element: Flow_1\n    - ERROR: second\n");
  });

  it('prints problems of the resource itself as plain text', () => {
    expect(formatResourceErrors('order.bpmn', [{ field: 'order.bpmn', message: 'Failed to parse BPMN XML: boom' }])).toBe(
      "'order.bpmn': Failed to parse BPMN XML: boom",
    );
  });

  it('prefixes the gateway rejection text', () => {
    expect(formatRejection('a.bpmn', [{ field: 'x', message: 'm' }])).toBe(
      "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n'a.bpmn': - Element: x\n    - ERROR: m\n",
    );
  });

  it('throws a DeploymentRejectedError with the details', () => {
    const details = [{ field: 'x', message: 'm' }];
    expect(() => rejectResource('a.bpmn', details)).toThrow(DeploymentRejectedError);
    try {
      rejectResource('a.bpmn', details);
    } catch (err) {
      expect((err as DeploymentRejectedError).details).toEqual(details);
    }
  });

  it('collects each problem once', () => {
    const problems = new Problems();
    problems.add('x', 'm');
    problems.add('x', 'm');
    problems.add('y', 'm');
    expect(problems.details).toEqual([
      { field: 'x', message: 'm' },
      { field: 'y', message: 'm' },
    ]);
    expect(problems.isEmpty).toBe(false);
  });
});
