// Preloaded into the Agents Playground (NODE_OPTIONS=--require .../loopback-only.cjs).
// The Playground calls server.listen(port) with no host, which binds every interface; this makes any
// TCP listen without an explicit host bind 127.0.0.1 instead. Nothing else is changed.
'use strict';
const net = require('node:net');
const LOOPBACK = process.env.LOOPBACK_HOST || '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback]) - insert the host when it is missing
    if (args.length === 1 || typeof args[1] !== 'string') args.splice(1, 0, LOOPBACK);
  } else if (first === undefined || first === null) {
    args[0] = 0; args.splice(1, 0, LOOPBACK); // listen() / listen(undefined, cb): random port
  } else if (typeof first === 'function') {
    args.unshift(0, LOOPBACK); // listen(cb): random port
  } else if (typeof first === 'object' && !(first._handle || first.fd !== undefined) && first.path === undefined) {
    if (!first.host) args[0] = { ...first, host: LOOPBACK };
  }
  return originalListen.apply(this, args);
};
