/**
 * The whole customer: a head with contact data, balance and dunning state; the requests a case worker
 * can start; then contracts (meter, readings, plan, bills), accounts (items, payments, return debits),
 * dunning, mail and the process instances, each a section with an anchor.
 */
import { formatDateTime, locale, t } from '../web/i18n';
import { chip, h, replace, type Tone } from '../tasklist/ui/dom';
import { toast } from '../tasklist/ui/toast';
import { day, euro } from '../accounting/format';
import { careCases, customers, type CareCaseView, type CareKind, type CustomerAccountView } from './api';
import { requestForm, type ContractChoice } from './form';
import { address, fact, link, loadError, longTable, section, subhead, table } from './ui';
import { ApiError } from '../web/api';

type View = CustomerAccountView;
type Account = View['accounts'][number];
type Contract = View['contracts'][number];
type Item = Account['money']['openItems'][number];

const STATUS_TONE: Record<string, Tone> = { open: 'info', completed: 'success', rejected: 'danger', cancelled: 'neutral' };

export async function showCustomer(host: HTMLElement, customerNumber: string): Promise<void> {
  replace(host, h('div.loading', { role: 'status' }, h('span.spinner')));
  let view: View;
  let kinds: CareKind[];
  try {
    [view, kinds] = await Promise.all([customers.view(customerNumber), careCases.kinds().catch(() => [] as CareKind[])]);
  } catch (err) {
    replace(
      host,
      err instanceof ApiError && err.status === 404
        ? h('div.alert.alert-warning', { 'data-testid': 'customer-not-found' }, t('care.customer.notFound', { no: customerNumber }))
        : loadError(err),
    );
    return;
  }
  const casesHost = h('div', { 'data-testid': 'care-cases' });
  const reloadCases = async () => {
    try {
      replace(casesHost, casesTable(await careCases.of(customerNumber), kinds));
    } catch (err) {
      replace(casesHost, loadError(err));
    }
  };
  document.title = `${view.customer.firstName} ${view.customer.lastName} · ${t('care.title')}`;
  replace(
    host,
    head(view),
    nav(),
    requests(view, kinds, casesHost, reloadCases),
    contracts(view),
    ...view.accounts.map((a, i) => account(a, i === 0)),
    dunning(view),
    mail(view),
    processes(view),
  );
  await reloadCases();
}

function head(v: View): HTMLElement {
  const c = v.customer;
  const openCases = v.accounts.flatMap((a) => (a.dunning.openCase ? [a.dunning.openCase] : []));
  const state = v.balanceCents > 0 ? t('care.customer.owed') : v.balanceCents < 0 ? t('care.customer.credit') : t('care.customer.even');
  return h(
    'section.card.care-head',
    { 'data-testid': 'customer-head', 'data-customer': c.customerNumber },
    h(
      'div.card-body',
      {},
      h('h2.care-name', {}, `${c.firstName} ${c.lastName}`),
      h(
        'div.care-facts',
        {},
        fact(t('care.customer.number'), h('code', {}, c.customerNumber)),
        fact(t('care.customer.birth'), day(c.birthDate)),
        fact(t('care.customer.email'), c.email),
        fact(t('care.customer.phone'), c.phone),
        fact(t('care.customer.address'), address(c.address)),
        fact(t('care.customer.type'), t(`care.customer.type.${c.customerType}`)),
        fact(t('care.customer.since'), day(c.createdAt)),
      ),
      h(
        'div.care-figures',
        {},
        h(
          'div',
          {},
          h('div.care-fact-label', {}, t('care.customer.balance')),
          h('div.care-figure', { 'data-testid': 'balance' }, euro(v.balanceCents)),
          h('div.muted', {}, state),
        ),
        h(
          'div',
          {},
          h('div.care-fact-label', {}, t('care.customer.overdue')),
          h('div.care-figure', { 'data-testid': 'overdue' }, euro(v.overdueCents)),
        ),
        h(
          'div',
          {},
          h('div.care-fact-label', {}, t('care.customer.dunning')),
          h(
            'div.care-dunning-state',
            { 'data-testid': 'dunning-state' },
            openCases.length
              ? openCases.map((oc) => chip(`${oc.caseNumber}: ${t('care.customer.dunningLevel', { level: oc.level })}`, 'warning'))
              : chip(t('care.customer.noDunning'), 'success'),
          ),
        ),
      ),
    ),
  );
}

