/** The one logger of the product (pino): JSON lines on stdout, level from LOG_LEVEL. */
import pino, { type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string, name = 'o2c'): Logger {
  return pino({
    name,
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'], remove: true },
  });
}
