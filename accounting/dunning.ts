/**
 * Mahnwesen / Dunning for case workers: the dunning runs with their proposals (paged), a run
 * started by hand, and a contract account's dunning — its cases with their notices, dunning blocks
 * and installment agreements — with the two forms a case worker needs on the phone: a dunning
 * block for a dispute and an installment agreement. Its texts live here (German and English),
 * registered on import.
 */
import { api, ApiError } from '../web/api';
import { registerMessages, t } from '../web/i18n';
import { busy, button, chip, h, replace, skeleton, type Tone } from '../tasklist/ui/dom';
import type { Agreement } from '../domain/dunning/agreements';
import type { DunningBlock } from '../domain/dunning/blocks';
import type { DunningCase } from '../domain/dunning/cases';
import type { NoticeSummary } from '../domain/dunning/notices';
import type { DunningRun, ProposalLine } from '../domain/dunning/proposal';
import { day, euro } from './format';
import { field, loadError, showProblem, table, type Field } from './ui';

const de = {
  'acc.tab.dunning': 'Mahnwesen',
  'acc.dunning.runs': 'Mahnläufe',
  'acc.dunning.runsLead':
    'Der Mahnlauf läuft täglich um 06:00: er schlägt jedes Vertragskonto mit fälligen Posten oder einer Rücklastschrift zur Mahnung vor und startet je Konto einen Mahnfall oder setzt den laufenden fort.',
  'acc.dunning.start': 'Mahnlauf starten',
  'acc.dunning.started': 'Mahnlauf {run} gestartet; der Mahnvorschlag erscheint gleich in der Liste.',
  'acc.dunning.refresh': 'Aktualisieren',
  'acc.dunning.runKey': 'Mahnlauf',
  'acc.dunning.runDate': 'Datum',
  'acc.dunning.status': 'Status',
  'acc.dunning.proposalCount': 'Vorgeschlagen',
  'acc.dunning.startedCount': 'Neue Mahnfälle',
  'acc.dunning.correlatedCount': 'Fortgesetzt',
  'acc.dunning.showProposal': 'Mahnvorschlag',
  'acc.dunning.proposalOf': 'Mahnvorschlag des Mahnlaufs {run} vom {date}',
  'acc.dunning.account': 'Vertragskonto',
  'acc.dunning.customer': 'Kunde',
  'acc.dunning.cause': 'Anlass',
  'acc.dunning.overdue': 'Überfällig',
  'acc.dunning.items': 'Posten',
  'acc.dunning.oldestDue': 'Älteste Fälligkeit',
  'acc.dunning.action': 'Ergebnis',
  'acc.dunning.lookUp': 'Mahnhistorie anzeigen',
  'acc.dunning.page': 'Zeilen {from}–{to}',
  'acc.dunning.previous': 'Zurück',
  'acc.dunning.next': 'Weiter',
  'acc.dunning.paging': 'Seiten des Mahnvorschlags',
  'acc.dunning.accountTitle': 'Mahnhistorie eines Vertragskontos',
  'acc.dunning.accountNumber': 'Vertragskontonummer',
  'acc.dunning.show': 'Anzeigen',
  'acc.dunning.notFound': 'Kein Vertragskonto {account}',
  'acc.dunning.cases': 'Mahnfälle',
  'acc.dunning.caseNumber': 'Mahnfall',
  'acc.dunning.procedure': 'Mahnverfahren',
  'acc.dunning.level': 'Mahnstufe',
  'acc.dunning.openedCents': 'Forderung bei Eröffnung',
  'acc.dunning.openedOn': 'Eröffnet',
  'acc.dunning.closedOn': 'Abgeschlossen',
  'acc.dunning.notices': 'Mahnungen',
  'acc.dunning.channel': 'Weg',
  'acc.dunning.sentOn': 'Versandt',
  'acc.dunning.open': 'Offen',
  'acc.dunning.fee': 'Mahngebühr',
  'acc.dunning.interest': 'Verzugszinsen',
  'acc.dunning.bureauWarning': 'Hinweis auf Meldung an Auskunftei',
  'acc.dunning.yes': 'ja',
  'acc.dunning.no': 'nein',
  'acc.dunning.blocks': 'Mahnsperren',
  'acc.dunning.reason': 'Grund',
  'acc.dunning.validUntil': 'Gültig bis',
  'acc.dunning.createdBy': 'Gesetzt von',
  'acc.dunning.resolution': 'Klärung',
  'acc.dunning.unresolved': 'in Klärung',
  'acc.dunning.agreements': 'Ratenvereinbarungen',
  'acc.dunning.total': 'Gesamtbetrag',
  'acc.dunning.rateCount': 'Anzahl Raten',
  'acc.dunning.firstDueDate': 'Erste Rate fällig am',
  'acc.dunning.origin': 'Herkunft',
  'acc.dunning.createdOn': 'Vereinbart am',
  'acc.dunning.endedOn': 'Beendet am',
  'acc.dunning.setBlock': 'Mahnsperre setzen',
  'acc.dunning.setBlockLead':
    'Bestreitet der Kunde die Forderung, ruht die Mahnung bis zur Klärung in der Aufgabenliste, längstens bis zum Enddatum.',
  'acc.dunning.blockSaved': 'Mahnsperre bis {date} gesetzt; die Klärung ist als Aufgabe angelegt.',
  'acc.dunning.agree': 'Ratenzahlung vereinbaren',
  'acc.dunning.agreeLead': 'Die offenen, unbestrittenen Posten werden durch monatliche Raten ersetzt; eine laufende Mahnung ruht.',
  'acc.dunning.agreementSaved': 'Ratenvereinbarung über {total} in {n} Raten gespeichert.',
  'acc.dunning.run.proposed': 'vorgeschlagen',
  'acc.dunning.run.started': 'gestartet',
  'acc.dunning.cause.overdue': 'Zahlungsverzug',
  'acc.dunning.cause.return': 'Rücklastschrift',
  'acc.dunning.did.started': 'Mahnfall eröffnet',
  'acc.dunning.did.correlated': 'Mahnfall fortgesetzt',
  'acc.dunning.did.none': 'noch offen',
  'acc.dunning.case.open': 'offen',
  'acc.dunning.case.paused': 'ruht',
  'acc.dunning.case.agreement': 'Ratenzahlung',
  'acc.dunning.case.collection': 'Inkasso',
  'acc.dunning.case.closed': 'abgeschlossen',
  'acc.dunning.channel.email': 'E-Mail',
  'acc.dunning.channel.letter': 'Brief',
  'acc.dunning.channel.sms': 'SMS',
  'acc.dunning.resolution.upheld': 'Kunde im Recht',
  'acc.dunning.resolution.rejected': 'zurückgewiesen',
  'acc.dunning.resolution.lapsed': 'abgelaufen',
  'acc.dunning.agreement.active': 'aktiv',
  'acc.dunning.agreement.kept': 'erfüllt',
  'acc.dunning.agreement.broken': 'gebrochen',
  'acc.dunning.origin.payment_page': 'Zahlungsseite',
  'acc.dunning.origin.caseworker': 'Sachbearbeitung',
  'acc.dunning.origin.supply_avoidance': 'Abwendung der Versorgungsunterbrechung',
};

