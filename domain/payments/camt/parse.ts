/**
 * Incoming bank files: camt.053 (statement), camt.054 (notification) and camt.052 (intraday report),
 * versions 001.02 to 001.08. Only what payment matching and return-debit handling need is read.
 * Amounts stay strings from the XML parser and become cents only through `parseAmount`.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AmountError, parseAmount, type Cents } from '../../money';

export type CamtFormat = 'camt.052' | 'camt.053' | 'camt.054';
export type CreditDebit = 'CRDT' | 'DBIT';

export interface BankTransaction {
  /** Cents, positive; for a return, the returned amount without the bank's charges. */
  amountCents: Cents;
  endToEndId?: string;
  mandateId?: string;
  /** Structured creditor reference (Strd/CdtrRefInf/Ref), e.g. an RF reference. */
  creditorReference?: string;
  /** All Ustrd lines joined by a space. */
  remittance: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  /** RtrInf/Rsn/Cd (or Prtry), e.g. AC04. */
  returnReason?: string;
  returnAdditionalInfo?: string;
  /** Bank charges on a return, which may be passed on to the customer. */
  chargesCents?: Cents;
  /** The transaction's own BkTxCd where it has one (German banks put NDDT+1xx here). */
  bankTransactionCode?: string;
  isReturn: boolean;
}

export interface BankEntry {
  /** Stable id: the bank's AcctSvcrRef, else statement id + '#' + 1-based entry index. */
  entryRef: string;
  amountCents: Cents;
  creditDebit: CreditDebit;
  reversal: boolean;
  bookingDate?: string;
  valueDate?: string;
  /** "PMNT/IDDT/RRTN" and/or proprietary codes such as "NDDT+109", separated by a space. */
  bankTransactionCode?: string;
  transactions: BankTransaction[];
}

export interface BankStatement {
  id: string;
  accountIban?: string;
  currency: string;
  openingBalanceCents?: Cents;
  closingBalanceCents?: Cents;
  entries: BankEntry[];
}

export interface BankStatementFile {
  format: CamtFormat;
  /** e.g. '001.08' */
  version: string;
  messageId: string;
  createdAt?: string;
  statements: BankStatement[];
}

export type CamtErrorCode = 'not_xml' | 'not_camt' | 'unsupported_version' | 'wrong_currency' | 'invalid_amount' | 'missing_field';

export class CamtError extends Error {
  constructor(
    readonly code: CamtErrorCode,
    message: string,
    /** Element path such as Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt, where one applies. */
    readonly path?: string,
  ) {
    super(path ? `${message} (at ${path})` : message);
    this.name = 'CamtError';
  }
}

const SUPPORTED_VERSIONS = new Set(['001.02', '001.03', '001.04', '001.05', '001.06', '001.07', '001.08']);

/** Root element and its repeating report element per message type. */
const MESSAGES: Record<CamtFormat, { root: string; report: string }> = {
  'camt.052': { root: 'BkToCstmrAcctRpt', report: 'Rpt' },
  'camt.053': { root: 'BkToCstmrStmt', report: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', report: 'Ntfctn' },
};

// Every element that may repeat where we read it; a single occurrence must still come as an array.
const REPEATING = new Set(['Stmt', 'Rpt', 'Ntfctn', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'Chrgs', 'Rcrd', 'AddtlInf']);

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  isArray: (name) => REPEATING.has(name),
});

type Node = Record<string, unknown>;

function obj(value: unknown): Node | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : undefined;
}

function list(value: unknown): Node[] {
  if (Array.isArray(value)) return value.map(obj).filter((v): v is Node => v !== undefined);
  const single = obj(value);
  return single ? [single] : [];
}

/** Walks single children; the first element of a repeating one. */
function at(node: unknown, ...names: string[]): unknown {
  let current: unknown = node;
  for (const name of names) {
    const o = obj(Array.isArray(current) ? current[0] : current);
    if (!o) return undefined;
    current = o[name];
  }
  return current;
}

/** Text content of an element (plain string or a node with attributes), trimmed; undefined if empty. */
function text(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  const raw = typeof v === 'string' ? v : typeof obj(v)?.['#text'] === 'string' ? (obj(v)!['#text'] as string) : undefined;
  const trimmed = raw?.trim();
  return trimmed ? trimmed : undefined;
}

function texts(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.map(text).filter((v): v is string => v !== undefined);
}

