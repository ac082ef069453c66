// Each test file leaves node:http and node:https as it found them. Core modules are shared by all
// the files one jest process runs, and zapier-platform-core replaces `http.request` for good (its
// replacement drops the callback of the (url, options, callback) form): a later file of another
// package must not inherit that.
'use strict';
const http = require('node:http');
const https = require('node:https');

const saved = [http, https].map((module) => ({ module, request: module.request, get: module.get, patched: 'patchedByZapier' in module }));
afterAll(() => {
  for (const { module, request, get, patched } of saved) {
    module.request = request;
    module.get = get;
    if (!patched) {
      delete module.patchedByZapier;
      delete module.zapierLogger;
    }
  }
});
