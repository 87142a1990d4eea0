import { Writable } from 'node:stream';
import pino from 'pino';
import { runWithContext } from './context';
import { PinoNestLogger } from './logger';
import { maskString } from './mask';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino(
    {
      messageKey: 'message',
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskString(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
  return { lines, nest: new PinoNestLogger(logger) };
}

describe('PinoNestLogger', () => {
  it('puts the text of logger.log({fields}, "text") in message and the class in context', () => {
    const { lines, nest } = capture();
    nest.log({ orderId: 'o-1' }, 'sale registered', 'OrderActivities');
    expect(lines[0]).toMatchObject({ orderId: 'o-1', message: 'sale registered', context: 'OrderActivities' });
  });

  it('keeps an error stack as stack, not as the message', () => {
    const { lines, nest } = capture();
    nest.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'Svc');
    expect(lines[0]).toMatchObject({ message: 'boom', context: 'Svc' });
    expect(String(lines[0]?.stack)).toContain('at x');
  });

  it('masks a CPF written straight into a message', () => {
    const { lines, nest } = capture();
    runWithContext({ correlationId: 'c-1' }, () => nest.warn('customer 529.982.247-25 refused', 'X'));
    expect(String(lines[0]?.message)).not.toContain('529.982.247-25');
  });
});