function nav(): HTMLElement {
  const ids = ['requests', 'contracts', 'accounts', 'dunning', 'mail', 'processes'];
  return h(
    'nav.care-nav',
    { 'aria-label': t('care.nav.label') },
    ...ids.map((id) => h('a', { href: `#care-${id}`, 'data-nav': id, onclick: (e: Event) => jump(e, id) }, t(`care.nav.${id}`))),
  );
}

/** The hash holds the route, so in-page links scroll instead of navigating. */
function jump(e: Event, id: string): void {
  e.preventDefault();
  document.getElementById(`care-${id}`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function contractChoices(v: View): ContractChoice[] {
  return v.contracts.map((c) => ({
    id: c.id,
    contractNumber: c.contractNumber,
    label: `${c.contractNumber} · ${c.tariffCode} · ${address(c.supplyAddress)} (${t(`care.contract.status.${c.status}`)})`,
  }));
}

function requests(v: View, kinds: CareKind[], casesHost: HTMLElement, reloadCases: () => Promise<void>): HTMLElement {
  const formHost = h('div.care-form-host', { 'data-testid': 'care-form-host' });
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'care-started' });
  const buttons = kinds.map((k) =>
    h(
      'button.btn.btn-secondary',
      {
        type: 'button',
        'data-kind': k.kind,
        onclick: () => {
          replace(result);
          const form = requestForm({
            kind: k,
            customerNumber: v.customer.customerNumber,
            contracts: contractChoices(v),
            onCancel: () => replace(formHost),
            onStarted: (s) => {
              replace(formHost);
              replace(
                result,
                h(
                  'div.alert.alert-success',
                  { role: 'status', 'data-case': s.caseNumber },
                  h('strong', {}, t('care.start.started', { no: s.caseNumber })),
                  ' ',
                  chip(t(`care.status.${s.status}`), STATUS_TONE[s.status] ?? 'neutral'),
                  s.processInstanceKey
                    ? h(
                        'span',
                        {},
                        ' · ',
                        link(`/cockpit#/instances/${s.processInstanceKey}`, t('care.start.openInstance'), {
                          'data-testid': 'started-instance',
                        }),
                      )
                    : null,
                ),
              );
              toast(t('care.start.started', { no: s.caseNumber }));
              void reloadCases();
            },
          });
          replace(formHost, form);
          form.querySelector<HTMLElement>('input, select, textarea')?.focus();
        },
      },
      k.title[locale()] ?? k.title.de,
    ),
  );
  return section(
    'requests',
    t('care.start.title'),
    h(
      'div.card-body',
      {},
      h('p.muted.care-lead', {}, t('care.start.lead')),
      buttons.length ? h('div.care-kinds', { 'data-testid': 'care-kinds' }, ...buttons) : h('p.muted', {}, t('care.start.noKinds')),
      result,
      formHost,
    ),
    h('div.card-body', {}, subhead(t('care.cases.title')), casesHost),
  );
}

function casesTable(cases: CareCaseView[], kinds: CareKind[]): HTMLElement {
  const title = (kind: string) => {
    const k = kinds.find((x) => x.kind === kind);
    return k ? (k.title[locale()] ?? k.title.de) : kind;
  };
  return longTable(
    'care-cases-table',
    [
      t('care.cases.number'),
      t('care.cases.kind'),
      t('care.cases.status'),
      t('care.cases.channel'),
      t('care.cases.created'),
      t('care.cases.completed'),
      t('care.cases.reason'),
      t('care.cases.process'),
    ],
    cases.map((c) => [
      h('code', { 'data-case-number': c.caseNumber }, c.caseNumber),
      title(c.kind),
      chip(t(`care.status.${c.status}`), STATUS_TONE[c.status] ?? 'neutral'),
      t(`care.channel.${c.channel}`),
      formatDateTime(c.createdAt),
      formatDateTime(c.completedAt),
      c.reason,
      c.processInstanceKey ? link(`/cockpit#/instances/${c.processInstanceKey}`, c.processInstanceKey) : null,
    ]),
    [],
    8,
  );
}

