// One person's Agents Playground page, driven with playwright-core.
//
// DOM facts of @microsoft/m365agentsplayground 0.2.28 these helpers rely on (class names like
// "___1likylv" are build hashes and are NOT used):
//   composer         [data-lexical-editor="true"][role="textbox"]   (Lexical editor; Enter sends)
//   send button      button[aria-label="Send Message"]
//   chat list        [role="treeitem"][aria-label="Personal Chat" | "<group chat name>" | "<Team name> - <Channel>"]
//   bot message      .fai-OutputCard  (one per bot message; user messages do not have it)
//   message header   [aria-label="Message header"] > [aria-label="Message author"] (bot/others only)
//   Adaptive Card    .fai-OutputCard .ac-adaptiveCard  (Teams renderer on Fluent UI v9)
//   card input label label.ac-richTextBlock[for=<input element id>]  (ids are random "__ac-<uuid>")
//   Input.Text       input.fui-Input__input / textarea (isMultiline)
//   Input.Number     input[role=spinbutton];  Input.Date  input[role=combobox] inside .fui-DatePicker
//   ChoiceSet        compact: input[role=combobox], options in a portal: .fui-Listbox .fui-Option
//                    (role=option single, role=menuitemcheckbox multi); expanded: [role=radiogroup]
//                    with radio + <label>; expanded multi: checkboxes with aria-label=<choice title>
//   Input.Toggle     input[type=checkbox] with aria-label=<title>
//   actions          button[aria-label=<title>][title=<title>] inside .ac-actionSet
// The log panel (right side) repeats message texts, so text is always looked up inside .fai-OutputCard.
import fs from 'node:fs';
import path from 'node:path';

const TEXTBOX = '[data-lexical-editor="true"][role="textbox"]';
const BOT_MESSAGE = '.fai-OutputCard';
const CARD = '.ac-adaptiveCard';

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const exactText = (s) => new RegExp(`^\\s*${escapeRe(String(s)).replace(/\s+/g, '\\s+')}\\s*$`);
const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
const matches = (text, match) => match === undefined || match === null ? true
  : match instanceof RegExp ? match.test(text) : norm(text).includes(norm(match));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Walks an Adaptive Card JSON and returns its inputs in document order (show cards included). */
export function cardInputs(card) {
  const out = [];
  const walk = (node) => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (!node || typeof node !== 'object') return;
    if (typeof node.type === 'string' && node.type.startsWith('Input.')) out.push(node);
    for (const key of ['body', 'items', 'columns', 'actions', 'card', 'inlineAction', 'rows', 'cells']) if (node[key]) walk(node[key]);
  };
  walk(card);
  return out;
}

export class Chat {
  /**
   * @param {object} h        the Harness
   * @param {object} instance the Playground instance ({who, person, url, port, toBot})
   * @param {import('playwright-core').BrowserContext} context
   * @param {import('playwright-core').Page} page
   */
  constructor(h, instance, context, page) {
    this.h = h;
    this.instance = instance;
    this.person = instance.person;
    this.context = context;
    this.page = page;
    this.fromBot = [];   // activities the bot sent to this Playground (from the Playground's log stream)
    this.toBot = instance.toBot; // activities this Playground sent to the bot, as the bot got them
    // Adaptive Card contents the bot sent, oldest first, with the cards it answered Action.Execute presses with.
    this.cards = [];
    instance.onInvokeCard = (card) => this.cards.push(card);
    this.baseline = 0;   // number of bot messages before the last send/click
    this.defaultTimeoutMs = 30000;
  }

