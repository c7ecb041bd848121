/**
 * Escalation events, with the outcomes Camunda 8.8 documents:
 * https://docs.camunda.io/docs/components/modeler/bpmn/escalation-events/
 * - an escalation is non-critical: a non-interrupting catch lets the thrower go on, both flows are taken;
 * - an interrupting catch terminates the scope of the thrower and takes the catch event's flow;
 * - a catch event with a code catches that code, one without a code catches every escalation;
 * - an escalation nobody catches raises no incident; the throw event completes and its flow goes on;
 * - escalations travel up from a called process to the boundary events of the call activity.
 */
import { chain, end, ext, flow, io, process, start } from '../bpmn';
import { startHarness, type Harness } from '../harness';

/** A none throw event that records, by an output mapping, that the token passed it. */
const mark = (id: string) => `<bpmn:intermediateThrowEvent id="${id}">${ext(io({}, { [id]: '=true' }))}</bpmn:intermediateThrowEvent>`;
const escalation = (id: string, code: string) => `<bpmn:escalation id="${id}" name="${id}" escalationCode="${code}" />`;
const throwEscalation = (id: string, ref: string) =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:escalationEventDefinition escalationRef="${ref}" /></bpmn:intermediateThrowEvent>`;
const escalationEnd = (id: string, ref: string) => end(id, `<bpmn:escalationEventDefinition escalationRef="${ref}" />`);
/** `sub`: start → throw escalation → afterThrow → end. */
const subThrowing = (ref: string) =>
  `<bpmn:subProcess id="sub">${start('ss')}${throwEscalation('thr', ref)}${mark('afterThrow')}${end('se')}${chain('ss', 'thr', 'afterThrow', 'se').join('')}</bpmn:subProcess>`;
const boundary = (id: string, attachedTo: string, ref: string | undefined, interrupting: boolean) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition${ref ? ` escalationRef="${ref}"` : ''} /></bpmn:boundaryEvent>`;