const en: Record<keyof typeof de, string> = {
  'acc.tab.dunning': 'Dunning',
  'acc.dunning.runs': 'Dunning runs',
  'acc.dunning.runsLead':
    'The dunning run runs daily at 06:00: it proposes every contract account with overdue items or a return debit for dunning and starts a dunning case per account or continues the running one.',
  'acc.dunning.start': 'Start dunning run',
  'acc.dunning.started': 'Dunning run {run} started; its proposal appears in the list shortly.',
  'acc.dunning.refresh': 'Refresh',
  'acc.dunning.runKey': 'Dunning run',
  'acc.dunning.runDate': 'Date',
  'acc.dunning.status': 'Status',
  'acc.dunning.proposalCount': 'Proposed',
  'acc.dunning.startedCount': 'New cases',
  'acc.dunning.correlatedCount': 'Continued',
  'acc.dunning.showProposal': 'Dunning proposal',
  'acc.dunning.proposalOf': 'Dunning proposal of run {run} of {date}',
  'acc.dunning.account': 'Contract account',
  'acc.dunning.customer': 'Customer',
  'acc.dunning.cause': 'Cause',
  'acc.dunning.overdue': 'Overdue',
  'acc.dunning.items': 'Items',
  'acc.dunning.oldestDue': 'Oldest due date',
  'acc.dunning.action': 'Outcome',
  'acc.dunning.lookUp': 'Show dunning history',
  'acc.dunning.page': 'Rows {from}–{to}',
  'acc.dunning.previous': 'Previous',
  'acc.dunning.next': 'Next',
  'acc.dunning.paging': 'Pages of the dunning proposal',
  'acc.dunning.accountTitle': "A contract account's dunning history",
  'acc.dunning.accountNumber': 'Contract account number',
  'acc.dunning.show': 'Show',
  'acc.dunning.notFound': 'No contract account {account}',
  'acc.dunning.cases': 'Dunning cases',
  'acc.dunning.caseNumber': 'Dunning case',
  'acc.dunning.procedure': 'Procedure',
  'acc.dunning.level': 'Dunning level',
  'acc.dunning.openedCents': 'Claim when opened',
  'acc.dunning.openedOn': 'Opened',
  'acc.dunning.closedOn': 'Closed',
  'acc.dunning.notices': 'Dunning notices',
  'acc.dunning.channel': 'Channel',
  'acc.dunning.sentOn': 'Sent',
  'acc.dunning.open': 'Open',
  'acc.dunning.fee': 'Dunning fee',
  'acc.dunning.interest': 'Default interest',
  'acc.dunning.bureauWarning': 'Credit bureau warning',
  'acc.dunning.yes': 'yes',
  'acc.dunning.no': 'no',
  'acc.dunning.blocks': 'Dunning blocks',
  'acc.dunning.reason': 'Reason',
  'acc.dunning.validUntil': 'Valid until',
  'acc.dunning.createdBy': 'Set by',
  'acc.dunning.resolution': 'Resolution',
  'acc.dunning.unresolved': 'being clarified',
  'acc.dunning.agreements': 'Installment agreements',
  'acc.dunning.total': 'Total',
  'acc.dunning.rateCount': 'Number of installments',
  'acc.dunning.firstDueDate': 'First installment due on',
  'acc.dunning.origin': 'Origin',
  'acc.dunning.createdOn': 'Agreed on',
  'acc.dunning.endedOn': 'Ended on',
  'acc.dunning.setBlock': 'Set a dunning block',
  'acc.dunning.setBlockLead':
    'When the customer disputes the claim, dunning pauses until it is clarified in the Tasklist, at the latest until the end date.',
  'acc.dunning.blockSaved': 'Dunning block until {date} set; its clarification is a task now.',
  'acc.dunning.agree': 'Agree installments',
  'acc.dunning.agreeLead': 'The open, undisputed items are replaced by monthly installments; a running dunning pauses.',
  'acc.dunning.agreementSaved': 'Installment agreement over {total} in {n} installments saved.',
  'acc.dunning.run.proposed': 'proposed',
  'acc.dunning.run.started': 'started',
  'acc.dunning.cause.overdue': 'Overdue payment',
  'acc.dunning.cause.return': 'Return debit',
  'acc.dunning.did.started': 'case opened',
  'acc.dunning.did.correlated': 'case continued',
  'acc.dunning.did.none': 'pending',
  'acc.dunning.case.open': 'open',
  'acc.dunning.case.paused': 'paused',
  'acc.dunning.case.agreement': 'installments',
  'acc.dunning.case.collection': 'collection',
  'acc.dunning.case.closed': 'closed',
  'acc.dunning.channel.email': 'Email',
  'acc.dunning.channel.letter': 'Letter',
  'acc.dunning.channel.sms': 'Text message',
  'acc.dunning.resolution.upheld': 'customer was right',
  'acc.dunning.resolution.rejected': 'rejected',
  'acc.dunning.resolution.lapsed': 'lapsed',
  'acc.dunning.agreement.active': 'active',
  'acc.dunning.agreement.kept': 'kept',
  'acc.dunning.agreement.broken': 'broken',
  'acc.dunning.origin.payment_page': 'Payment page',
  'acc.dunning.origin.caseworker': 'Case worker',
  'acc.dunning.origin.supply_avoidance': 'Avoiding a supply interruption',
};

