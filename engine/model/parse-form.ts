/** Deploy-time check of a Camunda form (form-js JSON): it must name its form id. */
import { rejectResource } from './rejection';

const DEFAULT_RESOURCE_NAME = 'form.form';

export interface ParsedForm {
  formId: string;
  /** The form's `versionTag`, used by `bindingType="versionTag"` links. */
  versionTag?: string;
}

export function parseForm(json: string, resourceName = DEFAULT_RESOURCE_NAME): ParsedForm {
  let form: unknown;
  try {
    form = JSON.parse(json);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return rejectResource(resourceName, [{ field: resourceName, message: `Failed to parse form JSON: ${reason}` }]);
  }
  if (typeof form !== 'object' || form === null || Array.isArray(form)) {
    return rejectResource(resourceName, [{ field: resourceName, message: 'Expected the form to be a JSON object' }]);
  }
  const { id, versionTag } = form as { id?: unknown; versionTag?: unknown };
  if (id === undefined || id === null) {
    return rejectResource(resourceName, [{ field: resourceName, message: 'Expected the form id to be present, but none given' }]);
  }
  if (typeof id !== 'string' || id.trim() === '') {
    return rejectResource(resourceName, [{ field: resourceName, message: 'Expected the form id to be filled, but it is blank' }]);
  }
  return typeof versionTag === 'string' && versionTag !== '' ? { formId: id, versionTag } : { formId: id };
}
