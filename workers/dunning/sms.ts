/**
 * Text messages. No SMS gateway runs here, so the one implementation logs: it records what it
 * would send in `sms_log` (once per business key, so a retried job sends nothing twice), where
 * the account screen and tests read it. A gateway adapter implements the same interface.
 */
import type { Database } from '../../db';

export interface SmsChannel {
  /** False when a message with this key was sent before. */
  send(businessKey: string, phone: string, text: string): Promise<boolean>;
}

export function createSmsChannel(db: Database): SmsChannel {
  return {
    async send(businessKey, phone, text) {
      const inserted = (await db('sms_log')
        .insert({ business_key: businessKey, phone, text, status: 'log' })
        .onConflict('business_key')
        .ignore()
        .returning('id')) as unknown[];
      return inserted.length > 0;
    },
  };
}
