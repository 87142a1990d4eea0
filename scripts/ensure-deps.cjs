#!/usr/bin/env node
// First step of `npm start` / `npm test` / `npm run bench`: make sure node_modules matches package-lock.json,
// installing when it is missing or stale. Plain Node, no dependencies: it runs before any are installed.
//
// `npm install` with the committed lock, not `npm ci`: the registry reachable here does not serve the other
// platforms' optional binaries (@swc/core-darwin-*, …), so the lock cannot list them and `npm ci` refuses it
// as out of sync. `npm install` installs exactly the locked versions and leaves the lock untouched.
'use strict';
const { execSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Looma Hub needs Node >= 20.19 (found ${process.versions.node}).`);
  process.exit(1);
}

const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.looma-lock-hash');
const hash = crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
const current = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
if (current !== hash) {
  console.log('[deps] installing npm dependencies (locked versions)…');
  execSync('npm install --no-audit --no-fund --prefer-offline --loglevel=error', { cwd: root, stdio: 'inherit' });
  fs.writeFileSync(stamp, hash + '\n');
}