registerMessages({ de, en });

/** Rows per page of a proposal. */
const PAGE = 100;

type CaseWithNotices = Pick<
  DunningCase,
  'caseNumber' | 'status' | 'cause' | 'procedure' | 'variant' | 'level' | 'openedCents' | 'openedOn' | 'closedOn' | 'closeReason'
> & { notices: NoticeSummary[] };

interface AgreementInfo {
  status: string;
  totalCents: number;
  rateCount: number;
  firstDueDate: string;
  origin: string;
  createdOn: string;
  endedOn: string | null;
}

export interface AccountDunning {
  accountNumber: string;
  cases: CaseWithNotices[];
  blocks: Pick<DunningBlock, 'id' | 'reason' | 'validUntil' | 'createdBy' | 'resolvedAt' | 'resolution'>[];
  agreements: AgreementInfo[];
}

const seg = (s: string) => encodeURIComponent(s);

export const dunning = {
  runs: async () => (await api.get<{ items: DunningRun[] }>('/api/dunning-runs')).items,
  start: () => api.post<{ runId: string; processInstanceKey: string }>('/api/dunning-runs', {}),
  proposal: (id: string, offset: number) =>
    api.get<{ run: DunningRun; items: ProposalLine[] }>(`/api/dunning-runs/${seg(id)}/proposals?limit=${PAGE}&offset=${offset}`),
  account: (accountNumber: string) => api.get<AccountDunning>(`/api/accounts/${seg(accountNumber)}/dunning`),
  block: (accountNumber: string, body: { reason: string; validUntil: string }) =>
    api.post(`/api/accounts/${seg(accountNumber)}/dunning-blocks`, body),
  agree: (accountNumber: string, body: { rateCount?: number; firstDueDate: string }) =>
    api.post<Agreement>(`/api/accounts/${seg(accountNumber)}/installment-agreements`, body),
};

