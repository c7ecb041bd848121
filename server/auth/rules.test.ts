import { accessFor, accessRules, allows } from './rules';
import type { Role } from './roles';

const can = (role: Role, method: string, url: string) => allows(accessFor(method, url)!, [role]);
const who = (method: string, url: string) => (['analyst', 'caseworker', 'admin', 'system'] as Role[]).filter((r) => can(r, method, url));

describe('access rules', () => {
  it('orders and users', () => {
    expect(who('POST', '/api/orders')).toEqual(['admin', 'system']);
    expect(who('GET', '/api/orders/abc?x=1')).toEqual(['admin', 'system']);
    expect(who('GET', '/api/users')).toEqual(['admin']);
    expect(who('DELETE', '/api/users/analyst')).toEqual(['admin']);
    // API keys: only admins, whatever roles the calling key holds (a case worker key for a task UI too).
    expect(who('GET', '/api/api-keys')).toEqual(['admin']);
    expect(who('POST', '/api/api-keys')).toEqual(['admin']);
    expect(who('DELETE', '/api/api-keys/crm-portal')).toEqual(['admin']);
    expect(who('POST', '/v2/user-tasks/search')).toContain('caseworker');
  });

  it('public routes: sign-in and the customer DNB form submit only', () => {
    expect(accessFor('POST', '/api/session')).toBe('public');
    expect(accessFor('GET', '/api/session')).toBe('public');
    expect(accessFor('DELETE', '/api/session')).toBe('authenticated');
    expect(accessFor('POST', '/api/orders/6a1c/data')).toBe('public');
    expect(accessFor('GET', '/api/orders/6a1c/data')).not.toBe('public');
    expect(accessFor('POST', '/api/orders/a/b/data')).not.toBe('public');
  });

  it('/v2 reads for everyone with a role; writes by the table', () => {
    expect(who('GET', '/v2/process-definitions/1/xml')).toEqual(['analyst', 'caseworker', 'admin', 'system']);
    expect(who('POST', '/v2/user-tasks/search')).toEqual(['analyst', 'caseworker', 'admin', 'system']);
    expect(who('POST', '/v2/process-instances/1/incidents/search')).toHaveLength(4);
    expect(who('POST', '/v2/deployments')).toEqual(['analyst', 'admin']);
    expect(who('POST', '/v2/resources/1/deletion')).toEqual(['analyst', 'admin']);
    expect(who('POST', '/v2/user-tasks/1/assignment')).toEqual(['caseworker', 'admin']);
    expect(who('POST', '/v2/user-tasks/1/completion')).toEqual(['caseworker', 'admin']);
    expect(who('DELETE', '/v2/user-tasks/1/assignee')).toEqual(['caseworker', 'admin']);
    expect(who('POST', '/v2/incidents/1/resolution')).toEqual(['admin']);
    expect(who('PATCH', '/v2/jobs/1')).toEqual(['admin']);
    expect(who('POST', '/v2/process-instances/1/cancellation')).toEqual(['admin']);
    expect(who('POST', '/v2/process-instances/1/modification')).toEqual(['admin']);
    expect(who('POST', '/v2/process-instances/1/migration')).toEqual(['admin']);
    // Batch operations: created, read, searched and steered by admins only.
    for (const p of ['cancellation', 'incident-resolution', 'migration', 'modification'])
      expect(who('POST', `/v2/process-instances/${p}`)).toEqual(['admin']);
    expect(who('POST', '/v2/process-instances/search')).toHaveLength(4);
    expect(who('GET', '/v2/batch-operations/1')).toEqual(['admin']);
    expect(who('POST', '/v2/batch-operations/search')).toEqual(['admin']);
    expect(who('POST', '/v2/batch-operation-items/search')).toEqual(['admin']);
    for (const p of ['cancellation', 'suspension', 'resumption']) expect(who('POST', `/v2/batch-operations/1/${p}`)).toEqual(['admin']);
    expect(who('POST', '/v2/process-instances')).toEqual(['admin', 'system']);
    expect(who('POST', '/v2/messages/publication')).toEqual(['admin', 'system']);
    expect(who('POST', '/v2/messages/correlation')).toEqual(['admin', 'system']);
    expect(who('POST', '/v2/signals/broadcast')).toEqual(['admin']);
    expect(who('PUT', '/v2/element-instances/1/variables')).toEqual(['admin']);
    for (const p of ['/v2/jobs/activation', '/v2/jobs/1/completion', '/v2/jobs/1/failure', '/v2/jobs/1/error'])
      expect(who('POST', p)).toEqual(['admin', 'system']);
    expect(who('PUT', '/v2/clock')).toEqual(['admin']);
    expect(who('POST', '/v2/clock/reset')).toEqual(['admin']);
  });

  it("the apps' own APIs", () => {
    expect(who('POST', '/api/modeler/deployments')).toEqual(['analyst', 'admin']);
    expect(who('GET', '/api/tasklist/tasks/1/context')).toEqual(['caseworker', 'admin']);
    expect(who('GET', '/api/cockpit/orders')).toEqual(['analyst', 'admin']);
    expect(who('POST', '/api/cockpit/orders/search')).toEqual(['analyst', 'admin']);
    expect(who('POST', '/api/cockpit/incidents/1/retry')).toEqual(['admin']);
  });

  it('denies by default, also for encoded paths the router would decode', () => {
    expect(who('POST', '/v2/something-new')).toEqual(['admin']);
    expect(who('GET', '/api/whatever')).toEqual(['admin']);
    expect(accessFor('GET', '/%61pi/users')).toEqual(['admin']);
    expect(accessFor('POST', '/api/orders/x/dat%2')).toEqual(['admin']);
    expect(accessFor('GET', '/modeler')).toBeUndefined();
    expect(accessFor('GET', '/health')).toBeUndefined();
  });

  it('every rule names known roles', () => {
    for (const r of accessRules) if (Array.isArray(r.access)) expect(r.access.length).toBeGreaterThan(0);
  });
});
