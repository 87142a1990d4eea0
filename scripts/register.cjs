// Runs TypeScript sources directly (services, scripts, simulators) with SWC: decorators and their
// metadata as Nest needs them, CommonJS output. Libraries resolve through npm workspaces.
const path = require('node:path');
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.runtime.json');
require('@swc-node/register');
