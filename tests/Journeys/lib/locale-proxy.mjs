#!/usr/bin/env node
// A tiny loopback HTTP proxy between one Agents Playground instance and the bot.
//
// Why: the Playground (0.2.28) hard-codes locale "en-US" (activity.locale and the clientInfo entity) in
// every activity it sends and has no setting for it. Real Teams sends the user's client locale
// (e.g. "ja-JP"). This proxy rewrites those fields to the locale of the person the instance speaks as,
// forwards everything else unchanged (headers, body, status, response), and can record each activity.
//
// Module:  const p = await startLocaleProxy({ port, target: 'http://127.0.0.1:3978', locale: 'ja-JP' })
// CLI:     node locale-proxy.mjs --port 3979 --target http://127.0.0.1:3978 --locale ja-JP [--log file.jsonl]
import http from 'node:http';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Rewrites the locale fields of one activity in place; returns it. */
export function rewriteLocale(activity, locale) {
  if (!activity || typeof activity !== 'object' || !locale) return activity;
  if ('locale' in activity) activity.locale = locale;
  const region = locale.includes('-') ? locale.split('-').pop().toUpperCase() : undefined;
  for (const e of Array.isArray(activity.entities) ? activity.entities : []) {
    if (e && e.type === 'clientInfo') {
      e.locale = locale;
      if (region && 'country' in e) e.country = region;
    }
  }
  return activity;
}

/**
 * onActivity(activity) is called when an activity arrives (after the rewrite), onInvokeAnswer(activity, body) with
 * the bot's JSON answer to an invoke, onResponse(activity, status)
 * when the bot's answer to it has been passed back (for the Bot Framework SDK: when its turn has ended).
 * @param {{port:number, host?:string, target:string, locale?:string|null, logFile?:string,
 *          onActivity?:(a:any)=>void, onResponse?:(a:any, status:number)=>void, onInvokeAnswer?:(a:any, body:any)=>void}} opts
 * @returns {Promise<{port:number, url:string, close:()=>Promise<void>}>}
 */
export function startLocaleProxy(opts) {
  const host = opts.host || '127.0.0.1';
  const target = new URL(opts.target);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname)) {
    throw new Error(`locale proxy only forwards to loopback, not ${target.hostname}`);
  }
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const isJson = /json/i.test(req.headers['content-type'] || '');
      let activity = null;
      if (req.method === 'POST' && isJson && body.length) {
        try {
          activity = JSON.parse(body.toString('utf8'));
          rewriteLocale(activity, opts.locale);
          body = Buffer.from(JSON.stringify(activity), 'utf8');
          if (log) log.write(JSON.stringify({ at: new Date().toISOString(), path: req.url, activity }) + '\n');
          if (opts.onActivity) { try { opts.onActivity(activity); } catch { /* observer errors never break traffic */ } }
        } catch { activity = null; /* not JSON after all: forward untouched */ }
      }
      const finished = (status) => {
        if (activity && opts.onResponse) { try { opts.onResponse(activity, status); } catch { /* ignore */ } }
      };
      res.on('close', () => finished(res.statusCode));
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      delete headers['transfer-encoding'];
      const upstream = http.request({
        host: target.hostname.replace(/^\[|\]$/g, ''), port: target.port || 80, method: req.method,
        path: req.url, headers,
      }, (up) => {
        res.writeHead(up.statusCode || 502, up.headers);
        if (activity && activity.type === 'invoke' && opts.onInvokeAnswer) {
          // An invoke is answered in the HTTP response itself (Action.Execute: the card that replaces the pressed one).
          const answer = [];
          up.on('data', (c) => answer.push(c));
          up.on('end', () => {
            let parsed = null;
            try { parsed = JSON.parse(Buffer.concat(answer).toString('utf8')); } catch { /* not JSON */ }
            if (log) log.write(JSON.stringify({ at: new Date().toISOString(), answerTo: activity.id, status: up.statusCode, answer: parsed }) + '\n');
            try { opts.onInvokeAnswer(activity, parsed); } catch { /* observer errors never break traffic */ }
          });
        }
        up.pipe(res);
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`locale proxy: upstream ${opts.target} failed: ${err.message}`);
      });
      upstream.end(body);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, host, () => {
      const port = server.address().port;
      resolve({
        port,
        url: `http://${host}:${port}`,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => { log?.end(); r(); }); }),
      });
    });
  });
}

// CLI
if (process.argv[1] && fileURLToPath(import.meta.url) === fs.realpathSync(process.argv[1])) {
  const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
  const port = Number(arg('port', '3979'));
  const target = arg('target', 'http://127.0.0.1:3978');
  const locale = arg('locale', 'ja-JP');
  startLocaleProxy({ port, target, locale, logFile: arg('log') })
    .then((p) => console.log(`locale proxy ${p.url} -> ${target} (locale ${locale})`))
    .catch((e) => { console.error(`locale proxy: ${e.message}`); process.exit(1); });
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => process.exit(0));
}
