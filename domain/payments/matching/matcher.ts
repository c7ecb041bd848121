/**
 * Matching bank transactions to open items. Pure and in memory: indexes are built once, every
 * lookup is a map access, so a statement of n transactions against m items costs O(n + m).
 * A wrong match is worse than none: whenever two accounts remain plausible the result is
 * 'unmatched' with both as candidates, for a clerk to decide.
 */
import type { Cents } from '../../money';
import type { BankTransaction, CreditDebit } from '../camt/parse';
import { digitNeighbours, digitTokens, MIN_FUZZY_DIGITS, nameKey, namesAgree, normalizeRf, numberKey, rfInText } from './normalize';

/** Candidate accounts an unmatched payment carries to its clarification task. */
export const MAX_CANDIDATES = 10;
export interface OpenItemCandidate {
  lineId: string;
  accountId: string;
  accountNumber: string;
  customerNumber: string;
  contractNumbers: string[];
  /** Bill or installment document number. */
  documentNumber: string;
  holderNames: string[];
  /** Positive: the customer owes this much. */
  openCents: Cents;
  /** ISO date; allocation pays the oldest first. */
  dueDate: string;
  /** End-to-end ids of our direct debits for this item. */
  endToEndIds: string[];
  /** ISO 11649 RF reference printed on the bill. */
  creditorReference?: string;
}

export type MatchInput = BankTransaction & { creditDebit: CreditDebit };

export type MatchMethod = 'end_to_end' | 'creditor_reference' | 'reference_text' | 'amount_name';

export interface Allocation {
  lineId: string;
  /** Positive pays the line; negative re-opens it (a returned direct debit). */
  cents: Cents;
}

export interface MatchCandidate {
  accountId: string;
  accountNumber: string;
  score: number;
  reason: string;
}

export type MatchResult =
  | { status: 'matched'; method: MatchMethod; accountId: string; allocations: Allocation[]; surplusCents: Cents; score: number }
  | { status: 'unmatched'; candidates: MatchCandidate[] };

export interface Matcher {
  /** Matches one transaction and, when matched, books its allocations so the next sees less open. */
  match(tx: MatchInput): MatchResult;
  /** What is still open on a line (for tests and the clerk's view). */
  openCents(lineId: string): Cents | undefined;
}

interface Line {
  item: OpenItemCandidate;
  open: Cents;
  /** Paid so far, so that a return re-opens no more than was collected. */
  paid: Cents;
}

interface Account {
  id: string;
  accountNumber: string;
  holderNames: string[];
  /** Oldest due first. */
  lines: Line[];
  open: Cents;
}

type HitKind = 'exact' | 'typo';

