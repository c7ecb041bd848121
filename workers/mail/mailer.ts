import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Database } from '../../db';
import { RetryLaterError } from '../runtime';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType?: string }>;
}

export interface MailerOptions {
  smtpHost: string;
  smtpPort: number;
  /** e.g. `Kundenservice <service@energie.example>` */
  from: string;
  /** A "sending" claim older than this is taken to be from a crashed attempt and is taken over. */
  claimTimeoutMs?: number;
}

export interface SendOnceResult {
  messageId: string;
  /** true when an earlier attempt had already sent it: nothing was sent now. */
  alreadySent: boolean;
}

export interface Mailer {
  send(mail: OutgoingMail, messageId?: string): Promise<{ messageId: string }>;
  /** Sends a mail at most once per business key (e.g. `order:<id>:confirmation`), however often a job is retried. */
  sendOnce(db: Database, businessKey: string, mail: OutgoingMail): Promise<SendOnceResult>;
  close(): void;
}

/** Another attempt is sending this mail right now: the job tries again (keeping its retries) and finds it sent. */
export class MailInProgressError extends RetryLaterError {
  constructor(readonly businessKey: string) {
    super(`mail ${businessKey} is being sent by another attempt`);
    this.name = 'MailInProgressError';
  }
}

/** The SMTP server refused or could not be reached: a technical error, the job retries. */
export class MailDeliveryError extends Error {
  constructor(
    readonly businessKey: string,
    cause: unknown,
  ) {
    super(`mail ${businessKey} could not be delivered: ${(cause as Error)?.message ?? cause}`, { cause });
    this.name = 'MailDeliveryError';
  }
}

function domainOf(from: string): string {
  return /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';
}

/**
 * nodemailer over SMTP. The Message-ID is derived from the business key, so even the one
 * duplicate we cannot rule out (crash after the SMTP server accepted, before we noted it) carries
 * the same Message-ID and mail clients show it once.
 */
export function createMailer(opts: MailerOptions): Mailer {
  const transport = nodemailer.createTransport({ host: opts.smtpHost, port: opts.smtpPort, secure: false, pool: true, maxConnections: 5 });
  const claimTimeoutMs = opts.claimTimeoutMs ?? 60_000;
  const messageIdFor = (key: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domainOf(opts.from)}>`;

  async function send(mail: OutgoingMail, messageId?: string) {
    const info = await transport.sendMail({ from: opts.from, ...mail, messageId });
    return { messageId: info.messageId };
  }

  /** Takes the right to send: a new row, a failed attempt, or a stale claim. */
  async function claim(db: Database, businessKey: string, mail: OutgoingMail, messageId: string): Promise<'claimed' | 'sent'> {
    const inserted = await db('outbound_mails')
      .insert({
        business_key: businessKey,
        message_id: messageId,
        status: 'sending',
        to_address: mail.to,
        subject: mail.subject,
        attempts: 1,
        claimed_at: db.fn.now(),
      })
      .onConflict('business_key')
      .ignore()
      .returning('id');
    if (inserted.length > 0) return 'claimed';
    const taken = await db('outbound_mails')
      .where({ business_key: businessKey })
      .andWhere((q) =>
        q
          .where({ status: 'failed' })
          .orWhere((q2) =>
            q2.where({ status: 'sending' }).andWhere('claimed_at', '<', db.raw(`now() - (? * interval '1 millisecond')`, [claimTimeoutMs])),
          ),
      )
      .update({ status: 'sending', claimed_at: db.fn.now(), attempts: db.raw('attempts + 1') })
      .returning('id');
    if (taken.length > 0) return 'claimed';
    const row = await db('outbound_mails').where({ business_key: businessKey }).first('status');
    if (row?.status === 'sent') return 'sent';
    throw new MailInProgressError(businessKey);
  }

  return {
    send,
    async sendOnce(db, businessKey, mail) {
      const messageId = messageIdFor(businessKey);
      if ((await claim(db, businessKey, mail, messageId)) === 'sent') return { messageId, alreadySent: true };
      try {
        await send(mail, messageId);
      } catch (err) {
        await db('outbound_mails')
          .where({ business_key: businessKey })
          .update({ status: 'failed', last_error: (err as Error).message });
        throw new MailDeliveryError(businessKey, err);
      }
      await db('outbound_mails').where({ business_key: businessKey }).update({ status: 'sent', sent_at: db.fn.now(), last_error: null });
      return { messageId, alreadySent: false };
    },
    close: () => transport.close(),
  };
}
