import { copyRow } from './copy';

describe('copyRow', () => {
  it('separates fields with tabs and ends the row with a newline', () => {
    expect(copyRow(['a', 1, true, false])).toBe('a\t1\tt\tf\n');
  });

  it('escapes what COPY text format reserves, and writes null as \\N', () => {
    expect(copyRow(['tab\there', 'line\nbreak', 'back\\slash', 'cr\r', null, undefined])).toBe(
      'tab\\there\tline\\nbreak\tback\\\\slash\tcr\\r\t\\N\t\\N\n',
    );
  });

  it('writes instants as ISO 8601 and text arrays as quoted array literals', () => {
    expect(copyRow([new Date('2026-12-01T03:00:00.000Z')])).toBe('2026-12-01T03:00:00.000Z\n');
    // {"Cama, Mesa e Banho","diz \"oi\""} — quotes and commas inside elements survive, and the literal's own
    // backslashes are escaped again for COPY.
    expect(copyRow([['Cama, Mesa e Banho', 'diz "oi"', 'a\\b']])).toBe('{"Cama, Mesa e Banho","diz \\\\"oi\\\\"","a\\\\\\\\b"}\n');
    expect(copyRow([[]])).toBe('{}\n');
  });

  it('refuses numbers COPY cannot carry', () => {
    expect(() => copyRow([Number.NaN])).toThrow(TypeError);
  });
});
