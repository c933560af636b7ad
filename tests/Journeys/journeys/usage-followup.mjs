// The key user's follow-up list: 高橋 美咲 and 田中 健太 join 営業部 (welcome card). 佐藤 花子 imports usage for the last
// four weeks up to this week (from the bot's clock): she and 鈴木 一郎 every week, 田中 健太 only three weeks ago
// (lapsed), 高橋 美咲 not at all (never started), 伊藤 誠 (製造部) this week. 鈴木 一郎 (key user of 営業部) types
// フォローアップ: 営業部's list names 田中 健太 (離脱, his last day) and 高橋 美咲 (未開始), not those who use the tool,
// and nobody of 製造部. He presses 声をかけた on 高橋 美咲's row: the bot says so and the list he pressed it on is
// redrawn with her marked. He types フォローアップ again: the new list remembers it (声をかけました（鈴木 一郎）, また声をかけた) and
// counts her among the contacted.
// The import replaces the four weeks it holds, so the standings asserted here are what it imported, whether or
// not the demo seeds usage and staff of its own (more rows may then be on the list).
import { messagesWith, norm, pickDepartment } from '../lib/cards.mjs';

export const name = 'usage-followup';
export const description = 'key user gets the follow-up list, marks one person contacted; the next list remembers it';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 240000;

const TOOL = '経費精算システム';
const TITLE = `フォローアップ：${TOOL}`;
const ZONE_OFFSET_MS = 9 * 3600e3; // the company's calendar (Asia/Tokyo, no daylight saving)

