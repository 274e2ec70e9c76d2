import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/app-config.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level: LogLevel;
  readonly service: string;
  /** Where lines go (default stdout); tests pass a stream to read them back. */
  readonly destination?: DestinationStream;
}

/**
 * One JSON line per record (pino). Paths that could ever hold a secret are redacted, so a
 * configuration or error object logged whole cannot leak one.
 */
export function createLogger(options: LoggerOptions): Logger {
  const config = {
    level: options.level,
    base: { service: options.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', '*.password', 'authorization', '*.authorization', 'token', '*.token', 'privateKey', '*.privateKey'],
      censor: '***',
    },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return options.destination === undefined ? pino(config) : pino(config, options.destination);
}

/** What every line about one event carries (issue 5 §5). */
export interface EventLogContext {
  readonly captureId: string | null | undefined;
  readonly hashId: string;
}

/** A child logger whose every line names the event's capture id and hash ID. */
export function eventLogger(logger: Logger, event: EventLogContext): Logger {
  return logger.child({ captureId: event.captureId ?? null, hashId: event.hashId });
}
