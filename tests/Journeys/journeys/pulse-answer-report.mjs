// Pulse answered, changed and reported: the DX promoter 佐藤 花子 types アンケート and presses 今すぐ配信 for
// 経費精算システム. 鈴木 一郎 (営業部) gets the survey in his chat, answers it (radio buttons + a comment), sees the
// thank-you with his answers, presses 回答を変更, changes one answer and sends again. Then 佐藤 花子 types レポート and
// sees the figures of the demo's weekly history (営業部 and 製造部 in one table), this week's progress and the trend chart image.
import { actionTitles, norm, sentCard } from '../lib/cards.mjs';
import { cardInputs } from '../lib/chat.mjs';

export const name = 'pulse-answer-report';
export const description = 'promoter runs a pulse now, staff answers and changes the answer, promoter reads the report with its chart';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 180000;

const TOOL = '経費精算システム';
const SURVEY_TITLE = `${TOOL} 利用状況アンケート`;
const COMMENT = '領収書の写真をスマホから添付できるので、外出先でも申請できて助かります。';
const FIRST = { q_usage: 'daily', q_ease: '4', q_fallback: 'no', q_blockers: 'slower' };
const SURVEY_INPUTS = ['q_usage', 'q_ease', 'q_fallback', 'q_blockers', 'q_comment'];