/** The bot's clock is the system clock (Development DevClock, offset 0: nothing here moves it). */
function tokyoToday() {
  const local = new Date(Date.now() + ZONE_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

const day = (d) => d.toISOString().slice(0, 10);
const addDays = (d, n) => new Date(d.getTime() + n * 86400e3);
/** As the cards show a day to a reader in Tokyo: "11/16（月）". */
const shown = (d) => `${d.getUTCMonth() + 1}/${d.getUTCDate()}（${'日月火水木金土'[d.getUTCDay()]}）`;

function usageCsv(today) {
  const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
  const weeks = [-3, -2, -1, 0].map((w) => addDays(monday, 7 * w));
  const lines = ['email,date,count'];
  for (const w of weeks) lines.push(`sato@contoso.example,${day(w)},2`, `suzuki@contoso.example,${day(w)},3`);
  lines.push(`tanaka@contoso.example,${day(weeks[0])},1`, `ito@contoso.example,${day(weeks[3])},4`);
  return { csv: lines.join('\n'), weeks, tanakaLast: weeks[0] };
}

function expectText(text, wants, what) {
  for (const want of wants) {
    const ok = want instanceof RegExp ? want.test(text) : text.includes(norm(want));
    if (!ok) throw new Error(`${what} does not show ${want}; it says: ${text}`);
  }
}

/** The list's row (innermost container) for `person`. */
const rowOf = (chat, card, person) =>
  card.locator('.ac-container').filter({ hasText: person }).filter({ has: chat.page.getByRole('button', { name: '対応不要', exact: true }) }).last();

async function waitForMessageWith(chat, pieces, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while ((await messagesWith(chat, ...pieces)).length === 0) {
    if (Date.now() > deadline) throw new Error(`${what}: no message shows ${JSON.stringify(pieces)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function openList(chat) {
  await chat.send('フォローアップ');
  const list = await chat.waitForCard(TITLE);
  await chat.waitForQuiet();
  return list;
}

export default async function usageFollowup(h) {
  // 1. The key user first (so the bot can reach him), then the two new staff join 営業部.
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForCard('ようこそ', { since: 0 });
  await suzuki.waitForQuiet();
  for (const who of ['takahashi', 'tanaka']) {
    const chat = await h.openChat(who);
    await pickDepartment(chat, '営業部');
  }

  // 2. The promoter imports the usage.
  const sato = await h.openChat('sato');
  await sato.waitForQuiet();
  const today = tokyoToday();
  const { csv, weeks, tanakaLast } = usageCsv(today);
  h.log(`  today (Tokyo) ${day(today)}; weeks ${weeks.map(day).join(', ')}`);
  await sato.send('利用状況取り込み');
  const form = await sato.waitForCard('利用状況の取り込み');
  await sato.waitForQuiet();
  await sato.fillInput('csv', csv, { card: form });
  await sato.clickAction('取り込む', { card: form });
  const stored = await sato.waitForCard(`「${TOOL}」の利用状況を`, { since: 0 });
  await sato.waitForQuiet();
  expectText(norm(await stored.innerText()), [`「${TOOL}」の利用状況を4人分取り込みました`, '4週分'], 'the import result card');

  // 3. 鈴木 一郎's list: 営業部 with the lapsed and the never started, not those who use the tool.
  const list = await openList(suzuki);
  const text = norm(await list.innerText());
  expectText(text, [TITLE, '営業部', '田中 健太', `離脱（最後の利用 ${shown(tanakaLast)}）`, '高橋 美咲', '未開始（利用の記録なし）'], "鈴木 一郎's follow-up list");
  const counts = /未開始 (\d+)人・離脱 (\d+)人/.exec(text);
  if (!counts || Number(counts[1]) < 1 || Number(counts[2]) < 1) throw new Error(`the list does not count 未開始 and 離脱 in 営業部: ${text}`);
  for (const absent of ['佐藤 花子', '製造部', '伊藤 誠', '声をかけました']) {
    if (text.includes(absent)) throw new Error(`the list shows "${absent}", who is not for this key user to follow up (or not yet contacted): ${text}`);
  }
  const takahashiRow = rowOf(suzuki, list, '高橋 美咲');
  await takahashiRow.scrollIntoViewIfNeeded();
  await suzuki.screenshot('usage-followup');

  // 4. 声をかけた on 高橋 美咲's row.
  const before = suzuki.toBot.length;
  await suzuki.clickAction('声をかけた', { card: takahashiRow });
  const press = await suzuki.waitForActivityToBot((a, i) => i >= before && a.value !== undefined, { what: 'the 声をかけた press' });
  const takahashiId = h.tenant.people.find((p) => p.key === 'takahashi').aadObjectId;
  if (press.value.personId !== takahashiId || press.value.mark !== 'contacted') throw new Error(`the press sent ${JSON.stringify(press.value)}, not 高橋 美咲 contacted`);
  await suzuki.waitForBotMessage('高橋 美咲 さんを「声をかけた」にしました。');
  await suzuki.waitForQuiet();
  // The list he pressed it on is redrawn in place with her marked.
  await waitForMessageWith(suzuki, [TITLE, 'に声をかけました（鈴木 一郎）'], 'the pressed list redrawn with the mark');

  // 5. Asked again, the list remembers it: her row says when and by whom, and offers また声をかけた.
  const again = await openList(suzuki);
  const againText = norm(await again.innerText());
  expectText(againText, [TITLE, '田中 健太', '高橋 美咲', `${shown(today)} に声をかけました（鈴木 一郎）`, /声をかけた1人のうち、0人がその後使いました。/], 'the next follow-up list');
  const marked = rowOf(suzuki, again, '高橋 美咲');
  const markedText = norm(await marked.innerText());
  if (!markedText.includes('に声をかけました（鈴木 一郎）')) throw new Error(`高橋 美咲's row is not marked: ${markedText}`);
  const titles = await marked.getByRole('button').evaluateAll((bs) => bs.map((b) => b.getAttribute('title') || b.innerText.trim()));
  for (const want of ['また声をかけた', '対応不要', '戻す']) {
    if (!titles.includes(want)) throw new Error(`高橋 美咲's marked row has no ${want}; it has ${JSON.stringify(titles)}`);
  }
  const tanakaRow = norm(await rowOf(suzuki, again, '田中 健太').innerText());
  if (tanakaRow.includes('声をかけました')) throw new Error(`田中 健太 is marked too: ${tanakaRow}`);
  await marked.scrollIntoViewIfNeeded();
  await suzuki.screenshot('usage-followup-marked');
}
