// Roster import: the DX promoter 佐藤 花子 types インポート, pastes a roster (header + 3 rows, one of them a
// person the bot does not know), and gets the problems card - nothing registered. Then she removes the bad
// line, imports again, and gets "名簿を取り込みました".
import { cardInputs } from '../lib/chat.mjs';

export const name = 'roster-import';
export const description = 'promoter imports a roster CSV with one bad row, then the fixed roster';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 150000;

const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

const HEADER = 'email,department,role';
const GOOD_1 = 'suzuki@contoso.example,営業部,KeyUser';
const BAD = 'nobody@contoso.example,営業部,Staff';
const GOOD_2 = 'ito@contoso.example,製造部,Executive';

/** Opens the import card (types インポート) and checks what the promoter sees; returns the card message. */
async function openImportCard(sato) {
  await sato.send('インポート');
  const card = await sato.waitForCard('名簿のインポート');
  await sato.waitForQuiet();
  const json = [...sato.cards].reverse().find((c) => cardInputs(c).some((i) => i.id === 'csv'));
  if (!json) throw new Error('the import card has no input "csv"');
  const csv = cardInputs(json).find((i) => i.id === 'csv');
  if (csv.type !== 'Input.Text' || !csv.isMultiline) throw new Error(`the csv input is ${csv.type}${csv.isMultiline ? '' : ' (not multiline)'}, expected a multiline Input.Text`);
  if (norm(csv.label) !== '名簿（CSV）') throw new Error(`the csv input is labelled ${JSON.stringify(csv.label)}, not "名簿（CSV）"`);
  const text = norm(await card.innerText());
  if (!text.includes('名簿（CSV）')) throw new Error(`the import card does not show the label "名簿（CSV）": ${text}`);
  if (await card.locator('textarea').count() === 0) throw new Error('the import card shows no multi-line text box to paste the roster into');
  return card;
}

export default async function rosterImport(h) {
  const sato = await h.openChat('sato');

  // 1. A roster with one unknown person: the whole import is refused, with the line of the problem.
  let card = await openImportCard(sato);
  const roster = [HEADER, GOOD_1, BAD, GOOD_2].join('\n');
  const submit = await sato.submitCard({ csv: roster }, '取り込む', { card });
  if (norm(submit.value && submit.value.csv) !== norm(roster)) {
    throw new Error(`the bot got csv ${JSON.stringify(submit.value && submit.value.csv)}, not the pasted roster`);
  }
  if (!String(submit.value.csv).includes('\n')) throw new Error(`the pasted roster lost its line breaks: ${JSON.stringify(submit.value.csv)}`);

  const problems = await sato.waitForCard('名簿に1件の問題があります', { since: 0 });
  await sato.waitForQuiet();
  const text = norm(await problems.innerText());
  for (const want of ['何も登録していません', '3行目：', 'nobody@contoso.example']) {
    if (!text.includes(want)) throw new Error(`the problems card does not show "${want}"; it says: ${text}`);
  }
  const problemLine = (await problems.innerText()).split('\n').map(norm).find((l) => l.includes('nobody@contoso.example')) || '';
  if (!problemLine.startsWith('3行目：')) throw new Error(`the problem line is not "3行目：nobody@…": ${JSON.stringify(problemLine)}`);
  for (const ok of ['suzuki@contoso.example', 'ito@contoso.example']) {
    if (text.includes(ok)) throw new Error(`the problems card complains about a good row (${ok}): ${text}`);
  }
  if (text.includes('名簿を取り込みました')) throw new Error(`the bot says it imported although a row is bad: ${text}`);
  await sato.screenshot('roster-import');

  // 2. The fixed roster (bad line removed) is imported.
  const fixed = [HEADER, GOOD_1, GOOD_2].join('\n');
  // If the bot left the import form usable (or re-offered it), paste there; otherwise ask again.
  const last = sato.lastCard();
  const formStillThere = norm(await last.innerText()).includes('名簿（CSV）') && await last.locator('textarea').count() > 0
    && await last.getByRole('button', { name: '取り込む', exact: true }).count() > 0;
  card = formStillThere ? last : await openImportCard(sato);
  if (formStillThere) h.log('  (the problems card offers the form again; pasting the fixed roster there)');
  await sato.submitCard({ csv: fixed }, '取り込む', { card });
  const done = await sato.waitForCard('名簿を取り込みました', { since: 0 });
  await sato.waitForQuiet();
  const doneText = norm(await done.innerText());
  const m = doneText.match(/名簿を取り込みました：\s*(\d+)\s*人を更新、\s*(\d+)\s*人は変更なし/);
  if (!m) throw new Error(`the result does not read "名簿を取り込みました：{n}人を更新、{m}人は変更なし": ${doneText}`);
  const [updated, unchanged] = [Number(m[1]), Number(m[2])];
  if (updated + unchanged !== 2) throw new Error(`2 rows were imported but the bot counts ${updated} updated + ${unchanged} unchanged: ${doneText}`);
  h.log(`  imported: ${updated} updated, ${unchanged} unchanged`);
  await sato.screenshot('roster-import-fixed');
}
