/**
 * The engine's default logger when its host injects none (the standalone engine, tests): pino,
 * the product's one logger, at LOG_LEVEL. The product passes its own child logger instead.
 */
import pino from 'pino';

export const engineLogger = pino({ name: 'engine', level: process.env.LOG_LEVEL || 'info' });

export type EngineLog = (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;

/** An EngineLog writing to a pino logger, with the error as pino's `err`. */
export function pinoEngineLog(logger: pino.Logger): EngineLog {
  return (level, message, err) => (err === undefined ? logger[level](message) : logger[level]({ err }, message));
}
