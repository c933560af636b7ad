// Child processes for the harness: each in its own process group, output to a log file, all stopped
// together (SIGTERM, then SIGKILL) - also when the runner exits abnormally.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const live = new Set(); // every child of every group still running

function killGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch { try { child.kill(signal); } catch { /* gone */ } }
}

// Last resort: whatever happens to the runner, take the children with it.
process.on('exit', () => { for (const c of live) killGroup(c, 'SIGKILL'); });

export class ManagedProcess {
  constructor(name, child, logFile) {
    this.name = name;
    this.child = child;
    this.pid = child.pid;
    this.logFile = logFile;
    this.exitCode = undefined; // set when it exits (null when killed by a signal)
    this.lines = [];
    this.listeners = new Set();
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      this.exitCode = code; this.signal = signal; live.delete(child); resolve(code);
    }));
  }

  _onText(text) {
    for (const line of text.split(/\r?\n/)) {
      if (!line) continue;
      this.lines.push(line);
      if (this.lines.length > 400) this.lines.shift();
    }
    for (const l of this.listeners) l(text);
  }

  get running() { return this.exitCode === undefined; }

  tail(n = 40) { return this.lines.slice(-n).join('\n'); }

  /** Resolves with the match when the output matches `re`; rejects on exit or timeout. */
  waitForOutput(re, timeoutMs = 30000) {
    const m = this.lines.join('\n').match(re);
    if (m) return Promise.resolve(m);
    return new Promise((resolve, reject) => {
      let buf = this.lines.join('\n');
      const done = (fn, v) => { clearTimeout(timer); this.listeners.delete(onText); fn(v); };
      const onText = (t) => { buf += '\n' + t; const mm = buf.match(re); if (mm) done(resolve, mm); };
      const timer = setTimeout(() => done(reject, new Error(`${this.name}: no output matching ${re} within ${timeoutMs} ms\n${this.tail()}`)), timeoutMs);
      this.listeners.add(onText);
      this.exited.then(() => done(reject, new Error(`${this.name} exited (code ${this.exitCode}, signal ${this.signal}) before printing ${re}\n${this.tail()}`)));
    });
  }

  async stop(graceMs = 5000) {
    if (!this.running) return;
    killGroup(this.child, 'SIGTERM');
    const t = setTimeout(() => killGroup(this.child, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(t);
    killGroup(this.child, 'SIGKILL'); // grandchildren that ignored SIGTERM
  }
}

export class ProcessGroup {
  /** @param {string} logDir where <name>.log files go */
  constructor(logDir) {
    this.logDir = logDir;
    this.procs = [];
    fs.mkdirSync(logDir, { recursive: true });
  }

  /**
   * @param {string} name  log file name and label
   * @param {string} cmd
   * @param {string[]} args
   * @param {{cwd?:string, env?:Record<string,string|undefined>}} [opts]
   */
  spawn(name, cmd, args, opts = {}) {
    const logFile = path.join(this.logDir, `${name}.log`);
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `# ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n# cwd: ${opts.cwd || process.cwd()}\n`);
    const env = { ...process.env, ...opts.env };
    for (const [k, v] of Object.entries(env)) if (v === undefined || v === null) delete env[k];
    const child = spawn(cmd, args, { cwd: opts.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const mp = new ManagedProcess(name, child, logFile);
    const onData = (d) => { fs.writeSync(out, d); mp._onText(d.toString('utf8')); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => { mp._onText(`spawn error: ${e.message}`); });
    mp.exited.then(() => { try { fs.writeSync(out, `# exited code=${mp.exitCode} signal=${mp.signal}\n`); fs.closeSync(out); } catch { /* closed */ } });
    this.procs.push(mp);
    return mp;
  }

  /** Stops everything, last started first. */
  async stopAll() {
    for (const p of [...this.procs].reverse()) await p.stop();
    this.procs = [];
  }
}

/** Throws when something already listens on host:port (so we never talk to a stale server). */
export function assertPortFree(port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (e) => reject(new Error(e.code === 'EADDRINUSE'
      ? `port ${host}:${port} is already in use - stop whatever listens there (ss -ltnp 'sport = :${port}')`
      : `cannot check port ${host}:${port}: ${e.message}`)));
    srv.listen(port, host, () => srv.close(resolve));
  });
}

/** Polls an http URL until it answers with `status` (default 200). Fails early if `proc` exits. */
export async function waitForHttp(url, { timeoutMs = 60000, status = 200, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc && !proc.running) throw new Error(`${proc.name} exited (code ${proc.exitCode}) while waiting for ${url}\n${proc.tail()}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.status === status) return;
      last = `HTTP ${r.status}`;
    } catch (e) { last = e.cause?.code || e.message; }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${last})${proc ? '\n' + proc.tail() : ''}`);
}
