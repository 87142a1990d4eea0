// One lint config for the monorepo. Module boundaries follow STYLE.md: a service never imports another
// service; workflow code imports only the pure libs (contracts, domain) and nothing with I/O.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const bannedInWorkflows = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'kafkajs',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/testing',
];

const depConstraints = [
  // Apps host workflows (workers bundle them) and use libs; never another app.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:workflow'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  {
    sourceTag: 'type:workflow',
    onlyDependOnLibsWithTags: ['kind:pure'],
    bannedExternalImports: bannedInWorkflows,
  },
  { sourceTag: 'kind:pure', onlyDependOnLibsWithTags: ['kind:pure'], bannedExternalImports: bannedInWorkflows },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

// The test harness (libs/testing) builds on platform and connectors, whose own tests use the harness: a cycle through
// test files only, inherent to testing a lib with a harness made of it.
const harnessCycles = [
  ['testing', 'platform'],
  ['testing', 'connectors'],
];

// Workflow tests run on the time-skipping server: they may use the test harness and Temporal's test packages
// (never bundled: the bundle test proves it), while the workflow code beside them stays pure.
const workflowSpecConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:workflow' ? { sourceTag: 'type:workflow', onlyDependOnLibsWithTags: ['kind:pure', 'type:lib'] } : c,
);

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/.looma/**', '**/coverage/**', 'tmp/**', '.nx/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints, ignoredCircularDependencies: harnessCycles },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O libraries.
    files: ['workflows/src/**/*.ts', 'libs/contracts/src/**/*.ts', 'libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow and pure-lib code may not use Node built-ins.' })),
          patterns: [{ group: bannedInWorkflows, message: 'Workflow and pure-lib code may not do I/O.' }],
        },
      ],
    },
  },
  {
    files: ['workflows/src/**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: workflowSpecConstraints,
          ignoredCircularDependencies: harnessCycles,
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
];
