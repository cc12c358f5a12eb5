import { LoggerService } from '@nestjs/common';
import { format } from 'node:util';
import pino, { Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentRequestContext } from './request-context';
import { REDACTED_PATHS, scrubSecrets } from './secret-scrubber';

export type LogFormat = 'json' | 'pretty';
export type LogLevelName = 'error' | 'warn' | 'info' | 'debug';

export interface JsonLoggerOptions {
  name: string;
  level?: string;
  /** `pretty` only for a developer's terminal (npm start sets LOG_FORMAT=pretty); JSON lines everywhere else. */
  format?: LogFormat;
}

/**
 * The process's one pino logger: JSON lines on stdout, the request id and
 * account of the request being served on every line, secrets redacted by
 * path and scrubbed from free text.
 */
export function createJsonLogger(opts: JsonLoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    name: opts.name,
    level: opts.level ?? 'info',
    base: { app: opts.name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
    mixin: () => {
      const ctx = currentRequestContext();
      return ctx ? { reqId: ctx.requestId, ...(ctx.account !== undefined ? { account: ctx.account } : {}) } : {};
    },
    hooks: {
      // Free text is scrubbed too: a message may interpolate a URL, a header or an error from a client.
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  if (opts.format === 'pretty') {
    return pino(options, pretty({ colorize: true, sync: true, ignore: 'pid,hostname,app', messageKey: 'msg' }));
  }
  return pino(options);
}

/** Nest's LoggerService on top of pino: every framework and app log line becomes one JSON line. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Nest passes (message, [stack], context): the last string is the context. */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const stack = level === 'error' || level === 'fatal' ? args.find((a) => typeof a === 'string') : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (typeof stack === 'string') fields.stack = scrubSecrets(stack);
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: { message: scrubSecrets(message.message), stack: message.stack && scrubSecrets(message.stack) } }, scrubSecrets(message.message));
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...(message as object) });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}

/**
 * Sends what libraries print with console.* (kafkajs's log creator, BullMQ's
 * warnings) through the JSON logger, so a process writes nothing but JSON
 * lines. Called once by each app's main.ts, never by in-process tests.
 */
export function routeConsoleTo(log: Logger): void {
  const to = (level: pino.Level) => (...args: unknown[]) => log[level](scrubSecrets(format(...args)));
  console.log = to('info');
  console.info = to('info');
  console.warn = to('warn');
  console.error = to('error');
  console.debug = to('debug');
}
