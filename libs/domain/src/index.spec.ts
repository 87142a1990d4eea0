import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as domain from './index';

describe('@looma-hub/domain entry point', () => {
  const exported = Object.keys(domain);

  it('exports the API of every module', () => {
    for (const name of ['DomainError', 'parseBrl', 'allocate', 'parseCnpj', 'parsePhone', 'priceTable', 'isWithin', 'nextMonday']) {
      expect(exported).toContain(name);
    }
    for (const name of exported) expect((domain as Record<string, unknown>)[name]).toBeDefined();
  });

  it('does not leak internal helpers', () => {
    for (const name of ['decimalFromNumber', 'divideRounded', 'toScaledInteger']) expect(exported).not.toContain(name);
  });

  it('documents every runtime export in the README', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const undocumented = exported.filter((name) => !new RegExp(`\\b${name}\\b`).test(readme));
    expect(undocumented).toEqual([]);
  });
});
