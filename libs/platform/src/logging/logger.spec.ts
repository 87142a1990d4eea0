import { Writable } from 'node:stream';
import { runWithContext } from './context';
import { createRootLogger, PinoNestLogger, rootLogger } from './logger';

/** The production logger itself (createRootLogger), writing into a stream the test reads. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  createRootLogger('logger-spec', 'debug', stream);
  return { lines, nest: new PinoNestLogger(rootLogger()) };
}

describe('createRootLogger + PinoNestLogger', () => {
  it('writes one JSON line per event with the service, the level as a word and an ISO time', () => {
    const { lines, nest } = capture();
    nest.log('hello', 'Svc');
    expect(lines[0]).toMatchObject({ service: 'logger-spec', level: 'info', message: 'hello', context: 'Svc' });
    expect(String(lines[0]?.time)).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('puts the text of logger.log({fields}, "text") in message and the class in context', () => {
    const { lines, nest } = capture();
    nest.log({ orderId: 'o-1' }, 'sale registered', 'OrderActivities');
    expect(lines[0]).toMatchObject({ orderId: 'o-1', message: 'sale registered', context: 'OrderActivities' });
  });

  it('keeps an error stack as stack, not as the message', () => {
    const { lines, nest } = capture();
    nest.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'Svc');
    expect(lines[0]).toMatchObject({ message: 'boom', context: 'Svc', level: 'error' });
    expect(String(lines[0]?.stack)).toContain('at x');
  });

  it('attaches the correlation id and tenant of the current context', () => {
    const { lines, nest } = capture();
    runWithContext({ correlationId: 'c-1', tenantId: 't-1' }, () => nest.log('in a request', 'X'));
    expect(lines[0]).toMatchObject({ correlationId: 'c-1', tenantId: 't-1' });
  });

  it('masks a CPF written into a message, a customer document field, a bearer token and an API key', () => {
    const { lines, nest } = capture();
    runWithContext({ correlationId: 'c-1' }, () => {
      nest.warn('customer 529.982.247-25 refused', 'X');
      nest.debug({ customer: { name: 'Maria', document: '52998224725' }, authorization: 'Bearer abc.def.ghi' }, 'registering sale', 'X');
      nest.log(`key lh_${'A'.repeat(12)}_${'b'.repeat(40)} used`, 'X');
    });
    const text = JSON.stringify(lines);
    for (const secret of ['529.982.247-25', '52998224725', 'abc.def.ghi', 'b'.repeat(40)]) expect(text).not.toContain(secret);
    expect(text).toContain('***.982.247-**');
    expect(lines).toHaveLength(3);
  });
});
