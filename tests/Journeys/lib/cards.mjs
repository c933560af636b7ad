// Reading what the bot sent: helpers the journeys share (cards as JSON, and bot messages on the page).
import { cardInputs } from './chat.mjs';

/** Whitespace-folded text, for comparing what a page shows with what was expected. */
export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/** Every action title of a card (top-level and nested action sets). */
export function actionTitles(card) {
  const out = [];
  const walk = (n) => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (!n || typeof n !== 'object') return;
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && n.title) out.push(norm(n.title));
    for (const k of ['body', 'items', 'columns', 'actions', 'card']) if (n[k]) walk(n[k]);
  };
  walk(card);
  return out;
}

/** The FactSet facts of a card as {title: value}. */
export function facts(card) {
  const out = {};
  const walk = (n) => {
    if (Array.isArray(n)) { n.forEach(walk); return; }
    if (!n || typeof n !== 'object') return;
    if (n.type === 'FactSet') for (const f of n.facts || []) out[norm(f.title)] = norm(f.value);
    for (const k of ['body', 'items', 'columns', 'card']) if (n[k]) walk(n[k]);
  };
  walk(card);
  return out;
}

/** The newest card JSON the bot sent to this chat that contains `text` (and, if given, an input `inputId`). */
export function sentCard(chat, text, inputId) {
  const found = [...chat.cards].reverse().find((c) => JSON.stringify(c).includes(text)
    && (!inputId || cardInputs(c).some((i) => i.id === inputId)));
  if (!found) throw new Error(`[${chat.instance.who}] the bot sent no card containing ${JSON.stringify(text)}${inputId ? ` with an input "${inputId}"` : ''} (cards: ${chat.cards.length})`);
  return found;
}

/** Bot messages on the page whose text contains every piece. */
export async function messagesWith(chat, ...pieces) {
  return (await chat.botTexts()).map(norm).filter((t) => pieces.every((p) => t.includes(norm(p))));
}

/**
 * A new person picks `department` in their welcome card and saves; checks the bot got that department's id
 * and the saved profile shows it. Returns the saved-profile card element.
 */
export async function pickDepartment(chat, department) {
  const welcome = await chat.waitForCard('ようこそ', { since: 0 });
  const picker = cardInputs(sentCard(chat, 'ようこそ', 'departmentId')).find((i) => i.id === 'departmentId');
  const choice = (picker.choices || []).find((c) => c.title === department);
  if (!choice) throw new Error(`the department picker does not offer ${department}: ${JSON.stringify(picker.choices)}`);
  const submit = await chat.submitCard({ departmentId: department }, '保存', { card: welcome });
  if (!submit.value || submit.value.departmentId !== choice.value) {
    throw new Error(`the bot got departmentId ${JSON.stringify(submit.value && submit.value.departmentId)}, expected ${JSON.stringify(choice.value)} (${department})`);
  }
  const saved = await chat.waitForCard('プロフィールを保存しました', { since: 0 });
  await chat.waitForQuiet();
  if (!norm(await saved.innerText()).includes(department)) throw new Error(`the saved profile does not show ${department}: ${norm(await saved.innerText())}`);
  return saved;
}
