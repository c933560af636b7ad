// Question answered: new staff 高橋 美咲 joins 営業部 and asks a question in her 1:1 chat. The bot asks her to
// confirm (it names the key user of 営業部, 鈴木 一郎) and sends nothing before 送信. After 送信, 鈴木 一郎 gets
// the question in his chat, answers it, and 高橋 美咲 gets the answer and marks it 解決した.
// Two Playgrounds = two people; the bot delivers to the other person in the background (~1 s polling).
import { actionTitles, facts, messagesWith, norm, pickDepartment, sentCard } from '../lib/cards.mjs';
import { cardInputs } from '../lib/chat.mjs';

export const name = 'question-answered';
export const description = 'staff asks a question, the key user of her department answers, she marks it solved';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 180000;


const QUESTION = '経費精算の申請方法を教えてください';
const ANSWER = '経費精算は「経費」アプリから申請できます。\n領収書の写真を添付して、上長に承認を依頼してください。';

export default async function questionAnswered(h) {
  // 1. The key user opens his chat first, so the bot has a conversation to reach him in. He ignores the welcome.
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForCard('ようこそ', { since: 0 });

  // 2. The new staff member opens her chat, picks 営業部 in the welcome card and saves.
  const takahashi = await h.openChat('takahashi');
  await pickDepartment(takahashi, '営業部');

  // 3. She types a question (not a command): the bot asks her to confirm, naming who will get it.
  const suzukiCardsBefore = suzuki.cards.length;
  await takahashi.send(QUESTION);
  const confirm = await takahashi.waitForCard('この質問を送りますか');
  await takahashi.waitForQuiet();
  const confirmText = norm(await confirm.innerText());
  for (const want of [QUESTION, '送信先：鈴木 一郎（営業部のキーユーザー）', '急ぎ']) {
    if (!confirmText.includes(norm(want))) throw new Error(`the confirmation card does not show "${want}"; it says: ${confirmText}`);
  }
  const confirmJson = sentCard(takahashi, 'この質問を送りますか', 'urgent');
  const urgent = cardInputs(confirmJson).find((i) => i.id === 'urgent');
  if (urgent.type !== 'Input.Toggle') throw new Error(`the urgent input is a ${urgent.type}, not an Input.Toggle`);
  if (await confirm.locator('input[type=checkbox]').count() === 0) throw new Error('the confirmation card shows no 急ぎ checkbox/toggle');
  const confirmActions = actionTitles(confirmJson);
  for (const want of ['送信', 'やめる']) {
    if (!confirmActions.includes(want)) throw new Error(`the confirmation card has no "${want}" button; it has ${JSON.stringify(confirmActions)}`);
  }
  // Nothing has gone to the key user yet.
  const early = suzuki.cards.slice(suzukiCardsBefore).filter((c) => JSON.stringify(c).includes(QUESTION));
  if (early.length) throw new Error(`鈴木 一郎 got the question before 高橋 美咲 pressed 送信: ${JSON.stringify(early[0]).slice(0, 300)}`);
  if ((await messagesWith(suzuki, '質問が届きました')).length) throw new Error('鈴木 一郎 sees "質問が届きました" before 送信 was pressed');

  // 4. 送信: the confirmation is replaced by "質問を送りました".
  const sendSubmitBefore = takahashi.toBot.length;
  await takahashi.clickAction('送信', { card: confirm });
  await takahashi.waitForActivityToBot((a, i) => i >= sendSubmitBefore && a.value !== undefined, { what: 'the submit of "送信"' });
  const sent = await takahashi.waitForCard('質問を送りました', { since: 0 });
  await takahashi.waitForQuiet();
  const sentText = norm(await sent.innerText());
  if (!/鈴木 一郎 さんに届けます。.*ごろまでに回答が届く予定です。/.test(sentText)) {
    throw new Error(`the sent card does not read "鈴木 一郎 さんに届けます。… ごろまでに回答が届く予定です。"; it says: ${sentText}`);
  }
  const stillConfirm = await messagesWith(takahashi, 'この質問を送りますか');
  if (stillConfirm.length) throw new Error(`the confirmation card (with 送信) is still on screen after sending, it should have been replaced: ${stillConfirm[0].slice(0, 200)}`);

  // 5. 鈴木 一郎 gets the question (delivered in the background) and answers it.
  const question = await suzuki.waitForCard('質問が届きました', { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  const questionText = norm(await question.innerText());
  for (const want of ['高橋 美咲', '営業部', QUESTION, '回答']) {
    if (!questionText.includes(norm(want))) throw new Error(`鈴木 一郎's question card does not show "${want}"; it says: ${questionText}`);
  }
  const questionJson = sentCard(suzuki, '質問が届きました', 'answer');
  const f = facts(questionJson);
  if (f['質問者'] !== '高橋 美咲') throw new Error(`the question card says 質問者 ${JSON.stringify(f['質問者'])}, expected 高橋 美咲 (facts: ${JSON.stringify(f)})`);
  if (f['部署'] !== '営業部') throw new Error(`the question card says 部署 ${JSON.stringify(f['部署'])}, expected 営業部 (facts: ${JSON.stringify(f)})`);
  const answerInput = cardInputs(questionJson).find((i) => i.id === 'answer');
  if (answerInput.type !== 'Input.Text' || !answerInput.isMultiline) throw new Error(`the answer input is ${answerInput.type}${answerInput.isMultiline ? '' : ' (not multiline)'}, expected a multiline Input.Text`);
  if (norm(answerInput.label) !== '回答') throw new Error(`the answer input is labelled ${JSON.stringify(answerInput.label)}, not "回答"`);
  const questionActions = actionTitles(questionJson);
  for (const want of ['回答する', '対応します']) {
    if (!questionActions.includes(want)) throw new Error(`the question card has no "${want}" button; it has ${JSON.stringify(questionActions)}`);
  }

  // He clicks into the 回答 box, then types. (In the Playground 0.2.28, on a page where nobody has clicked into
  // the chat yet, the first click re-renders the card and drops text that fillInput put in without a click:
  // fill + 回答する would then hit the required-field check with an empty box and send nothing.)
  await question.locator('textarea').first().click();
  const answerSubmit = await suzuki.submitCard({ answer: ANSWER }, '回答する', { card: question });
  if (norm(answerSubmit.value && answerSubmit.value.answer) !== norm(ANSWER)) {
    throw new Error(`the bot got answer ${JSON.stringify(answerSubmit.value && answerSubmit.value.answer)}, not what 鈴木 一郎 typed`);
  }
  const answered = await suzuki.waitForCard('回答しました', { since: 0 });
  await suzuki.waitForQuiet();
  const answeredText = norm(await answered.innerText());
  if (!answeredText.includes(norm(ANSWER.split('\n')[0]))) throw new Error(`鈴木 一郎's "回答しました" card does not show his answer; it says: ${answeredText}`);
  const stillOpen = (await messagesWith(suzuki, '質問が届きました')).filter((t) => t.includes('回答する'));
  if (stillOpen.length) throw new Error(`鈴木 一郎's question card (with 回答する) is still on screen after answering, it should have been replaced: ${stillOpen[0].slice(0, 200)}`);
  await suzuki.screenshot('question-keyuser');

  // 6. 高橋 美咲 gets the answer (in the background) and marks the question solved.
  const answerCard = await takahashi.waitForCard('鈴木 一郎 さんから回答が届きました', { since: 0, timeoutMs: 30000 });
  await takahashi.waitForQuiet();
  const answerText = norm(await answerCard.innerText());
  for (const want of [ANSWER.split('\n')[0], ANSWER.split('\n')[1], QUESTION]) {
    if (!answerText.includes(norm(want))) throw new Error(`the answer card does not show "${want}"; it says: ${answerText}`);
  }
  const answerJson = sentCard(takahashi, '回答が届きました', 'followUp');
  const followUp = cardInputs(answerJson).find((i) => i.id === 'followUp');
  if (followUp.isRequired) throw new Error('the follow-up input of the answer card is required; it should be optional');
  const answerActions = actionTitles(answerJson);
  for (const want of ['解決した', 'まだ困っている']) {
    if (!answerActions.includes(want)) throw new Error(`the answer card has no "${want}" button; it has ${JSON.stringify(answerActions)}`);
  }

  const solvedBefore = takahashi.toBot.length;
  await takahashi.clickAction('解決した', { card: answerCard });
  await takahashi.waitForActivityToBot((a, i) => i >= solvedBefore && a.value !== undefined, { what: 'the submit of "解決した"' });
  await takahashi.waitForCard('解決済みにしました', { since: 0 });
  await takahashi.waitForQuiet();
  const stillAnswer = (await messagesWith(takahashi, '回答が届きました')).filter((t) => t.includes('解決した') || t.includes('まだ困っている'));
  if (stillAnswer.length) throw new Error(`the answer card (with 解決した) is still on screen after solving, it should have been replaced: ${stillAnswer[0].slice(0, 200)}`);
  await takahashi.screenshot('question-answered');

  // 7. 鈴木 一郎's card now shows the final state (updated in place by the bot), with nothing left to press.
  const solved = await suzuki.waitForBotMessage('解決済み（質問者が「解決した」と回答）', { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  const solvedText = norm(await solved.innerText());
  if (!solvedText.includes(norm(QUESTION))) throw new Error(`鈴木 一郎's solved card does not show the question; it says: ${solvedText}`);
  const pressable = (await messagesWith(suzuki, QUESTION)).filter((t) => t.includes('回答する') || t.includes('追加で返信する'));
  if (pressable.length) throw new Error(`鈴木 一郎 still has a card for the solved question with a button to answer: ${pressable[0].slice(0, 200)}`);
  await suzuki.screenshot('question-keyuser-solved');
}