  static async open(h, instance) {
    const context = await h.browser.newContext({
      viewport: { width: 1400, height: 1000 },
      locale: instance.person.locale || 'ja-JP',
      timezoneId: instance.person.timeZone || 'Asia/Tokyo',
    });
    // Only ever talk to loopback (the Playground page references fonts on a CDN).
    await context.route('**/*', (route) => {
      const { hostname, protocol } = new URL(route.request().url());
      const local = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname) || protocol === 'data:' || protocol === 'blob:';
      return local ? route.continue() : route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    const chat = new Chat(h, instance, context, page);
    page.on('websocket', (ws) => {
      if (!ws.url().includes('/_ws/log/')) return;
      ws.on('framereceived', (f) => chat._onLogFrame(f.payload));
    });
    page.on('pageerror', (e) => h.log(`[${instance.who}] page error: ${e.message}`));
    const before = chat.toBot.length;
    await page.goto(instance.url, { waitUntil: 'domcontentloaded' });
    await page.locator(TEXTBOX).waitFor({ state: 'visible', timeout: 30000 });
    // Opening the page makes the Playground send installationUpdate + conversationUpdate; let the bot
    // finish those turns (e.g. a welcome card) so that they do not mix with the journey's first step.
    await chat.waitForActivityToBot((a, i) => i >= before && a.type === 'conversationUpdate', { timeoutMs: 20000, what: 'the conversationUpdate of opening the chat' });
    await chat.waitForQuiet();
    await chat.openPersonalChat();
    return chat;
  }

  /**
   * Waits until the bot has answered every activity this Playground sent it (its turns have ended),
   * nothing new happened for `settleMs`, and the page has had a moment to render the replies.
   * Proactive messages (sent outside a turn) are not covered: wait for them with waitForBotMessage.
   */
  async waitForQuiet({ timeoutMs = this.defaultTimeoutMs, settleMs = 400 } = {}) {
    const t = this.instance.turns;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (t.pending.size === 0 && Date.now() - t.lastChange >= settleMs) return;
      await sleep(50);
    }
    const open = [...t.pending].map((a) => a.type + (a.text ? ` "${a.text}"` : '')).join(', ');
    throw new Error(`[${this.instance.who}] the bot has not finished its turns within ${timeoutMs} ms (open: ${open})`);
  }

  _onLogFrame(payload) {
    let msg;
    try { msg = JSON.parse(String(payload)); } catch { return; }
    const log = msg && msg.log;
    const body = log && log.request && log.request.body;
    if (!body || log.from !== 'User Application') return;
    this.fromBot.push(body);
    for (const a of body.attachments || []) {
      if (a && a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content) this.cards.push(a.content);
    }
  }

  // ---------------------------------------------------------------- navigation

  /** Selects the 1:1 chat with the bot (selected by default after load). */
  async openPersonalChat() {
    await this.page.locator('[role="treeitem"][aria-label="Personal Chat"]').click();
    await this.page.locator(TEXTBOX).waitFor();
    this.baseline = await this.botMessageCount();
  }

  /** Selects the group chat (its tree item is labelled with the group chat's name from people.json). */
  async openGroupChat() {
    await this.page.locator(`[role="treeitem"][aria-label="${this.h.tenant.groupChat.name}"]`).click();
    await this.page.locator(TEXTBOX).first().waitFor();
    this.baseline = await this.botMessageCount();
  }

  /**
   * Selects a team channel (default General). The first time, the Playground sends the bot the
   * "bot added to the team" installationUpdate + conversationUpdate (conversationType "channel",
   * channelData.team, eventType teamMemberAdded); this waits until the bot has received the latter.
   * NOTE: a channel is shown as posts with their own reply boxes (not the chat layout), so send() /
   * waitForBotMessage() are not made for channels; posts reach the bot only when they @mention it.
   */
  async openChannel(channelName = 'General') {
    const team = this.h.tenant.team;
    const seen = () => this.toBot.some((a) => a.type === 'conversationUpdate' && a.conversation && a.conversation.conversationType === 'channel');
    const first = !seen();
    await this.page.locator(`[role="treeitem"][aria-label="${team.name} - ${channelName}"]`).click();
    if (first) await this.waitForActivityToBot(() => seen(), { what: 'the team conversationUpdate', timeoutMs: 15000 });
  }

  // ---------------------------------------------------------------- sending

