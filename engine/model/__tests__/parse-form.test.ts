import { DeploymentRejectedError } from '../../errors';
import { parseForm } from '../parse-form';

function rejection(json: string, name?: string): DeploymentRejectedError {
  try {
    parseForm(json, name);
  } catch (err) {
    if (err instanceof DeploymentRejectedError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('parseForm', () => {
  it('returns the form id of a Camunda form', () => {
    expect(parseForm(JSON.stringify({ id: 'approval-form', type: 'default', components: [] }))).toEqual({ formId: 'approval-form' });
  });

  it('returns the version tag when the form has one', () => {
    expect(parseForm('{"id":"f","versionTag":"v1","components":[]}')).toEqual({ formId: 'f', versionTag: 'v1' });
  });

  it('rejects invalid JSON, naming the resource', () => {
    const err = rejection('{"id": ', 'approval.form');
    expect(err.details).toHaveLength(1);
    expect(err.details[0]!.field).toBe('approval.form');
    expect(err.details[0]!.message).toMatch(/^Failed to parse form JSON: /);
    expect(err.message).toContain("encountered the following errors:\n'approval.form': Failed to parse form JSON");
  });

  it.each([
    ['an array', '[]', 'Expected the form to be a JSON object'],
    ['a form without id', '{"components":[]}', 'Expected the form id to be present, but none given'],
    ['a form with a blank id', '{"id":"  "}', 'Expected the form id to be filled, but it is blank'],
    ['a form with a numeric id', '{"id":42}', 'Expected the form id to be filled, but it is blank'],
  ])('rejects %s', (_, json, message) => {
    expect(rejection(json).details).toEqual([{ field: 'form.form', message }]);
  });
});
