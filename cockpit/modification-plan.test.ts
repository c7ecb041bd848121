import { pendingCounts, toModification, type PendingChange } from './modification-plan';

describe('modification mode: pending changes to one 8.8 modification command', () => {
  const changes: PendingChange[] = [
    { kind: 'move', elementId: 'task_a', target: 'task_c', keys: ['11', '12'], variables: { reading: 4711 }, scope: 'instance' },
    { kind: 'add', elementId: 'task_b', variables: { approvedBy: 'cockpit' }, scope: 'element' },
    { kind: 'cancel', elementId: 'task_d', keys: ['13'] },
  ];

  it('terminates every token moved or cancelled and activates a move target once per moved token', () => {
    expect(toModification(changes)).toEqual({
      terminateInstructions: [{ elementInstanceKey: '11' }, { elementInstanceKey: '12' }, { elementInstanceKey: '13' }],
      activateInstructions: [
        { elementId: 'task_c', variableInstructions: [{ variables: { reading: 4711 } }] },
        { elementId: 'task_c', variableInstructions: [{ variables: { reading: 4711 } }] },
        // Local variables: scoped to the activated element's id, as Zeebe's variable instruction names it.
        { elementId: 'task_b', variableInstructions: [{ variables: { approvedBy: 'cockpit' }, scopeId: 'task_b' }] },
      ],
    });
  });

  it('counts the tokens each element gains and loses', () => {
    expect(Object.fromEntries(pendingCounts(changes))).toEqual({
      task_a: { add: 0, cancel: 2 },
      task_c: { add: 2, cancel: 0 },
      task_b: { add: 1, cancel: 0 },
      task_d: { add: 0, cancel: 1 },
    });
  });

  it('sends no variable instruction without variables', () => {
    expect(toModification([{ kind: 'add', elementId: 'x', variables: undefined, scope: 'instance' }]).activateInstructions).toEqual([
      { elementId: 'x', variableInstructions: [] },
    ]);
  });
});
