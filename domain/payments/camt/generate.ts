/**
 * Deterministic, realistic camt.053 statements for tests and benchmarks, with the truth of what
 * each transaction pays. Everything derives from the seed (no Math.random, no clock).
 */
import { formatAmount, type Cents } from '../../money';
import type { OpenItemCandidate } from '../matching/matcher';
import { makeRf, nameKey } from '../matching/normalize';

export type TruthKind = 'exact' | 'fuzzy' | 'partial' | 'combined' | 'foreign' | 'unmatched' | 'return';

export interface TruthRow {
  entryRef: string;
  txIndex: number;
  expected: { kind: TruthKind; accountId?: string; lineIds?: string[] };
}

/** Relative weights of the kinds of entries; the defaults resemble a utility's incoming payments. */
export interface StatementMix {
  directDebit: number;
  creditorReference: number;
  referenceText: number;
  amountName: number;
  thirdParty: number;
  partial: number;
  combined: number;
  returnDebit: number;
  foreign: number;
  unmatched: number;
}

export const DEFAULT_MIX: StatementMix = {
  directDebit: 0.3,
  creditorReference: 0.08,
  referenceText: 0.22,
  amountName: 0.04,
  thirdParty: 0.04,
  partial: 0.1,
  combined: 0.04,
  returnDebit: 0.06,
  foreign: 0.04,
  unmatched: 0.02,
};

export const RETURN_REASONS = ['AC04', 'AM04', 'MD06', 'MS02', 'MD07'] as const;
export const OWN_IBAN = 'DE89370400440532013000';

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  digits(n: number): string {
    let s = String(this.int(1, 9));
    while (s.length < n) s += String(this.int(0, 9));
    return s;
  }
}

/** Names of the generated payers, also used by tests that seed accounts for a generated statement. */
export const FIRST_NAMES = [
  'Anna',
  'Ben',
  'Clara',
  'David',
  'Emma',
  'Felix',
  'Greta',
  'Hannah',
  'Jonas',
  'Karl',
  'Lena',
  'Lukas',
  'Maria',
  'Max',
  'Mia',
  'Noah',
  'Paul',
  'Sophie',
  'Tim',
  'Ursula',
  'Yusuf',
  'Zeynep',
  'Jürgen',
  'Özlem',
  'Björn',
  'Renée',
];
export const LAST_NAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Zimmermann',
  'Braun',
  'Krüger',
  'Hofmann',
  'Hartmann',
  'Lange',
  'Schmitt',
  'Werner',
  'Krause',
  'Meier',
  'Lehmann',
  'Yılmaz',
  'Kaya',
  'Nowak',
  'Kowalski',
  'Dąbrowski',
  'Öztürk',
  'Jäger',
  'Groß',
];
const THIRD_PARTIES = [
  'Jobcenter Musterstadt',
  'Hausverwaltung Sonnenhof GmbH',
  'Sozialamt Beispielkreis',
  'Betreuungsverein Nord e.V.',
  'Ingrid Vogel',
  'Oskar Brandt',
];
const FOREIGN = [
  { name: 'Finanzamt Musterstadt', text: (r: Rng) => `Erstattung ESt 2024 StNr ${r.digits(3)}/${r.digits(3)}/${r.digits(5)}` },
  { name: 'AOK Nordost', text: (r: Rng) => `Erstattung Krankengeld Az ${r.digits(9)}` },
  { name: 'Versandhandel Example GmbH', text: (r: Rng) => `Gutschrift Retoure ${r.digits(3)}-${r.digits(7)}-${r.digits(7)}` },
  { name: 'Stadtkasse Musterstadt', text: (r: Rng) => `Rueckzahlung Gewerbesteuer Kassenzeichen ${r.digits(10)}` },
  { name: 'Bausparkasse Beispiel', text: () => 'Zinsgutschrift' },
];