function contracts(v: View): HTMLElement {
  return section(
    'contracts',
    t('care.contracts.title'),
    ...(v.contracts.length ? v.contracts.map(contract) : [h('div.card-body.muted', {}, t('care.none'))]),
  );
}

function contract(c: Contract): HTMLElement {
  const plan = c.installmentPlan
    ? t('care.contract.planText', {
        amount: euro(c.installmentPlan.amountCents),
        cadence: t(`care.cadence.${c.installmentPlan.cadence}`),
        from: day(c.installmentPlan.validFrom),
      })
    : t('care.contract.noPlan');
  return h(
    'div.card-body.care-contract',
    { 'data-contract': c.contractNumber },
    subhead(t('care.contract.title', { no: c.contractNumber }), t(`care.contract.status.${c.status}`)),
    h(
      'div.care-facts',
      {},
      fact(t('care.contract.tariff'), c.tariffCode),
      fact(t('care.contract.period'), `${day(c.startDate)} – ${c.endDate ? day(c.endDate) : '…'}`),
      fact(t('care.contract.consumption'), `${c.annualConsumptionKwh.toLocaleString(locale() === 'de' ? 'de-DE' : 'en-GB')} kWh`),
      fact(t('care.contract.supply'), address(c.supplyAddress)),
      fact(t('care.contract.meter'), c.meter ? h('code', {}, c.meter.meterNumber) : null),
      fact(t('care.contract.account'), h('code', {}, c.accountNumber)),
      fact(t('care.contract.plan'), plan, 'installment-plan'),
    ),
    h('h4.care-minor', {}, t('care.bills.title')),
    longTable(
      `bills-${c.contractNumber}`,
      [
        t('care.bills.number'),
        t('care.bills.kind'),
        t('care.bills.period'),
        t('care.bills.date'),
        t('care.bills.gross'),
        t('care.bills.due'),
        t('care.bills.pdf'),
      ],
      c.bills.map((b) => [
        h('span', {}, b.billNumber, b.cancelled ? h('span.muted', {}, ` (${t('care.bills.cancelled')})`) : null),
        t(`care.bill.${b.kind}`),
        `${day(b.periodStart)} – ${day(b.periodEnd)}`,
        day(b.billDate),
        euro(b.grossCents),
        euro(b.amountDueCents),
        link(b.pdfUrl, t('care.bills.pdf'), { target: '_blank', rel: 'noopener', 'data-bill': b.billNumber }),
      ]),
      [4, 5],
    ),
    h('h4.care-minor', {}, t('care.readings.title')),
    longTable(
      `readings-${c.contractNumber}`,
      [t('care.readings.date'), t('care.readings.value'), t('care.readings.source'), t('care.readings.status')],
      c.readings.map((r) => [day(r.readingDate), r.valueKwh, t(`care.source.${r.source}`), t(`care.reading.${r.status}`)]),
      [1],
    ),
  );
}

function itemRows(list: Item[], cleared: boolean) {
  return list.map((i) => [
    h('code', {}, i.documentNumber),
    i.text,
    day(i.postingDate),
    day(i.dueDate),
    euro(i.amountCents),
    cleared
      ? i.clearings.flatMap((c) => c.counterItems.map((o) => `${day(c.clearingDate)} · ${o.documentNumber} ${o.text}`)).join('; ') || '–'
      : euro(i.openCents),
  ]);
}

