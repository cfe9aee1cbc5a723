import pino, { type Logger } from 'pino';

/** JSON logs on stderr, so stdout stays free for command output (tokens, exports). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'kyojo' } }, pino.destination(2));
}
