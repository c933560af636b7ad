// Help for staff: 田中 健太 (new staff, ja-JP) opens his chat (the welcome card appears; he ignores it),
// types ヘルプ and gets the Japanese staff help in the programme's order (準備する → 実施する → フォローする → 振り返る),
// a button for each of his commands, without the promoter-only commands 役割, インポート and はじめに.
import { actionTitles, norm } from '../lib/cards.mjs';
import { cardInputs } from '../lib/chat.mjs';

export const name = 'help-staff';
export const description = 'staff (ja-JP) types ヘルプ and sees the staff commands only';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 120000;


/** The FactSet titles of a card (the command names), in order. */
function factTitles(card) {
  const out = [];
  const walk = (n) => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (!n || typeof n !== 'object') return;
    if (n.type === 'FactSet') for (const f of n.facts || []) out.push(norm(f.title));
    for (const k of ['body', 'items', 'columns', 'card']) if (n[k]) walk(n[k]);
  };
  walk(card);
  return out;
}

export default async function helpStaff(h) {
  const tanaka = await h.openChat('tanaka');
  // The welcome card shows up when he opens the chat; he does not answer it.
  await tanaka.waitForCard('ようこそ', { since: 0 });
  const cardsBefore = tanaka.cards.length;

  await tanaka.send('ヘルプ');
  const help = await tanaka.waitForCard('できること');
  await tanaka.waitForQuiet();
  const raw = await help.innerText();
  const text = norm(raw);
  const pieces = raw.split(/[\n\t]+/).map(norm).filter(Boolean); // command names, buttons, lines

  // What he reads on screen.
  if (!text.includes('新しいツールの定着をお手伝いします')) {
    throw new Error(`the help card does not start with the staff intro "新しいツールの定着をお手伝いします。…"; it says: ${text}`);
  }
  if (text.includes('DX推進担当として')) throw new Error(`a staff member gets the promoter intro "DX推進担当として…": ${text}`);

  // The commands he may use (the FactSet), from the card the bot sent.
  const card = tanaka.cards.slice(cardsBefore).find((c) => JSON.stringify(c).includes('できること'));
  if (!card) throw new Error('the bot sent no help card JSON containing "できること"');
  const commands = factTitles(card);
  const buttons = actionTitles(card);
  // Each command he may use is listed and has its button (help itself is the card he is reading).
  for (const want of ['プロフィール', '言語', '部署', '施策', 'アンケート', '質問一覧', 'レポート']) {
    if (!commands.includes(want)) throw new Error(`the staff help does not list "${want}"; it lists ${JSON.stringify(commands)}`);
    if (!pieces.includes(want)) throw new Error(`"${want}" is in the card JSON but not visible on screen: ${text}`);
    if (!buttons.includes(want)) throw new Error(`the staff help has no button for "${want}": ${JSON.stringify(buttons)}`);
  }
  // In the programme's order: set up, run, follow up, review.
  const stages = ['1. 準備する', '2. 実施する', '3. フォローする', '4. 振り返る'].map((s) => text.indexOf(s));
  if (stages.some((i) => i < 0) || stages.some((i, k) => k > 0 && i < stages[k - 1])) {
    throw new Error(`the staff help does not show the stages 準備する → 実施する → フォローする → 振り返る in order: ${text}`);
  }
  for (const promoterOnly of ['役割', 'インポート', 'はじめに']) {
    if (commands.includes(promoterOnly)) throw new Error(`the staff help lists the promoter-only command "${promoterOnly}": ${JSON.stringify(commands)}`);
    if (buttons.includes(promoterOnly)) throw new Error(`the staff help has a button for the promoter-only command "${promoterOnly}": ${JSON.stringify(buttons)}`);
    if (pieces.includes(promoterOnly)) throw new Error(`the staff help shows "${promoterOnly}" (promoter-only) on screen: ${text}`);
  }
  if (cardInputs(card).length) h.log(`  note: the help card has inputs: ${cardInputs(card).map((i) => i.id).join(', ')}`);

  await tanaka.screenshot('help-staff');
}
