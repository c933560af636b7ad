// Question list with buttons: 高橋 美咲 (営業部) asks a question. Its card has scrolled away, so 鈴木 一郎 (key user
// of 営業部) types 質問一覧: the row says nobody handles it yet (担当 未設定) and has 回答する / 対応します / 開く. He
// presses 対応します on the row (the list redraws with 担当 鈴木 一郎 and the bot says what was done), then answers
// in the row's own box. 高橋 美咲 types 質問一覧: her row shows the answer with 解決した / まだ困っている; she presses
// 解決した there and the row reads 解決済み. The cards further up that offered the same buttons are rewritten.
import { actionTitles, messagesWith, norm, pickDepartment, sentCard } from '../lib/cards.mjs';

export const name = 'list-questions';
export const description = 'the key user and the asker act on a question from the 質問一覧 list';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 180000;

const QUESTION = '交通費の申請で経路が保存できません';
const ANSWER = '経路を入力したあと「確定」を押してから保存してください。';
const QUEUE_TITLE = 'あなたが担当する未解決の質問';
const MINE_TITLE = 'あなたの質問';

/** Sends 質問一覧 and returns the list card that arrives. */
async function openList(chat, title) {
  await chat.send('質問一覧');
  const list = await chat.waitForCard(title);
  await chat.waitForQuiet();
  return list;
}

/** Waits until no bot message holds every piece (cards rewritten by the bot in the background, ~1 s polling). */
async function waitUntilGone(chat, pieces, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await messagesWith(chat, ...pieces);
    if (!left.length) return;
    if (Date.now() > deadline) throw new Error(`${what}: still on screen: ${left[0].slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function expectText(text, wants, what) {
  for (const want of wants) {
    if (!text.includes(norm(want))) throw new Error(`${what} does not show "${want}"; it says: ${text}`);
  }
}

function expectActions(card, wants, what) {
  const titles = actionTitles(card);
  for (const want of wants) {
    if (!titles.includes(want)) throw new Error(`${what} has no "${want}" button; it has ${JSON.stringify(titles)}`);
  }
  return titles;
}

export default async function listQuestions(h) {
  // 1. The key user opens his chat first, so the bot can reach him; the new staff member joins 営業部 and asks.
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForCard('ようこそ', { since: 0 });
  const takahashi = await h.openChat('takahashi');
  await pickDepartment(takahashi, '営業部');
  await takahashi.send(QUESTION);
  const confirm = await takahashi.waitForCard('この質問を送りますか');
  await takahashi.waitForQuiet();
  await takahashi.clickAction('送信', { card: confirm });
  await takahashi.waitForCard('質問を送りました', { since: 0 });
  await suzuki.waitForCard('質問が届きました', { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();

  // 2. 鈴木 一郎's queue: the row says nobody handles it yet, and has the buttons a key user may press.
  const queue = await openList(suzuki, QUEUE_TITLE);
  const queueText = norm(await queue.innerText());
  expectText(queueText, [QUESTION, '未対応', '質問者 高橋 美咲', '担当 未設定'], "鈴木 一郎's question list");
  if (queueText.includes('担当 -')) throw new Error(`the list still shows "担当 -": ${queueText}`);
  const queueJson = sentCard(suzuki, QUEUE_TITLE);
  expectActions(queueJson, ['回答する', '対応します', '開く'], "鈴木 一郎's list row");
  await suzuki.screenshot('list-keyuser');

  // 3. 対応します on the row: the bot says what was done and the same list now names him.
  await suzuki.clickAction('対応します', { card: queue });
  await suzuki.waitForBotMessage('質問を引き受けました');
  await suzuki.waitForQuiet();
  const claimed = await suzuki.waitForCard(QUEUE_TITLE, { since: 0 });
  const claimedText = norm(await claimed.innerText());
  expectText(claimedText, ['対応中', '担当 鈴木 一郎'], "鈴木 一郎's list after 対応します");
  const afterClaim = actionTitles(sentCard(suzuki, '担当 鈴木 一郎'));
  if (afterClaim.includes('対応します')) throw new Error(`the row still offers 対応します after he took it: ${JSON.stringify(afterClaim)}`);
  // His first question card, further up, is rewritten too: it says he handles it and no longer offers 対応します.
  await waitUntilGone(suzuki, [QUESTION, '対応します'], "鈴木 一郎's first question card after 対応します on the list");
  await suzuki.waitForQuiet();
  await suzuki.screenshot('list-keyuser-claimed');

  // 4. 回答する unfolds the row's own box; he writes the answer and sends it from the list.
  await suzuki.clickAction('回答する', { card: claimed });
  const box = claimed.locator('textarea').first();
  await box.waitFor({ state: 'visible' });
  await box.click();
  await box.fill(ANSWER);
  const before = suzuki.toBot.length;
  await suzuki.clickAction('送信', { card: claimed });
  const submit = await suzuki.waitForActivityToBot((a, i) => i >= before && a.value !== undefined, { what: 'the answer sent from the list' });
  const typed = Object.entries(submit.value).find(([k]) => k.startsWith('answer'));
  if (!typed || norm(typed[1]) !== norm(ANSWER)) throw new Error(`the bot got ${JSON.stringify(submit.value)}, not the answer he typed`);
  await suzuki.waitForBotMessage('高橋 美咲 さんに回答を送りました');
  await suzuki.waitForQuiet();

  // 5. 高橋 美咲 gets the answer; later she opens her list: the answer is on the row with 解決した / まだ困っている.
  await takahashi.waitForCard('鈴木 一郎 さんから回答が届きました', { since: 0, timeoutMs: 30000 });
  await takahashi.waitForQuiet();
  const mine = await openList(takahashi, MINE_TITLE);
  const mineText = norm(await mine.innerText());
  expectText(mineText, [QUESTION, '回答済み', '担当 鈴木 一郎', ANSWER], "高橋 美咲's question list");
  expectActions(sentCard(takahashi, MINE_TITLE), ['解決した', 'まだ困っている', '開く'], "高橋 美咲's list row");
  await takahashi.screenshot('list-asker');

  // 6. 解決した on the row: the bot says so and the row reads 解決済み, with nothing left but 開く.
  await takahashi.clickAction('解決した', { card: mine });
  await takahashi.waitForBotMessage('質問を解決済みにしました');
  await takahashi.waitForQuiet();
  const solvedTitles = actionTitles(sentCard(takahashi, MINE_TITLE));
  if (solvedTitles.includes('解決した')) throw new Error(`the row still offers 解決した after it was solved: ${JSON.stringify(solvedTitles)}`);
  if (!(await messagesWith(takahashi, MINE_TITLE, '解決済み')).length) throw new Error('her list does not show the question as 解決済み');
  // The answer card further up no longer offers 解決した / まだ困っている either.
  await waitUntilGone(takahashi, ['回答が届きました', 'まだ困っている'], "高橋 美咲's answer card after 解決した on the list");
  await takahashi.waitForQuiet();
  await takahashi.screenshot('list-asker-solved');
}