/** IBAN with correct check digits (ISO 13616 mod 97). */
export function makeIban(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const d of numeric) remainder = (remainder * 10 + Number(d)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

export interface OpenItemsOptions {
  seed: number;
  accounts: number;
  /** Share of accounts paying by direct debit. */
  directDebitShare?: number;
}

/** Open items as the billing side would hand them to the matcher: 1–5 per account, numbers unique by their digits. */
export function generateOpenItems({ seed, accounts, directDebitShare = 0.55 }: OpenItemsOptions): OpenItemCandidate[] {
  const r = new Rng(seed ^ 0x5eed);
  const used = new Set<string>();
  const unique = (make: () => string) => {
    for (;;) {
      const value = make();
      const key = value.replace(/\D/g, '');
      if (!used.has(key)) {
        used.add(key);
        return value;
      }
    }
  };
  const items: OpenItemCandidate[] = [];
  for (let a = 0; a < accounts; a++) {
    const accountId = `acc-${String(a + 1).padStart(6, '0')}`;
    const accountNumber = unique(() => `4${r.digits(11)}`);
    const customerNumber = unique(() => `K${r.digits(8)}`);
    const contractNumbers = [unique(() => `V-${r.digits(9)}`)];
    if (r.chance(0.15)) contractNumbers.push(unique(() => `V-${r.digits(9)}`));
    const last = r.pick(LAST_NAMES);
    const holderNames = [`${r.pick(FIRST_NAMES)} ${last}`];
    if (r.chance(0.2)) holderNames.push(`${r.pick(FIRST_NAMES)} ${last}`);
    const directDebit = r.chance(directDebitShare);
    const count = r.int(1, 5);
    for (let i = 0; i < count; i++) {
      const documentNumber = unique(() => `R-2025-${r.digits(8)}`);
      const month = String(i * 2 + r.int(1, 2)).padStart(2, '0');
      items.push({
        lineId: `${accountId}-L${i + 1}`,
        accountId,
        accountNumber,
        customerNumber,
        contractNumbers,
        documentNumber,
        holderNames,
        openCents: r.chance(0.7) ? r.int(30, 160) * 100 : r.int(1500, 60000),
        dueDate: `2025-${month}-${String(r.int(1, 28)).padStart(2, '0')}`,
        endToEndIds: directDebit ? [`LS${documentNumber.replace(/\D/g, '')}${r.digits(4)}`] : [],
        creditorReference: !directDebit && r.chance(0.5) ? makeRf(documentNumber.replace(/\D/g, '')) : undefined,
      });
    }
  }
  return items;
}

export interface GenerateOptions {
  seed: number;
  entries: number;
  openItems: OpenItemCandidate[];
  mix?: Partial<StatementMix>;
  version?: '001.02' | '001.08';
}

interface Tx {
  amount: Cents;
  e2e?: string;
  mandate?: string;
  ustrd: string[];
  rf?: string;
  name?: string;
  iban?: string;
  returnReason?: string;
  charges?: Cents;
  truth: TruthRow['expected'];
}

interface Entry {
  ref: string;
  cd: 'CRDT' | 'DBIT';
  domain: string;
  proprietary?: string;
  txs: Tx[];
}

interface GenLine {
  item: OpenItemCandidate;
  open: Cents;
  collected: boolean;
  returned: boolean;
}

/** Human ways of writing a number: dash dropped, spaces added, lower case, with a typo (adjacent swap, missing, wrong or extra digit). */
function humanize(r: Rng, value: string, typo: boolean): string {
  let v = value;
  if (typo) {
    const positions = [...v].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 0);
    const i = r.pick(positions.slice(0, -1));
    const j = positions[positions.indexOf(i) + 1];
    const op = r.int(0, 3);
    if (op === 0 && v[i] !== v[j]) v = v.slice(0, i) + v[j] + v.slice(i + 1, j) + v[i] + v.slice(j + 1);
    else if (op === 1) v = v.slice(0, i) + v.slice(i + 1);
    else if (op === 2) v = v.slice(0, i) + String((Number(v[i]) + r.int(1, 9)) % 10) + v.slice(i + 1);
    else v = v.slice(0, i) + v[i] + v.slice(i);
  }
  const style = r.int(0, 4);
  if (style === 1) v = v.replace(/-/g, '');
  if (style === 2) v = v.replace(/-/g, ' ');
  if (style === 3) v = v.replace(/(\d{4})(?=\d)/g, '$1 ');
  if (r.chance(0.3)) v = v.toLowerCase();
  return v;
}

