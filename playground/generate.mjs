#!/usr/bin/env node
// Writes playground/<key>/.m365agentsplayground.yml for every person in playground/people.json.
// `node playground/generate.mjs --check` exits 1 when a committed file differs from what would be generated.
import fs from 'node:fs';
import path from 'node:path';
import { loadTenant, playgroundYaml, repoRoot } from '../tests/Journeys/lib/people.mjs';

const check = process.argv.includes('--check');
let stale = 0;
for (const p of loadTenant().people) {
  const dir = path.join(repoRoot, 'playground', p.key);
  const file = path.join(dir, '.m365agentsplayground.yml');
  const text = playgroundYaml(p.key);
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (old === text) continue;
  if (check) { console.error(`stale: ${path.relative(repoRoot, file)}`); stale++; continue; }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, text);
  console.log(`wrote ${path.relative(repoRoot, file)}`);
}
if (stale) { console.error('run: node playground/generate.mjs'); process.exit(1); }