export default async function pulseAnswerReport(h) {
  // 1. 鈴木 一郎 opens his chat first, so the bot can reach him. He ignores the welcome.
  const suzuki = await h.openChat('suzuki');
  await suzuki.waitForCard('ようこそ', { since: 0 });

  // 2. The promoter opens the pulse admin card and runs the survey now.
  const sato = await h.openChat('sato');
  await sato.send('アンケート');
  const admin = await sato.waitForCard('利用状況アンケート（パルス）');
  await sato.waitForQuiet();
  const adminText = norm(await admin.innerText());
  if (!adminText.includes(TOOL)) throw new Error(`the pulse admin card does not list ${TOOL}; it says: ${adminText}`);
  await sato.clickAction('今すぐ配信', { card: admin });
  const started = await sato.waitForCard(`${TOOL} のアンケートを配信しています`, { since: 0 });
  await sato.waitForQuiet();
  const startedText = norm(await started.innerText());
  const invited = Number((startedText.match(/(\d+)人に配信します/) || [])[1]);
  if (!(invited >= 1)) throw new Error(`the run-now card does not say how many people get it ("{n}人に配信します"): ${startedText}`);
  h.log(`  run now: ${invited} people invited`);
  await sato.screenshot('pulse-run-now');

  // 3. 鈴木 一郎 gets the survey (delivered in the background): radio buttons for each choice question and a comment box.
  const survey = await suzuki.waitForCard(SURVEY_TITLE, { since: 0, timeoutMs: 30000 });
  await suzuki.waitForQuiet();
  const surveyJson = sentCard(suzuki, SURVEY_TITLE, 'q_usage');
  const inputs = cardInputs(surveyJson);
  for (const id of SURVEY_INPUTS) {
    if (!inputs.some((i) => i.id === id)) throw new Error(`the survey has no input "${id}"; it has ${JSON.stringify(inputs.map((i) => i.id))}`);
  }
  for (const id of ['q_usage', 'q_ease', 'q_fallback', 'q_blockers']) {
    const input = inputs.find((i) => i.id === id);
    if (input.type !== 'Input.ChoiceSet' || input.style !== 'expanded') throw new Error(`${id} is not an expanded ChoiceSet: ${JSON.stringify(input)}`);
  }
  if (await survey.locator('[role=radiogroup]').count() < 4) throw new Error('the survey does not show its four choice questions as radio buttons');
  if (!actionTitles(surveyJson).includes('回答する')) throw new Error(`the survey has no 回答する button; it has ${JSON.stringify(actionTitles(surveyJson))}`);

  // He clicks into the comment box first: the Playground may redraw a card on a page's first click in the chat
  // area and drop what was already chosen or typed.
  await survey.locator('textarea').first().click();
  await suzuki.fillInputs({ ...FIRST, q_comment: COMMENT }, { card: survey });
  await suzuki.screenshot('pulse-survey');
  const firstSubmit = await suzuki.submitCard({}, '回答する', { card: survey });
  expectValues('the first answer', firstSubmit.value, { ...FIRST, q_comment: COMMENT });

  // 4. The survey is replaced by the thank-you, which repeats his answers.
  await survey.getByText('回答ありがとうございました！').waitFor({ timeout: 15000 });
  await suzuki.waitForQuiet();
  const thanksText = norm(await survey.innerText());
  for (const want of ['毎日', '前のやり方より遅い', 'いいえ', COMMENT, 'までは回答を変更できます']) {
    if (!thanksText.includes(norm(want))) throw new Error(`the thank-you does not show "${want}"; it says: ${thanksText}`);
  }
  if (await survey.locator('[role=radiogroup]').count()) throw new Error('the thank-you still shows the survey inputs; the survey should have been replaced');
  await suzuki.screenshot('pulse-thanks');

  // 5. 回答を変更 brings the survey back, filled in with what he sent.
  await suzuki.clickAction('回答を変更', { card: survey });
  await survey.locator('[role=radiogroup]').first().waitFor({ timeout: 15000 });
  await suzuki.waitForQuiet();
  const refilled = [...suzuki.cards].reverse().find((c) => JSON.stringify(c).includes(SURVEY_TITLE) && cardInputs(c).some((i) => i.id === 'q_usage'));
  const refilledValues = Object.fromEntries(cardInputs(refilled).map((i) => [i.id, i.value]));
  expectValues('the survey brought back by 回答を変更', refilledValues, { ...FIRST, q_comment: COMMENT });
  const checked = await survey.locator('[role=radiogroup] input[type=radio]:checked').count();
  if (checked !== 4) throw new Error(`the survey brought back by 回答を変更 shows ${checked} chosen radio buttons, expected 4 (his answers)`);
  const box = survey.locator('textarea').first();
  if (norm(await box.inputValue()) !== norm(COMMENT)) throw new Error(`the comment box shows ${JSON.stringify(await box.inputValue())}, not his comment`);

  // He now uses it several times a week and finds it very easy, and sends again.
  const changed = { q_usage: 'several', q_ease: '5' };
  const secondSubmit = await suzuki.submitCard(changed, '回答する', { card: survey });
  expectValues('the changed answer', secondSubmit.value, { ...FIRST, ...changed, q_comment: COMMENT });
  await survey.getByText('回答を変更しました。ありがとうございます！').waitFor({ timeout: 15000 });
  await suzuki.waitForQuiet();
  const changedText = norm(await survey.innerText());
  for (const want of ['数回', '5（とても使いやすい）', COMMENT]) {
    if (!changedText.includes(norm(want))) throw new Error(`the changed thank-you does not show "${want}"; it says: ${changedText}`);
  }
  if (changedText.includes('毎日')) throw new Error(`the changed thank-you still shows the old answer 毎日: ${changedText}`);
  await suzuki.screenshot('pulse-changed');

  // 6. The promoter reads the report: last week's figures from the demo history, per department, and the chart.
  await sato.send('レポート');
  const report = await sato.waitForCard(`${TOOL} 最新レポート`);
  await sato.waitForQuiet();
  const reportText = norm(await report.innerText());
  // The open run (his answer only) is a progress line; the figures are the last closed week's, in one table.
  for (const want of ['営業部', '製造部', '回答率', '利用率', '順調', '要注意', `今週：回答受付中 1/${invited}`]) {
    if (!reportText.includes(want)) throw new Error(`the report does not show "${want}"; it says: ${reportText}`);
  }
  const sales = reportText.match(/営業部 順調 (\d+)% (\d+)\/(\d+) (\d+)%/);
  if (!sales) throw new Error(`the report shows no figures for 営業部 ("営業部 順調 n% a/b n%"); it says: ${reportText}`);
  h.log(`  report: 営業部 response ${sales[1]}% (${sales[2]}/${sales[3]}), use ${sales[4]}%`);
  if (reportText.includes('回答者が5人未満')) throw new Error(`the report hides a group for anonymity; the demo history has enough answers: ${reportText}`);

  const chart = report.locator('img').first();
  await chart.scrollIntoViewIfNeeded();
  const size = await waitForImage(chart);
  if (!/\/files\//.test(size.src)) throw new Error(`the chart image is not served from /files/: ${size.src}`);
  h.log(`  chart: ${size.width}x${size.height} from ${new URL(size.src).pathname}`);
  await sato.screenshot('pulse-answer-report');
}

/** Every expected input value is what the bot got (or the card carried). */
function expectValues(what, actual, expected) {
  for (const [id, want] of Object.entries(expected)) {
    if (norm(actual && actual[id]) !== norm(want)) {
      throw new Error(`${what}: ${id} is ${JSON.stringify(actual && actual[id])}, expected ${JSON.stringify(want)} (all: ${JSON.stringify(actual)})`);
    }
  }
}

/** Waits until the image has loaded (naturalWidth > 0); returns its natural size and source. */
async function waitForImage(img, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await img.evaluate((e) => ({ complete: e.complete, width: e.naturalWidth, height: e.naturalHeight, src: e.currentSrc || e.src }));
    if (last.complete && last.width > 0) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the chart image did not load within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}
