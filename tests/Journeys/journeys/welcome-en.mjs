// Welcome (English): Emily Clark (en-US, new staff) opens her 1:1 chat, gets the welcome card in English,
// picks a department, saves ("Your profile is saved."), then types "help" and gets the English help.
import { cardInputs } from '../lib/chat.mjs';

export const name = 'welcome-en';
export const description = 'new staff (en-US) gets the English welcome, saves a department, asks for help';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 120000;

const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
// Japanese script (kana, kanji, full-width punctuation) - what an English reader could not read.
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+/g;

export default async function welcomeEn(h) {
  const emily = await h.openChat('emily');

  // The welcome card arrives while the chat opens (before the journey's baseline).
  const welcome = await emily.waitForCard('Welcome', { since: 0 });
  const welcomeText = norm(await welcome.innerText());
  if (welcomeText.includes('ようこそ')) throw new Error(`Emily (en-US) got the Japanese welcome: ${welcomeText}`);
  if (!welcomeText.includes('Welcome, Emily Clark')) throw new Error(`the welcome card does not greet her by name ("Welcome, Emily Clark"); it says: ${welcomeText}`);
  if (!welcomeText.includes('Your department')) throw new Error(`the welcome card has no "Your department" picker label; it says: ${welcomeText}`);
  if (!welcomeText.includes('Save')) throw new Error(`the welcome card has no "Save" button; it says: ${welcomeText}`);

  const card = emily.cards.find((c) => cardInputs(c).some((i) => i.id === 'departmentId'));
  if (!card) throw new Error(`the bot sent no card with an input "departmentId" (cards: ${emily.cards.length})`);
  const picker = cardInputs(card).find((i) => i.id === 'departmentId');
  if (norm(picker.label) !== 'Your department') throw new Error(`the picker is labelled ${JSON.stringify(picker.label)}, not "Your department"`);
  const titles = (picker.choices || []).map((c) => c.title);
  if (!titles.includes('営業部') || !titles.includes('製造部')) throw new Error(`the picker offers ${JSON.stringify(titles)}, expected 営業部 and 製造部`);
  reportJapanese(h, 'welcome card', welcomeText, titles);
  await emily.screenshot('welcome-en-welcome'); // evidence: the English welcome card before saving

  // Pick a department (the one people.json gives her) and save.
  const dept = emily.person.demoDepartment || '製造部';
  const expected = picker.choices.find((c) => c.title === dept);
  const submit = await emily.submitCard({ departmentId: dept }, 'Save', { card: welcome });
  if (!submit.value || submit.value.departmentId !== expected.value) {
    throw new Error(`the bot got departmentId ${JSON.stringify(submit.value && submit.value.departmentId)}, expected ${JSON.stringify(expected.value)} (${dept})`);
  }
  if (submit.locale !== 'en-US') throw new Error(`the submit arrived with locale ${submit.locale}, not en-US`);
  const saved = await emily.waitForCard('Your profile is saved.', { since: 0 });
  await emily.waitForQuiet();
  const savedText = norm(await saved.innerText());
  if (!savedText.includes(dept)) throw new Error(`the saved-profile card does not show ${dept}; it says: ${savedText}`);
  if (/プロフィールを保存しました/.test(savedText)) throw new Error(`the saved-profile card is in Japanese: ${savedText}`);
  reportJapanese(h, 'saved-profile card', savedText, titles);

  // Help, in English.
  await emily.send('help');
  const help = await emily.waitForCard('What you can do');
  await emily.waitForQuiet();
  const helpText = norm(await help.innerText());
  if (helpText.includes('できること')) throw new Error(`the help card shows the Japanese title "できること": ${helpText}`);
  const newTexts = (await emily.botTexts()).slice(emily.baseline).map(norm);
  if (newTexts.some((t) => t.includes('できること'))) throw new Error(`a Japanese help card also appeared: ${newTexts.join(' | ')}`);
  reportJapanese(h, 'help card', helpText, titles);

  await emily.screenshot('welcome-en');
}

/** Logs Japanese text in an English card (department names, which are data, excepted). */
function reportJapanese(h, what, text, allowed) {
  let rest = text;
  for (const a of allowed) rest = rest.split(a).join(' ');
  const found = rest.match(JAPANESE);
  if (found) h.log(`  note: Japanese text in Emily's ${what}: ${JSON.stringify([...new Set(found)])}`);
}
