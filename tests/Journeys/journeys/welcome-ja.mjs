// Welcome (Japanese): new staff 高橋 美咲 opens her 1:1 chat for the first time, gets the welcome card
// with the department picker (営業部, 製造部), picks 製造部, saves, and sees her saved profile.
import { cardInputs } from '../lib/chat.mjs';

export const name = 'welcome-ja';
export const description = 'new staff (ja-JP) gets the welcome card, picks 製造部 and saves';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 120000;

const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

export default async function welcomeJa(h) {
  const takahashi = await h.openChat('takahashi');

  // The welcome card arrives while the chat opens (installationUpdate), i.e. before the journey's baseline.
  const welcome = await takahashi.waitForCard('ようこそ', { since: 0 });
  const welcomeText = norm(await welcome.innerText());
  if (!welcomeText.includes('ようこそ、高橋 美咲 さん')) {
    throw new Error(`the welcome card does not greet her by name ("ようこそ、高橋 美咲 さん"); it says: ${welcomeText}`);
  }
  if (!welcomeText.includes('所属部署')) throw new Error(`the welcome card has no "所属部署" picker label; it says: ${welcomeText}`);

  // The card the bot sent: a department picker with exactly the two (non-archived) departments.
  const card = takahashi.cards.find((c) => cardInputs(c).some((i) => i.id === 'departmentId'));
  if (!card) throw new Error(`the bot sent no card with an input "departmentId" (cards: ${takahashi.cards.length})`);
  const picker = cardInputs(card).find((i) => i.id === 'departmentId');
  if (picker.type !== 'Input.ChoiceSet') throw new Error(`departmentId is a ${picker.type}, not an Input.ChoiceSet`);
  if (norm(picker.label) !== '所属部署') throw new Error(`the picker is labelled ${JSON.stringify(picker.label)}, not "所属部署"`);
  const titles = (picker.choices || []).map((c) => c.title).sort();
  if (JSON.stringify(titles) !== JSON.stringify(['営業部', '製造部'].sort())) {
    throw new Error(`the picker offers ${JSON.stringify(titles)}, expected 営業部 and 製造部`);
  }
  const manufacturing = picker.choices.find((c) => c.title === '製造部');

  // What she sees when she opens the picker (compact ChoiceSet: a dropdown; expanded: radio buttons).
  // (Evidence: artifacts/journeys/welcome-ja-picker.png, the welcome card with the picker open.)
  const shown = await visibleChoices(takahashi, welcome, 'welcome-ja-picker');
  for (const t of ['営業部', '製造部']) {
    if (!shown.includes(t)) throw new Error(`the picker on screen does not show ${t}; it shows ${JSON.stringify(shown)}`);
  }

  // Pick 製造部 and save.
  const submit = await takahashi.submitCard({ departmentId: '製造部' }, '保存', { card: welcome });
  if (!submit.value || submit.value.departmentId !== manufacturing.value) {
    throw new Error(`the bot got departmentId ${JSON.stringify(submit.value && submit.value.departmentId)}, expected ${JSON.stringify(manufacturing.value)} (製造部)`);
  }

  // The welcome card is replaced by the saved profile (or a new message says so).
  const saved = await takahashi.waitForCard('プロフィールを保存しました', { since: 0 });
  await takahashi.waitForQuiet();
  const savedText = norm(await saved.innerText());
  for (const want of ['所属部署', '製造部', '表示言語']) {
    if (!savedText.includes(want)) throw new Error(`the saved-profile card does not show "${want}"; it says: ${savedText}`);
  }
  if (savedText.includes('営業部')) throw new Error(`the saved-profile card mentions 営業部; it says: ${savedText}`);

  // No other bot message still offers the picker with a Save button (the welcome card was replaced).
  const texts = (await takahashi.botTexts()).map(norm);
  const stillOpen = texts.filter((t) => t.includes('ようこそ') && t.includes('保存'));
  if (stillOpen.length) throw new Error(`the welcome card (with "保存") is still on screen after saving, it should have been replaced: ${stillOpen[0].slice(0, 200)}`);

  await takahashi.screenshot('welcome-ja');
}

/** The choice titles a person sees in the card's department picker (opens and closes a dropdown). */
async function visibleChoices(chat, card, screenshotName) {
  const radios = card.locator('[role="radiogroup"] label');
  if (await radios.count()) {
    if (screenshotName) await chat.screenshot(screenshotName);
    return (await radios.allInnerTexts()).map(norm);
  }
  const combo = card.locator('input[role="combobox"]').first();
  await combo.click();
  const listbox = chat.page.locator('.fui-Listbox:visible').last();
  await listbox.waitFor({ state: 'visible', timeout: 5000 });
  const options = (await listbox.locator('.fui-Option').allInnerTexts()).map(norm);
  if (screenshotName) await chat.screenshot(screenshotName);
  await chat.page.keyboard.press('Escape');
  await listbox.waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {});
  return options;
}
