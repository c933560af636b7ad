// Broadcast acknowledged: the executive 伊藤 誠 (製造部) types お知らせ, opens a new broadcast, writes a message to 営業部
// with an "I'll try it" (やってみます) button, previews it (only he gets the preview) and sends it. 高橋 美咲, new in
// 営業部, receives it and presses やってみます; her card turns into a thank-you without the button. 伊藤 誠 then opens
// お知らせ again and sees the delivery report (1 sent, nothing failed or pending) and one acknowledgement.
// Two Playgrounds = two people; the bot delivers to 高橋 美咲 in the background (~1 s polling).
import { actionTitles, facts, messagesWith, norm, pickDepartment, sentCard } from '../lib/cards.mjs';
import { cardInputs } from '../lib/chat.mjs';

export const name = 'broadcast-ack';
export const description = 'an executive previews and sends a broadcast to one department; a staff member presses "I\'ll try it"; the executive sees the report';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 240000;

const TITLE = '経費精算システムを使ってみましょう';
const BODY_LINES = ['今月から経費精算は新しいシステムで申請します。', '領収書はスマホで撮影して添付できます。'];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export default async function broadcastAck(h) {
  // 1. The new staff member opens her chat and joins 営業部, so the bot can reach her later.
  const takahashi = await h.openChat('takahashi');
  await pickDepartment(takahashi, '営業部');

  // 2. The executive opens his chat (he ignores the welcome) and types お知らせ: an empty list with 新しいお知らせ.
  const ito = await h.openChat('ito');
  await ito.waitForCard('ようこそ', { since: 0 });
  await ito.send('お知らせ');
  const list = await ito.waitForCard('まだお知らせはありません');
  await ito.waitForQuiet();
  if (!actionTitles(sentCard(ito, 'まだお知らせはありません')).includes('新しいお知らせ')) throw new Error('the お知らせ list has no 新しいお知らせ button');

  // 3. 新しいお知らせ opens the composer.
  await ito.clickAction('新しいお知らせ', { card: list });
  const composer = await ito.waitForCard('送るタイミング');
  await ito.waitForQuiet();
  const composerJson = sentCard(ito, '送るタイミング', 'title');
  const inputs = Object.fromEntries(cardInputs(composerJson).map((i) => [i.id, i]));
  for (const [id, type] of [['title', 'Input.Text'], ['body', 'Input.Text'], ['imageUrl', 'Input.Text'], ['linkUrl', 'Input.Text'], ['audience', 'Input.ChoiceSet'],
    ['departmentIds', 'Input.ChoiceSet'], ['acknowledge', 'Input.Toggle']]) {
    if (!inputs[id] || inputs[id].type !== type) throw new Error(`the composer has no ${type} "${id}" (inputs: ${Object.keys(inputs).join(', ')})`);
  }
  if (!inputs.body.isMultiline) throw new Error('the body input is not multiline');
  if (inputs.acknowledge.value !== 'true') throw new Error(`the やってみます toggle is not on by default: ${JSON.stringify(inputs.acknowledge)}`);
  // Only the chosen timing's fields are on the card: "now" (the default) has no date or time; the timings are buttons.
  for (const id of ['date', 'time', 'dates', 'weekday', 'monthlyRule', 'day', 'count']) {
    if (inputs[id]) throw new Error(`the composer shows "${id}" while sending now (inputs: ${Object.keys(inputs).join(', ')})`);
  }
  const composerText = JSON.stringify(composerJson);
  for (const want of ['今すぐ送る', '日時を指定して送る', '選んだ日に送る（シリーズ）', '毎週（シリーズ）', '毎月（シリーズ）']) {
    if (!composerText.includes(want)) throw new Error(`the composer offers no "${want}" timing`);
  }
  for (const want of ['プレビュー', '下書き保存', '送信・予約']) {
    if (!actionTitles(composerJson).includes(want)) throw new Error(`the composer has no "${want}" button: ${JSON.stringify(actionTitles(composerJson))}`);
  }

  // 4. He writes the message to 営業部 (click first: the Playground re-renders a card on the first click into it).
  await composer.locator('input').first().click();
  await ito.fillInputs({ title: TITLE, body: BODY_LINES.join('\n'), audience: '部署を選ぶ', departmentIds: '営業部', acknowledge: 'true' }, { card: composer });

  // 5. プレビュー: the exact card comes back to him only; nothing is stored or sent to anyone.
  const previewBefore = ito.toBot.length;
  await ito.clickAction('プレビュー', { card: composer });
  const previewSubmit = await ito.waitForActivityToBot((a, i) => i >= previewBefore && a.value !== undefined, { what: 'the submit of "プレビュー"' });
  if (norm(previewSubmit.value.title) !== norm(TITLE)) throw new Error(`the preview submit carried title ${JSON.stringify(previewSubmit.value.title)}`);
  // One activity, text and card; the Playground shows them as two messages (Teams shows the text above the card).
  await ito.waitForBotMessage('あなたにだけ表示しています');
  const preview = await ito.waitForCard(TITLE);
  await ito.waitForQuiet();
  const previewText = norm(await preview.innerText());
  for (const want of [TITLE, ...BODY_LINES, '伊藤 誠 より', 'やってみます']) {
    if (!previewText.includes(norm(want))) throw new Error(`the preview does not show "${want}"; it says: ${previewText}`);
  }
  await ito.screenshot('broadcast-preview');
  await sleep(3000); // the delivery engine polls every second: anything queued would have gone out by now
  if (takahashi.cards.some((c) => JSON.stringify(c).includes(TITLE))) throw new Error('高橋 美咲 got the broadcast from a preview');

  // 6. 送信・予約 with "今すぐ送る" (the default): the composer turns into "送信しています" for 1 person.
  const sendBefore = ito.toBot.length;
  await ito.clickAction('送信・予約', { card: composer });
  const sendSubmit = await ito.waitForActivityToBot((a, i) => i >= sendBefore && a.value !== undefined, { what: 'the submit of "送信・予約"' });
  if (sendSubmit.value.timing !== 'now') throw new Error(`the send submit carried timing ${JSON.stringify(sendSubmit.value.timing)}, not "now"`);
  const sending = await ito.waitForCard(`お知らせ「${TITLE}」を送信しています`, { since: 0 });
  await ito.waitForQuiet();
  const sendingText = norm(await sending.innerText());
  if (!sendingText.includes('営業部') || !sendingText.includes('（1人）')) throw new Error(`the sending card does not say 営業部 and （1人）; it says: ${sendingText}`);
  if ((await messagesWith(ito, '送るタイミング')).length) throw new Error('the composer is still on screen after sending; it should have been replaced');
  await ito.waitForBotMessage(`お知らせ「${TITLE}」を1人に送っています`, { since: 0, timeoutMs: 30000 });

  // 7. 高橋 美咲 receives it (in the background) and presses やってみます.
  const received = await takahashi.waitForCard(TITLE, { since: 0, timeoutMs: 30000 });
  await takahashi.waitForQuiet();
  const receivedText = norm(await received.innerText());
  for (const want of [...BODY_LINES, '伊藤 誠 より']) {
    if (!receivedText.includes(norm(want))) throw new Error(`高橋 美咲's card does not show "${want}"; it says: ${receivedText}`);
  }
  const receivedJson = sentCard(takahashi, TITLE);
  if (!actionTitles(receivedJson).includes('やってみます')) throw new Error(`高橋 美咲's card has no やってみます button: ${JSON.stringify(actionTitles(receivedJson))}`);
  await takahashi.screenshot('broadcast-received');
  const ackBefore = takahashi.toBot.length;
  await takahashi.clickAction('やってみます', { card: received });
  await takahashi.waitForActivityToBot((a, i) => i >= ackBefore && a.value !== undefined, { what: 'the submit of "やってみます"' });
  const thanked = await takahashi.waitForCard('ありがとうございます', { since: 0 });
  await takahashi.waitForQuiet();
  const thankedText = norm(await thanked.innerText());
  if (!thankedText.includes(norm(TITLE))) throw new Error(`the thank-you card lost the message; it says: ${thankedText}`);
  if (await thanked.getByRole('button', { name: 'やってみます', exact: true }).count()) throw new Error('the やってみます button is still on the card after pressing it');
  await takahashi.screenshot('broadcast-acknowledged');

  // 8. The executive opens お知らせ: sent, delivered to 1, nothing failed or pending, one acknowledgement (no names).
  await ito.send('お知らせ');
  const report = await ito.waitForCard('送信済み');
  await ito.waitForQuiet();
  const reportJson = sentCard(ito, '送信済み');
  const f = facts(reportJson);
  const delivery = Object.entries(f).find(([k]) => k.startsWith('1回目'));
  if (!delivery || delivery[1] !== norm('送信 1 · 失敗 0 · 届かない 0 · 送信待ち 0')) {
    throw new Error(`the report does not read "送信 1 · 失敗 0 · 届かない 0 · 送信待ち 0" for 1回目 (facts: ${JSON.stringify(f)})`);
  }
  if (!/^1人/.test(f['「やってみます」'] || '')) throw new Error(`the report does not count 1 acknowledgement (facts: ${JSON.stringify(f)})`);
  // The other 15 営業部 people of the seeded roster (佐藤 花子, 鈴木 一郎 and 13 demo staff) never opened a chat: the
  // report says they are left out.
  if (f['送り先'] !== '営業部（ボットが届かない15人は対象外）') throw new Error(`the report says 送り先 ${JSON.stringify(f['送り先'])}, not 営業部 with the 15 left out`);
  const reportText = norm(await report.innerText());
  if (reportText.includes('高橋')) throw new Error(`the report names who acknowledged: ${reportText}`);
  await ito.screenshot('broadcast-report');
}
