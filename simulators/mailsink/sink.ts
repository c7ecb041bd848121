import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
}

export interface CapturedMail {
  id: string;
  receivedAt: Date;
  /** SMTP envelope, which may differ from the headers (Bcc). */
  envelope: { from: string; to: string[] };
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  text: string;
  html: string;
  attachments: CapturedAttachment[];
  headers: Record<string, string>;
}

export interface MailSinkOptions {
  /** 0 picks a free port. */
  smtpPort: number;
  host?: string;
  /** Mails kept; the oldest are dropped beyond it. */
  capacity?: number;
}

export interface MailSink {
  smtpPort: number;
  /** Newest first. */
  list(): CapturedMail[];
  get(id: string): CapturedMail | undefined;
  clear(): void;
  /** The first captured mail (already there or arriving) that matches; rejects after timeoutMs. */
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export class MailWaitTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no matching mail within ${timeoutMs} ms`);
    this.name = 'MailWaitTimeoutError';
  }
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);
}

/** A local SMTP server that accepts every mail and keeps it in memory, for development and tests. */
export async function startMailSink(opts: MailSinkOptions): Promise<MailSink> {
  const capacity = opts.capacity ?? 500;
  const mails: CapturedMail[] = [];
  const waiters = new Set<{ match: (m: CapturedMail) => boolean; resolve: (m: CapturedMail) => void }>();

  function capture(mail: CapturedMail): void {
    mails.unshift(mail);
    if (mails.length > capacity) mails.length = capacity;
    for (const w of waiters)
      if (w.match(mail)) {
        waiters.delete(w);
        w.resolve(mail);
      }
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
          capture({
            id: randomUUID(),
            receivedAt: new Date(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            from: addresses(parsed.from)[0] ?? '',
            to: addresses(parsed.to),
            subject: parsed.subject ?? '',
            messageId: parsed.messageId ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            attachments: parsed.attachments.map((a) => ({
              filename: a.filename ?? 'attachment',
              contentType: a.contentType,
              size: a.size,
              content: a.content,
            })),
            headers,
          });
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.smtpPort, opts.host ?? '127.0.0.1', () => resolve());
  });

  return {
    smtpPort: (server.server.address() as AddressInfo).port,
    list: () => [...mails],
    get: (id) => mails.find((m) => m.id === id),
    clear: () => {
      mails.length = 0;
    },
    waitFor(match, timeoutMs = 10_000) {
      const found = mails.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: CapturedMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new MailWaitTimeoutError(timeoutMs));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