function account(a: Account, first: boolean): HTMLElement {
  const mandate = a.mandates.find((m) => m.status === 'active');
  const head = [t('care.items.document'), t('care.items.text'), t('care.items.posted'), t('care.items.due'), t('care.items.amount')];
  const moneyRows = (list: Item[]) => list.map((i) => [h('code', {}, i.documentNumber), i.text, day(i.postingDate), euro(i.amountCents)]);
  return h(
    'section.card.care-section',
    { id: first ? 'care-accounts' : null, 'data-section': 'accounts', 'data-account': a.accountNumber },
    h(
      'div.card-head',
      {},
      h('h2', {}, t('care.accounts.title', { no: a.accountNumber })),
      h('span.spacer'),
      h('strong', { 'data-testid': `balance-${a.accountNumber}` }, euro(a.money.balanceCents)),
    ),
    h(
      'div.card-body',
      {},
      h(
        'div.care-facts',
        {},
        fact(t('care.accounts.method'), t(`care.method.${a.paymentMethod}`), 'payment-method'),
        fact(
          t('care.accounts.mandate'),
          mandate
            ? h('span', {}, h('code', { 'data-testid': 'mandate-iban' }, mandate.iban), ` · ${mandate.reference}`)
            : t('care.accounts.noMandate'),
        ),
        fact(t('care.accounts.holder'), mandate?.accountHolder),
        fact(t('care.accounts.delivery'), t(`care.delivery.${a.billDelivery}`)),
        fact(t('care.customer.address'), address(a.billingAddress)),
      ),
      h('h4.care-minor', {}, t('care.items.open')),
      table(`open-items-${a.accountNumber}`, [...head, t('care.items.openAmount')], itemRows(a.money.openItems, false), [4, 5]),
      h('h4.care-minor', {}, t('care.payments.title')),
      longTable(
        `payments-${a.accountNumber}`,
        [t('care.items.document'), t('care.items.text'), t('care.items.posted'), t('care.items.amount')],
        moneyRows(a.money.payments),
        [3],
        6,
      ),
      h('h4.care-minor', {}, t('care.returns.title')),
      table(
        `returns-${a.accountNumber}`,
        [t('care.items.document'), t('care.items.text'), t('care.items.posted'), t('care.items.amount')],
        moneyRows(a.money.returnDebits),
        [3],
      ),
      h('h4.care-minor', {}, t('care.items.cleared')),
      longTable(
        `cleared-items-${a.accountNumber}`,
        [...head, t('care.items.clearedBy')],
        itemRows([...a.money.clearedItems].reverse(), true),
        [4],
        6,
      ),
    ),
  );
}

