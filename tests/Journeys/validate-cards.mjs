#!/usr/bin/env node
// Validates Adaptive Card JSON files with the official `adaptivecards` npm package (3.0.6).
//
//   node tests/Journeys/validate-cards.mjs <dir-or-file>... [--max-version 1.5] [--quiet]
//
// Each *.json file (directories are searched recursively) may hold an AdaptiveCard, a Bot Framework
// attachment ({contentType, content}), or an array of either. Every card is parsed at ITS OWN declared
// `version` (new SerializationContext(version)), so an element, action or property newer than that
// version is reported (the parser treats it as unknown / unsupported), and then validated
// (card.validateProperties(): inputs without id, duplicate ids, required inputs without
// label/errorMessage, ...), and checked for the schema's required properties the parser lets pass
// (TextBlock.text, Image.url, Action.OpenUrl.url, choice title/value, ...). Every parse or validation event counts as a problem; so does a version
// above --max-version (default 1.5, the highest Teams renders), a missing version, or bad JSON.
// Exit code: 0 when all cards are clean, 1 when any problem was found, 2 on usage errors.
//
// The package's "main" (lib/) is ESM without file extensions (made for bundlers) and does not load in
// Node, so the UMD bundle dist/adaptivecards.js is used. Parsing and validation need no DOM (no jsdom).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AC = require('adaptivecards/dist/adaptivecards.js');

const EVENT_NAMES = Object.fromEntries(Object.entries(AC.ValidationEvent).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));
const PHASE_NAMES = Object.fromEntries(Object.entries(AC.ValidationPhase).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k]));

function describeSource(src) {
  if (!src) return '';
  const type = typeof src.getJsonTypeName === 'function' ? src.getJsonTypeName() : '';
  const id = src.id ? `#${src.id}` : '';
  return type || id ? ` [${type}${id}]` : '';
}

// Required properties from the Adaptive Cards schema that the JS parser does not enforce itself.
const REQUIRED = {
  TextBlock: ['text'], TextRun: ['text'], RichTextBlock: ['inlines'], Image: ['url'], ImageSet: ['images'],
  Media: ['sources'], FactSet: ['facts'], Container: ['items'], ActionSet: ['actions'],
  'Action.OpenUrl': ['url'], 'Action.ToggleVisibility': ['targetElements'],
  'Input.Text': ['id'], 'Input.Number': ['id'], 'Input.Date': ['id'], 'Input.Time': ['id'],
  'Input.Toggle': ['id', 'title'], 'Input.ChoiceSet': ['id'],
};

function missingRequired(json) {
  const out = [];
  const walk = (node, where) => {
    if (Array.isArray(node)) { node.forEach((x, i) => walk(x, `${where}[${i}]`)); return; }
    if (!node || typeof node !== 'object') return;
    const need = REQUIRED[node.type] || [];
    for (const prop of need) {
      const v = node[prop];
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0 && prop !== 'items')) {
        out.push(`Schema/MissingRequiredProperty [${node.type}${node.id ? '#' + node.id : ''}] at ${where}: "${prop}" is required`);
      }
    }
    if (node.type === 'Input.ChoiceSet') {
      (node.choices || []).forEach((c, i) => {
        for (const prop of ['title', 'value']) if (!c || c[prop] === undefined || c[prop] === null) out.push(`Schema/MissingRequiredProperty [Input.Choice] at ${where}.choices[${i}]: "${prop}" is required`);
      });
    }
    if (node.type === 'FactSet') {
      (node.facts || []).forEach((f, i) => {
        for (const prop of ['title', 'value']) if (!f || f[prop] === undefined || f[prop] === null) out.push(`Schema/MissingRequiredProperty [Fact] at ${where}.facts[${i}]: "${prop}" is required`);
      });
    }
    for (const [k, v] of Object.entries(node)) if (v && typeof v === 'object' && k !== 'data') walk(v, `${where}.${k}`);
  };
  walk(json, '$');
  return out;
}

/**
 * Validates one card object.
 * @param {any} json
 * @param {{maxVersion?: string}} [opts]
 * @returns {string[]} problems (empty when clean)
 */