  /**
   * Puts `text` into the composer and sends it (Enter), then waits until the bot has received it.
   * Newlines are kept ("a\nb" arrives as "a\nb"; Shift+Enter line breaks would be dropped by the Playground).
   */
  async send(text) {
    this.baseline = await this.botMessageCount();
    const sentBefore = this.toBot.filter((a) => a.type === 'message').length;
    const box = this.page.locator(TEXTBOX);
    await box.click();
    await this.page.keyboard.insertText(String(text));
    await this.page.keyboard.press('Enter');
    // The message has left the Playground when the bot has received it.
    await this.waitForActivityToBot((a, i) => a.type === 'message' && i >= sentBefore, { timeoutMs: 15000, what: `the message "${text}"` , countFrom: 'messages' });
  }

  // ---------------------------------------------------------------- reading

  /** Locator of all bot messages (text or card), oldest first. */
  botMessages() { return this.page.locator(BOT_MESSAGE); }

  async botMessageCount() { return this.page.locator(BOT_MESSAGE).count(); }

  /** innerText of every bot message, oldest first. */
  async botTexts() {
    return this.page.locator(BOT_MESSAGE).evaluateAll((els) => els.map((e) => e.innerText));
  }

  /**
   * Waits for a bot message (text or card) whose text contains `match` (string, whitespace-insensitive)
   * or matches it (RegExp); any message when `match` is omitted. Only messages that arrived after the
   * last send()/clickAction() count, unless `since` (a message index, 0 = all) is given.
   * @returns {Promise<import('playwright-core').Locator>} the message
   */
  async waitForBotMessage(match, { timeoutMs = this.defaultTimeoutMs, since = this.baseline, card = false } = {}) {
    const deadline = Date.now() + timeoutMs;
    let texts = [];
    while (Date.now() < deadline) {
      const items = await this.page.locator(BOT_MESSAGE).evaluateAll(
        (els, sel) => els.map((e) => ({ text: e.innerText, card: !!e.querySelector(sel) })), CARD);
      texts = items.map((x) => x.text);
      for (let i = since; i < items.length; i++) {
        if ((!card || items[i].card) && matches(items[i].text, match)) {
          const loc = this.page.locator(BOT_MESSAGE).nth(i);
          await loc.scrollIntoViewIfNeeded().catch(() => {});
          return loc;
        }
      }
      await sleep(150);
    }
    const newOnes = texts.slice(since).map((t, i) => `  [${since + i}] ${norm(t).slice(0, 300)}`).join('\n') || '  (none)';
    throw new Error(`[${this.instance.who}] no bot ${card ? 'card' : 'message'}${match !== undefined ? ` matching ${match instanceof RegExp ? match : JSON.stringify(match)}` : ''} within ${timeoutMs} ms; new bot messages:\n${newOnes}`);
  }

  /** Like waitForBotMessage, but the message must hold an Adaptive Card; returns the card's message. */
  async waitForCard(match, opts = {}) { return this.waitForBotMessage(match, { ...opts, card: true }); }

  /** The newest bot message that holds an Adaptive Card. */
  lastCard() {
    return this.page.locator(BOT_MESSAGE).filter({ has: this.page.locator(CARD) }).last();
  }

