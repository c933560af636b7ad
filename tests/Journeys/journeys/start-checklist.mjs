// Start here (promoter): 佐藤 花子 types はじめに and gets the setup checklist with its live state from the demo
// programme (2 departments, 営業部 with a key user and 製造部 without, the initiative, the next pulse, no
// all-staff team yet), each line with its button; she presses the key users' button and the roles card opens.
import { actionTitles, norm } from '../lib/cards.mjs';

export const name = 'start-checklist';
export const description = 'the promoter types はじめに, reads the setup checklist and opens the roles card from it';
export const botEnv = { Demo__Seed: 'true' };
export const timeoutMs = 150000;

export default async function startChecklist(h) {
  const sato = await h.openChat('sato');
  await sato.waitForQuiet();

  await sato.send('はじめに');
  const checklist = await sato.waitForCard('準備チェックリスト');
  await sato.waitForQuiet();
  const text = norm(await checklist.innerText());
  for (const want of ['部署', '2部署（営業部, 製造部）', '部署ごとのキーユーザー', 'キーユーザーのいる部署：1/2', '営業部 1人', '製造部 0人',
    '部署が未設定の人', '施策（定着させるツール）', '経費精算システム', '次のアンケート', '全社チームへのボット追加', 'まだです']) {
    if (!text.includes(want)) throw new Error(`the checklist does not show "${want}"; it says: ${text}`);
  }
  // The next pulse on her own clock (Tokyo), in the one format, without a zone.
  if (!/次のアンケート \d{1,2}\/\d{1,2}（[月火水木金土日]）\d{2}:\d{2}/.test(text)) throw new Error(`the next pulse is not shown as 「12/9（水）10:00」: ${text}`);
  if (text.includes('JST')) throw new Error(`the checklist names her own zone: ${text}`);

  const card = sato.cards.find((c) => JSON.stringify(c).includes('準備チェックリスト'));
  const buttons = actionTitles(card);
  for (const want of ['部署', '役割', 'インポート', '施策', 'アンケート']) {
    if (!buttons.includes(want)) throw new Error(`the checklist has no "${want}" button: ${JSON.stringify(buttons)}`);
  }
  await sato.screenshot('start-checklist');

  await sato.clickAction('役割', { card: checklist });
  await sato.waitForCard('役割の管理');
  await sato.waitForQuiet();
  await sato.screenshot('start-roles');
}