/** An <Amt Ccy="EUR">12.34</Amt> element to positive cents; EUR only. */
function amount(node: unknown, path: string): Cents {
  const value = text(node);
  if (value === undefined) throw new CamtError('missing_field', 'amount missing', path);
  const currency = obj(node)?.['@_Ccy'];
  if (currency !== undefined && currency !== 'EUR') {
    throw new CamtError('wrong_currency', `currency ${String(currency)} is not supported, only EUR`, path);
  }
  let cents: Cents;
  try {
    cents = parseAmount(value);
  } catch (e) {
    if (e instanceof AmountError)
      throw new CamtError('invalid_amount', `amount ${JSON.stringify(value)} is not a decimal with at most two places`, path);
    throw e;
  }
  if (cents < 0) throw new CamtError('invalid_amount', `amount ${JSON.stringify(value)} is negative; the sign belongs in CdtDbtInd`, path);
  return cents;
}

function creditDebit(node: unknown, path: string): CreditDebit {
  const value = text(node);
  if (value === 'CRDT' || value === 'DBIT') return value;
  throw new CamtError('missing_field', `CdtDbtInd must be CRDT or DBIT, got ${JSON.stringify(value ?? '')}`, path);
}

/** Dt, or the local date part of DtTm as written. */
function date(node: unknown): string | undefined {
  return text(at(node, 'Dt')) ?? text(at(node, 'DtTm'))?.slice(0, 10);
}

