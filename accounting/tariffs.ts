/** Tariffs: the list with today's prices, each tariff's versions, and a price change from a date (analysts, admins). */
import { appState } from '../web/env';
import { t } from '../web/i18n';
import { busy, button, chip, h, replace, skeleton } from '../tasklist/ui/dom';
import { toast } from '../tasklist/ui/toast';
import { tariffs, type Tariff, type TariffVersion } from './api';
import { day, price, todayIso } from './format';
import { field, loadError, showProblem, table } from './ui';

const canEdit = () => (appState().user?.roles ?? []).some((r) => r === 'analyst' || r === 'admin');

/** The version in force today (versions ascend), else the first. */
function current(versions: TariffVersion[]): TariffVersion | undefined {
  const today = todayIso();
  return versions.filter((v) => v.validFrom <= today).at(-1) ?? versions[0];
}

export async function showTariffs(host: HTMLElement): Promise<void> {
  const count = h('span.muted', {});
  const body = h('div', {}, skeleton(4));
  const detail = h('div', { 'data-testid': 'tariff-detail' });
  replace(host, h('section.card', {}, h('div.card-head', {}, h('h2', {}, t('acc.tariffs.title')), count), body), detail);
  let open: string | null = null;

  async function reload(): Promise<void> {
    try {
      const list = await tariffs.list();
      replace(count, t('acc.tariffs.count', { n: list.length }));
      replace(body, tariffTable(list));
      const shown = list.find((x) => x.code === open);
      replace(detail, shown ? versionsCard(shown) : null);
    } catch (err) {
      replace(body, loadError(err));
    }
  }

  function tariffTable(list: Tariff[]): HTMLElement {
    const rows = list.map((x) => {
      const v = current(x.versions);
      return h(
        'tr',
        { 'data-code': x.code },
        h('td', {}, h('code', {}, x.code)),
        h('td', {}, x.name),
        h('td', {}, t(`acc.commodity.${x.commodity}`)),
        h('td', {}, t(`acc.kind.${x.productKind}`)),
        h('td.num', {}, v ? price(v.basePriceMonthNet, t('acc.unit.month')) : '–'),
        h('td.num', {}, v ? price(v.workingPriceKwhNet, t('acc.unit.kwh'), 4) : '–'),
        h('td', {}, v ? day(v.validFrom) : '–'),
        h(
          'td.acc-actions',
          {},
          button(
            open === x.code ? t('acc.tariffs.hideVersions') : t('acc.tariffs.showVersions'),
            () => {
              open = open === x.code ? null : x.code;
              void reload();
            },
            'ghost',
            { 'data-action': 'versions' },
          ),
        ),
      );
    });
    return table(
      'tariffs-table',
      [
        t('acc.tariffs.code'),
        t('acc.tariffs.name'),
        t('acc.tariffs.commodity'),
        t('acc.tariffs.kind'),
        t('acc.tariffs.base'),
        t('acc.tariffs.working'),
        t('acc.tariffs.since'),
        '',
      ],
      rows,
      [4, 5],
    );
  }

  function versionsCard(x: Tariff): HTMLElement {
    const now = current(x.versions);
    const today = todayIso();
    const rows = [...x.versions]
      .reverse()
      .map((v) =>
        h(
          'tr',
          { 'data-valid-from': v.validFrom },
          h(
            'td',
            {},
            day(v.validFrom),
            ' ',
            v === now ? chip(t('acc.tariffs.current'), 'success') : v.validFrom > today ? chip(t('acc.tariffs.future'), 'info') : null,
          ),
          h('td.num', {}, price(v.basePriceMonthNet, t('acc.unit.month'))),
          h('td.num', {}, price(v.workingPriceKwhNet, t('acc.unit.kwh'), 4)),
          h('td.muted', {}, v.createdBy ?? '–'),
        ),
      );
    return h(
      'section.card',
      { 'data-tariff': x.code },
      h('div.card-head', {}, h('h2', {}, t('acc.tariffs.versionsOf', { code: x.code }))),
      table(
        'versions-table',
        [t('acc.tariffs.validFrom'), t('acc.tariffs.base'), t('acc.tariffs.working'), t('acc.tariffs.createdBy')],
        rows,
        [1, 2],
      ),
      canEdit() ? changeForm(x) : h('div.card-body.muted', {}, t('acc.tariffs.readOnly')),
    );
  }

  function changeForm(x: Tariff): HTMLElement {
    const latest = x.versions.at(-1);
    const validFrom = field('validFrom', t('acc.tariffs.validFrom'), { type: 'date' });
    const base = field(
      'basePriceMonthNet',
      t('acc.tariffs.basePrice'),
      { inputmode: 'decimal', value: latest?.basePriceMonthNet ?? '' },
      '12.5000',
    );
    const working = field(
      'workingPriceKwhNet',
      t('acc.tariffs.workingPrice'),
      { inputmode: 'decimal', value: latest?.workingPriceKwhNet ?? '' },
      '0.268000',
    );
    const fields = [validFrom, base, working];
    const alert = h('div.alert.alert-danger', { role: 'alert', hidden: true, 'data-testid': 'change-error' });
    const save = button(t('acc.tariffs.save'), () => void submit(), 'primary', { 'data-action': 'save-price' });
    async function submit(): Promise<void> {
      await busy(save, async () => {
        try {
          await tariffs.changePrice(x.code, {
            validFrom: validFrom.input.value,
            basePriceMonthNet: base.input.value.trim().replace(',', '.'),
            workingPriceKwhNet: working.input.value.trim().replace(',', '.'),
          });
          toast(t('acc.tariffs.saved', { code: x.code, date: day(validFrom.input.value) }));
          await reload();
        } catch (err) {
          showProblem(err, fields, alert);
        }
      });
    }
    return h(
      'form.card-body.acc-form',
      { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void submit()) },
      h('h3', {}, t('acc.tariffs.change')),
      h('p.muted', {}, t('acc.tariffs.changeLead')),
      h('div.acc-fields', {}, ...fields.map((f) => f.node)),
      alert,
      h('div', {}, save),
    );
  }

  await reload();
}
