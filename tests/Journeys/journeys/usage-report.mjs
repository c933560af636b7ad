// Measured usage beside what people said: the DX promoter 佐藤 花子 types 利用状況取り込み and pastes a CSV of
// per-person active days (メールアドレス,日付,回数) for the demo people over the last four weeks up to this week,
// taken from the bot's clock (Asia/Tokyo, weeks start on Monday). The CSV has one line for someone the bot does
// not know: it is left out and its line named. The result card says 3 people, 4 weeks (the four Mondays) and
// the unmatched line. She types レポート: the report card has the measured part (実測の利用状況) with a table of
// 実測 beside 申告 per department and its status, the counts table (未開始 / 離脱 / 定着 / 今週開始) and the launch
// curve (the <img> has loaded).
// Screenshots: usage-import, usage-report (the chat at the measured part), usage-report-measured (that part whole).
// The import replaces the four weeks it holds, so what the journey asserts on (this week's active people, who
// lapsed, who is habitual) is what it imported, whether or not the demo seeds usage of its own (older weeks
// and more staff may be there: only counts the import fixes are asserted, headcounts only as N/M with M >= N).
import { norm } from '../lib/cards.mjs';

export const name = 'usage-report';
export const description = 'promoter pastes a usage CSV; the report shows measured beside said with the launch curve';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 180000;

const TOOL = '経費精算システム';
const ZONE_OFFSET_MS = 9 * 3600e3; // the company's calendar (Asia/Tokyo, no daylight saving)

