import { jsonDepth, MAX_JSON_DEPTH, verifyJsonBody } from './json-depth';

describe('jsonDepth', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":2}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('"[[[[{{{"'))).toBe(0);
    expect(jsonDepth(Buffer.from('{"a":"x\\"[[[[","b":[]}'))).toBe(2);
    expect(jsonDepth(Buffer.from('42'))).toBe(0);
  });

  it('measures 5,000 levels without recursing', () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    expect(jsonDepth(Buffer.from(deep))).toBe(5_000);
  });
});

describe('verifyJsonBody', () => {
  it('keeps the raw bytes and accepts the limit itself', () => {
    const req: { rawBody?: Buffer } = {};
    const body = Buffer.from(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`);
    verifyJsonBody(req, undefined, body);
    expect(req.rawBody).toBe(body);
  });

  it('refuses one level more with a 400 that names the limit', () => {
    const body = Buffer.from(`${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`);
    expect(() => verifyJsonBody({}, undefined, body)).toThrow(expect.objectContaining({ status: 400, jsonDepthLimit: MAX_JSON_DEPTH }));
  });
});
