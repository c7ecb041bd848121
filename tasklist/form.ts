/** The linked Camunda form, rendered by form-js; validation errors appear in the form on submit. */
import { Form } from '@bpmn-io/form-js-viewer';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';

export interface MountedForm {
  /** The data to complete with, or undefined when form-js found errors (they are shown in the form). */
  submit(): Record<string, unknown> | undefined;
  destroy(): void;
}

export async function mountForm(
  container: HTMLElement,
  schema: string | object,
  data: Record<string, unknown>,
  readOnly: boolean,
): Promise<MountedForm> {
  const form = new Form({ container, properties: { readOnly } } as never);
  // The /v2 form endpoint returns the schema as JSON text; tolerate an object too.
  const parsed = typeof schema === 'string' ? JSON.parse(schema) : schema;
  await form.importSchema(parsed, data);
  return {
    submit() {
      const result = form.submit();
      return Object.keys(result.errors).length > 0 ? undefined : (result.data as Record<string, unknown>);
    },
    destroy: () => form.destroy(),
  };
}
