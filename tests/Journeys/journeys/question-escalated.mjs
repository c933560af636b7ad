// Question escalated: new staff 高橋 美咲 joins 営業部 and asks a question; it goes to the key user 鈴木 一郎, who
// never answers it. The bot's clock (Development-only POST /_dev/clock/advance) is moved to an hour past the due
// time its card shows (1 business day, so further across a weekend or holidays such as Golden Week); the deadline check (every 2 s here) then hands the question
// to the DX promoters: 佐藤 花子 gets the question card with "回答期限を過ぎても未回答…" on top, answers it from that
// card, and 高橋 美咲 gets "佐藤 花子 さんから回答が届きました" with the answer.
// Three Playgrounds = three people; the bot delivers to the others in the background (~1 s polling).
import { actionTitles, facts, messagesWith, norm, pickDepartment, sentCard } from '../lib/cards.mjs';
import { BOT_PORT, HOST } from '../lib/harness.mjs';

export const name = 'question-escalated';
export const description = 'an unanswered question goes past its due time, a promoter gets it and answers the asker';
export const botEnv = { Demo__Seed: 'true', Questions__CheckInterval: '00:00:02' };
export const timeoutMs = 240000;


const QUESTION = '共有フォルダの場所を教えてください';
const ANSWER = '\\\\files\\共有 にあります';
const ESCALATED_NOTE = '回答期限を過ぎても未回答のため、DX推進担当に届けています。';
const PAST_DUE_HOURS = 1; // how far past the shown due time the clock goes

