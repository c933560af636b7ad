// Programme health in the executives' monthly report: the demo's measured usage shows one-off enthusiasm (製造部
// peaked after launch and faded, fewer answer the pulse every week, no executive message since go-live). 伊藤 誠
// (executive) and 鈴木 一郎 (key user of 営業部) open their chats; the bot's clock (Development-only POST
// /_dev/clock/advance) moves to the 1st of next month, 09:05 Tokyo, when the monthly report is due. 伊藤 誠's report
// names 一過性型 with its evidence and a message draft ready to send, and proposes thanking 鈴木 一郎 for 営業部's rise.
// He presses 感謝を送る once: 鈴木 一郎 gets the thank-you. The same press sent again sends nothing more.
import { actionTitles, norm } from '../lib/cards.mjs';
import { BOT_PORT, HOST } from '../lib/harness.mjs';

export const name = 'health-monthly';
export const description = 'the executive\'s monthly report diagnoses one-off enthusiasm on the demo data; one press thanks the key user, a second sends nothing';
export const botEnv = { Demo__Seed: 'true', Pulse__CheckInterval: '00:00:02' };
export const timeoutMs = 240000;

const TOOL = '経費精算システム';
const THANKS_TITLE = '鈴木 一郎さん、ありがとうございます';

async function advanceBotClock(h, { hours, minutes }) {
  const query = hours !== undefined ? `hours=${hours}` : `minutes=${minutes}`;
  const url = `http://${HOST}:${BOT_PORT}/_dev/clock/advance?${query}`;
  const res = await fetch(url, { method: 'POST' });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`POST ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  const now = new Date(JSON.parse(body).now);
  if (Number.isNaN(now.getTime())) throw new Error(`POST ${url} answered no usable "now": ${body.slice(0, 300)}`);
  h.log(`  bot clock advanced ${query}: now ${now.toISOString()}`);
  return now;
}

/** 09:05 Tokyo on the 1st of the month after `now` (when Pulse:MonthlyReportCron, 1st 09:00, is due). */
function nextMonthlyReport(now) {
  const tokyo = new Date(now.getTime() + 9 * 3600e3);
  return new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth() + 1, 1, 0, 5));
}

async function thanksCount(chat) {
  return (await chat.botTexts()).filter((t) => norm(t).includes(THANKS_TITLE)).length;
}

export default async function healthMonthly(h) {
  // 1. Both open their chats once, so the bot can reach them.
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForQuiet();
  const ito = await h.openChat('ito');
  await ito.waitForQuiet();

  // 2. The monthly report time comes.
  const now = await advanceBotClock(h, { minutes: 1 });
  const due = nextMonthlyReport(now);
  await advanceBotClock(h, { hours: ((due.getTime() - now.getTime()) / 3600e3).toFixed(4) });

  const report = await ito.waitForCard(`${TOOL} 月次レポート`, { since: 0, timeoutMs: 60000 });
  await ito.waitForQuiet();
  const text = norm(await report.innerText());
  for (const want of ['プログラムの健康診断', '一過性型（兆候', '役員メッセージ：導入から', '回答率', '送るだけのメッセージ案を用意しました',
    '感謝を伝える', '鈴木 一郎', '営業部']) {
    if (!text.includes(norm(want))) throw new Error(`the monthly report does not show "${want}"; it says: ${text}`);
  }
  const pattern = text.match(/一過性型（兆候 (\d)\/3）/);
  h.log(`  one-off enthusiasm: ${pattern && pattern[1]}/3 signals`);
  if (!pattern || Number(pattern[1]) < 2) throw new Error(`the report does not name one-off enthusiasm with 2 or more signals: ${text}`);
  const card = [...ito.cards].reverse().find((c) => JSON.stringify(c).includes('月次レポート'));
  const buttons = actionTitles(card);
  for (const want of ['このメッセージを送る', '感謝を送る']) {
    if (!buttons.includes(want)) throw new Error(`the monthly report has no "${want}" button: ${JSON.stringify(buttons)}`);
  }
  await report.getByText('プログラムの健康診断').first().scrollIntoViewIfNeeded();
  await ito.screenshot('health-monthly');
  await report.getByText('感謝を伝える').first().scrollIntoViewIfNeeded();
  await ito.screenshot('health-recognition');

  // 3. One press thanks 鈴木 一郎.
  const before = ito.toBot.length;
  await ito.clickAction('感謝を送る', { card: report });
  const press = await ito.waitForActivityToBot((a, i) => i >= before && a.type === 'invoke', { what: 'the 感謝を送る press' });
  await ito.waitForBotMessage('鈴木 一郎さんに感謝のメッセージを送りました', { timeoutMs: 30000 });
  await ito.waitForQuiet();
  const thanks = await suzuki.waitForBotMessage(THANKS_TITLE, { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  await thanks.scrollIntoViewIfNeeded();
  await suzuki.screenshot('health-thanks');
  const after = norm(await ito.lastCard().innerText());
  h.log(`  after the press: ${after.includes('送信済み') ? 'the card shows 送信済み' : 'no 送信済み on the newest card'}`);

  // 4. The same press again (an older copy of the card, or a double click): nothing more is sent.
  const again = { ...press, id: `${press.id || 'invoke'}-again`, timestamp: new Date().toISOString() };
  const res = await fetch(`http://${HOST}:${BOT_PORT}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(again),
  });
  if (res.status >= 300) throw new Error(`the second press was answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  await ito.waitForBotMessage('この感謝のメッセージはすでに送られています', { timeoutMs: 30000 });
  await new Promise((r) => setTimeout(r, 4000)); // the delivery engine polls about every second
  const count = await thanksCount(suzuki);
  if (count !== 1) throw new Error(`鈴木 一郎 has ${count} thank-you messages after two presses, expected 1`);
}
