/**
 * Operator actions of the instance view: retry an incident, cancel the instance, publish a message.
 * `done` gets what the action changed and may wait until the view shows it (instance.ts).
 */
import { t } from '../web/i18n';
import { cancelInstance, publishMessage, retryIncident, retryIncidents, type Incident } from './api';
import { openDialog } from '../tasklist/ui/dialog';
import { busy, h, replace } from '../tasklist/ui/dom';
import { errorText, toast } from '../tasklist/ui/toast';

/** What an action changed, so the view can wait until a lagging search shows it. */
export type Changed = { resolved: string[] } | { cancelled: string } | Record<string, never>;
export type Done = (changed: Changed) => Promise<void> | void;

export async function retry(btn: HTMLButtonElement, incident: Incident, done: Done): Promise<void> {
  await busy(btn, async () => {
    try {
      await retryIncident(incident);
      toast(t('ck.inc.retried'), 'success', incident.jobKey ? t('ck.inc.retriedText') : undefined);
      await done({ resolved: [incident.incidentKey] });
    } catch (err) {
      toast(t('ck.act.failed'), 'danger', errorText(err));
    }
  });
}

/** Retries several incidents at once and says how it went; the keys of the incidents retried. */
export async function retryAll(incidents: Incident[]): Promise<string[]> {
  const { retried, errors } = await retryIncidents(incidents);
  if (errors.length === 0) toast(t('ck.bulk.done', { n: retried.length }), 'success', t('ck.inc.retriedText'));
  else toast(t('ck.bulk.partly', { n: retried.length, failed: errors.length }), 'danger', errorText(errors[0]));
  return retried;
}

export function confirmCancel(instanceKey: string, done: Done): void {
  const error = h('div');
  openDialog({
    title: t('ck.act.cancelTitle'),
    confirm: t('ck.act.cancel'),
    cancel: t('ck.act.keep'),
    tone: 'danger',
    body: h('div', {}, h('p', { style: 'margin:0' }, t('ck.act.cancelText', { key: instanceKey })), error),
    async onConfirm() {
      try {
        await cancelInstance(instanceKey);
      } catch (err) {
        replace(error, h('div.alert.alert-danger', {}, errorText(err)));
        throw err;
      }
      toast(t('ck.act.cancelled'));
      // The dialog stays (busy) until the view shows the instance cancelled.
      await done({ cancelled: instanceKey });
    },
  });
}

/** Message names declared in the BPMN, offered as suggestions. */
export function messageNames(xml: string): string[] {
  const names = new Set<string>();
  for (const m of xml.matchAll(/<(?:\w+:)?message\b[^>]*\bname="([^"]+)"/g)) names.add(m[1]);
  return [...names];
}

export function openPublish(suggestions: string[], correlationKey: string, done: Done): void {
  const listId = 'ck-message-names';
  const name = h('input.input', { name: 'messageName', list: listId, value: suggestions[0] ?? '', required: true });
  const key = h('input.input', { name: 'correlationKey', value: correlationKey });
  const vars = h('textarea.textarea.mono', { name: 'variables', placeholder: '{ "meterNumber": "1ESY1160642500" }' });
  const ttl = h('input.input', { name: 'ttl', type: 'number', min: '0', value: '0' });
  const error = h('div');
  openDialog({
    title: t('ck.act.messageTitle'),
    confirm: t('ck.act.send'),
    cancel: t('ck.act.cancelBtn'),
    tone: 'accent',
    body: h(
      'div.ck-form',
      {},
      h('datalist', { id: listId }, ...suggestions.map((s) => h('option', { value: s }))),
      h('div.field', {}, h('label', {}, t('ck.act.msgName')), name),
      h(
        'div.ck-form-row',
        {},
        h('div.field', {}, h('label', {}, t('ck.act.msgKey')), key),
        h('div.field', {}, h('label', {}, t('ck.act.msgTtl')), ttl),
      ),
      h('div.field', {}, h('label', {}, t('ck.act.msgVars')), vars),
      error,
    ),
    async onConfirm() {
      replace(error);
      if (!name.value.trim()) {
        replace(error, h('div.alert.alert-danger', {}, `${t('ck.act.msgName')}: ${t('ck.act.required')}`));
        throw new Error('name');
      }
      let variables: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = vars.value.trim() ? JSON.parse(vars.value) : undefined;
        if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)))
          throw new Error('not an object');
        variables = parsed as Record<string, unknown> | undefined;
      } catch (err) {
        replace(error, h('div.alert.alert-danger', {}, t('ck.act.badJson')));
        throw err;
      }
      try {
        await publishMessage({ name: name.value.trim(), correlationKey: key.value, variables, timeToLive: Number(ttl.value || 0) * 1000 });
        toast(t('ck.act.sent'), 'success', name.value.trim());
        void done({});
      } catch (err) {
        replace(error, h('div.alert.alert-danger', {}, errorText(err)));
        throw err;
      }
    },
  });
}