interface Hit {
  kind: HitKind;
  what: string;
  /** Lines a document number names; empty for account-wide numbers. */
  lines: Set<Line>;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function createMatcher(items: OpenItemCandidate[]): Matcher {
  const lines = new Map<string, Line>();
  const accounts = new Map<string, Account>();
  const byEndToEnd = new Map<string, Line[]>();
  const byRf = new Map<string, Line[]>();
  // Number digits → (account, line or null for account-wide numbers, which number it is).
  const byNumber = new Map<string, Array<{ account: Account; line: Line | null; what: string }>>();
  const byName = new Map<string, Set<Account>>();

  for (const item of items) {
    if (lines.has(item.lineId)) throw new Error(`duplicate open item ${item.lineId}`);
    const line: Line = { item, open: item.openCents, paid: 0 };
    lines.set(item.lineId, line);
    let account = accounts.get(item.accountId);
    if (!account) {
      account = { id: item.accountId, accountNumber: item.accountNumber, holderNames: [], lines: [], open: 0 };
      accounts.set(item.accountId, account);
    }
    account.lines.push(line);
    account.open += Math.max(0, item.openCents);
    for (const n of item.holderNames) if (!account.holderNames.includes(n)) account.holderNames.push(n);
    for (const e2e of item.endToEndIds) pushTo(byEndToEnd, e2e, line);
    const rf = item.creditorReference ? normalizeRf(item.creditorReference) : undefined;
    if (rf) pushTo(byRf, rf, line);
    const addNumber = (value: string, what: string, withLine: boolean) => {
      const key = numberKey(value);
      if (!key) return;
      const list = byNumber.get(key) ?? [];
      // Account-wide numbers repeat on every line of the account; index them once.
      if (!withLine && list.some((e) => e.account === account && e.line === null)) return;
      list.push({ account: account!, line: withLine ? line : null, what });
      byNumber.set(key, list);
    };
    addNumber(item.documentNumber, 'document number', true);
    addNumber(item.customerNumber, 'customer number', false);
    addNumber(item.accountNumber, 'account number', false);
    for (const c of item.contractNumbers) addNumber(c, 'contract number', false);
  }
  for (const account of accounts.values()) {
    account.lines.sort((a, b) => (a.item.dueDate < b.item.dueDate ? -1 : a.item.dueDate > b.item.dueDate ? 1 : 0));
    for (const name of account.holderNames) {
      const key = nameKey(name);
      if (!key) continue;
      const set = byName.get(key) ?? new Set<Account>();
      set.add(account);
      byName.set(key, set);
    }
  }

  const accountOf = (line: Line) => accounts.get(line.item.accountId)!;

  /** Named lines first, then the rest oldest due first; what is left stays as credit. */
  function allocate(account: Account, cents: Cents, named: Iterable<Line>): { allocations: Allocation[]; surplus: Cents } {
    const allocations: Allocation[] = [];
    let rest = cents;
    const seen = new Set<Line>();
    const take = (line: Line) => {
      if (seen.has(line) || rest <= 0) return;
      seen.add(line);
      const part = Math.min(rest, Math.max(0, line.open));
      if (part <= 0) return;
      allocations.push({ lineId: line.item.lineId, cents: part });
      rest -= part;
    };
    for (const line of named) take(line);
    for (const line of account.lines) take(line);
    return { allocations, surplus: rest };
  }

  function book(account: Account, allocations: Allocation[]): void {
    for (const a of allocations) {
      const line = lines.get(a.lineId)!;
      line.open -= a.cents;
      line.paid += a.cents;
      account.open -= a.cents;
    }
  }

  function matched(method: MatchMethod, account: Account, cents: Cents, named: Iterable<Line>, score: number): MatchResult {
    const { allocations, surplus } = allocate(account, cents, named);
    book(account, allocations);
    return { status: 'matched', method, accountId: account.id, allocations, surplusCents: surplus, score };
  }

  /** A returned debit re-opens the lines it had paid, newest collection last. */
  function reopen(account: Account, cents: Cents, targets: Line[]): MatchResult {
    const allocations: Allocation[] = [];
    let rest = cents;
    targets.forEach((line, i) => {
      if (rest <= 0) return;
      const part = i === targets.length - 1 ? rest : Math.min(rest, line.paid);
      if (part <= 0) return;
      allocations.push({ lineId: line.item.lineId, cents: -part });
      rest -= part;
    });
    book(account, allocations);
    return { status: 'matched', method: 'end_to_end', accountId: account.id, allocations, surplusCents: 0, score: 1 };
  }

  /** Lines of exactly one account, or undefined when a reference is (wrongly) shared by several. */
  function singleAccount(found: Line[] | undefined): Account | undefined {
    if (!found?.length) return undefined;
    const account = accountOf(found[0]);
    return found.every((l) => l.item.accountId === account.id) ? account : undefined;
  }

  function candidate(account: Account, score: number, reason: string): MatchCandidate {
    return { accountId: account.id, accountNumber: account.accountNumber, score, reason };
  }

  /** Whether the amount fits the account: one open line, the oldest lines together, the named lines, or a part of all. */
  function fit(account: Account, cents: Cents, named: Set<Line>): 'exact' | 'partial' | undefined {
    if (cents <= 0 || cents > account.open) return undefined;
    let namedSum = 0;
    for (const l of named) namedSum += Math.max(0, l.open);
    if (namedSum === cents) return 'exact';
    let prefix = 0;
    for (const l of account.lines) {
      if (l.open <= 0) continue;
      if (l.open === cents) return 'exact';
      prefix += l.open;
      if (prefix === cents) return 'exact';
    }
    return 'partial';
  }

  function textHits(text: string): Map<Account, Hit> {
    const hits = new Map<Account, Hit>();
    const add = (key: string, kind: HitKind) => {
      for (const entry of byNumber.get(key) ?? []) {
        const hit = hits.get(entry.account);
        if (!hit) hits.set(entry.account, { kind, what: entry.what, lines: new Set(entry.line ? [entry.line] : []) });
        else {
          if (kind === 'exact' && hit.kind === 'typo') {
            hit.kind = 'exact';
            hit.what = entry.what;
          }
          if (entry.line && (kind === 'exact' || hit.kind === 'typo')) hit.lines.add(entry.line);
        }
      }
    };
    const tokens = digitTokens(text);
    for (const t of tokens) add(t, 'exact');
    // Typo neighbours are looked up even when an exact hit exists: in a dense number range a
    // mistyped number is often someone else's real number, and that must show as a conflict.
    for (const t of tokens) if (t.length >= MIN_FUZZY_DIGITS && t.length <= 16) for (const n of digitNeighbours(t)) add(n, 'typo');
    return hits;
  }

  function matchText(tx: MatchInput, text: string): MatchResult | { candidates: MatchCandidate[] } {
    const hits = textHits(text);
    if (hits.size === 0) return { candidates: [] };
    const plausible: Array<{ account: Account; hit: Hit; fit: 'exact' | 'partial'; name: boolean }> = [];
    const candidates: MatchCandidate[] = [];
    for (const [account, hit] of hits) {
      const f = fit(account, tx.amountCents, hit.lines);
      const name = namesAgree(tx.counterpartyName, account.holderNames);
      if (!f) {
        if (hit.kind === 'exact') candidates.push(candidate(account, 0.3, `${hit.what} in the text, but the amount exceeds what is open`));
        continue;
      }
      plausible.push({ account, hit, fit: f, name });
    }
    const strong = (p: (typeof plausible)[number]) => p.hit.kind === 'exact' || p.fit === 'exact' || p.name;
    let chosen: (typeof plausible)[number] | undefined;
    if (plausible.length === 1 && strong(plausible[0])) chosen = plausible[0];
    else if (plausible.length > 1) {
      // Several numbers fit: only the payer's own name (with an exact number) settles it.
      const named = plausible.filter((p) => p.name && p.hit.kind === 'exact');
      if (named.length === 1) chosen = named[0];
    }
    if (chosen) {
      const score = (chosen.hit.kind === 'exact' ? 0.9 : 0.75) + (chosen.name ? 0.05 : 0) - (chosen.fit === 'partial' ? 0.1 : 0);
      return matched('reference_text', chosen.account, tx.amountCents, chosen.hit.lines, Math.round(score * 100) / 100);
    }
    for (const p of plausible) {
      const how = p.hit.kind === 'exact' ? p.hit.what : `${p.hit.what} with one typo`;
      candidates.push(
        candidate(p.account, p.hit.kind === 'exact' ? 0.6 : 0.4, `${how} in the text, amount ${p.fit === 'exact' ? 'fits' : 'partial'}`),
      );
    }
    return { candidates };
  }

  function matchAmountName(tx: MatchInput): MatchResult | { candidates: MatchCandidate[] } {
    const key = tx.counterpartyName ? nameKey(tx.counterpartyName) : undefined;
    const named = key ? byName.get(key) : undefined;
    if (!named) return { candidates: [] };
    const fitting = [...named].filter((a) => a.open === tx.amountCents || a.lines.some((l) => l.open > 0 && l.open === tx.amountCents));
    if (fitting.length === 1) {
      const account = fitting[0];
      const line = account.lines.find((l) => l.open === tx.amountCents);
      return matched('amount_name', account, tx.amountCents, line ? [line] : [], 0.7);
    }
    const reason = fitting.length > 1 ? 'same name and an open item of this amount' : 'same name, no open item of this amount';
    return { candidates: (fitting.length > 1 ? fitting : [...named]).map((a) => candidate(a, fitting.length > 1 ? 0.5 : 0.2, reason)) };
  }

  // A clerk weighs a handful of accounts, not every holder of a common name.
  const best = (candidates: MatchCandidate[]) => [...candidates].sort((a, b) => b.score - a.score).slice(0, MAX_CANDIDATES);

  function match(tx: MatchInput): MatchResult {
    const e2eLines = tx.endToEndId ? byEndToEnd.get(tx.endToEndId) : undefined;

    if (tx.creditDebit === 'DBIT') {
      // Money leaving our account only concerns open items when it returns one of our debits.
      const account = singleAccount(e2eLines);
      if (tx.isReturn && account && e2eLines) return reopen(account, tx.amountCents, e2eLines);
      return { status: 'unmatched', candidates: [] };
    }

    // 1. Our own direct debit, credited back to us.
    const e2eAccount = singleAccount(e2eLines);
    if (e2eAccount && e2eLines) return matched('end_to_end', e2eAccount, tx.amountCents, e2eLines, 1);

    // 2. Structured creditor reference (or an RF reference typed into the text).
    const refs = [tx.creditorReference ? normalizeRf(tx.creditorReference) : undefined, ...rfInText(tx.remittance)].filter(
      (r): r is string => r !== undefined,
    );
    for (const rf of refs) {
      const rfLines = byRf.get(rf);
      const account = singleAccount(rfLines);
      if (account && rfLines) return matched('creditor_reference', account, tx.amountCents, rfLines, 0.98);
    }

    // 3. Our numbers in the free text, typos allowed, only when one account is plausible.
    const text = [tx.remittance, tx.creditorReference ?? ''].join(' ');
    const byText = matchText(tx, text);
    if ('status' in byText) return byText;

    // 4. Amount and name, only when unique; skipped when the text already named a conflict.
    if (byText.candidates.length === 0) {
      const byAmount = matchAmountName(tx);
      if ('status' in byAmount) return byAmount;
      return { status: 'unmatched', candidates: best(byAmount.candidates) };
    }
    return { status: 'unmatched', candidates: best(byText.candidates) };
  }

  return {
    match,
    openCents: (lineId) => lines.get(lineId)?.open,
  };
}
