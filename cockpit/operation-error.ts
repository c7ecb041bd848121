/** An engine's refusal as the operator reads it: what happened in the UI language, then the engine's own detail. */
import { t } from '../web/i18n';
import { ApiError } from '../web/api';
import { h } from '../tasklist/ui/dom';
import { errorText } from '../tasklist/ui/toast';

export function operationErrorTitle(err: unknown): string {
  const status = err instanceof ApiError ? err.status : 0;
  const key = `ck.op.err.${status}`;
  return t(key) === key ? t('ck.act.failed') : t(key);
}

export function operationError(err: unknown): HTMLElement {
  return h(
    'div.alert.alert-danger',
    { 'data-testid': 'op-error', role: 'alert' },
    h('strong', {}, operationErrorTitle(err)),
    h('div.ck-op-detail', {}, errorText(err)),
  );
}

/** A JSON object from a text field (empty: none); a clear error otherwise. */
export function parseVariables(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(t('ck.act.badJson'));
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(t('ck.act.badJson'));
  return parsed as Record<string, unknown>;
}
