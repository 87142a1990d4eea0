import { type LoggerService, type LogLevel } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentContext } from './context';
import { maskString, maskValue } from './mask';

let root: Logger | undefined;

/**
 * The process-wide JSON logger: one line per event, correlation id and tenant attached, PII masked. Writes to stdout
 * unless given a destination (tests).
 */
export function createRootLogger(service: string, level = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => maskValue(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskString(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
    mixin() {
      const ctx = currentContext();
      return ctx ? { correlationId: ctx.correlationId, ...(ctx.tenantId ? { tenantId: ctx.tenantId } : {}) } : {};
    },
  };
  root = destination ? pino(options, destination) : pino(options);
  return root;
}

export function rootLogger(): Logger {
  return root ?? createRootLogger(process.env.SERVICE_NAME ?? 'looma-hub');
}

/** Adapts pino to Nest's LoggerService so `new Logger(Class.name)` lines come out as JSON. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger = rootLogger()) {}

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
  setLogLevels(_levels: LogLevel[]): void {
    // Level comes from LOG_LEVEL; Nest's own filtering is not used.
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest appends the logger's context (class name) last. `logger.log({ fields }, 'text')` leaves 'text'
    // before it; `logger.error(msg, stack)` leaves a stack trace there.
    const context = rest.length && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    let text: string | undefined;
    for (const extra of rest) {
      if (extra instanceof Error) fields.err = extra;
      else if (typeof extra === 'string') {
        if (/\n\s+at /.test(extra)) fields.stack = extra;
        else text = text ? `${text} ${extra}` : extra;
      } else if (extra && typeof extra === 'object') Object.assign(fields, extra);
    }
    if (message instanceof Error) this.logger[level]({ ...fields, err: message }, text ?? message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...message }, text);
    else this.logger[level](fields, text ? `${String(message)} ${text}` : String(message));
  }
}
