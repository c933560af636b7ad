// The journey harness: Azurite (tables, in memory) + the bot + one Agents Playground per person +
// headless Chromium, all on 127.0.0.1. Run it inside a private network namespace (in-netns.sh).
//
//   const h = new Harness({ name: 'smoke' });
//   await h.start();                       // Azurite, bot, waits for /readyz
//   const sato = await h.openChat('sato'); // Playground on 56150 as 佐藤 花子 + a browser page
//   await sato.send('help'); await sato.waitForBotMessage();
//   await h.stop();                        // always (the runner does it for you)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ProcessGroup, assertPortFree, waitForHttp } from './processes.mjs';
import { startLocaleProxy } from './locale-proxy.mjs';
import { loadTenant, person, playgroundYaml, repoRoot } from './people.mjs';
import { Chat } from './chat.mjs';

const require = createRequire(import.meta.url);

export const HOST = '127.0.0.1';
export const AZURITE_TABLE_PORT = 10002;
export const BOT_PORT = 3978;
export const PLAYGROUND_BASE_PORT = 56150;
export const artifactsRoot = path.join(repoRoot, 'artifacts', 'journeys');
export const botDll = path.join(repoRoot, 'src/TeamsDxBot/bin/Release/net10.0/TeamsDxBot.dll');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--no-proxy-server', '--disable-dev-shm-usage',
];

/** Launches the headless Debian Chromium (CHROMIUM_PATH overrides /usr/bin/chromium). */
export async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`${executablePath} is missing: apt-get install -y chromium`);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** How the bot is started: JOURNEY_BOT_CMD (a shell command; gets PORT and BOT_URLS) or the built DLL. */
export function botCommand() {
  const urls = `http://${HOST}:${BOT_PORT}`;
  if (process.env.JOURNEY_BOT_CMD) {
    return { cmd: 'bash', args: ['-c', process.env.JOURNEY_BOT_CMD], cwd: repoRoot, env: { PORT: String(BOT_PORT), BOT_URLS: urls }, label: process.env.JOURNEY_BOT_CMD };
  }
  if (!fs.existsSync(botDll)) {
    throw new Error(`${path.relative(repoRoot, botDll)} is missing: build first (dotnet build TeamsDxBot.sln -c Release)`);
  }
  // cwd = the output folder, so the content root (appsettings*.json) is the built one.
  return { cmd: 'dotnet', args: [botDll, '--urls', urls], cwd: path.dirname(botDll), env: {}, label: `dotnet ${path.relative(repoRoot, botDll)}` };
}

/** Bot settings every journey gets unless it overrides them (export const botEnv = {...}). */
export function defaultBotEnv() {
  const admin = loadTenant().people.find((p) => p.botAdmin);
  return {
    ASPNETCORE_ENVIRONMENT: 'Development',
    DOTNET_ENVIRONMENT: 'Development',
    DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    DOTNET_NOLOGO: '1',
    Storage__ConnectionString: 'UseDevelopmentStorage=true',
    Demo__Seed: 'false',
    ...(admin ? { Directory__Admins__0: admin.aadObjectId } : {}),
  };
}

export class Harness {
  /**
   * @param {{name:string, botEnv?:Record<string,string>, browser?:import('playwright-core').Browser,
   *          log?:(s:string)=>void, startBot?:boolean}} opts
   */
  constructor(opts) {
    this.name = opts.name;
    this.botEnv = { ...defaultBotEnv(), ...(opts.botEnv || {}) };
    this.tenant = loadTenant();
    this.dir = path.join(artifactsRoot, this.name);          // logs, Playground work dirs, traffic
    this.screenshotDir = artifactsRoot;                         // screenshots: artifacts/journeys/<name>.png
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(this.dir, { recursive: true });
    this.procs = new ProcessGroup(path.join(this.dir, 'logs'));
    this.instances = new Map(); // who -> Playground instance
    this.chats = [];
    this.proxies = [];
    this._browser = opts.browser || null;
    this._ownBrowser = !opts.browser;
    this.log = opts.log || ((s) => console.log(s));
    this.bot = null;
    this.azurite = null;
  }

  get browser() {
    if (!this._browser) throw new Error('browser not launched yet');
    return this._browser;
  }

  /** Starts Azurite (tables, in memory) and the bot, and waits for the bot's /readyz. */
  async start() {
    await this.startAzurite();
    await this.startBot();
    if (!this._browser) this._browser = await launchBrowser();
    return this;
  }

  async startAzurite() {
    await assertPortFree(AZURITE_TABLE_PORT);
    const bin = path.join(repoRoot, 'node_modules/azurite/dist/src/table/main.js');
    const workDir = path.join(this.dir, 'azurite');
    fs.mkdirSync(workDir, { recursive: true });
    this.azurite = this.procs.spawn('azurite', process.execPath, [
      bin, '--inMemoryPersistence', '--disableTelemetry', '--skipApiVersionCheck',
      '--tableHost', HOST, '--tablePort', String(AZURITE_TABLE_PORT),
    ], { cwd: workDir });
    await this.azurite.waitForOutput(/successfully (started|listening)/i, 30000);
  }

