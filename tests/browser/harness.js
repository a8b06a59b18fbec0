// Browser test harness: a real serve.py (fresh SQLite in a temp dir, seeded with the demo) and
// Debian's chromium driven by playwright-core. Tests find things on the canvas through the
// app's test hook (window.dynshop.state(): route, shop, items drawn with labels and rectangles).
'use strict';
const { chromium } = require('playwright-core');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');

const ROOT = path.resolve(__dirname, '../..');
// DYNSHOP_BUILD (default build/) is the folder tools/build.sh built into.
const BUILD = path.resolve(ROOT, process.env.DYNSHOP_BUILD || 'build');
const SITE = path.join(BUILD, 'site');
const DEMO = path.join(BUILD, 'demo');
const SHOTS = path.join(BUILD, 'screenshots');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function startServer(opts = {}) {
  const port = opts.port || await freePort();  // a port: the same server again (a restart)
  const ownData = !opts.data;
  const data = opts.data || fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-data-'));
  const args = [path.join(ROOT, 'serve.py'), '--site', opts.site || SITE, '--seed', opts.seed || DEMO, '--data', data,
                '--port', String(port), '--host', '127.0.0.1', '--quiet'];
  const proc = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', d => { log += d; });
  proc.stderr.on('data', d => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error('serve.py exited: ' + log);
    try {
      const r = await fetch(url + '/api/directory');
      if (r.ok) break;
    } catch (e) { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error('serve.py did not start: ' + log); }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url, data, proc, port,
    log: () => log,
    stop: async () => {
      if (proc.exitCode === null) { proc.kill('SIGTERM'); await new Promise(r => proc.once('exit', r)); }
      if (ownData && !opts.keepData) fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

async function launchBrowser() {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-chromium-'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic',
           '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--ignore-gpu-blocklist'],
  });
  browser.__userDir = userDir;
  return browser;
}

class TestContext {
  constructor(browser, server) {
    this.browser = browser;
    this.server = server;
    this.contexts = [];
    this.extraServers = [];
  }
  async page(opts = {}) {
    const phone = opts.phone !== false && opts.desktop !== true;
    const ctx = opts.context || await this.browser.newContext(phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    if (!opts.context) this.contexts.push(ctx);
    const page = await ctx.newPage();
    page.__phone = phone;
    page.__errors = [];
    page.on('pageerror', e => page.__errors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') page.__errors.push(m.text()); });
    return page;
  }
  async open(page, p, base) {
    await page.goto((base || this.server.url) + p);
    await this.waitReady(page);
  }
  async waitReady(page, timeout = 30000) {
    await page.waitForFunction(() => window.dynshop && window.dynshop.state && window.dynshop.state().first_frame === true,
                               null, { timeout });
  }
  async state(page) { return page.evaluate(() => window.dynshop.state()); }
  async waitFor(page, predicate, what, timeout = 15000) {
    const start = Date.now();
    let st;
    for (;;) {
      st = await this.state(page);
      if (predicate(st)) return st;
      if (Date.now() - start > timeout) {
        // The parts of the state that usually explain a timeout, not the whole dump.
        const page_info = await page.evaluate(() => ({ visibility: document.visibilityState, focus: document.hasFocus(),
                                                       active: document.activeElement && document.activeElement.id }))
                                    .catch(e => String(e));
        const brief = { screen: st.screen, path: st.path, frames: st.frames, page: page_info, shop: st.shop, orders: st.orders,
                        checkout: st.checkout, touch: st.touch, items: (st.items || []).map(i => `${i.kind}:${i.label.slice(0, 40)}`) };
        throw new Error('timed out waiting for ' + what + '; state: ' + JSON.stringify(brief).slice(0, 3000));
      }
      await page.waitForTimeout(60);
    }
  }
  // By visible label or by the English id of a translated one; exact matches first.
  findItem(st, label, kind) {
    const items = (st.items || []).filter(i => (kind ? i.kind === kind : true));
    return items.find(i => i.label === label || i.id === label) ||
           items.find(i => i.label.includes(label) || (i.id || '').includes(label));
  }
  // The drawn items as of the app's current state: when a frame is on its way (the state changed
  // since the last one was drawn, say an error line pushed a button down), wait for it.
  async drawnState(page, predicate, what) {
    let st = await this.waitFor(page, predicate, what);
    for (let i = 0; i < 3 && st.frame_pending; i++) {
      const frames = st.frames;
      await page.waitForFunction(n => window.dynshop.state().frames > n, frames, { timeout: 5000 }).catch(() => {});
      st = await this.waitFor(page, predicate, what);
    }
    return st;
  }
  async tap(page, label, kind) {
    const st = await this.drawnState(page, s => !!this.findItem(s, label, kind), `item "${label}"`);
    const it = this.findItem(st, label, kind);
    const x = it.x + it.w / 2, y = it.y + Math.min(it.h / 2, 40);
    if (page.__phone) await page.touchscreen.tap(x, y);
    else await page.mouse.click(x, y);
    await page.waitForTimeout(50);
    return it;
  }
  async screenshot(page, name) {
    fs.mkdirSync(SHOTS, { recursive: true });
    // Let images arrive and the canvas settle before looking at it.
    await page.waitForTimeout(300);
    const file = path.join(SHOTS, name + '.png');
    await page.screenshot({ path: file });
    return file;
  }
  async startServer(opts) {
    const s = await startServer(opts);
    this.extraServers.push(s);
    return s;
  }
  // A server whose store was tampered with behind serve.py's back (a compromised database):
  // import the demo, stop, rewrite a document with tests/browser/tamper.py, start again.
  async tamperedServer(what, subject) {
    const data = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-tampered-'));
    const first = await startServer({ data });
    await first.stop();
    const { execFileSync } = require('child_process');
    execFileSync('/usr/bin/python3', [path.join(__dirname, 'tamper.py'), data, what, subject]);
    const s = await startServer({ data });
    const stop = s.stop;
    s.stop = async () => { await stop(); fs.rmSync(data, { recursive: true, force: true }); };
    this.extraServers.push(s);
    return s;
  }
  assert(cond, message) {
    if (!cond) throw new Error('assertion failed: ' + message);
  }
  equal(a, b, message) {
    if (a !== b) throw new Error(`assertion failed: ${message}: expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
  }
  async close() {
    for (const c of this.contexts) await c.close().catch(() => {});
    for (const s of this.extraServers) await s.stop().catch(() => {});
  }
}

module.exports = { startServer, launchBrowser, TestContext, ROOT, BUILD, SITE, DEMO, SHOTS };
