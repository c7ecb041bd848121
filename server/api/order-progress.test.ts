import { camundaRestSearch, orderProgressFrom, reportedStatus, type EngineSearch } from './order-progress';

/** An engine with an order instance 1 that called instance 2 (credit check), which called 3. */
function fakeSearch(state: { tasks?: Record<string, unknown>[]; incidents?: Record<string, unknown>[] }) {
  const calls: { kind: string; filter: Record<string, any> }[] = [];
  const children: Record<string, string[]> = { 1: ['2'], 2: ['3'] };
  const inKeys = (f: Record<string, any>, item: Record<string, unknown>) =>
    (f.processInstanceKey.$in as string[]).includes(String(item.processInstanceKey));
  const search: EngineSearch = {
    processInstances: async (filter) => {
      calls.push({ kind: 'pi', filter });
      return {
        items: ((filter as Record<string, any>).parentProcessInstanceKey.$in as string[]).flatMap((k) =>
          (children[k] ?? []).map((c) => ({ processInstanceKey: c })),
        ),
      };
    },
    userTasks: async (filter) => {
      calls.push({ kind: 'task', filter });
      return { items: (state.tasks ?? []).filter((t) => inKeys(filter, t)) as never };
    },
    incidents: async (filter) => {
      calls.push({ kind: 'incident', filter });
      return { items: (state.incidents ?? []).filter((i) => inKeys(filter, i)) as never };
    },
  };
  return { search, calls };
}

describe('order progress from the engine', () => {
  it('names the open review task of the order', async () => {
    const { search } = fakeSearch({
      tasks: [{ name: 'Mögliche Dublette prüfen', elementId: 'review_duplicate', userTaskKey: '77', processInstanceKey: '1' }],
    });
    const p = await orderProgressFrom(search)('1');
    expect(p).toEqual({ openTask: { name: 'Mögliche Dublette prüfen', elementId: 'review_duplicate', userTaskKey: '77' } });
    expect(reportedStatus('checking', p)).toBe('in_duplicate_review');
  });

  it('finds an incident in a called instance, asking only for open tasks and active incidents', async () => {
    const { search, calls } = fakeSearch({
      incidents: [
        {
          errorType: 'JOB_NO_RETRIES',
          errorMessage: 'creditreform down',
          elementId: 'serial_ask',
          incidentKey: '9',
          processInstanceKey: '3',
        },
      ],
    });
    const p = await orderProgressFrom(search)('1');
    expect(p.incident).toEqual({
      errorType: 'JOB_NO_RETRIES',
      errorMessage: 'creditreform down',
      elementId: 'serial_ask',
      incidentKey: '9',
      processInstanceKey: '3',
    });
    expect(reportedStatus('checking', p)).toBe('stalled');
    expect(calls.find((c) => c.kind === 'incident')!.filter).toEqual({ processInstanceKey: { $in: ['1', '2', '3'] }, state: 'ACTIVE' });
    expect(calls.find((c) => c.kind === 'task')!.filter).toEqual({ processInstanceKey: { $in: ['1', '2', '3'] }, state: 'CREATED' });
    expect(calls.filter((c) => c.kind === 'pi').every((c) => c.filter.state === 'ACTIVE')).toBe(true);
  });

  it('keeps the stored status without a task or incident; an unknown one counts as checking', () => {
    expect(reportedStatus('awaiting_data', {})).toBe('awaiting_data');
    expect(reportedStatus('contracted', {})).toBe('contracted');
    expect(
      reportedStatus('in_credit_review', { openTask: { name: 'Bonität prüfen (gelb)', elementId: 'credit_review', userTaskKey: '1' } }),
    ).toBe('in_credit_review');
    expect(reportedStatus('something_else', {})).toBe('checking');
  });

  it('asks an external Camunda 8 through the SDK REST client in the same /v2 shapes, connecting on first use', async () => {
    const requests: [string, unknown][] = [];
    let created = 0;
    const client = {
      searchUserTasks: async (r: never) => {
        requests.push(['userTasks', r]);
        return { items: [] };
      },
      searchIncidents: async (r: never) => {
        requests.push(['incidents', r]);
        return { items: [] };
      },
      searchProcessInstances: async (r: never) => {
        requests.push(['processInstances', r]);
        return { items: [] };
      },
    };
    const search = camundaRestSearch(() => {
      created += 1;
      return client;
    });
    expect(created).toBe(0);
    expect(await orderProgressFrom(search)('5')).toEqual({});
    expect(created).toBe(1);
    expect(requests).toEqual(
      expect.arrayContaining([
        ['processInstances', expect.objectContaining({ filter: { parentProcessInstanceKey: { $in: ['5'] }, state: 'ACTIVE' } })],
        ['incidents', expect.objectContaining({ filter: { processInstanceKey: { $in: ['5'] }, state: 'ACTIVE' } })],
      ]),
    );
  });
});