  /** Waits until the bot has received an activity for which `pred(activity, index)` is true. */
  async waitForActivityToBot(pred, { timeoutMs = this.defaultTimeoutMs, what = 'an activity', countFrom } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const list = countFrom === 'messages' ? this.toBot.filter((a) => a.type === 'message') : this.toBot;
      const i = list.findIndex((a, idx) => pred(a, idx));
      if (i >= 0) return list[i];
      await sleep(100);
    }
    throw new Error(`[${this.instance.who}] the bot did not receive ${what} within ${timeoutMs} ms`);
  }

  /** Waits until the bot has sent this Playground an activity for which `pred(activity)` is true. */
  async waitForActivityFromBot(pred, { timeoutMs = this.defaultTimeoutMs, from = 0 } = {}) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const a = this.fromBot.slice(from).find(pred);
      if (a) return a;
      await sleep(100);
    }
    throw new Error(`[${this.instance.who}] no matching activity from the bot within ${timeoutMs} ms`);
  }

  // ---------------------------------------------------------------- Adaptive Cards

  /**
   * Fills one input of a card. `key` is the input's `id` (looked up in the card JSON the bot sent,
   * which gives its label) or its visible label / placeholder / toggle title. `value`:
   *   Input.Text/Number/Date/Time: string or number (dates as YYYY-MM-DD)
   *   Input.ChoiceSet: a choice value or title, or an array of them (multi-select); "a,b" also works
   *   Input.Toggle: true/false (or its valueOn/valueOff)
   * @param {{card?: import('playwright-core').Locator}} [opts] card message (default: the newest card)
   */
  async fillInput(key, value, { card } = {}) {
    const scope = card || this.lastCard();
    await scope.waitFor({ state: 'visible' });
    const def = this._inputDef(key);
    const candidates = def
      ? [def.label, def.title, def.placeholder, key].filter((x) => typeof x === 'string' && x.trim())
      : [key];
    const index = def ? this._inputIndex(def) : -1;
    const token = `j${Math.random().toString(36).slice(2)}`;
    const found = await scope.evaluate((root, { candidates, index, token }) => {
      const n = (s) => (s || '').replace(/\s+/g, ' ').trim();
      const labelText = (l) => {
        const c = l.cloneNode(true);
        c.querySelectorAll('[aria-hidden="true"]').forEach((x) => x.remove());
        return n(c.textContent).replace(/\s*\*$/, '');
      };
      let el = null;
      for (const want of candidates.map(n)) {
        for (const l of root.querySelectorAll('label.ac-richTextBlock')) {
          if (labelText(l) === want && l.htmlFor) { el = document.getElementById(l.htmlFor); if (el) break; }
        }
        if (el) break;
        el = [...root.querySelectorAll('input, textarea')].find((e) => n(e.getAttribute('aria-label')) === want || n(e.getAttribute('placeholder')) === want) || null;
        if (el) break;
        for (const l of root.querySelectorAll('label[for]')) {
          const target = document.getElementById(l.htmlFor);
          if (target && target.type === 'checkbox' && labelText(l) === want) { el = target; break; }
        }
        if (el) break;
      }
      if (!el && index >= 0) {
        const box = root.querySelectorAll('.ac-input-container')[index];
        el = box && box.querySelector('textarea, input, [role=radiogroup]');
      }
      if (!el) return null;
      let kind;
      if (el.tagName === 'TEXTAREA') kind = 'text';
      else if (el.getAttribute('role') === 'radiogroup') kind = 'radio';
      else if (el.tagName !== 'INPUT') kind = el.querySelector('input[type=checkbox]') ? 'checkboxes' : 'unknown';
      else if (el.type === 'checkbox') kind = 'toggle';
      else if (el.getAttribute('role') === 'spinbutton') kind = 'number';
      else if (el.getAttribute('role') === 'combobox') kind = el.closest('.fui-DatePicker') ? 'date' : 'combobox';
      else kind = 'text';
      el.setAttribute('data-journey-target', token);
      return { kind };
    }, { candidates, index, token });
    if (!found) {
      throw new Error(`[${this.instance.who}] no card input "${key}"${def ? ` (label ${JSON.stringify(def.label ?? def.title ?? def.placeholder)})` : ''} in the card`);
    }
    const target = scope.locator(`[data-journey-target="${token}"]`);
    const titles = this._choiceTitles(def, value);
    switch (found.kind) {
      case 'text':
      case 'number':
        await target.fill(String(value ?? ''));
        break;
      case 'date':
        await target.fill(String(value ?? ''));
        await target.press('Enter');
        await this.page.keyboard.press('Escape');
        break;
      case 'toggle': {
        const on = value === true || ['true', 'yes', 'on', '1'].includes(String(value).toLowerCase()) || (def && def.valueOn !== undefined && String(value) === String(def.valueOn));
        await target.setChecked(on);
        break;
      }
      case 'radio':
        await target.locator('label').filter({ hasText: exactText(titles[0]) }).first().click();
        break;
      case 'checkboxes': {
        const boxes = target.locator('input[type=checkbox]');
        const n = await boxes.count();
        for (let i = 0; i < n; i++) {
          const b = boxes.nth(i);
          await b.setChecked(titles.map(norm).includes(norm(await b.getAttribute('aria-label'))));
        }
        break;
      }
      case 'combobox': {
        await target.click();
        const listbox = this.page.locator('.fui-Listbox:visible').last();
        await listbox.waitFor({ state: 'visible' });
        for (const t of titles) {
          const option = listbox.locator('.fui-Option').filter({ hasText: exactText(t) }).first();
          const selected = await option.getAttribute('aria-selected').catch(() => null) === 'true'
            || await option.getAttribute('aria-checked').catch(() => null) === 'true';
          if (!selected) await option.click();
        }
        if (await listbox.isVisible().catch(() => false)) await this.page.keyboard.press('Escape');
        break;
      }
      default:
        throw new Error(`[${this.instance.who}] card input "${key}" has a kind the harness does not handle`);
    }
  }

  /** Fills several inputs: fillInputs({ comment: 'ok', dept: 'sales' }). */
  async fillInputs(values, opts = {}) {
    for (const [k, v] of Object.entries(values)) await this.fillInput(k, v, opts);
  }

  /** Clicks a card action button (Action.Submit / Execute / ShowCard / ToggleVisibility) by its title. */
  async clickAction(title, { card } = {}) {
    const scope = card || this.lastCard();
    this.baseline = await this.botMessageCount();
    const button = scope.getByRole('button', { name: title, exact: true });
    const count = await button.count();
    if (count === 0) {
      const titles = await scope.locator('.ac-actionSet button').evaluateAll((bs) => bs.map((b) => b.getAttribute('title') || b.innerText));
      throw new Error(`[${this.instance.who}] no card action "${title}"; actions: ${JSON.stringify(titles)}`);
    }
    await button.first().click();
  }

  /** Fills the inputs, clicks the action, and waits until the bot has received the submit. */
  async submitCard(values, actionTitle, opts = {}) {
    const before = this.toBot.length;
    await this.fillInputs(values, opts);
    await this.clickAction(actionTitle, opts);
    const sent = await this.waitForActivityToBot((a, i) => i >= before && (a.value !== undefined || a.type === 'invoke'), { what: `the submit of "${actionTitle}"` });
    // Action.Execute carries what Action.Submit puts in value (the inputs and the button's data) in value.action.data.
    return sent.type === 'invoke' && sent.value && sent.value.action ? { ...sent, value: sent.value.action.data, invokeValue: sent.value } : sent;
  }

  _inputDef(key) {
    for (let i = this.cards.length - 1; i >= 0; i--) {
      const def = cardInputs(this.cards[i]).find((x) => x.id === key);
      if (def) return def;
    }
    return null;
  }

  _inputIndex(def) {
    for (let i = this.cards.length - 1; i >= 0; i--) {
      const k = cardInputs(this.cards[i]).indexOf(def);
      if (k >= 0) return k;
    }
    return -1;
  }

  _choiceTitles(def, value) {
    let list = Array.isArray(value) ? value : [value];
    if (!Array.isArray(value) && typeof value === 'string' && value.includes(',') && (!def || def.isMultiSelect)) {
      list = value.split(',').map((s) => s.trim());
    }
    const choices = (def && def.choices) || [];
    return list.map((v) => {
      const byValue = choices.find((c) => String(c.value) === String(v));
      return byValue ? byValue.title : String(v);
    });
  }

  // ---------------------------------------------------------------- evidence

  /** Saves a screenshot to artifacts/journeys/<name>.png and returns its path. */
  async screenshot(name) {
    const file = path.join(this.h.screenshotDir, `${name.replace(/[^\w.-]+/g, '_')}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  async close() {
    await this.context.close().catch(() => {});
  }
}
