// Shared jest settings. Every project's jest.config.cjs is `require('<root>/jest.preset.js').project(__dirname)`.
// LOOMA_TEST_KIND selects what runs: unit (*.spec.ts next to the code), int (test/*.int-spec.ts against the
// real Postgres/Kafka/Temporal), e2e (*.e2e-spec.ts through the gateway and simulators) or all (default).
const path = require('node:path');

const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};
// NestJS 12 and a few of its companions ship ESM only; Node 20's jest cannot require(esm), so SWC turns them into CJS.
const swcJs = { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } };
const esmOnly = ['@nestjs', 'canonicalize', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', 'load-esm'];

const patterns = {
  unit: ['<rootDir>/**/*.spec.ts'],
  int: ['<rootDir>/**/*.int-spec.ts'],
  e2e: ['<rootDir>/**/*.e2e-spec.ts'],
};

function testMatch(kind) {
  if (!kind || kind === 'all') return [...patterns.unit, ...patterns.int, ...patterns.e2e];
  const match = patterns[kind];
  if (!match) throw new Error(`LOOMA_TEST_KIND must be unit, int, e2e or all; got ${kind}`);
  return match;
}

function project(dir) {
  return {
    displayName: path.relative(__dirname, dir),
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: testMatch(process.env.LOOMA_TEST_KIND),
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: {
      '^.+\\.ts$': ['@swc/jest', swcTs],
      '^.+\\.m?js$': ['@swc/jest', swcJs],
    },
    transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
    moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
    setupFiles: [path.join(__dirname, 'jest.setup.js')],
  };
}

module.exports = { project, testMatch };