/** The bot's clock is the system clock (Development DevClock, offset 0: nothing here moves it). */
function tokyoToday() {
  const local = new Date(Date.now() + ZONE_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

const day = (d) => d.toISOString().slice(0, 10);
const addDays = (d, n) => new Date(d.getTime() + n * 86400e3);

/** The usage: weeks[0] is three weeks ago, weeks[3] this week (Mondays, never after today). */
function usageCsv(today) {
  const monday = addDays(today, -((today.getUTCDay() + 6) % 7));
  const weeks = [-3, -2, -1, 0].map((w) => addDays(monday, 7 * w));
  const lines = ['メールアドレス,日付,回数'];
  // 佐藤 花子 (営業部): every week, also Tuesday where that day has come -> habitual, active this week.
  for (const w of weeks) {
    lines.push(`sato@contoso.example,${day(w)},3`);
    if (addDays(w, 1) <= today) lines.push(`sato@contoso.example,${day(addDays(w, 1))},1`);
  }
  // 鈴木 一郎 (営業部): the first two weeks only -> lapsed (nothing in the last two weeks).
  lines.push(`suzuki@contoso.example,${day(weeks[0])},2`, `SUZUKI@contoso.example,${day(weeks[1])},1`);
  // Someone who is not in the bot's directory: left out, line named.
  lines.push(`former.staff@contoso.example,${day(weeks[2])},5`);
  const unmatchedLine = lines.length;
  // 伊藤 誠 (製造部): this week only.
  lines.push(`ito@contoso.example,${day(weeks[3])},4`);
  return { csv: lines.join('\n'), weeks: weeks.map(day), unmatchedLine };
}

function expectText(text, wants, what) {
  for (const want of wants) {
    const ok = want instanceof RegExp ? want.test(text) : text.includes(norm(want));
    if (!ok) throw new Error(`${what} does not show ${want}; it says: ${text}`);
  }
}

/** The rows of the table whose header row matches `header`, up to the next table's header. */
function tableAfter(rows, header) {
  const start = rows.findIndex((r) => header.test(r));
  if (start < 0) return null;
  const body = [];
  for (const r of rows.slice(start + 1)) {
    if (/^部署 /.test(r)) break;
    body.push(r);
  }
  return body;
}

export default async function usageReport(h) {
  const sato = await h.openChat('sato');
  await sato.waitForQuiet();
  const today = tokyoToday();
  const { csv, weeks, unmatchedLine } = usageCsv(today);
  h.log(`  today (Tokyo) ${day(today)}; weeks ${weeks.join(', ')}; ${csv.split('\n').length - 1} rows`);

  // 1. The import card; the only initiative is already picked. She pastes the CSV and sends it.
  await sato.send('利用状況取り込み');
  const form = await sato.waitForCard('利用状況の取り込み');
  await sato.waitForQuiet();
  await sato.fillInput('csv', csv, { card: form });
  await sato.clickAction('取り込む', { card: form });
  // The result takes the form's place in the chat (the pasted text does not stay on screen).
  const stored = await sato.waitForCard(`「${TOOL}」の利用状況を`, { since: 0 });
  await sato.waitForQuiet();
  const storedText = norm(await stored.innerText());
  expectText(storedText, [
    `「${TOOL}」の利用状況を3人分取り込みました`,
    `4週分（${weeks.join(', ')} の週）を置き換えました`,
    `登録されていない人の行1件は取り込みませんでした：${unmatchedLine}行目`,
  ], 'the import result card');
  if (storedText.includes('問題があります')) throw new Error(`the import was refused: ${storedText}`);
  await stored.scrollIntoViewIfNeeded();
  await sato.screenshot('usage-import');

  // 2. The report: the pulse part, then the measured part for this week.
  await sato.send('レポート');
  const report = await sato.waitForCard(`${TOOL} 最新レポート`);
  await sato.waitForQuiet();
  const text = norm(await report.innerText());
  expectText(text, [
    /実測の利用状況（\d{1,2}\/\d{1,2}（.）の週）/,
    '実測：ツールの記録で、その週に1回以上使った人の割合。申告：パルスで使ったと答えた人の割合。',
    '未開始：一度も使っていない人。',
  ], 'the report');

  const rows = await report.locator('[role=row], tr').evaluateAll((rs) => rs.map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
  h.log(`  table rows: ${JSON.stringify(rows)}`);

  // Measured beside said: 部署 状況 実測 申告 前週比. This week 営業部 has 佐藤 花子 active, 製造部 伊藤 誠, so 2 in all.
  const rates = tableAfter(rows, /^部署 状況 実測 申告 前週比/);
  if (!rates) throw new Error(`the report has no measured-beside-said table; rows: ${JSON.stringify(rows)}`);
  const STATUS = '(順調|要注意|目標未達|—)';
  const rate = (group, active) => new RegExp(`^${group} ${STATUS} (\\d+)% ${active}/(\\d+) (\\d+%|—) ([+-]\\d+\\.\\d|—)$`);
  for (const [group, active] of [['全社', 2], ['営業部', 1], ['製造部', 1]]) {
    const row = rates.find((r) => r.startsWith(`${group} `));
    const m = row && rate(group, active).exec(row);
    if (!m) throw new Error(`the measured table has no row "${group} <status> <measured> ${active}/<headcount> <said> <change>"; rows: ${JSON.stringify(rates)}`);
    const [, , percent, headcount] = m;
    if (Number(headcount) < active || Number(percent) !== Math.round((100 * active) / Number(headcount))) {
      throw new Error(`${group}: measured ${percent}% does not match ${active}/${headcount}: ${row}`);
    }
  }
  if (!rates.some((r) => /^(営業部|製造部) \S+ \d+% \d+\/\d+ \d+%/.test(r))) {
    throw new Error(`no department has a said figure beside the measured one (the demo's pulses have them): ${JSON.stringify(rates)}`);
  }

  // The counts: 営業部 has 鈴木 一郎 lapsed and 佐藤 花子 habitual (at least: demo staff may add to either).
  const counts = tableAfter(rows, /^部署 未開始 離脱 定着 今週開始/);
  if (!counts) throw new Error(`the report has no counts table; rows: ${JSON.stringify(rows)}`);
  for (const group of ['全社', '営業部', '製造部']) {
    if (!counts.some((r) => new RegExp(`^${group} \\d+ \\d+ \\d+ \\d+$`).test(r))) throw new Error(`the counts table has no row for ${group}: ${JSON.stringify(counts)}`);
  }
  const [, , lapsed, habitual] = /^営業部 (\d+) (\d+) (\d+) (\d+)$/.exec(counts.find((r) => r.startsWith('営業部 ')));
  if (Number(lapsed) < 1 || Number(habitual) < 1) throw new Error(`営業部 should count 鈴木 一郎 as 離脱 and 佐藤 花子 as 定着: ${JSON.stringify(counts)}`);

  // The launch curve, loaded.
  const curve = report.locator('img[alt*="立ち上がり曲線"]').first();
  if (await curve.count() === 0) {
    const alts = await report.locator('img').evaluateAll((is) => is.map((i) => i.alt));
    throw new Error(`the report has no launch curve image; images: ${JSON.stringify(alts)}`);
  }
  await curve.scrollIntoViewIfNeeded();
  const img = await waitForImage(curve);
  h.log(`  launch curve: ${img.width}x${img.height} px shown ${img.shownWidth}x${img.shownHeight} from ${new URL(img.src).pathname}`);
  if (!/\/launch-[^/]*\.png$/.test(new URL(img.src).pathname)) throw new Error(`the launch curve comes from ${img.src}`);
  // The chat as she sees it, the measured part's heading at the top; and the whole measured part with its curve.
  await report.getByText('実測の利用状況').first().evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await sato.screenshot('usage-report');
  const measured = report.locator('.ac-container').filter({ hasText: '実測の利用状況' }).filter({ has: sato.page.locator('img[alt*="立ち上がり曲線"]') }).last();
  // The chat pane clips an element to the window: a tall window for this one picture.
  const size = sato.page.viewportSize();
  await sato.page.setViewportSize({ width: size.width, height: 2400 });
  await measured.scrollIntoViewIfNeeded();
  await measured.screenshot({ path: `${h.screenshotDir}/usage-report-measured.png` });
  await sato.page.setViewportSize(size);
}

/** Waits until the image has loaded; returns its natural and shown size and source. */
async function waitForImage(img, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await img.evaluate((e) => ({ complete: e.complete, width: e.naturalWidth, height: e.naturalHeight, shownWidth: e.clientWidth, shownHeight: e.clientHeight, src: e.currentSrc || e.src }));
    if (last.complete && last.width > 0) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the launch curve did not load within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
