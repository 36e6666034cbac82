import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr (stdout stays free for CLI output such as JSON lines). */
export function createLogger(level: string, name = 'trustlens'): Logger {
  return pino({ name, level }, pino.destination(2));
}