const DOC_PREFIX = ['Rechnung Nr.', 'Rechnung', 'Rg.', 'RE', 'Rechnungsnr', 'Beleg', ''];
const CONTRACT_PREFIX = ['Vertrag', 'Vertragsnr.', 'Vertrag Nr', 'VNr'];
const CUSTOMER_PREFIX = ['Kundennr.', 'Kd-Nr', 'Kunde', 'KdNr.'];
const ACCOUNT_PREFIX = ['Vertragskonto', 'VK', 'Konto'];

export function generateStatement(opts: GenerateOptions): { xml: string; truth: TruthRow[] } {
  const r = new Rng(opts.seed);
  const mix = { ...DEFAULT_MIX, ...opts.mix };
  const version = opts.version ?? '001.08';
  const lines = opts.openItems.map((item): GenLine => ({ item, open: item.openCents, collected: false, returned: false }));
  const accounts = new Map<string, GenLine[]>();
  for (const l of lines) accounts.set(l.item.accountId, [...(accounts.get(l.item.accountId) ?? []), l]);
  for (const ls of accounts.values()) ls.sort((a, b) => (a.item.dueDate < b.item.dueDate ? -1 : a.item.dueDate > b.item.dueDate ? 1 : 0));
  const customerIban = new Map<string, string>();
  const ibanOf = (accountId: string) => {
    let iban = customerIban.get(accountId);
    if (!iban) customerIban.set(accountId, (iban = makeIban('DE', `${r.digits(8)}${r.digits(10)}`)));
    return iban;
  };
  const ddPool = lines.filter((l) => l.item.endToEndIds.length > 0 && l.open > 0);
  const transferLines = lines.filter((l) => l.item.endToEndIds.length === 0);
  const rfPool = transferLines.filter((l) => l.item.creditorReference);
  const collectedPool: GenLine[] = [];
  // Accounts sharing a holder name, for the amount-and-name case (which must stay unique).
  const byName = new Map<string, string[]>();
  for (const [id, ls] of accounts) {
    const key = nameKey(ls[0].item.holderNames[0]);
    if (key) byName.set(key, [...(byName.get(key) ?? []), id]);
  }

  /** Mirrors the matcher's policy: named lines first, then oldest due first; the rest is credit. */
  const allocate = (accountId: string, cents: Cents, named: GenLine[]): string[] => {
    const paid: string[] = [];
    let rest = cents;
    for (const l of [...named, ...accounts.get(accountId)!]) {
      if (rest <= 0) break;
      const part = Math.min(rest, Math.max(0, l.open));
      if (part <= 0) continue;
      l.open -= part;
      rest -= part;
      if (!paid.includes(l.item.lineId)) paid.push(l.item.lineId);
    }
    return paid;
  };
  const takeRandom = <T>(pool: T[], ok: (t: T) => boolean): T | undefined => {
    for (let tries = 0; tries < 20 && pool.length > 0; tries++) {
      const i = r.int(0, pool.length - 1);
      const v = pool[i];
      if (ok(v)) return v;
      pool[i] = pool[pool.length - 1];
      pool.pop();
    }
    return undefined;
  };
  const openTransfer = () => takeRandom(transferLines, (l) => l.open > 0);
  const reference = (l: GenLine, typo: boolean): { text: string; named: boolean } => {
    const which = r.next();
    if (which < 0.6) return { text: `${r.pick(DOC_PREFIX)} ${humanize(r, l.item.documentNumber, typo)}`.trim(), named: true };
    if (which < 0.8) return { text: `${r.pick(CONTRACT_PREFIX)} ${humanize(r, r.pick(l.item.contractNumbers), typo)}`, named: false };
    if (which < 0.9) return { text: `${r.pick(CUSTOMER_PREFIX)} ${humanize(r, l.item.customerNumber, typo)}`, named: false };
    return { text: `${r.pick(ACCOUNT_PREFIX)} ${humanize(r, l.item.accountNumber, typo)}`, named: false };
  };
  const holder = (l: GenLine) => {
    const name = r.pick(l.item.holderNames);
    if (r.chance(0.2)) {
      const [first, ...rest] = name.split(' ');
      return `${rest.join(' ')}, ${first}`;
    }
    return r.chance(0.2) ? name.toUpperCase() : name;
  };
  const transfer = (l: GenLine, amount: Cents, ustrd: string, kind: TruthKind, named: GenLine[], name = holder(l)): Tx => ({
    amount,
    ustrd: [ustrd],
    name,
    iban: ibanOf(l.item.accountId),
    truth: { kind, accountId: l.item.accountId, lineIds: allocate(l.item.accountId, amount, named) },
  });
  const foreign = (): Tx => {
    const f = r.pick(FOREIGN);
    return { amount: r.int(500, 250000), ustrd: [f.text(r)], name: f.name, iban: makeIban('DE', r.digits(18)), truth: { kind: 'foreign' } };
  };

  const kinds = Object.keys(mix) as (keyof StatementMix)[];
  const totalWeight = kinds.reduce((s, k) => s + mix[k], 0);
  const pickKind = () => {
    let x = r.next() * totalWeight;
    for (const k of kinds) if ((x -= mix[k]) < 0) return k;
    return kinds[kinds.length - 1];
  };

  const build = (kind: keyof StatementMix): Omit<Entry, 'ref'> | undefined => {
    switch (kind) {
      case 'directDebit': {
        // Collections come back as a batch credit with one TxDtls per debit.
        const txs: Tx[] = [];
        const size = r.chance(0.75) ? 1 : r.int(2, 4);
        for (let i = 0; i < size; i++) {
          const l = takeRandom(ddPool, (x) => !x.collected && x.open > 0);
          if (!l) break;
          l.collected = true;
          collectedPool.push(l);
          const amount = l.open;
          txs.push({
            amount,
            e2e: l.item.endToEndIds[0],
            mandate: `M-${l.item.customerNumber.replace(/\D/g, '')}`,
            ustrd: [`Abschlag ${l.item.dueDate.slice(5, 7)}/2025 ${l.item.contractNumbers[0]}`],
            name: l.item.holderNames[0],
            iban: ibanOf(l.item.accountId),
            truth: { kind: 'exact', accountId: l.item.accountId, lineIds: allocate(l.item.accountId, amount, [l]) },
          });
        }
        return txs.length ? { cd: 'CRDT', domain: 'PMNT/RDDT/ESDD', txs } : undefined;
      }
      case 'creditorReference': {
        const l = takeRandom(rfPool, (x) => x.open > 0);
        if (!l) return undefined;
        const rf = l.item.creditorReference!;
        // Some round up (the surplus stays as credit); some type the RF into the text instead.
        const amount = r.chance(0.15) ? Math.ceil((l.open + 1) / 1000) * 1000 : l.open;
        const structured = r.chance(0.7);
        const tx = transfer(l, amount, structured ? 'Stromrechnung' : `Zahlung ${rf.replace(/(.{4})/g, '$1 ').trim()}`, 'exact', [l]);
        if (structured) tx.rf = rf;
        return { cd: 'CRDT', domain: 'PMNT/RCDT/ESCT', txs: [tx] };
      }
      case 'referenceText':
      case 'thirdParty': {
        const l = openTransfer();
        if (!l) return undefined;
        const ref = reference(l, r.chance(kind === 'thirdParty' ? 0.2 : 0.45));
        const name = kind === 'thirdParty' ? r.pick(THIRD_PARTIES) : holder(l);
        const text = kind === 'thirdParty' ? `${ref.text} fuer ${l.item.holderNames[0]}` : ref.text;
        return { cd: 'CRDT', domain: 'PMNT/RCDT/ESCT', txs: [transfer(l, l.open, text, 'fuzzy', ref.named ? [l] : [], name)] };
      }
      case 'amountName': {
        const l = openTransfer();
        if (!l) return undefined;
        const sameName = byName.get(nameKey(l.item.holderNames[0]) ?? '') ?? [];
        const unique = sameName.filter((id) => accounts.get(id)!.some((x) => x.open === l.open)).length <= 1;
        const tx = transfer(l, l.open, r.pick(['Abschlag', 'Stromrechnung', 'Gas', 'Nachzahlung']), unique ? 'fuzzy' : 'unmatched', [l]);
        tx.name = l.item.holderNames[0];
        return { cd: 'CRDT', domain: 'PMNT/RCDT/ESCT', txs: [tx] };
      }
      case 'partial': {
        const l = openTransfer();
        if (!l || l.open < 200) return undefined;
        const amount = r.int(Math.ceil(l.open * 0.2), Math.floor(l.open * 0.9));
        const ref = reference(l, r.chance(0.2));
        return {
          cd: 'CRDT',
          domain: 'PMNT/RCDT/ESCT',
          txs: [transfer(l, amount, `Teilzahlung ${ref.text}`, 'partial', ref.named ? [l] : [])],
        };
      }
      case 'combined': {
        const l = openTransfer();
        const open = l ? accounts.get(l.item.accountId)!.filter((x) => x.open > 0) : [];
        if (!l || open.length < 2) return undefined;
        const chosen = open.slice(0, r.int(2, Math.min(3, open.length)));
        const amount = chosen.reduce((s, x) => s + x.open, 0);
        const text = r.chance(0.6)
          ? `Rechnungen ${chosen.map((x) => humanize(r, x.item.documentNumber, false)).join(' und ')}`
          : `${r.pick(CUSTOMER_PREFIX)} ${humanize(r, l.item.customerNumber, false)} offene Rechnungen`;
        return { cd: 'CRDT', domain: 'PMNT/RCDT/ESCT', txs: [transfer(l, amount, text, 'combined', chosen)] };
      }
      case 'returnDebit': {
        const l = takeRandom(collectedPool, (x) => !x.returned);
        if (!l) return undefined;
        l.returned = true;
        const amount = l.item.openCents;
        l.open += amount;
        return {
          cd: 'DBIT',
          domain: 'PMNT/RDDT/RRTN',
          proprietary: 'NDDT+109',
          txs: [
            {
              amount,
              e2e: l.item.endToEndIds[0],
              mandate: `M-${l.item.customerNumber.replace(/\D/g, '')}`,
              ustrd: ['RUECKLASTSCHRIFT'],
              name: l.item.holderNames[0],
              iban: ibanOf(l.item.accountId),
              returnReason: r.pick(RETURN_REASONS),
              charges: r.chance(0.8) ? 300 : undefined,
              truth: { kind: 'return', accountId: l.item.accountId, lineIds: [l.item.lineId] },
            },
          ],
        };
      }
      case 'foreign':
        return { cd: 'CRDT', domain: 'PMNT/RCDT/ESCT', txs: [foreign()] };
      case 'unmatched': {
        // Our customer, but neither a number nor a full name: a clerk's case.
        const l = openTransfer();
        if (!l) return undefined;
        const [first, ...rest] = l.item.holderNames[0].split(' ');
        return {
          cd: 'CRDT',
          domain: 'PMNT/RCDT/ESCT',
          txs: [
            {
              amount: l.open,
              ustrd: ['Danke'],
              name: `${first[0]}. ${rest.join(' ')}`,
              iban: ibanOf(l.item.accountId),
              truth: { kind: 'unmatched', accountId: l.item.accountId },
            },
          ],
        };
      }
    }
  };

  const entries: Entry[] = [];
  for (let i = 0; i < opts.entries; i++) {
    const ref = `2025061${String(i + 1).padStart(8, '0')}`;
    // A kind whose pool ran dry falls back to a partial payment, then to unrelated money.
    const built = build(pickKind()) ?? build('partial') ?? build('foreign')!;
    entries.push({ ref, ...built });
  }
  const truth = entries.flatMap((e) => e.txs.map((tx, txIndex) => ({ entryRef: e.ref, txIndex, expected: tx.truth })));
  return { xml: toXml(entries, version, opts.seed), truth };
}

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function toXml(entries: Entry[], version: '001.02' | '001.08', seed: number): string {
  const v8 = version === '001.08';
  const amt = (cents: Cents) => `<Amt Ccy="EUR">${formatAmount(cents)}</Amt>`;
  const party = (role: 'Dbtr' | 'Cdtr', name?: string, iban?: string) =>
    (name ? (v8 ? `<${role}><Pty><Nm>${esc(name)}</Nm></Pty></${role}>` : `<${role}><Nm>${esc(name)}</Nm></${role}>`) : '') +
    (iban ? `<${role}Acct><Id><IBAN>${iban}</IBAN></Id></${role}Acct>` : '');
  const code = (domain: string, proprietary?: string) => {
    const [d, f, s] = domain.split('/');
    return `<BkTxCd><Domn><Cd>${d}</Cd><Fmly><Cd>${f}</Cd><SubFmlyCd>${s}</SubFmlyCd></Fmly></Domn>${proprietary ? `<Prtry><Cd>${proprietary}</Cd><Issr>DK</Issr></Prtry>` : ''}</BkTxCd>`;
  };

  const out: string[] = [];
  let balance = 100000000;
  const opening = balance;
  for (const e of entries) {
    const total = e.txs.reduce((s, t) => s + t.amount + (t.charges ?? 0), 0);
    balance += e.cd === 'CRDT' ? total : -total;
    const txXml = e.txs.map((t, i) => {
      const refs = `<Refs><AcctSvcrRef>${e.ref}-${i + 1}</AcctSvcrRef>${t.e2e ? `<EndToEndId>${t.e2e}</EndToEndId>` : '<EndToEndId>NOTPROVIDED</EndToEndId>'}${t.mandate ? `<MndtId>${t.mandate}</MndtId>` : ''}</Refs>`;
      const amounts = v8 ? `${amt(t.amount)}<CdtDbtInd>${e.cd}</CdtDbtInd>` : `<AmtDtls><TxAmt>${amt(t.amount)}</TxAmt></AmtDtls>`;
      const charges = t.charges
        ? v8
          ? `<Chrgs><TtlChrgsAndTaxAmt Ccy="EUR">${formatAmount(t.charges)}</TtlChrgsAndTaxAmt><Rcrd>${amt(t.charges)}<CdtDbtInd>DBIT</CdtDbtInd></Rcrd></Chrgs>`
          : `<Chrgs>${amt(t.charges)}</Chrgs>`
        : '';
      // A returned debit names the parties of the original collection: the customer as debtor, us as creditor.
      const parties =
        e.cd === 'CRDT' || t.returnReason
          ? party('Dbtr', t.name, t.iban) + (t.returnReason ? party('Cdtr', 'Stadtwerke Beispiel GmbH', OWN_IBAN) : '')
          : party('Cdtr', t.name, t.iban);
      const rmt =
        `<RmtInf>${t.ustrd.map((u) => `<Ustrd>${esc(u.slice(0, 140))}</Ustrd>`).join('')}` +
        (t.rf
          ? `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>ISO</Issr></Tp><Ref>${t.rf}</Ref></CdtrRefInf></Strd>`
          : '') +
        '</RmtInf>';
      const rtr = t.returnReason ? `<RtrInf><Rsn><Cd>${t.returnReason}</Cd></Rsn><AddtlInf>RUECKLASTSCHRIFT</AddtlInf></RtrInf>` : '';
      return `<TxDtls>${refs}${amounts}${charges}<RltdPties>${parties}</RltdPties>${rmt}${rtr}</TxDtls>`;
    });
    out.push(
      `<Ntry><NtryRef>${e.ref}</NtryRef>${amt(total)}<CdtDbtInd>${e.cd}</CdtDbtInd>${v8 ? '<Sts><Cd>BOOK</Cd></Sts>' : '<Sts>BOOK</Sts>'}` +
        `<BookgDt><Dt>2025-06-12</Dt></BookgDt><ValDt><Dt>2025-06-12</Dt></ValDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>${code(e.domain, e.proprietary)}` +
        `<NtryDtls>${e.txs.length > 1 ? `<Btch><NbOfTxs>${e.txs.length}</NbOfTxs></Btch>` : ''}${txXml.join('')}</NtryDtls></Ntry>`,
    );
  }
  const bal = (type: string, cents: Cents, date: string) =>
    `<Bal><Tp><CdOrPrtry><Cd>${type}</Cd></CdOrPrtry></Tp>${amt(Math.abs(cents))}<CdtDbtInd>${cents < 0 ? 'DBIT' : 'CRDT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.${version}">` +
    `<BkToCstmrStmt><GrpHdr><MsgId>GEN-${seed}-${entries.length}</MsgId><CreDtTm>2025-06-12T22:00:00+02:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>STMT-${seed}-2025-06-12</Id><CreDtTm>2025-06-12T22:00:00+02:00</CreDtTm>` +
    `<Acct><Id><IBAN>${OWN_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${bal('OPBD', opening, '2025-06-11')}${bal('CLBD', balance, '2025-06-12')}` +
    `${out.join('\n')}</Stmt></BkToCstmrStmt></Document>\n`
  );
}
