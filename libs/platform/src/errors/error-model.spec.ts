import { BadRequestException, NotFoundException } from '@nestjs/common';
import { FeatureErrors, NON_RETRYABLE_FAILURE_TYPES } from '@looma-hub/contracts';
import { DomainError, DomainErrorCode, type ErrorCode, registeredErrorCodes } from '@looma-hub/domain';
import { ApplicationFailure } from '@temporalio/common';
import { toActivityFailure } from '../temporal/failures';
import { AuthErrors, InfraErrors, RequestErrors } from './codes';
import { errorFromProblem, problemType, STATUS_OF_CATEGORY } from './problem';
import { toProblem } from './problem.filter';

/** Every error code of the hub: the domain library's, the features' (contracts) and the HTTP edge's (platform). */
function everyCode(): ErrorCode[] {
  // Referenced so the modules that define them are loaded, whatever the import order.
  void [DomainErrorCode, FeatureErrors, RequestErrors, AuthErrors, InfraErrors];
  return registeredErrorCodes();
}

describe('the error model: every code through both mappers', () => {
  it('knows codes from every feature', () => {
    const codes = everyCode().map((c) => c.code);
    expect(codes.length).toBeGreaterThanOrEqual(40);
    for (const sample of [
      'money.invalid',
      'order.invalid-transition',
      'retailer.not-connected',
      'request.invalid',
      'database.unavailable',
    ]) {
      expect(codes).toContain(sample);
    }
  });

  it.each(everyCode().map((c) => [c.code, c] as const))('%s → its HTTP problem (never a 500) and its Temporal failure', (_code, code) => {
    const err = new DomainError(code, `something about ${code.code}`, { field: 'items.0.quantity' });
    const problem = toProblem(err, '/v1/x');
    expect(problem).toMatchObject({
      status: STATUS_OF_CATEGORY[code.category],
      code: code.code,
      type: problemType(code.code),
      title: code.title,
      detail: `something about ${code.code}`,
      errors: [{ field: 'items.0.quantity', message: `something about ${code.code}` }],
      instance: '/v1/x',
    });
    expect(problem.status).not.toBe(500);

    const failure = toActivityFailure(err);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    const f = failure as ApplicationFailure;
    expect({ type: f.type, nonRetryable: f.nonRetryable, message: f.message }).toEqual({
      type: code.code,
      nonRetryable: code.category !== 'unavailable',
      message: `something about ${code.code}`,
    });
    expect(f.details?.[0]).toMatchObject({ code: code.code, category: code.category });
  });

  it('lists every business code of the features, and no outage, as a non-retryable failure type for the workflow presets', () => {
    const features = Object.values(FeatureErrors).flatMap((f) => Object.values(f) as ErrorCode[]);
    expect([...NON_RETRYABLE_FAILURE_TYPES].sort()).toEqual(
      features
        .filter((c) => c.category !== 'unavailable')
        .map((c) => c.code)
        .sort(),
    );
    expect(NON_RETRYABLE_FAILURE_TYPES).not.toContain('retailer.unavailable');
  });

  it('a problem another service answered with passes through with its code, status and fields', () => {
    const err = errorFromProblem(422, {
      code: 'retailer.not-connected',
      title: 'Retailer not connected',
      detail: 'no connection',
      errors: [{ field: 'x', message: 'y' }],
    });
    expect(toProblem(err)).toMatchObject({
      status: 422,
      code: 'retailer.not-connected',
      detail: 'no connection',
      errors: [{ field: 'x', message: 'y' }],
    });
    expect(toProblem(errorFromProblem(503, { code: 'temporal.unavailable' }))).toMatchObject({ status: 503, code: 'temporal.unavailable' });
  });
});

describe('toProblem: what is not a DomainError', () => {
  it('maps body-parser failures: malformed JSON to 400 naming the body, oversized to 413, too deep to 400 naming the limit', () => {
    const parse = Object.assign(new SyntaxError('Unexpected token } in JSON at position 9'), { type: 'entity.parse.failed', status: 400 });
    const big = Object.assign(new Error('request entity too large'), { type: 'entity.too.large', status: 413 });
    const deep = Object.assign(new Error('JSON nested deeper than 64 levels'), {
      type: 'entity.verify.failed',
      status: 400,
      jsonDepthLimit: 64,
    });
    expect(toProblem(parse)).toMatchObject({ status: 400, code: 'request.malformed-json', errors: [{ field: '(body)' }] });
    expect(toProblem(big)).toMatchObject({ status: 413, code: 'request.too-large' });
    expect(toProblem(deep)).toMatchObject({
      status: 400,
      code: 'request.too-deep',
      errors: [{ field: '(body)', message: 'nested deeper than 64 levels' }],
    });
  });

  it('looks through a Nest-wrapped body-parser error to the parser error', () => {
    const parse = Object.assign(new SyntaxError('Unexpected end of JSON input'), { type: 'entity.parse.failed', status: 400 });
    expect(toProblem(new BadRequestException(parse.message, { cause: parse }))).toMatchObject({
      status: 400,
      code: 'request.malformed-json',
    });
  });

  it('maps an outage of Postgres, Kafka or Temporal to 503 naming the dependency', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:55432'), { code: 'ECONNREFUSED', syscall: 'connect' });
    const restarting = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const kafka = Object.assign(new Error('Connection error: connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    const grpc = Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: 'No connection established' });
    expect(toProblem(refused)).toMatchObject({ status: 503, code: 'database.unavailable' });
    expect(toProblem(restarting)).toMatchObject({ status: 503, code: 'database.unavailable' });
    expect(toProblem(kafka)).toMatchObject({ status: 503, code: 'kafka.unavailable' });
    expect(toProblem(grpc)).toMatchObject({ status: 503, code: 'temporal.unavailable' });
    // …and in an activity, a retryable failure of that type.
    expect(toActivityFailure(refused)).toMatchObject({ type: 'database.unavailable', nonRetryable: false });
  });

  it("maps Nest's own HTTP exceptions by status and hides unknown errors behind a 500 that says nothing", () => {
    expect(toProblem(new BadRequestException('nope'))).toMatchObject({ status: 400, code: 'request.invalid', detail: 'nope' });
    expect(toProblem(new NotFoundException('Cannot GET /nope'))).toMatchObject({ status: 404, code: 'request.route-not-found' });
    const p = toProblem(new Error('db password is hunter2'));
    expect(p).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });

  it('leaves a bug in an activity as it is (retried, stack in the history)', () => {
    const bug = new TypeError('cannot read properties of undefined');
    expect(toActivityFailure(bug)).toBe(bug);
  });
});
