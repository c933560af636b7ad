// The report at a glance: the DX promoter 佐藤 花子 runs this week's pulse now and 鈴木 一郎 answers it (1 answer so
// far). 佐藤 花子 types レポート: the card shows the demo's last closed week with its figures (not the open run, whose
// figures would all be hidden), a line 「今週：回答受付中 1/N」, one department table (営業部 順調, 製造部 要注意) and the
// trend chart, drawn at twice the pixels of a card-wide image with large labels. She presses Excelでダウンロード and
// gets a signed link to the report as an .xlsx file.
import { actionTitles, norm } from '../lib/cards.mjs';

export const name = 'report-glance';
export const description = 'promoter reads the report while a pulse is open: last closed week, progress line, department table, readable chart, Excel file';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 180000;

const TOOL = '経費精算システム';
const SURVEY_TITLE = `${TOOL} 利用状況アンケート`;

export default async function reportGlance(h) {
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForCard('ようこそ', { since: 0 });
  const sato = await h.openChat('sato');

  // 1. This week's pulse goes out now; 鈴木 一郎 answers it, nobody else yet.
  await sato.send('アンケート');
  const admin = await sato.waitForCard('利用状況アンケート（パルス）');
  await sato.waitForQuiet();
  await sato.clickAction('今すぐ配信', { card: admin });
  const started = await sato.waitForCard(`${TOOL} のアンケートを配信しています`, { since: 0 });
  await sato.waitForQuiet();
  const invited = Number((norm(await started.innerText()).match(/(\d+)人に配信します/) || [])[1]);
  if (!(invited >= 2)) throw new Error(`the run-now card does not say how many people get it: ${norm(await started.innerText())}`);

  const survey = await suzuki.waitForCard(SURVEY_TITLE, { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  await survey.locator('textarea').first().click();
  await suzuki.fillInputs({ q_usage: 'daily', q_ease: '4', q_fallback: 'no', q_blockers: 'slower' }, { card: survey });
  await suzuki.submitCard({}, '回答する', { card: survey });
  await survey.getByText('回答ありがとうございました！').waitFor({ timeout: 15000 });

  // 2. The report: last closed week's figures and this week's progress, counts only.
  await sato.send('レポート');
  const report = await sato.waitForCard(`${TOOL} 最新レポート`);
  await sato.waitForQuiet();
  const text = norm(await report.innerText());
  const progress = `今週：回答受付中 1/${invited}`;
  if (!text.includes(progress)) throw new Error(`the report does not show "${progress}"; it says: ${text}`);
  if (text.includes('集計中')) throw new Error(`the report shows the open run instead of the last closed one: ${text}`);
  if (/回答者が\d+人未満/.test(text)) throw new Error(`the report hides figures; the demo's last closed week has enough answers: ${text}`);

  // One table: a header row, the company, then each department with its status.
  const table = report.locator('[role=table], table').first();
  await table.waitFor({ timeout: 10000 });
  const rows = await report.locator('[role=row], tr').evaluateAll((rs) => rs.map((r) => r.innerText.replace(/\s+/g, ' ').trim()));
  h.log(`  table rows: ${JSON.stringify(rows)}`);
  for (const want of [/^部署 状況 回答率 利用率/, /^全社 /, /^営業部 順調 \d+% \d+\/\d+ \d+%/, /^製造部 要注意 \d+% \d+\/\d+ \d+%/]) {
    if (!rows.some((r) => want.test(r))) throw new Error(`the department table has no row like ${want}; rows: ${JSON.stringify(rows)}`);
  }
  if (await report.locator('.ac-factset').count() > 0) throw new Error('the report still shows fact lists per department');

  // The chart: twice the pixels of its width on the card, so text stays sharp where Teams shows it.
  const chart = report.locator('img').first();
  await chart.scrollIntoViewIfNeeded();
  const img = await waitForImage(chart);
  h.log(`  chart: ${img.width}x${img.height} px shown ${img.shownWidth}x${img.shownHeight} from ${new URL(img.src).pathname}`);
  if (img.width < 2 * img.shownWidth - 2) throw new Error(`the chart is ${img.width} px wide for ${img.shownWidth} px on the card: not 2x`);
  await sato.screenshot('report-glance');
  await report.screenshot({ path: `${h.screenshotDir}/report-glance-card.png` });

  // 3. The report as an Excel file, from a signed link.
  if (!actionTitles(lastReportJson(sato)).includes('Excelでダウンロード')) throw new Error('the promoter\'s report has no Excelでダウンロード button');
  await sato.clickAction('Excelでダウンロード', { card: report });
  const ready = await sato.waitForCard('Excelの準備ができました');
  await sato.waitForQuiet();
  const readyJson = [...sato.cards].reverse().find((c) => JSON.stringify(c).includes('Excelの準備ができました'));
  const url = readyJson && readyJson.actions && readyJson.actions[0] && readyJson.actions[0].url;
  if (!url || !/\/files\/[0-9a-f]{32}\/report-[\d-]+\.xlsx\?exp=\d+&sig=/.test(url)) throw new Error(`the Excel card has no signed .xlsx link: ${url}`);
  const response = await sato.page.request.get(url);
  const body = await response.body();
  if (!response.ok() || body.subarray(0, 2).toString() !== 'PK') throw new Error(`the .xlsx link gave ${response.status()} and ${body.length} bytes that are not a zip`);
  h.log(`  xlsx: ${body.length} bytes, ${response.headers()['content-type']}`);
  await ready.scrollIntoViewIfNeeded();
  await sato.screenshot('report-glance-excel');
}

function lastReportJson(chat) {
  return [...chat.cards].reverse().find((c) => JSON.stringify(c).includes('最新レポート'));
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
  throw new Error(`the chart image did not load within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