/** A coded value in the reader's language, or the code itself where there is no text for it. */
function coded(prefix: string, value: string | null | undefined): string {
  if (!value) return '–';
  const key = `acc.dunning.${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

const caseTone: Record<string, Tone> = { open: 'warning', paused: 'info', agreement: 'info', collection: 'danger', closed: 'success' };

function card(title: string, ...body: (HTMLElement | null)[]): HTMLElement {
  return h('section.card', {}, h('div.card-head', {}, h('h2', {}, title)), ...body);
}

function status(): HTMLElement {
  return h('div.alert', { role: 'status', hidden: true });
}

function say(node: HTMLElement, tone: 'info' | 'danger', text: string): void {
  node.className = `alert alert-${tone}`;
  node.hidden = false;
  replace(node, text);
}

export function showDunning(host: HTMLElement): void {
  const runsBody = h('div', {}, skeleton(3));
  const runStatus = status();
  const runStatusBox = h('div.card-body', { hidden: true }, runStatus);
  const proposal = h('div.acc-stack', { 'data-testid': 'dunning-proposal' });
  const accountResult = h('div.acc-stack', { 'data-testid': 'dunning-account' });
  const startButton = button(t('acc.dunning.start'), () => void start(), 'primary', { 'data-action': 'start-dunning-run' });
  const refreshButton = button(t('acc.dunning.refresh'), () => void loadRuns(), 'secondary', { 'data-action': 'refresh-dunning-runs' });

  async function loadRuns(): Promise<void> {
    try {
      replace(runsBody, runTable(await dunning.runs()));
    } catch (err) {
      replace(runsBody, loadError(err));
    }
  }

  async function start(): Promise<void> {
    runStatusBox.hidden = false;
    await busy(startButton, async () => {
      try {
        const started = await dunning.start();
        say(runStatus, 'info', t('acc.dunning.started', { run: started.runId }));
        await loadRuns();
      } catch (err) {
        showProblem(err, [], runStatus);
        runStatus.className = 'alert alert-danger';
      }
    });
  }

  function runTable(runs: DunningRun[]): HTMLElement {
    const rows = runs.map((r) =>
      h(
        'tr',
        { 'data-run': r.runKey },
        h('td', {}, h('code', {}, r.runKey)),
        h('td', {}, day(r.runDate)),
        h('td', {}, chip(coded('run', r.status), r.status === 'started' ? 'success' : 'warning')),
        h('td.num', {}, String(r.proposalCount)),
        h('td.num', {}, String(r.startedCount)),
        h('td.num', {}, String(r.correlatedCount)),
        h(
          'td.acc-actions',
          {},
          button(t('acc.dunning.showProposal'), () => void openProposal(r.id, 0), 'secondary', {
            'data-action': 'show-proposal',
            'aria-label': `${t('acc.dunning.showProposal')} ${r.runKey}`,
          }),
        ),
      ),
    );
    return table(
      'dunning-runs',
      [
        t('acc.dunning.runKey'),
        t('acc.dunning.runDate'),
        t('acc.dunning.status'),
        t('acc.dunning.proposalCount'),
        t('acc.dunning.startedCount'),
        t('acc.dunning.correlatedCount'),
        '',
      ],
      rows,
      [3, 4, 5],
    );
  }

  async function openProposal(id: string, offset: number): Promise<void> {
    replace(proposal, skeleton(4));
    try {
      const { run, items } = await dunning.proposal(id, offset);
      const rows = items.map((line) =>
        h(
          'tr',
          { 'data-account': line.accountNumber },
          h(
            'td',
            {},
            button(line.accountNumber, () => void lookUp(line.accountNumber), 'ghost', {
              'data-action': 'look-up-account',
              'aria-label': `${t('acc.dunning.lookUp')}: ${line.accountNumber}`,
            }),
          ),
          h('td', {}, line.customerName),
          h('td', {}, coded('cause', line.cause)),
          h('td.num', {}, euro(line.overdueCents)),
          h('td.num', {}, String(line.itemCount)),
          h('td', {}, day(line.oldestDueDate)),
          h('td', {}, coded('did', line.action ?? 'none')),
        ),
      );
      const last = offset + items.length;
      const previous = button(t('acc.dunning.previous'), () => void openProposal(id, Math.max(0, offset - PAGE)), 'secondary', {
        'data-action': 'proposal-previous',
      });
      const next = button(t('acc.dunning.next'), () => void openProposal(id, offset + PAGE), 'secondary', {
        'data-action': 'proposal-next',
      });
      previous.disabled = offset === 0;
      // A full page may have a next one; the total is the run's proposal count.
      next.disabled = last >= run.proposalCount || items.length < PAGE;
      replace(
        proposal,
        h(
          'section.card',
          { 'data-run': run.runKey },
          h('div.card-head', {}, h('h2', {}, t('acc.dunning.proposalOf', { run: run.runKey, date: day(run.runDate) }))),
          table(
            'proposal-table',
            [
              t('acc.dunning.account'),
              t('acc.dunning.customer'),
              t('acc.dunning.cause'),
              t('acc.dunning.overdue'),
              t('acc.dunning.items'),
              t('acc.dunning.oldestDue'),
              t('acc.dunning.action'),
            ],
            rows,
            [3, 4],
          ),
          h(
            'nav.card-body.acc-paging',
            { 'aria-label': t('acc.dunning.paging') },
            previous,
            h('span.muted', { 'data-testid': 'proposal-page' }, items.length ? t('acc.dunning.page', { from: offset + 1, to: last }) : ''),
            next,
          ),
        ),
      );
    } catch (err) {
      replace(proposal, loadError(err));
    }
  }

  const account = field('accountNumber', t('acc.dunning.accountNumber'), { 'data-testid': 'dunning-account-number' });
  const showButton = button(t('acc.dunning.show'), () => void lookUp(account.input.value.trim()), 'primary', {
    'data-action': 'show-dunning',
  });

  /** Shows the account's dunning; `saved` says what a form just stored, above the refreshed view. */
  async function lookUp(number: string, saved?: string): Promise<void> {
    if (!number) return;
    account.input.value = number;
    await busy(showButton, async () => {
      try {
        const data = await dunning.account(number);
        replace(
          accountResult,
          saved ? h('div.alert.alert-success', { role: 'status', 'data-testid': 'dunning-saved' }, saved) : null,
          ...accountView(data, (text) => void lookUp(number, text)),
        );
      } catch (err) {
        replace(
          accountResult,
          err instanceof ApiError && err.status === 404
            ? h('div.alert.alert-warning', { 'data-testid': 'dunning-not-found' }, t('acc.dunning.notFound', { account: number }))
            : loadError(err),
        );
      }
    });
    accountResult.scrollIntoView?.({ block: 'nearest' });
  }

  replace(
    host,
    h(
      'section.card',
      {},
      h(
        'div.card-head',
        {},
        h('div', {}, h('h2', {}, t('acc.dunning.runs')), h('p.muted', {}, t('acc.dunning.runsLead'))),
        h('div.acc-actions', {}, refreshButton, ' ', startButton),
      ),
      runStatusBox,
      runsBody,
    ),
    proposal,
    h(
      'section.card',
      {},
      h('div.card-head', {}, h('h2', {}, t('acc.dunning.accountTitle'))),
      h(
        'form.card-body.acc-search',
        { novalidate: true, onsubmit: (e: Event) => (e.preventDefault(), void lookUp(account.input.value.trim())) },
        account.node,
        h('div.acc-search-action', {}, showButton),
      ),
    ),
    accountResult,
  );
  const fromHash = new URLSearchParams(location.hash.split('?')[1] ?? '').get('account');
  void loadRuns();
  if (fromHash) void lookUp(fromHash);
}

function accountView(data: AccountDunning, reload: (saved: string) => void): HTMLElement[] {
  const notices = data.cases.flatMap((c) => c.notices.map((n) => ({ caseNumber: c.caseNumber, ...n })));
  return [
    card(
      t('acc.dunning.cases'),
      table(
        'dunning-cases',
        [
          t('acc.dunning.caseNumber'),
          t('acc.dunning.status'),
          t('acc.dunning.cause'),
          t('acc.dunning.procedure'),
          t('acc.dunning.level'),
          t('acc.dunning.openedCents'),
          t('acc.dunning.openedOn'),
          t('acc.dunning.closedOn'),
        ],
        data.cases.map((c) =>
          h(
            'tr',
            { 'data-case': c.caseNumber },
            h('td', {}, h('code', {}, c.caseNumber)),
            h('td', {}, chip(coded('case', c.status), caseTone[c.status] ?? 'neutral')),
            h('td', {}, coded('cause', c.cause)),
            h('td', {}, [c.procedure, c.variant].filter(Boolean).join(' · ') || '–'),
            h('td.num', {}, String(c.level)),
            h('td.num', {}, euro(c.openedCents)),
            h('td', {}, day(c.openedOn)),
            h('td', {}, day(c.closedOn), c.closeReason ? h('div.acc-hint', {}, c.closeReason) : null),
          ),
        ),
        [4, 5],
      ),
    ),
    card(
      t('acc.dunning.notices'),
      table(
        'dunning-notices',
        [
          t('acc.dunning.caseNumber'),
          t('acc.dunning.level'),
          t('acc.dunning.channel'),
          t('acc.dunning.sentOn'),
          t('acc.dunning.open'),
          t('acc.dunning.fee'),
          t('acc.dunning.interest'),
          t('acc.dunning.bureauWarning'),
        ],
        notices.map((n) =>
          h(
            'tr',
            { 'data-level': String(n.level) },
            h('td', {}, h('code', {}, n.caseNumber)),
            h('td.num', {}, String(n.level)),
            h('td', {}, coded('channel', n.channel)),
            h('td', {}, day(n.sentOn)),
            h('td.num', {}, euro(n.openCents)),
            h('td.num', {}, euro(n.feeCents)),
            h('td.num', {}, euro(n.interestCents)),
            h('td', {}, n.bureauWarning ? t('acc.dunning.yes') : t('acc.dunning.no')),
          ),
        ),
        [1, 4, 5, 6],
      ),
    ),
    card(
      t('acc.dunning.blocks'),
      table(
        'dunning-blocks',
        [t('acc.dunning.reason'), t('acc.dunning.validUntil'), t('acc.dunning.createdBy'), t('acc.dunning.resolution')],
        data.blocks.map((b) =>
          h(
            'tr',
            { 'data-block': b.id },
            h('td', {}, b.reason),
            h('td', {}, day(b.validUntil)),
            h('td', {}, b.createdBy),
            h('td', {}, b.resolution ? `${coded('resolution', b.resolution)} (${day(b.resolvedAt)})` : t('acc.dunning.unresolved')),
          ),
        ),
      ),
      blockForm(data.accountNumber, reload),
    ),
    card(
      t('acc.dunning.agreements'),
      table(
        'dunning-agreements',
        [
          t('acc.dunning.status'),
          t('acc.dunning.total'),
          t('acc.dunning.rateCount'),
          t('acc.dunning.firstDueDate'),
          t('acc.dunning.origin'),
          t('acc.dunning.createdOn'),
          t('acc.dunning.endedOn'),
        ],
        data.agreements.map((a) =>
          h(
            'tr',
            {},
            h('td', {}, coded('agreement', a.status)),
            h('td.num', {}, euro(a.totalCents)),
            h('td.num', {}, String(a.rateCount)),
            h('td', {}, day(a.firstDueDate)),
            h('td', {}, coded('origin', a.origin)),
            h('td', {}, day(a.createdOn)),
            h('td', {}, day(a.endedOn)),
          ),
        ),
        [1, 2],
      ),
      agreementForm(data.accountNumber, reload),
    ),
  ];
}

/** A small form of the account view: its fields, a submit button, and where its outcome is said. */
function form(action: string, title: string, lead: string, fields: Field[], submit: () => Promise<void>): HTMLElement {
  const alert = status();
  const save = h('button.btn.btn-primary', { type: 'submit', 'data-action': action }, title);
  return h(
    'form.card-body.acc-form',
    {
      novalidate: true,
      'data-form': action,
      onsubmit: (e: Event) => {
        e.preventDefault();
        void busy(save, async () => {
          try {
            for (const f of fields) replace(f.error);
            await submit();
          } catch (err) {
            alert.className = 'alert alert-danger';
            showProblem(err, fields, alert);
          }
        });
      },
    },
    h('h3', {}, title),
    h('p.muted', {}, lead),
    h('div.acc-fields', {}, ...fields.map((f) => f.node)),
    alert,
    save,
  );
}

function blockForm(accountNumber: string, reload: (saved: string) => void): HTMLElement {
  const reason = field('reason', t('acc.dunning.reason'), { maxlength: '500' });
  const validUntil = field('validUntil', t('acc.dunning.validUntil'), { type: 'date' });
  return form('set-block', t('acc.dunning.setBlock'), t('acc.dunning.setBlockLead'), [reason, validUntil], async () => {
    await dunning.block(accountNumber, { reason: reason.input.value.trim(), validUntil: validUntil.input.value });
    reload(t('acc.dunning.blockSaved', { date: day(validUntil.input.value) }));
  });
}

function agreementForm(accountNumber: string, reload: (saved: string) => void): HTMLElement {
  const rateCount = field('rateCount', t('acc.dunning.rateCount'), { type: 'number', min: '2', max: '36', inputmode: 'numeric' });
  const firstDueDate = field('firstDueDate', t('acc.dunning.firstDueDate'), { type: 'date' });
  return form('agree-installments', t('acc.dunning.agree'), t('acc.dunning.agreeLead'), [rateCount, firstDueDate], async () => {
    const count = rateCount.input.value.trim();
    const saved = await dunning.agree(accountNumber, {
      // An empty or broken count goes as is, so the server names the field.
      ...(count ? { rateCount: /^\d+$/.test(count) ? Number(count) : (count as unknown as number) } : {}),
      firstDueDate: firstDueDate.input.value,
    });
    reload(t('acc.dunning.agreementSaved', { total: euro(saved.totalCents), n: saved.rates.length }));
  });
}
