import { BadRequestException } from '@nestjs/common';
import { ProblemException } from './problem';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  it('keeps a ProblemException code, detail and field errors', () => {
    const p = toProblem(ProblemException.badRequest('request.invalid', 'bad', [{ field: 'items', message: 'required' }]), '/v1/orders');
    expect(p).toMatchObject({
      status: 400,
      code: 'request.invalid',
      detail: 'bad',
      errors: [{ field: 'items', message: 'required' }],
      instance: '/v1/orders',
    });
    expect(p.type).toMatch(/request\/invalid$/);
  });

  it('maps body-parser failures: malformed JSON to 400 naming the body, oversized to 413', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { type: 'entity.parse.failed', status: 400 });
    const big = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
    expect(toProblem(parse)).toMatchObject({ status: 400, code: 'request.malformed-json', errors: [{ field: '(body)' }] });
    expect(toProblem(big)).toMatchObject({ status: 413, code: 'request.too-large' });
  });

  it('maps plain Nest HTTP exceptions and hides unknown errors behind a 500 without details', () => {
    expect(toProblem(new BadRequestException('nope'))).toMatchObject({ status: 400, detail: 'nope' });
    const p = toProblem(new Error('db password is hunter2'));
    expect(p.status).toBe(500);
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });
});

describe('toProblem with Nest-wrapped body-parser errors', () => {
  it('looks through the HttpException to the parser error', () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 });
    const wrapped = new BadRequestException(parse.message, { cause: parse });
    expect(toProblem(wrapped)).toMatchObject({ status: 400, code: 'request.malformed-json', errors: [{ field: '(body)' }] });
  });
});
