import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '@looma-hub/testing';

/**
 * The one error model holds across the repository (a check of the tree, so it lives here and is never served
 * from a project's test cache): error codes are declared only in domain, contracts and platform — so the error-model
 * test feeds every code there is through both mappers — and no code throws an HTTP exception of its own.
 */
describe('one error model across the tree', () => {
  /** Files (of the hub's code, tests aside) matching `pattern`; a git failure other than "no match" throws. */
  const grep = (pattern: string, cwd = repoRoot): string[] => {
    try {
      return execFileSync(
        'git',
        [
          'grep',
          '--untracked',
          '-l',
          '-E',
          pattern,
          '--',
          'services',
          'workflows',
          'libs',
          'simulators/src',
          ':!*.spec.ts',
          ':!*.int-spec.ts',
        ],
        {
          cwd,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
        .split('\n')
        .filter((f) => f.endsWith('.ts'));
    } catch (err) {
      // git grep exits 1 when nothing matches; anything else (128: not a repository, a bad pattern...) is a failure
      // of the check itself, never an empty result.
      if ((err as { status?: number | null }).status === 1) return [];
      throw err;
    }
  };

  it('reads "no match" as no files and a git failure as a failure', () => {
    expect(grep('a pattern no file of the hub has: 7f3c9e1ab2')).toEqual([]);
    const notARepo = mkdtempSync(path.join(tmpdir(), 'error-model-'));
    try {
      expect(() => grep('defineErrorCodes\\(', notARepo)).toThrow(/not a git repository/);
    } finally {
      rmSync(notARepo, { recursive: true, force: true });
    }
  });

  it('declares error codes only in libs/domain, libs/contracts and libs/platform', () => {
    const declaring = grep('defineErrorCodes\\(');
    // The search does see the declarations there are (the platform's own codes among them).
    expect(declaring.filter((f) => f.startsWith('libs/platform/'))).toEqual(['libs/platform/src/errors/codes.ts']);
    expect(declaring.filter((f) => !/^libs\/(domain|contracts|platform)\/src\//.test(f))).toEqual([]);
  });

  it('throws no HTTP exception from hub code (domain errors only; the filter picks the status)', () => {
    const hub = grep(
      'ProblemException|throw new (BadRequest|NotFound|Conflict|Unauthorized|Forbidden|UnprocessableEntity|ServiceUnavailable|Http)Exception',
    );
    // The simulators play partners with their own error shapes; they are not the hub.
    expect(hub.filter((f) => !f.startsWith('simulators/'))).toEqual([]);
  });
});
