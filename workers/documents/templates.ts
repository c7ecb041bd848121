import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { formatEuro } from '../../domain/money';
import { formatDate, formatIban, formatMoney, formatNumber, maskIban } from './formatting';
import type { LetterName, LetterTemplates, MailName, MailTemplates } from './letterData';

export const defaultTemplatesDir = path.resolve(__dirname, '../../templates');

/** Letterhead data (templates/company.json). */
export type CompanyProfile = Record<string, string>;
interface BureauContact {
  name: string;
  address: string;
  selfDisclosure: string;
}

export interface MailText {
  subject: string;
  text: string;
}

export interface TemplateRenderer {
  /** The letter as a complete HTML page, ready for the PDF renderer. */
  letter<N extends LetterName>(name: N, data: LetterTemplates[N]): string;
  mail<N extends MailName>(name: N, data: MailTemplates[N]): MailText;
}

export class TemplateError extends Error {
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`${template}: ${message}`);
    this.name = 'TemplateError';
  }
}

const referenceLabels: ReadonlyArray<[key: string, label: string]> = [
  ['customerNumber', 'Kundennummer'],
  ['contractAccountNumber', 'Vertragskonto'],
  ['orderNumber', 'Auftragsnummer'],
];

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * Handlebars templates from templates/: letters share letters/layout.hbs; mails are text with a
 * first line "Betreff: …". Templates are compiled once and cached.
 */
export function createTemplateRenderer(opts: { dir?: string; company?: CompanyProfile } = {}): TemplateRenderer {
  const dir = opts.dir ?? defaultTemplatesDir;
  const company = opts.company ?? readJson<CompanyProfile>(path.join(dir, 'company.json'));
  const bureaus = readJson<Record<string, BureauContact>>(path.join(dir, 'bureaus.json'));
  const hbs = Handlebars.create();
  hbs.registerHelper('date', (v: string) => formatDate(v));
  hbs.registerHelper('money', (v: number) => formatMoney(v));
  // Amounts in integer cents, formatted without a float.
  hbs.registerHelper('cents', (v: number) => formatEuro(v));
  hbs.registerHelper('number', (v: number) => formatNumber(v));
  hbs.registerHelper('iban', (v: string) => formatIban(v));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hbs.registerPartial('layout', load('letters/layout.hbs'));
  const cache = new Map<string, Handlebars.TemplateDelegate>();

  function load(file: string): string {
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) throw new TemplateError(file, 'template not found');
    return fs.readFileSync(full, 'utf8');
  }

  function compiled(file: string, noEscape: boolean): Handlebars.TemplateDelegate {
    let t = cache.get(file);
    if (!t) {
      t = hbs.compile(load(file), { noEscape, strict: false });
      cache.set(file, t);
    }
    return t;
  }

  function bureauContacts(names: string[] | undefined): BureauContact[] | undefined {
    return names?.map((n) => {
      const c = bureaus[n];
      if (!c) throw new TemplateError('bureaus.json', `no contact data for bureau ${n}`);
      return c;
    });
  }

  return {
    letter(name, data) {
      const d = data as unknown as Record<string, unknown>;
      const references = referenceLabels.filter(([k]) => typeof d[k] === 'string').map(([k, label]) => ({ label, value: d[k] }));
      const sepa = 'sepa' in data && data.sepa ? { ...data.sepa, ibanMasked: maskIban(data.sepa.iban) } : undefined;
      const bureausAsked = 'bureausAsked' in data ? bureauContacts(data.bureausAsked) : undefined;
      return compiled(`letters/${name}.hbs`, false)({ ...data, company, references, sepa, bureaus: bureausAsked });
    },
    mail(name, data) {
      const out = compiled(`mails/${name}.hbs`, true)({ ...data, company });
      const m = /^Betreff: (.*)\r?\n\r?\n([\s\S]*)$/.exec(out);
      if (!m) throw new TemplateError(`mails/${name}.hbs`, 'must start with "Betreff: …" and a blank line');
      return { subject: m[1].trim(), text: m[2] };
    },
  };
}
