// Root jest config: every project that has a jest.config.cjs (see jest.preset.js for LOOMA_TEST_KIND).
const fs = require('node:fs');
const path = require('node:path');

const roots = ['libs', 'services'].flatMap((d) => fs.readdirSync(path.join(__dirname, d)).map((p) => path.join(__dirname, d, p)));
roots.push(path.join(__dirname, 'workflows'), path.join(__dirname, 'simulators'), path.join(__dirname, 'e2e'));

module.exports = {
  projects: roots.filter((r) => fs.existsSync(path.join(r, 'jest.config.cjs'))).map((r) => require(path.join(r, 'jest.config.cjs'))),
};
