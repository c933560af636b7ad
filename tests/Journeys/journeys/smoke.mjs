// Smoke: 佐藤 花子 opens her 1:1 chat with the bot, sends "help", and gets a reply.
export const name = 'smoke';
export const description = 'personal chat answers "help"';

export default async function smoke(h) {
  const sato = await h.openChat('sato');
  await sato.send('help');
  await sato.waitForBotMessage(); // any new bot message (text or card)
  // The bot received what Teams would send: a message from 佐藤 花子 in Japanese.
  const msg = sato.toBot.find((a) => a.type === 'message' && a.text === 'help');
  if (!msg) throw new Error('the bot did not receive "help"');
  if (msg.from.aadObjectId !== sato.person.aadObjectId) throw new Error(`from.aadObjectId is ${msg.from.aadObjectId}`);
  if (msg.locale !== 'ja-JP') throw new Error(`locale is ${msg.locale}`);
  await sato.waitForQuiet(); // the bot's turn has ended and the page has rendered the reply
  await sato.screenshot('smoke');
}