export function validateCard(json, { maxVersion = '1.5' } = {}) {
  const problems = [];
  if (!json || typeof json !== 'object' || Array.isArray(json)) return ['not a JSON object'];
  if (json.type !== 'AdaptiveCard') problems.push(`"type" is ${JSON.stringify(json.type)}, expected "AdaptiveCard"`);
  if (typeof json.version !== 'string' || !/^\d+\.\d+$/.test(json.version)) {
    problems.push(`"version" is ${JSON.stringify(json.version)}; declare the schema version, e.g. "1.5"`);
    return problems;
  }
  const [maj, min] = json.version.split('.').map(Number);
  const [maxMaj, maxMin] = maxVersion.split('.').map(Number);
  if (maj > maxMaj || (maj === maxMaj && min > maxMin)) problems.push(`version ${json.version} is above ${maxVersion} (the highest allowed here)`);

  const version = AC.Version.parse(json.version, new AC.SerializationContext());
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${PHASE_NAMES[e.phase] || 'Parse'}/${EVENT_NAMES[e.event] || e.event}${describeSource(e.source)}: ${e.message}`);
  }
  const results = card.validateProperties();
  for (const e of results.validationEvents) {
    problems.push(`Validation/${EVENT_NAMES[e.event] || e.event}${describeSource(e.source)}: ${e.message}`);
  }
  problems.push(...missingRequired(json));
  return problems;
}

/** The cards held by one parsed JSON document. */
function cardsIn(doc) {
  const list = Array.isArray(doc) ? doc : [doc];
  return list.map((x, i) => {
    const label = Array.isArray(doc) ? `[${i}]` : '';
    if (x && typeof x === 'object' && typeof x.contentType === 'string' && 'content' in x) {
      if (x.contentType !== 'application/vnd.microsoft.card.adaptive') return { label, skip: `contentType ${x.contentType}` };
      return { label, card: x.content };
    }
    return { label, card: x };
  });
}

function listJsonFiles(p) {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  return fs.readdirSync(p, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(p, d.name);
    if (d.isDirectory()) return listJsonFiles(full);
    return d.name.toLowerCase().endsWith('.json') ? [full] : [];
  }).sort();
}

function main(argv) {
  const args = [];
  let maxVersion = '1.5';
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--max-version') maxVersion = argv[++i];
    else if (argv[i] === '--quiet') quiet = true;
    else if (argv[i] === '-h' || argv[i] === '--help') { console.log('usage: validate-cards.mjs <dir-or-file>... [--max-version 1.5] [--quiet]'); return 0; }
    else args.push(argv[i]);
  }
  if (!args.length || !/^\d+\.\d+$/.test(maxVersion || '')) {
    console.error('usage: validate-cards.mjs <dir-or-file>... [--max-version 1.5] [--quiet]');
    return 2;
  }
  let files = [];
  for (const a of args) {
    if (!fs.existsSync(a)) { console.error(`not found: ${a}`); return 2; }
    files = files.concat(listJsonFiles(a));
  }
  let bad = 0;
  let cards = 0;
  for (const f of files) {
    let doc;
    try { doc = JSON.parse(fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '')); } catch (e) {
      console.log(`FAIL ${f}: invalid JSON: ${e.message}`); bad++; continue;
    }
    for (const { label, card, skip } of cardsIn(doc)) {
      if (skip) { if (!quiet) console.log(`SKIP ${f}${label}: ${skip}`); continue; }
      cards++;
      const problems = validateCard(card, { maxVersion });
      if (problems.length) {
        bad++;
        console.log(`FAIL ${f}${label} (version ${card && card.version}):`);
        for (const p of problems) console.log(`  - ${p}`);
      } else if (!quiet) {
        console.log(`ok   ${f}${label} (version ${card.version})`);
      }
    }
  }
  console.log(`cards: ${cards} checked in ${files.length} file(s), ${bad} with problems`);
  if (files.length === 0) { console.error('no .json files found'); return 1; }
  return bad ? 1 : 0;
}

if (import.meta.url === `file://${fs.realpathSync(process.argv[1] || '')}`) {
  process.exitCode = main(process.argv.slice(2));
}
