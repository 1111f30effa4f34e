// `node --require ./use-fake-electron.cjs main.cjs`: every require('electron') gets the fake
// (./fake-electron.cjs) instead of the npm package, whose index.js would try to download the
// binary. For the smoke test of the bundled main process only.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it stands in for electron in a CommonJS main process */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const fake = path.join(__dirname, 'fake-electron.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron') return fake;
  return resolve.call(this, request, ...rest);
};