/** Moves the bot's (Development) clock forward; returns the bot's new "now". */
async function advanceBotClock(h, hours) {
  const url = `http://${HOST}:${BOT_PORT}/_dev/clock/advance?hours=${hours}`;
  const res = await fetch(url, { method: 'POST' });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`POST ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  let json;
  try { json = JSON.parse(body); } catch { throw new Error(`POST ${url} answered non-JSON: ${body.slice(0, 300)}`); }
  const now = new Date(json.now);
  if (Number.isNaN(now.getTime())) throw new Error(`POST ${url} answered no usable "now": ${body.slice(0, 300)}`);
  h.log(`  bot clock advanced ${hours} h: now ${json.now} (offset ${json.offset})`);
  return now;
}

/** "11/26（木）15:24" (as the cards show it to a reader in Tokyo) -> Date, in the year of `near`. */
function parseJst(text, near) {
  const m = /(\d{1,2})\/(\d{1,2})（.）\s*(\d{1,2}):(\d{2})/.exec(text || '');
  if (!m) return null;
  const nearJst = new Date(near.getTime() + 9 * 3600e3);
  let year = nearJst.getUTCFullYear();
  const at = (y) => new Date(Date.UTC(y, Number(m[1]) - 1, Number(m[2]), Number(m[3]) - 9, Number(m[4])));
  let d = at(year);
  if (d.getTime() - near.getTime() > 180 * 86400e3) d = at(--year);
  else if (near.getTime() - d.getTime() > 180 * 86400e3) d = at(++year);
  return d;
}

export default async function questionEscalated(h) {
  // What people see wrongly but that does not stop the flow (the answer text as rendered): collected, and the
  // journey fails at the end with all of them, after the rest of the flow and the screenshots.
  const seen = [];

  // 1. The key user and the promoter open their chats first, so the bot has conversations to reach them in.
  //    They ignore the welcome.
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForCard('ようこそ', { since: 0 });
  const sato = await h.openChat('sato');
  await sato.waitForCard('ようこそ', { since: 0 });

  // 2. The new staff member opens her chat, picks 営業部 in the welcome card and saves.
  const takahashi = await h.openChat('takahashi');
  await pickDepartment(takahashi, '営業部');

  // 3. She types a question and sends it from the confirmation card.
  await takahashi.send(QUESTION);
  const confirm = await takahashi.waitForCard('この質問を送りますか');
  await takahashi.waitForQuiet();
  const confirmText = norm(await confirm.innerText());
  if (!confirmText.includes(norm('送信先：鈴木 一郎（営業部のキーユーザー）'))) {
    throw new Error(`the confirmation card does not name 鈴木 一郎 (営業部のキーユーザー); it says: ${confirmText}`);
  }
  const sendSubmitBefore = takahashi.toBot.length;
  await takahashi.clickAction('送信', { card: confirm });
  await takahashi.waitForActivityToBot((a, i) => i >= sendSubmitBefore && a.value !== undefined, { what: 'the submit of "送信"' });
  const sent = await takahashi.waitForCard('質問を送りました', { since: 0 });
  await takahashi.waitForQuiet();
  const sentText = norm(await sent.innerText());
  const promised = /鈴木 一郎 さんに届けます。\s*(.+?)ごろまでに回答が届く予定です。/.exec(sentText);
  if (!promised) throw new Error(`the sent card does not read "鈴木 一郎 さんに届けます。… ごろまでに回答が届く予定です。"; it says: ${sentText}`);

  // 4. 鈴木 一郎 gets the question (nobody answers it).
  const question = await suzuki.waitForCard('質問が届きました', { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  const questionText = norm(await question.innerText());
  if (!questionText.includes(QUESTION)) throw new Error(`鈴木 一郎's question card does not show the question; it says: ${questionText}`);
  const dueShown = facts(sentCard(suzuki, '質問が届きました', 'answer'))['回答期限'];

  // Before the due time, the promoter has got nothing about it.
  const early = sato.cards.filter((c) => JSON.stringify(c).includes(QUESTION));
  if (early.length) throw new Error(`佐藤 花子 got the question before it was overdue: ${JSON.stringify(early[0]).slice(0, 300)}`);

  // 5. Time passes (bot clock) to just past the due time: the question is overdue. The bot's clock started at
  //    real time with this journey, so the distance to the due time is measured from here.
  const satoMessagesBefore = await sato.botMessageCount();
  const suzukiMessagesBefore = await suzuki.botMessageCount();
  const takahashiMessagesBefore = await takahashi.botMessageCount();
  const due = parseJst(dueShown, new Date());
  if (!due) throw new Error(`鈴木 一郎's question card shows no readable 回答期限: ${JSON.stringify(dueShown)}`);
  const hours = Math.max(1, Math.ceil((due.getTime() - Date.now()) / 3600e3) + PAST_DUE_HOURS);
  const now = await advanceBotClock(h, hours);
  if (due.getTime() > now.getTime()) throw new Error(`after advancing ${hours} h the bot's now (${now.toISOString()}) is still before the due time ${dueShown}`);

  // 6. 佐藤 花子 (promoter) gets the question with the escalation note on top.
  const escalated = await sato.waitForCard(ESCALATED_NOTE, { since: satoMessagesBefore, timeoutMs: 30000 });
  await sato.waitForQuiet();
  const escalatedText = norm(await escalated.innerText());
  if (!escalatedText.startsWith(norm(ESCALATED_NOTE))) {
    throw new Error(`the escalation card does not start with "${ESCALATED_NOTE}"; it says: ${escalatedText}`);
  }
  for (const want of [QUESTION, '高橋 美咲', '営業部', '回答']) {
    if (!escalatedText.includes(norm(want))) throw new Error(`佐藤 花子's escalation card does not show "${want}"; it says: ${escalatedText}`);
  }
  const escalatedJson = sentCard(sato, ESCALATED_NOTE, 'answer');
  const f = facts(escalatedJson);
  if (f['質問者'] !== '高橋 美咲') throw new Error(`the escalation card says 質問者 ${JSON.stringify(f['質問者'])}, expected 高橋 美咲 (facts: ${JSON.stringify(f)})`);
  if (f['回答期限'] !== dueShown) throw new Error(`the escalation card says 回答期限 ${JSON.stringify(f['回答期限'])}, 鈴木 一郎's card said ${JSON.stringify(dueShown)}`);
  const actions = actionTitles(escalatedJson);
  if (!actions.includes('回答する')) throw new Error(`the escalation card has no "回答する" button; it has ${JSON.stringify(actions)}`);
  // Exactly one escalation card for this question.
  const escalations = await messagesWith(sato, ESCALATED_NOTE, QUESTION);
  if (escalations.length !== 1) throw new Error(`佐藤 花子 sees ${escalations.length} escalation cards for the question, expected 1`);

  // 7. She answers it from that card. (Click into the 回答 box first: in the Playground 0.2.28, on a page where
  //    nobody has clicked yet, the first click re-renders the card and drops text put in without a click.)
  await escalated.locator('textarea').first().click();
  const answerSubmit = await sato.submitCard({ answer: ANSWER }, '回答する', { card: escalated });
  if (norm(answerSubmit.value && answerSubmit.value.answer) !== norm(ANSWER)) {
    throw new Error(`the bot got answer ${JSON.stringify(answerSubmit.value && answerSubmit.value.answer)}, not what 佐藤 花子 typed`);
  }
  const answered = await sato.waitForCard('回答しました', { since: satoMessagesBefore });
  await sato.waitForQuiet();
  const answeredText = norm(await answered.innerText());
  // The card JSON holds the answer markdown-escaped; what counts is that the page shows it as typed.
  if (!answeredText.includes(norm(ANSWER))) seen.push(`佐藤 花子's "回答しました" card does not show her answer as typed (${JSON.stringify(ANSWER)}); it says: ${answeredText}`);
  const stillOpen = (await messagesWith(sato, QUESTION)).filter((t) => t.includes('回答する'));
  if (stillOpen.length) throw new Error(`佐藤 花子's escalation card (with 回答する) is still on screen after answering, it should have been replaced: ${stillOpen[0].slice(0, 200)}`);
  await sato.screenshot('question-escalated-promoter');

  // 8. 高橋 美咲 gets the answer from 佐藤 花子 (in the background).
  const answerCard = await takahashi.waitForCard('佐藤 花子 さんから回答が届きました', { since: takahashiMessagesBefore, timeoutMs: 30000 });
  await takahashi.waitForQuiet();
  const answerText = norm(await answerCard.innerText());
  if (!answerText.includes(QUESTION)) throw new Error(`the answer card does not show the question; it says: ${answerText}`);
  const answerJson = sentCard(takahashi, '佐藤 花子 さんから回答が届きました', 'followUp');
  if (!answerText.includes(norm(ANSWER))) seen.push(`高橋 美咲's answer card does not show the answer as 佐藤 花子 typed it (${JSON.stringify(ANSWER)}); it says: ${answerText}`);
  const answerActions = actionTitles(answerJson);
  for (const want of ['解決した', 'まだ困っている']) {
    if (!answerActions.includes(want)) throw new Error(`the answer card has no "${want}" button; it has ${JSON.stringify(answerActions)}`);
  }
  await takahashi.screenshot('question-escalated');

  // 9. 鈴木 一郎's copy of the question no longer offers 回答する: it says 佐藤 花子 answered.
  const taken = await suzuki.waitForBotMessage('佐藤 花子 さんが回答しました', { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  if (!norm(await taken.innerText()).includes(QUESTION)) throw new Error(`鈴木 一郎's "佐藤 花子 さんが回答しました" card does not show the question: ${norm(await taken.innerText())}`);
  const suzukiOpen = (await messagesWith(suzuki, QUESTION)).filter((t) => t.includes('回答する'));
  if (suzukiOpen.length) throw new Error(`鈴木 一郎 still sees the question with 回答する after 佐藤 花子 answered it: ${suzukiOpen[0].slice(0, 200)}`);
  const suzukiNew = (await suzuki.botTexts()).slice(suzukiMessagesBefore).map(norm);
  if (suzukiNew.length) h.log(`  (鈴木 一郎 got ${suzukiNew.length} new message(s) after the clock moved: ${suzukiNew.map((t) => t.slice(0, 80)).join(' | ')})`);

  if (seen.length) throw new Error(`the flow went through, but:\n  - ${seen.join('\n  - ')}`);
}
