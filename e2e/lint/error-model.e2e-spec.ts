import { execFileSync } from 'node:child_process';
import { repoRoot } from '@looma-hub/testing';

/**
 * The one error model holds across the repository (a check of the tree, so it lives here and is never served
 * from a project's test cache): error codes are declared only in domain, contracts and platform — so the error-model
 * test feeds every code there is through both mappers — and no code throws an HTTP exception of its own.
 */
describe('one error model across the tree', () => {
  const grep = (pattern: string): string[] => {
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
          cwd: repoRoot,
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter((f) => f.endsWith('.ts'));
    } catch {
      return []; // git grep exits 1 when nothing matches
    }
  };

  it('declares error codes only in libs/domain, libs/contracts and libs/platform', () => {
    expect(grep('defineErrorCodes\\(').filter((f) => !/^libs\/(domain|contracts|platform)\/src\//.test(f))).toEqual([]);
  });

  it('throws no HTTP exception from hub code (domain errors only; the filter picks the status)', () => {
    const hub = grep(
      'ProblemException|throw new (BadRequest|NotFound|Conflict|Unauthorized|Forbidden|UnprocessableEntity|ServiceUnavailable|Http)Exception',
    );
    // The simulators play partners with their own error shapes; they are not the hub.
    expect(hub.filter((f) => !f.startsWith('simulators/'))).toEqual([]);
  });
});