function dunning(v: View): HTMLElement {
  const parts = v.accounts.map((a) => {
    const d = a.dunning;
    return h(
      'div.card-body',
      { 'data-dunning': a.accountNumber },
      v.accounts.length > 1 ? subhead(t('care.accounts.title', { no: a.accountNumber })) : null,
      h('h4.care-minor', {}, t('care.dunning.cases')),
      table(
        `dunning-cases-${a.accountNumber}`,
        [
          t('care.dunning.case'),
          t('care.dunning.status'),
          t('care.dunning.level'),
          t('care.dunning.opened'),
          t('care.dunning.closed'),
          t('care.dunning.amount'),
          t('care.dunning.notices'),
        ],
        d.cases.map((c) => [
          h('code', {}, c.caseNumber),
          chip(t(`care.dunning.case.${c.status}`), c.status === 'closed' ? 'neutral' : 'warning'),
          c.level,
          day(c.openedOn),
          day(c.closedOn),
          euro(c.openedCents),
          c.notices
            .map((n) => t('care.dunning.notice', { level: n.level, date: day(n.sentOn), channel: t(`care.channel.${n.channel}`) }))
            .join('; ') || '–',
        ]),
        [5],
      ),
      d.blocks.length ? h('h4.care-minor', {}, t('care.dunning.blocks')) : null,
      d.blocks.length
        ? table(
            `dunning-blocks-${a.accountNumber}`,
            [t('care.dunning.reason'), t('care.dunning.until'), t('care.dunning.resolution')],
            d.blocks.map((b) => [b.reason, day(b.validUntil), b.resolution ?? '–']),
          )
        : null,
      d.agreements.length ? h('h4.care-minor', {}, t('care.dunning.agreements')) : null,
      d.agreements.length
        ? table(
            `agreements-${a.accountNumber}`,
            [t('care.dunning.opened'), t('care.dunning.status'), t('care.dunning.amount'), t('care.dunning.rates')],
            d.agreements.map((g) => [day(g.createdOn), g.status, euro(g.totalCents), g.rateCount]),
            [2, 3],
          )
        : null,
      h('h4.care-minor', {}, t('care.dunning.collection')),
      table(
        `collection-${a.accountNumber}`,
        [t('care.dunning.case'), t('care.dunning.state'), t('care.dunning.opened'), t('care.dunning.closed'), t('care.dunning.claim')],
        d.collectionCases.map((c) => [h('code', {}, c.caseNumber), c.state, day(c.openedOn), day(c.closedOn), euro(c.claimCents)]),
        [4],
      ),
      h('h4.care-minor', {}, t('care.dunning.bureaus')),
      table(
        `bureaus-${a.accountNumber}`,
        [
          t('care.dunning.bureau'),
          t('care.dunning.period'),
          t('care.dunning.case'),
          t('care.dunning.claimStatus'),
          t('care.items.openAmount'),
        ],
        d.bureauReports.map((r) => [r.bureau, r.period, r.caseNumber, r.claimStatus, euro(r.openCents)]),
        [4],
      ),
    );
  });
  return section('dunning', t('care.dunning.title'), ...parts);
}

/** A letter's kind in words, or as stored when no word is known for it. */
function docKind(kind: string): string {
  const known = t(`care.doc.${kind}`);
  return known === `care.doc.${kind}` ? kind : known;
}

function mail(v: View): HTMLElement {
  return section(
    'mail',
    t('care.mail.title'),
    h(
      'div.card-body',
      {},
      h('h4.care-minor', {}, t('care.letters.title')),
      longTable(
        'letters',
        [t('care.letters.created'), t('care.letters.kind'), t('care.letters.file')],
        v.letters.map((l) => [
          formatDateTime(l.createdAt),
          docKind(l.kind),
          link(l.url, l.fileName, { target: '_blank', rel: 'noopener' }),
        ]),
      ),
      h('h4.care-minor', {}, t('care.mails.title')),
      longTable(
        'mails',
        [t('care.mails.sent'), t('care.mails.subject'), t('care.mails.to'), t('care.mails.status')],
        v.mails.map((m) => [formatDateTime(m.sentAt ?? m.createdAt), m.subject, m.toAddress, t(`care.mail.${m.status}`)]),
      ),
    ),
  );
}

function processes(v: View): HTMLElement {
  const list = v.processInstances;
  const tone = (s: string): Tone => (s === 'ACTIVE' ? 'info' : s === 'COMPLETED' ? 'success' : 'neutral');
  return section(
    'processes',
    t('care.processes.title'),
    h(
      'div.card-body',
      {},
      h('p.muted.care-lead', {}, t('care.processes.lead')),
      list === null
        ? h('p.muted', {}, t('care.processes.unavailable'))
        : longTable(
            'process-instances',
            [t('care.processes.name'), t('care.processes.state'), t('care.processes.start'), t('care.processes.end'), ''],
            list.map((p) => [
              p.processDefinitionName || p.processDefinitionId,
              h(
                'span',
                {},
                chip(t(`care.state.${p.state}`), tone(p.state)),
                p.hasIncident ? chip(t('care.state.incident'), 'danger') : null,
              ),
              formatDateTime(p.startDate),
              formatDateTime(p.endDate),
              link(p.cockpitUrl, t('care.processes.open'), { 'data-instance': p.processInstanceKey }),
            ]),
          ),
    ),
  );
}
