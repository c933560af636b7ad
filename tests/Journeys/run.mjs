#!/usr/bin/env node
// Runs every tests/Journeys/journeys/*.mjs, each against a fresh Azurite + bot + Playground(s), with one
// shared headless Chromium. Run it inside the private network namespace:
//
//   bash tests/Journeys/in-netns.sh node tests/Journeys/run.mjs [--only a,b] [--list] [--dir other/journeys]
//
// A journey file:
//   export const name = 'smoke';               // optional (default: file name)
//   export const botEnv = { Demo__Seed: 'true' }; // optional bot settings on top of defaultBotEnv()
//   export const timeoutMs = 180000;            // optional (default 180 s)
//   export default async function (h) { const c = await h.openChat('sato'); ... }
//
// Prints PASS/FAIL per journey and, last, "N passed, N failed" (with JOURNEYS_SUMMARY=kv:
// "journeys results: passed=N failed=N", used by scripts/test.sh, which prints the grand total itself).
// Also writes artifacts/journeys/summary.json. Exit code 1 when any journey failed or none ran.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Harness, launchBrowser, artifactsRoot, botCommand } from './lib/harness.mjs';
import { repoRoot } from './lib/people.mjs';

const argv = process.argv.slice(2);
const opt = (n) => { const i = argv.indexOf(`--${n}`); return i >= 0 ? argv[i + 1] : undefined; };
const only = (opt('only') || process.env.JOURNEYS_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean);
const journeysDir = opt('dir') ? path.resolve(opt('dir')) : path.join(repoRoot, 'tests/Journeys/journeys');
const DEFAULT_TIMEOUT_MS = Number(process.env.JOURNEY_TIMEOUT_MS || 180000);

async function loadJourneys() {
  const files = fs.readdirSync(journeysDir).filter((f) => f.endsWith('.mjs')).sort();
  const list = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(path.join(journeysDir, f)).href);
    const run = mod.default || mod.run;
    const name = mod.name || path.basename(f, '.mjs');
    if (typeof run !== 'function') throw new Error(`${f}: export a default async function (h) => {...}`);
    list.push({ file: f, name, run, botEnv: mod.botEnv, timeoutMs: mod.timeoutMs || DEFAULT_TIMEOUT_MS, description: mod.description });
  }
  return list;
}

function withTimeout(promise, ms, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, reject) => { t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(t));
}

let current = null;  // the running harness, stopped on signals
let browser = null;
let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  try { if (current) await current.stop(); } catch { /* best effort */ }
  try { if (browser) await browser.close(); } catch { /* best effort */ }
  process.exit(code);
}
process.on('SIGINT', () => { console.error('\ninterrupted'); shutdown(130); });
process.on('SIGTERM', () => shutdown(143));
// A journey that timed out may still reject later (its pages are closed); never crash the runner for it.
process.on('unhandledRejection', (e) => console.error(`  (late rejection ignored: ${e && e.message ? e.message.split('\n')[0] : e})`));

async function main() {
  let journeys = await loadJourneys();
  if (argv.includes('--list')) { for (const j of journeys) console.log(`${j.name}\t${j.description || ''}`); return 0; }
  if (only.length) journeys = journeys.filter((j) => only.includes(j.name));
  fs.mkdirSync(artifactsRoot, { recursive: true });
  console.log(`journeys: ${journeys.length} to run; bot: ${botCommand().label}`);

  browser = await launchBrowser();
  const results = [];
  for (const j of journeys) {
    const started = Date.now();
    const h = new Harness({ name: j.name, botEnv: j.botEnv, browser, log: (s) => console.log(s) });
    current = h;
    let error = null;
    console.log(`▶ ${j.name}`);
    try {
      await withTimeout((async () => { await h.start(); await j.run(h); })(), j.timeoutMs, `journey ${j.name}`);
    } catch (e) {
      error = e;
      await h.captureFailure().catch(() => []);
    }
    const botTail = h.bot ? h.bot.tail(30) : '';
    await h.stop().catch((e) => console.error(`  (stop: ${e.message})`));
    current = null;
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (error) {
      console.log(`FAIL ${j.name} (${secs}s): ${String(error.stack || error).split('\n').slice(0, 12).join('\n    ')}`);
      if (botTail) console.log(`  --- bot log (last lines) ---\n${botTail.split('\n').map((l) => '  | ' + l).join('\n')}`);
      console.log(`  artifacts: ${path.relative(repoRoot, h.dir)}/`);
    } else {
      console.log(`PASS ${j.name} (${secs}s)`);
    }
    results.push({ name: j.name, passed: !error, seconds: Number(secs), error: error ? String(error.message || error) : undefined });
  }
  await browser.close();
  browser = null;

  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  fs.writeFileSync(path.join(artifactsRoot, 'summary.json'), JSON.stringify({ passed, failed, results }, null, 2));
  if (process.env.JOURNEYS_SUMMARY === 'kv') console.log(`journeys results: passed=${passed} failed=${failed}`);
  else console.log(`${passed} passed, ${failed} failed`);
  if (results.length === 0) { console.error('no journey ran'); return 1; }
  return failed ? 1 : 0;
}

main().then((code) => shutdown(code), (e) => { console.error(e.stack || e); shutdown(1); });