describe('escalation events (through @camunda8/sdk)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const run = async (bpmnProcessId: string, variables: Record<string, string> = {}) => {
    const res = await h.zbc.createProcessInstanceWithResult({ bpmnProcessId, variables, requestTimeout: 10_000 });
    return res.variables as Record<string, unknown>;
  };
  /** Deploys process `id` (with the escalation `E`, code LATE, unless `extra` says otherwise) and runs it to its end. */
  const deployAndRun = async (id: string, body: string[], extra = [escalation('E', 'LATE')]) => {
    await h.deploy(`${id}.bpmn`, process(id, body, extra));
    return run(id);
  };
  const incidentsOf = (bpmnProcessId: string) =>
    [...h.engine.engine.store.values('incident')].filter((i) => i.bpmnProcessId === bpmnProcessId);

  /** The catch event for `E` thrown in `sub`: a boundary event on it, or an event sub-process of the process. */
  const catcher = (kind: 'boundary' | 'event sub-process', interrupting: boolean) =>
    kind === 'boundary'
      ? [boundary('b', 'sub', 'E', interrupting), mark('caught'), end('e2'), ...chain('b', 'caught', 'e2')]
      : [
          `<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="${interrupting}"><bpmn:escalationEventDefinition escalationRef="E" /></bpmn:startEvent>` +
            `${mark('caught')}${end('ee')}${chain('es', 'caught', 'ee').join('')}</bpmn:subProcess>`,
        ];

  it.each([
    // Interrupting: the sub-process with the thrower is terminated, only the catch path runs.
    ['boundary' as const, true, { caught: true }],
    ['event sub-process' as const, true, { caught: true }],
    // Non-interrupting: the thrower's flow, the sub-process's flow and the catch path all run.
    ['boundary' as const, false, { caught: true, afterThrow: true, afterSub: true }],
    ['event sub-process' as const, false, { caught: true, afterThrow: true, afterSub: true }],
  ])('caught by a %s, interrupting %s', async (kind, interrupting, expected) => {
    const body = [
      start('s'),
      subThrowing('E'),
      mark('afterSub'),
      end('e1'),
      ...chain('s', 'sub', 'afterSub', 'e1'),
      ...catcher(kind, interrupting),
    ];
    expect(await deployAndRun(`esc-${kind.replace(/ /g, '-')}-${interrupting}`, body)).toEqual(expected);
  });

  it('a catch event with the code wins over a catch-all; another code reaches the catch-all; the thrown code may be FEEL', async () => {
    await h.deploy(
      'esc-codes.bpmn',
      process(
        'esc-codes',
        [
          start('s'),
          subThrowing('THROWN'),
          boundary('byCode', 'sub', 'LATE', true),
          boundary('catchAll', 'sub', undefined, true),
          mark('atCode'),
          mark('atCatchAll'),
          end('e1'),
          end('e2'),
          end('e3'),
          ...chain('s', 'sub', 'e1'),
          ...chain('byCode', 'atCode', 'e2'),
          ...chain('catchAll', 'atCatchAll', 'e3'),
        ],
        [escalation('THROWN', '=code'), escalation('LATE', 'LATE')],
      ),
    );
    expect(await run('esc-codes', { code: 'LATE' })).toEqual({ code: 'LATE', atCode: true });
    expect(await run('esc-codes', { code: 'OTHER' })).toEqual({ code: 'OTHER', atCatchAll: true });
  });

  it('an uncaught escalation raises no incident: the throw event completes and the instance goes on', async () => {
    await h.deploy(
      'esc-uncaught.bpmn',
      process(
        'esc-uncaught',
        [start('s'), throwEscalation('thr', 'E'), mark('afterThrow'), escalationEnd('e', 'E'), ...chain('s', 'thr', 'afterThrow', 'e')],
        [escalation('E', 'NOBODY')],
      ),
    );
    expect(await run('esc-uncaught')).toEqual({ afterThrow: true });
    expect(incidentsOf('esc-uncaught')).toEqual([]);
  });

  it('an escalation end event in a called process is caught by the boundary event of the call activity', async () => {
    await h.deploy(
      'esc-child.bpmn',
      process('esc-child', [start('s'), escalationEnd('e', 'E'), ...chain('s', 'e')], [escalation('E', 'LATE')]),
    );
    await h.deploy(
      'esc-parent.bpmn',
      process(
        'esc-parent',
        [
          start('s'),
          `<bpmn:callActivity id="call">${ext('<zeebe:calledElement processId="esc-child" propagateAllChildVariables="false" />')}</bpmn:callActivity>`,
          boundary('b', 'call', 'E', true),
          mark('afterCall'),
          mark('caught'),
          end('e1'),
          end('e2'),
          ...chain('s', 'call', 'afterCall', 'e1'),
          flow('b', 'caught'),
          flow('caught', 'e2'),
        ],
        [escalation('E', 'LATE')],
      ),
    );
    expect(await run('esc-parent')).toEqual({ caught: true });
    expect(incidentsOf('esc-child')).toEqual([]);
  });

  it('an escalation from a called process reaches an event sub-process of the parent; non-interrupting, both go on', async () => {
    await h.deploy(
      'esc-child2.bpmn',
      process(
        'esc-child2',
        [start('s'), throwEscalation('thr', 'E'), mark('childAfterThrow'), end('e'), ...chain('s', 'thr', 'childAfterThrow', 'e')],
        [escalation('E', 'LATE')],
      ),
    );
    const body = [
      start('s'),
      `<bpmn:callActivity id="call">${ext('<zeebe:calledElement processId="esc-child2" propagateAllChildVariables="true" />')}</bpmn:callActivity>`,
      mark('afterCall'),
      end('e1'),
      ...chain('s', 'call', 'afterCall', 'e1'),
      ...catcher('event sub-process', false),
    ];
    expect(await deployAndRun('esc-parent2', body)).toEqual({ caught: true, childAfterThrow: true, afterCall: true });
  });

  it('an escalation end event caught by a non-interrupting boundary event: the sub-process completes too', async () => {
    const body = [
      start('s'),
      `<bpmn:subProcess id="sub">${start('ss')}${escalationEnd('se', 'E')}${flow('ss', 'se')}</bpmn:subProcess>`,
      boundary('b', 'sub', undefined, false),
      mark('afterSub'),
      mark('caught'),
      end('e1'),
      end('e2'),
      ...chain('s', 'sub', 'afterSub', 'e1'),
      ...chain('b', 'caught', 'e2'),
    ];
    expect(await deployAndRun('esc-end-ni', body)).toEqual({ caught: true, afterSub: true });
  });
});
