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

// A free port can be taken by another lane of the suite between freePort() and serve.py's bind:
// then it is tried again on another port (never for a restart, which must keep its port).
async function startServer(opts = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startServerOnce(opts);
    } catch (e) {
      if (opts.port || attempt >= 4 || !/Address already in use/.test(String(e && e.message))) throw e;
    }
  }
}

async function startServerOnce(opts) {
  const port = opts.port || await freePort();  // a port: the same server again (a restart)
  const ownData = !opts.data;
  const data = opts.data || fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-data-'));
  const args = [path.join(ROOT, 'serve.py'), '--site', opts.site || SITE, '--seed', opts.seed || DEMO, '--data', data,
                '--port', String(port), '--host', '127.0.0.1', '--quiet'];
  // importActivity: a folder of generated history (gen_demo --history) imported into the fresh store.
  if (opts.importActivity) args.push('--import-activity', opts.importActivity);
  const proc = spawn('/usr/bin/python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', d => { log += d; });
  proc.stderr.on('data', d => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (proc.exitCode !== null) {
      if (ownData) fs.rmSync(data, { recursive: true, force: true });
      throw new Error('serve.py exited: ' + log);
    }
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
    this.pages = [];  // every page a test opened, for the failure report
  }
  async page(opts = {}) {
    const phone = opts.phone !== false && opts.desktop !== true;
    const ctx = opts.context || await this.browser.newContext(phone
      ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }
      : { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    if (!opts.context) this.contexts.push(ctx);
    const page = await ctx.newPage();
    return this.track(page, phone);
  }
  // A page made outside t.page() (its own context, a path's page kept across tests): errors are
  // collected and a failure report includes it.
  track(page, phone) {
    if (this.pages.includes(page)) return page;
    if (phone !== undefined) page.__phone = phone;
    if (!page.__errors) {
      page.__errors = [];
      page.on('pageerror', e => page.__errors.push(String(e)));
      page.__warnings = [];  // the browser's own warnings (a file picker refused outside a gesture): in a failure's report
      page.on('console', m => {
        if (m.type() === 'error') page.__errors.push(m.text());
        else if (m.type() === 'warning') page.__warnings.push(m.text()) > 50 && page.__warnings.shift();
      });
    }
    this.pages.push(page);
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
  // A snapshot of the app's state: its items are the last frame drawn, which may precede the state
  // (a fetch answered since). Assert through waitFor/see, which wait for the frame that draws it.
  // A page that loads anew (a consumer's page opening the editor or the console loads the full app)
  // has no state for a moment: the read waits for the new page's app, up to 30 s.
  async state(page) {
    const until = Date.now() + 30000;
    for (;;) {
      try {
        const st = await page.evaluate(() => (window.dynshop && window.dynshop.state ? window.dynshop.state() : null));
        if (st) return st;
      } catch (e) {
        if (!/Execution context was destroyed|Cannot find context|navigat/i.test(String(e && e.message))) throw e;
      }
      if (Date.now() > until) throw new Error('the page has no app state (still loading after 30 s)');
      await page.waitForTimeout(50);
    }
  }

  // The state as last drawn: waits while a frame is on its way.
  async drawn(page) { return this.waitFor(page, () => true, 'a drawn frame'); }

  // Waits until `predicate` holds on a state whose items were drawn from it: no frame is on its
  // way, or a frame was drawn after the predicate first held. Asserting on items read right after
  // the state changed (a fetch answered, the frame not drawn yet) is how tests fail by chance on a
  // busy machine. A timeout reports what was on screen and leaves a screenshot and the state.
  async waitFor(page, predicate, what, timeout = 15000) {
    const start = Date.now();
    let st, heldSince = null;
    for (;;) {
      st = await this.state(page);
      let ok = false;
      try { ok = !!predicate(st); } catch (e) { ok = false; }
      if (ok) {
        if (!st.frame_pending) return st;
        if (heldSince === null) heldSince = st.frames;
        else if (st.frames > heldSince) return st;
      } else {
        heldSince = null;
      }
      if (Date.now() - start > timeout) throw await this.timeoutError(page, st, 'timed out waiting for ' + what);
      await page.waitForTimeout(ok ? 16 : 60);
    }
  }
  // An assertion about what is on screen: it holds within `timeout` (the frame that draws it may
  // still be on its way), or the test fails with what was drawn instead.
  async see(page, predicate, what, timeout = 10000) {
    try {
      return await this.waitFor(page, predicate, what, timeout);
    } catch (e) {
      e.message = e.message.replace(/^timed out waiting for /, 'assertion failed (not on screen within ' + timeout / 1000 + ' s): ');
      throw e;
    }
  }
  // The same for a value: `read(state)` comes to equal `expected` within `timeout`, or the test
  // fails saying what it was instead, and what was on screen.
  async seeEqual(page, read, expected, what, timeout = 10000) {
    let got;
    const key = v => JSON.stringify(v);
    try {
      return await this.waitFor(page, s => { got = read(s); return key(got) === key(expected); }, what, timeout);
    } catch (e) {
      e.message = `assertion failed (not on screen within ${timeout / 1000} s): ${what}: expected ${key(expected)}, got ${key(got)}` +
                  e.message.slice(e.message.indexOf('; on screen:'));
      throw e;
    }
  }
  async timeoutError(page, st, message) {
    // The parts of the state that usually explain a timeout, not the whole dump.
    const page_info = await page.evaluate(() => ({ visibility: document.visibilityState, focus: document.hasFocus(),
                                                   active: document.activeElement && document.activeElement.id }))
                                .catch(e => String(e));
    // What was drawn comes first: it is what a reader needs, and the tail may be cut.
    const brief = { screen: st.screen, path: (st.path || '').slice(0, 120),
                    items: (st.items || []).map(i => `${i.kind}:${i.label.slice(0, 40)}`),
                    frames: st.frames, frame_pending: st.frame_pending, page: page_info,
                    shop: st.shop, orders: st.orders, checkout: st.checkout, touch: st.touch,
                    warnings: (page.__warnings || []).slice(-5) };
    const err = new Error(message + '; on screen: ' + JSON.stringify(brief).slice(0, 3000));
    err.page = page;
    return err;
  }
  // By visible label or by the English id of a translated one; exact matches first.
  findItem(st, label, kind) {
    const items = (st.items || []).filter(i => (kind ? i.kind === kind : true));
    return items.find(i => i.label === label || i.id === label) ||
           items.find(i => i.label.includes(label) || (i.id || '').includes(label));
  }
  async tap(page, label, kind) {
    const st = await this.waitFor(page, s => !!this.findItem(s, label, kind), `item "${label}"`);
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
  // After a failed test: a screenshot and the app's state of every page still open, next to the
  // log ($DYNSHOP_FAILURES or <build>/test-logs/browser-failures/<test>/). Returns the files.
  async saveFailure(name, error) {
    const root = failureRoot();
    const dir = path.join(root, name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 80).replace(/-$/, ''));
    fs.mkdirSync(dir, { recursive: true });
    const files = [];
    const pages = this.pages.filter(p => !p.isClosed());
    if (error && error.page && !pages.includes(error.page) && !error.page.isClosed()) pages.unshift(error.page);
    fs.writeFileSync(path.join(dir, 'error.txt'), String(error && error.stack || error) + '\n');
    files.push(path.join(dir, 'error.txt'));
    for (let k = 0; k < pages.length; k++) {
      const p = pages[k];
      const tag = `page-${k + 1}${error && p === error.page ? '-failed' : ''}`;
      try {
        await p.screenshot({ path: path.join(dir, tag + '.png'), timeout: 5000 });
        files.push(path.join(dir, tag + '.png'));
      } catch (e) { /* a crashed page has no picture */ }
      try {
        const st = await p.evaluate(() => window.dynshop && window.dynshop.state ? window.dynshop.state() : null);
        const info = { url: p.url(), errors: p.__errors || [], warnings: p.__warnings || [], state: st };
        fs.writeFileSync(path.join(dir, tag + '.json'), JSON.stringify(info, null, 1));
        files.push(path.join(dir, tag + '.json'));
      } catch (e) { /* the page is gone */ }
    }
    return files;
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


// [SECTION] Acting as a person: scroll to, tap, type, leave a field --------------------------------
// Shared by every test file. Positions come from drawn states only (waitFor), so a tap lands where
// the item is now, not where it was a frame ago.

// Scrolls the page (wheel over `at`, or the left part of the screen) until the item is fully in
// view: if it is not on screen, from the top down.
async function reveal(t, page, label, kind, at) {
  const vp = page.viewportSize();
  const x = at ? at.x : Math.min(200, vp.width / 2), y = at ? at.y : vp.height / 2;
  const bottom = vp.height - (page.__phone ? 80 : 16);
  let fromTop = false;
  for (let i = 0; i < 60; i++) {
    const st = await t.drawn(page);
    const it = t.findItem(st, label, kind);
    if (it && it.y >= 60 && it.y + Math.min(it.h, 60) <= bottom) return it;
    let dy;
    if (it) dy = it.y < 60 ? it.y - 120 : Math.min(400, it.y + Math.min(it.h, 60) - bottom + 40);
    else if (!fromTop) { dy = -50000; fromTop = true; }
    else dy = vp.height * 0.6;
    await page.mouse.move(x, y);
    await page.mouse.wheel(0, dy);
    await page.waitForTimeout(40);
  }
  throw await t.timeoutError(page, await t.drawn(page), `could not scroll to "${label}"`);
}

// Taps "Download poster (PNG)" in the share kit and reads the poster back: its file name, size and
// the text of the QR code a real decoder (jsQR) finds on it; a copy lands in build/screenshots.
async function downloadPoster(t, page, shot) {
  const { PNG } = require('pngjs');
  const jsQR = require('jsqr');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), tapIn(t, page, 'Download poster (PNG)', 'button')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-poster-'));
  try {
    const file = path.join(dir, 'poster.png');
    await download.saveAs(file);
    const png = PNG.sync.read(fs.readFileSync(file));
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    fs.copyFileSync(file, path.join(SHOTS, `${shot}.png`));
    return { name: download.suggestedFilename(), size: `${png.width}x${png.height}`, qr: code ? code.data : null };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Taps the button that saves a key file and reads what arrived: the file is kept at `file`; returns
// its JSON.
async function saveKeyFile(t, page, label, file, at) {
  await reveal(t, page, label, 'button', at);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), t.tap(page, label, 'button')]);
  await download.saveAs(file);
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

async function tapIn(t, page, label, kind, at) {
  await reveal(t, page, label, kind, at);
  return t.tap(page, label, kind);
}

// Taps a text field and waits for its typing surface (the field's node in the semantics mirror; the hidden
// textarea for a field without one) to take the focus: the phone keyboard.
async function focusField(t, page, label, at) {
  await reveal(t, page, label, 'field', at);
  const it = await t.tap(page, label, 'field');
  await page.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')), null, { timeout: 5000 });
  return it;
}

// Signs in as the demo's people do, with the demo passphrase (demo-<slug or brand>-2026): a
// distributor's editor at /d/<slug>, a brand's console at /console/<brand><at>.
async function signInEditor(t, page, slug, base) {
  await t.open(page, `/d/${slug}`, base);
  await t.waitFor(page, s => s.editor.key === 'missing' || s.editor.key === 'ready', 'sign-in page');
  await focusField(t, page, 'Passphrase');
  await page.keyboard.insertText(`demo-${slug}-2026`);
  await t.tap(page, 'Sign in', 'button');
  return t.waitFor(page, s => s.editor.key === 'ready' && s.editor.page === 'edit', 'signed in', 30000);
}

async function signInConsole(t, page, brand, at, base) {
  await t.open(page, `/console/${brand}${at}`, base);
  const st = await t.waitFor(page, s => s.console.key === 'missing' || s.console.key === 'ready', 'the console\'s sign-in page');
  if (st.console.key === 'ready') return st;
  await focusField(t, page, 'Brand passphrase');
  await page.keyboard.insertText(`demo-${brand}-2026`);
  await t.tap(page, 'Sign in', 'button');
  return t.waitFor(page, s => s.console.key === 'ready' && s.console.page !== 'home', 'signed in', 30000);
}

// Replaces a field's text, as a person selecting all and typing.
async function typeInto(t, page, label, text, at) {
  await focusField(t, page, label, at);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  if (text) await page.keyboard.insertText(text);
  await page.waitForTimeout(80);
}

// Leaves the field: a tap on an empty part of the top bar's left edge (Escape would cancel the
// edit), so Ctrl+Z reaches the editor's history.
async function blur(page) {
  if (page.__phone) await page.touchscreen.tap(4, 28);
  else await page.mouse.click(4, 30);
  await page.waitForTimeout(120);
}

// Rows of a test server's SQLite file, for checking what the store holds.
function sqlRows(server, query) {
  return JSON.parse(require('child_process').execFileSync('/usr/bin/python3', ['-c',
    'import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute(sys.argv[2]).fetchall()))',
    path.join(server.data, 'dynshop.sqlite3'), query]).toString());
}

// Six weeks of the demo's history ending now (gen_demo --history: visits, orders in every state,
// past payouts with a failed transfer), made once per run, for startServer({ importActivity }).
let historyDir = null;
function demoHistory() {
  if (historyDir) return historyDir;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-history-'));
  require('child_process').execFileSync(path.join(BUILD, 'native', 'gen_demo'), ['--history', DEMO, '--out', dir], { stdio: 'ignore' });
  historyDir = dir;
  atExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// Where a failed test leaves its screenshots and state; emptied when a run starts.
function failureRoot() { return process.env.DYNSHOP_FAILURES || path.join(BUILD, 'test-logs', 'browser-failures'); }
function resetFailures() { fs.rmSync(failureRoot(), { recursive: true, force: true }); }

// Clean-ups a test file registers for the end of the run (a server kept across steps).
const exitHooks = [];
function atExit(fn) { exitHooks.push(fn); }
async function runExitHooks() { for (const fn of exitHooks.splice(0)) await Promise.resolve().then(fn).catch(() => {}); }

module.exports = { demoHistory, downloadPoster, saveKeyFile, reveal, tapIn, focusField, signInEditor, signInConsole, typeInto, blur, sqlRows, atExit, runExitHooks, resetFailures, startServer, launchBrowser, TestContext, ROOT, BUILD, SITE, DEMO, SHOTS };