function detectMessage(xml: string, document: Node): { format: CamtFormat; version: string; body: Node } {
  const found = (Object.keys(MESSAGES) as CamtFormat[]).find((f) => MESSAGES[f].root in document);
  if (!found) {
    const root = Object.keys(document).find((k) => !k.startsWith('@_')) ?? '(none)';
    throw new CamtError('not_camt', `expected a camt.052, camt.053 or camt.054 message, found ${root}`, 'Document');
  }
  // removeNSPrefix drops xmlns attributes, so the namespace is read from the root start tag itself.
  const start = /<(?:([\w.-]+):)?Document\b[^>]*>/.exec(xml);
  const prefix = start?.[1];
  const ns = start ? new RegExp(`\\bxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(start[0])?.[1] : undefined;
  const m = ns ? /camt\.(05[234])\.(\d{3}\.\d{2})/.exec(ns) : null;
  if (!m) throw new CamtError('unsupported_version', `namespace ${JSON.stringify(ns ?? '')} names no camt version`, 'Document/@xmlns');
  const format = `camt.${m[1]}` as CamtFormat;
  if (format !== found)
    throw new CamtError('not_camt', `namespace says ${format} but the root element is ${MESSAGES[found].root}`, 'Document');
  if (!SUPPORTED_VERSIONS.has(m[2]))
    throw new CamtError('unsupported_version', `${format}.${m[2]} is not supported (001.02 to 001.08)`, 'Document/@xmlns');
  const body = obj(document[MESSAGES[found].root]);
  if (!body) throw new CamtError('missing_field', 'message body is empty', `Document/${MESSAGES[found].root}`);
  return { format, version: m[2], body };
}

export function parseCamt(xml: string): BankStatementFile {
  if (typeof xml !== 'string' || !xml.trim()) throw new CamtError('not_xml', 'the file is empty');
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new CamtError('not_xml', `not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  const document = obj((parser.parse(xml) as Node).Document);
  if (!document) throw new CamtError('not_camt', 'root element is not an ISO 20022 Document', '/');

  const { format, version, body } = detectMessage(xml, document);
  const rootPath = `Document/${MESSAGES[format].root}`;
  const messageId = text(at(body, 'GrpHdr', 'MsgId'));
  if (!messageId) throw new CamtError('missing_field', 'message id missing', `${rootPath}/GrpHdr/MsgId`);

  const reportName = MESSAGES[format].report;
  const statements = list(body[reportName]).map((report, i) => parseStatement(report, `${rootPath}/${reportName}[${i + 1}]`));
  return { format, version, messageId, createdAt: text(at(body, 'GrpHdr', 'CreDtTm')), statements };
}

function parseStatement(report: Node, path: string): BankStatement {
  const id = text(report.Id);
  if (!id) throw new CamtError('missing_field', 'statement id missing', `${path}/Id`);
  const currency = text(at(report, 'Acct', 'Ccy')) ?? 'EUR';
  if (currency !== 'EUR')
    throw new CamtError('wrong_currency', `account currency ${currency} is not supported, only EUR`, `${path}/Acct/Ccy`);
  const accountIban = text(at(report, 'Acct', 'Id', 'IBAN'));

  let openingBalanceCents: Cents | undefined;
  let closingBalanceCents: Cents | undefined;
  list(report.Bal).forEach((bal, i) => {
    const type = text(at(bal, 'Tp', 'CdOrPrtry', 'Cd'));
    // Only booked balances; available balances (OPAV, CLAV, ...) say nothing about the entries.
    if (type !== 'OPBD' && type !== 'PRCD' && type !== 'CLBD') return;
    const balPath = `${path}/Bal[${i + 1}]`;
    const cents = amount(bal.Amt, `${balPath}/Amt`);
    const signed = creditDebit(bal.CdtDbtInd, `${balPath}/CdtDbtInd`) === 'DBIT' ? -cents : cents;
    if (type === 'CLBD') closingBalanceCents = signed;
    else if (openingBalanceCents === undefined || type === 'OPBD') openingBalanceCents = signed;
  });

  const entries = list(report.Ntry).map((ntry, i) => parseEntry(ntry, `${path}/Ntry[${i + 1}]`, `${id}#${i + 1}`, accountIban));
  return { id, accountIban, currency, openingBalanceCents, closingBalanceCents, entries };
}

function bankTransactionCode(node: unknown): { domain?: string; proprietary?: string } {
  const domain = [text(at(node, 'Domn', 'Cd')), text(at(node, 'Domn', 'Fmly', 'Cd')), text(at(node, 'Domn', 'Fmly', 'SubFmlyCd'))];
  return {
    domain: domain.every((c) => c !== undefined) ? domain.join('/') : undefined,
    proprietary: text(at(node, 'Prtry', 'Cd')),
  };
}

// ISO sub-families for returned/unpaid direct debits, and the German DK codes (GVC 1xx on a debit).
const RETURN_SUBFAMILIES = new Set(['RR', 'RRTN', 'UPDD']);
const GERMAN_RETURN = /^NDDT\+1\d\d\b/;

function isReturnCode(code: { domain?: string; proprietary?: string }, cd: CreditDebit): boolean {
  if (cd !== 'DBIT') return false;
  const sub = code.domain?.split('/')[2];
  return (sub !== undefined && RETURN_SUBFAMILIES.has(sub)) || (code.proprietary !== undefined && GERMAN_RETURN.test(code.proprietary));
}

function parseEntry(ntry: Node, path: string, fallbackRef: string, ownIban: string | undefined): BankEntry {
  const amountCents = amount(ntry.Amt, `${path}/Amt`);
  const cd = creditDebit(ntry.CdtDbtInd, `${path}/CdtDbtInd`);
  const rvsl = text(ntry.RvslInd);
  const reversal = rvsl === 'true' || rvsl === '1';
  const acctSvcrRef = text(ntry.AcctSvcrRef);
  // "NONREF" is a placeholder some banks send; it identifies nothing.
  const entryRef = acctSvcrRef && acctSvcrRef.toUpperCase() !== 'NONREF' ? acctSvcrRef : fallbackRef;

  const entryCode = bankTransactionCode(ntry.BkTxCd);
  const details = list(ntry.NtryDtls).flatMap((d, di) =>
    list(d.TxDtls).map((tx, ti) => ({ tx, path: `${path}/NtryDtls[${di + 1}]/TxDtls[${ti + 1}]` })),
  );
  const txCodes = details.map(({ tx }) => bankTransactionCode(tx.BkTxCd));
  const proprietary = entryCode.proprietary ?? txCodes.find((c) => c.proprietary)?.proprietary;
  const codeText = [entryCode.domain, proprietary].filter(Boolean).join(' ') || undefined;
  const entryIsReturn = reversal || isReturnCode({ domain: entryCode.domain, proprietary }, cd);

  const ctx: TxContext = { entryAmount: amountCents, single: details.length <= 1, cd, entryIsReturn, ownIban };
  const transactions =
    details.length === 0
      ? [{ amountCents, remittance: '', isReturn: entryIsReturn, ...entryCharges(ntry, path) }]
      : details.map(({ tx, path: txPath }, i) => parseTransaction(tx, txPath, ctx, txCodes[i]));

  return {
    entryRef,
    amountCents,
    creditDebit: cd,
    reversal,
    bookingDate: date(ntry.BookgDt),
    valueDate: date(ntry.ValDt),
    bankTransactionCode: codeText,
    transactions,
  };
}

interface TxContext {
  entryAmount: Cents;
  single: boolean;
  cd: CreditDebit;
  entryIsReturn: boolean;
  ownIban: string | undefined;
}

function entryCharges(ntry: Node, path: string): { chargesCents?: Cents } {
  const cents = charges(ntry.Chrgs, `${path}/Chrgs`);
  return cents === undefined ? {} : { chargesCents: cents };
}

/** Version 02 lists Chrgs with an Amt each; 04+ has one Chrgs with TtlChrgsAndTaxAmt and/or Rcrd/Amt. */
function charges(node: unknown, path: string): Cents | undefined {
  const blocks = list(node);
  if (blocks.length === 0) return undefined;
  let total = 0;
  blocks.forEach((block, i) => {
    const p = `${path}[${i + 1}]`;
    if (block.Amt !== undefined) total += amount(block.Amt, `${p}/Amt`);
    else if (block.TtlChrgsAndTaxAmt !== undefined) total += amount(block.TtlChrgsAndTaxAmt, `${p}/TtlChrgsAndTaxAmt`);
    else list(block.Rcrd).forEach((r, ri) => (total += amount(r.Amt, `${p}/Rcrd[${ri + 1}]/Amt`)));
  });
  return total;
}

/** Version 02 has Dbtr/Nm; 08 has Dbtr/Pty/Nm. */
function party(related: unknown, role: 'Dbtr' | 'Cdtr'): { name?: string; iban?: string } {
  const p = at(related, role);
  return { name: text(at(p, 'Nm')) ?? text(at(p, 'Pty', 'Nm')), iban: text(at(related, `${role}Acct`, 'Id', 'IBAN')) };
}

function parseTransaction(tx: Node, path: string, ctx: TxContext, code: { domain?: string; proprietary?: string }): BankTransaction {
  const txCharges = charges(tx.Chrgs, `${path}/Chrgs`);
  // The amount of the transaction itself; the entry amount only when the entry has this one transaction.
  let amountCents: Cents;
  if (tx.Amt !== undefined) amountCents = amount(tx.Amt, `${path}/Amt`);
  else if (at(tx, 'AmtDtls', 'TxAmt', 'Amt') !== undefined)
    amountCents = amount(at(tx, 'AmtDtls', 'TxAmt', 'Amt'), `${path}/AmtDtls/TxAmt/Amt`);
  else if (at(tx, 'AmtDtls', 'InstdAmt', 'Amt') !== undefined)
    amountCents = amount(at(tx, 'AmtDtls', 'InstdAmt', 'Amt'), `${path}/AmtDtls/InstdAmt/Amt`);
  else if (ctx.single) amountCents = ctx.entryAmount - (txCharges ?? 0);
  else throw new CamtError('missing_field', 'transaction amount missing in a batch entry', `${path}/Amt`);

  const rtrInf = obj(at(tx, 'RtrInf'));
  const returnReason = text(at(rtrInf, 'Rsn', 'Cd')) ?? text(at(rtrInf, 'Rsn', 'Prtry'));
  const returnAdditionalInfo = texts(rtrInf?.AddtlInf).join(' ') || undefined;
  const isReturn = rtrInf !== undefined || ctx.entryIsReturn || isReturnCode(code, ctx.cd);

  // Counterparty: the debtor for credits, the creditor for debits. A returned direct debit names the
  // parties of the original collection (we are its creditor), so there the debtor is the counterparty.
  const related = at(tx, 'RltdPties');
  const debtor = party(related, 'Dbtr');
  const creditor = party(related, 'Cdtr');
  let counterparty = ctx.cd === 'CRDT' || (isReturn && (debtor.name || debtor.iban)) ? debtor : creditor;
  if (ctx.ownIban && counterparty.iban === ctx.ownIban) counterparty = counterparty === debtor ? creditor : debtor;

  const endToEndId = text(at(tx, 'Refs', 'EndToEndId'));
  const creditorReference = list(at(tx, 'RmtInf', 'Strd'))
    .map((s) => text(at(s, 'CdtrRefInf', 'Ref')))
    .find(Boolean);
  const codeText = [code.domain, code.proprietary].filter(Boolean).join(' ') || undefined;

  const result: BankTransaction = {
    amountCents,
    endToEndId: endToEndId && endToEndId !== 'NOTPROVIDED' ? endToEndId : undefined,
    mandateId: text(at(tx, 'Refs', 'MndtId')),
    creditorReference,
    remittance: texts(at(tx, 'RmtInf', 'Ustrd')).join(' '),
    counterpartyName: counterparty.name,
    counterpartyIban: counterparty.iban,
    returnReason,
    returnAdditionalInfo,
    chargesCents: txCharges,
    bankTransactionCode: codeText,
    isReturn,
  };
  // Drop absent optional fields so results compare cleanly.
  for (const key of Object.keys(result) as (keyof BankTransaction)[]) if (result[key] === undefined) delete result[key];
  return result;
}