  async startBot() {
    await assertPortFree(BOT_PORT);
    const b = botCommand();
    this.botLabel = b.label;
    this.bot = this.procs.spawn('bot', b.cmd, b.args, { cwd: b.cwd, env: { ...this.botEnv, ...b.env } });
    await waitForHttp(`http://${HOST}:${BOT_PORT}/readyz`, { timeoutMs: 120000, proc: this.bot });
  }

  /** Starts (once) the Playground instance that speaks as `who` (key, name, email or aadObjectId). */
  async playground(who) {
    const p = person(who);
    if (this.instances.has(p.key)) return this.instances.get(p.key);
    const port = PLAYGROUND_BASE_PORT + this.instances.size;
    await assertPortFree(port);
    const workDir = path.join(this.dir, `playground-${p.key}`);
    fs.mkdirSync(workDir, { recursive: true });
    fs.writeFileSync(path.join(workDir, '.m365agentsplayground.yml'), playgroundYaml(p.key));

    const toBot = [];            // every activity the bot got from this Playground, in order
    const pending = new Set();   // activities whose turn has not ended yet (no HTTP answer yet)
    const turns = { pending, lastChange: Date.now(), failed: [] };
    const proxy = await startLocaleProxy({
      port: 0, target: `http://${HOST}:${BOT_PORT}`, locale: p.locale,
      logFile: path.join(this.dir, `to-bot-${p.key}.jsonl`),
      onActivity: (a) => { toBot.push(a); pending.add(a); turns.lastChange = Date.now(); },
      // Cards the bot answers Action.Execute presses with: they replace the pressed card in the chat.
      onInvokeAnswer: (a, body) => {
        if (body && body.type === 'application/vnd.microsoft.card.adaptive' && body.value) instance.onInvokeCard?.(body.value);
      },
      onResponse: (a, status) => {
        pending.delete(a); turns.lastChange = Date.now();
        if (status >= 400) turns.failed.push({ type: a.type, text: a.text, status });
      },
    });
    this.proxies.push(proxy);

    const cli = path.join(repoRoot, 'node_modules/@microsoft/m365agentsplayground/cli.js');
    const proc = this.procs.spawn(`playground-${p.key}`, process.execPath, [
      cli, '-e', `${proxy.url}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt',
      '--service-url', `http://${HOST}:${port}/_connector`,
    ], {
      cwd: workDir,
      env: {
        TEAMSAPPTESTER_BROWSER: 'none',
        APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
        TZ: p.timeZone || 'Asia/Tokyo', // becomes activity.localTimezone / clientInfo.timezone
        NODE_OPTIONS: `--require ${path.join(repoRoot, 'playground/loopback-only.cjs')}`,
      },
    });
    const m = await proc.waitForOutput(/Listening on (\d+)/, 60000);
    if (Number(m[1]) !== port) {
      await proc.stop();
      throw new Error(`Playground for ${p.key} listens on ${m[1]}, not ${port} (port taken?)`);
    }
    const url = `http://${HOST}:${port}`;
    await waitForHttp(`${url}/`, { timeoutMs: 30000, proc });
    // onInvokeCard: set by the Chat on this instance, which keeps the cards a person has seen.
    const instance = { who: p.key, person: p, port, url, proc, proxy, toBot, turns, workDir, onInvokeCard: null };
    this.instances.set(p.key, instance);
    this.log(`  playground ${p.key} (${p.name}, ${p.locale}) on ${url}`);
    return instance;
  }

  /** Starts the person's Playground if needed and opens their chat with the bot in a new browser context. */
  async openChat(who) {
    const instance = await this.playground(who);
    const chat = await Chat.open(this, instance);
    this.chats.push(chat);
    return chat;
  }

  /** Evidence after a failure: a screenshot of every open page and the tail of the bot log. */
  async captureFailure() {
    const saved = [];
    for (const c of this.chats) {
      try {
        const f = path.join(this.dir, `FAIL-${c.instance.who}.png`);
        await c.page.screenshot({ path: f, timeout: 5000 });
        saved.push(f);
      } catch { /* page gone */ }
    }
    return saved;
  }

  /** Stops everything this harness started; safe to call more than once and after failures. */
  async stop() {
    for (const c of this.chats) {
      try {
        fs.writeFileSync(path.join(this.dir, `from-bot-${c.instance.who}.json`), JSON.stringify(c.fromBot, null, 1));
      } catch { /* best effort */ }
      await c.close();
    }
    this.chats = [];
    for (const p of this.proxies) await p.close().catch(() => {});
    this.proxies = [];
    await this.procs.stopAll();
    this.instances.clear();
    if (this._ownBrowser && this._browser) { await this._browser.close().catch(() => {}); this._browser = null; }
  }
}
