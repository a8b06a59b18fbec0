// Browser figures for the distributor editor (issue 5), for tools/bench.sh, in Debian's headless
// Chromium (SwiftShader WebGL2) against a real serve.py:
//   onboarding  time from opening an invite link to a published shop (scripted: the typing is
//               instant, so this is the machine's part: page load, invite check, slug check,
//               Argon2id, key, enrollment, first manifest signed and stored), median of --runs
//   frames      editor frame CPU time with the live preview of the 3,000-SKU shop (scale-all),
//               while typing (greeting; product search) and while scrolling (the editor column;
//               the phone preview's grid), at 1280x800 and at 390x844
//
//   node tests/browser/bench_editor.js --scale DIR --scale-data STORE --out FILE [--runs 3] [--parts onboarding,frames]
//
// The scale shops' keys are not made from passphrases: gen_demo (tools/demo/scale_world.cpp) makes the
// key of distributor n from the seed sha256("scale-d-<n>") (KeyPair::from_label), so scale-all
// (n = 1) signs in here with a key file holding that seed, through the editor's own
// "Use my key file instead".
//
// Not a test (the runner only picks up test_*.js): it measures and writes JSON; it fails only when
// the app cannot be driven at all. Frame CPU: thread CPU time (tdur) of each requestAnimationFrame
// callback from Chromium's tracing (the app's frames run in them), and the app's own wall-clock
// figures from its test hook (frame_ms: Canvas::frame; app_frame_ms: the whole frame).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer, launchBrowser, TestContext, BUILD, SHOTS } = require('./harness');

const args = process.argv.slice(2);
const arg = (name, def) => { const i = args.indexOf(name); return i >= 0 && i + 1 < args.length ? args[i + 1] : def; };
const SCALE = path.resolve(arg('--scale', path.join(BUILD, 'scale')));
const OUT = path.resolve(arg('--out', path.join(BUILD, 'bench', 'editor.json')));
const SCALE_DATA = arg('--scale-data', null);
const RUNS = Math.max(1, +arg('--runs', 3));
const PARTS = arg('--parts', 'onboarding,frames').split(',');
const SCALE_SHOP = 'scale-all';
const SCALE_SEED_LABEL = 'scale-d-1';  // tools/demo/scale_world.cpp: KeyPair::from_label("scale-d-" + n), n = 1 is scale-all

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

const log = (...a) => console.error('[bench-editor]', ...a);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const median = a => { if (!a.length) return null; const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (a, p) => { if (!a.length) return null; const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const r2 = v => v == null ? null : Math.round(v * 100) / 100;
const stats = a => ({ count: a.length, median: r2(median(a)), p95: r2(pct(a, 95)), max: r2(a.length ? Math.max(...a) : null) });

async function newPage(t, device) {
  const ctx = await t.browser.newContext(device);
  t.contexts.push(ctx);
  const page = await ctx.newPage();
  page.__phone = !!device.isMobile;
  page.__errors = [];
  page.on('pageerror', e => page.__errors.push(String(e)));
  return page;
}

// Scrolls the page (wheel, or a touch drag on a phone) until the item is fully in view.
async function reveal(t, page, label, kind) {
  const vp = page.viewportSize();
  const bottom = vp.height - (page.__phone ? 80 : 16);
  for (let i = 0; i < 60; i++) {
    const st = await t.state(page);
    const it = t.findItem(st, label, kind);
    if (it && it.y >= 60 && it.y + Math.min(it.h, 60) <= bottom) return it;
    const dy = it ? (it.y < 60 ? it.y - 120 : Math.min(400, it.y + Math.min(it.h, 60) - bottom + 40)) : vp.height * 0.6;
    await page.mouse.move(Math.min(200, vp.width / 2), vp.height / 2);
    await page.mouse.wheel(0, dy);
    await sleep(60);
  }
  throw new Error(`could not scroll to "${label}"`);
}

async function focusField(t, page, label) {
  await reveal(t, page, label, 'field');
  await t.tap(page, label, 'field');
  await page.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')), null, { timeout: 5000 });
}

// [SECTION] Onboarding ---------------------------------------------------------------------------

async function makeInvite(t, base) {
  const ava = await newPage(t, DESKTOP);
  await t.open(ava, '/d/ava-glow', base);
  await t.waitFor(ava, s => s.editor.key === 'missing', 'sign-in page');
  await focusField(t, ava, 'Passphrase');
  await ava.keyboard.insertText('demo-ava-glow-2026');
  await t.tap(ava, 'Sign in', 'button');
  await t.waitFor(ava, s => s.editor.key === 'ready', 'Ava signed in', 60000);
  await t.tap(ava, 'Team', 'tab');
  await t.waitFor(ava, s => s.editor.page === 'team' && s.editor.team.status === 'ready', 'team page', 30000);
  await t.tap(ava, 'Make an invite link for Northmoor Botanics', 'button');
  const st = await t.waitFor(ava, s => s.editor.team.invite_link.includes('/d/join?invite='), 'invite link');
  await ava.context().close();
  return st.editor.team.invite_link.replace(/^https?:\/\/[^/]+/, '');
}

async function onboardOnce(t, base, invite, i) {
  const page = await newPage(t, DESKTOP);
  const name = `Bench Shop ${i} ${Date.now() % 100000}`;
  const t0 = Date.now();
  await page.goto(base + invite);
  await t.waitReady(page, 60000);
  await t.waitFor(page, s => s.editor.join.status === 'ready', 'invite verified', 30000);
  const tForm = Date.now();
  await focusField(t, page, 'Shop name');
  await page.keyboard.insertText(name);
  const st = await t.waitFor(page, s => s.editor.join.slug_message === 'This address is free.', 'slug checked free', 30000);
  const slug = st.editor.join.slug;
  const tSlug = Date.now();
  await focusField(t, page, 'Passphrase');
  await page.keyboard.insertText('bench passphrase ' + i);
  await focusField(t, page, 'Passphrase again');
  await page.keyboard.insertText('bench passphrase ' + i);
  const tClick = Date.now();
  await t.tap(page, 'Open my shop', 'button');
  const live = await t.waitFor(page, s => s.editor.page === 'edit' && s.editor.key === 'ready' && s.editor.slug === slug &&
                                         s.editor.published_version === 1, 'shop live', 90000);
  const tLive = Date.now();
  // The store has it: a consumer can open it now.
  const bundle = await (await fetch(`${base}/api/shops/${slug}`)).json();
  if (!bundle.manifest || JSON.parse(bundle.manifest.payload).identity.name !== name) throw new Error('the shop is not in the store');
  await page.context().close();
  return { slug, total_ms: tLive - t0, invite_page_ms: tForm - t0, slug_check_ms: tSlug - tForm, create_ms: tLive - tClick,
           level: live.editor.level, errors: page.__errors.length };
}

async function onboarding(browser) {
  const server = await startServer();
  const t = new TestContext(browser, server);
  try {
    const invite = await makeInvite(t, server.url);
    // One unmeasured run first: Chromium's processes and serve.py's caches warm up.
    await onboardOnce(t, server.url, invite, 0);
    const runs = [];
    for (let i = 1; i <= RUNS; i++) {
      const r = await onboardOnce(t, server.url, invite, i);
      runs.push(r);
      log(`onboarding run ${i}: invite opened -> shop live in ${r.total_ms} ms (invite page ${r.invite_page_ms}, ` +
          `slug check ${r.slug_check_ms}, "Open my shop" -> live ${r.create_ms})`);
    }
    const m = k => r2(median(runs.map(r => r[k])));
    return { runs: runs.length, total_ms: m('total_ms'), all_total_ms: runs.map(r => r.total_ms), invite_page_ms: m('invite_page_ms'),
             slug_check_ms: m('slug_check_ms'), create_ms: m('create_ms'), detail: runs };
  } finally {
    await t.close();
    await server.stop();
  }
}

// [SECTION] Frames -------------------------------------------------------------------------------

async function signInScale(t, base, device) {
  const file = path.join(os.tmpdir(), `dynshop-bench-${SCALE_SHOP}-key.json`);
  const seed = crypto.createHash('sha256').update(SCALE_SEED_LABEL).digest('base64');
  fs.writeFileSync(file, JSON.stringify({ type: 'dynshop-key', slug: SCALE_SHOP, seed }));
  const page = await newPage(t, device);
  await t.open(page, `/d/${SCALE_SHOP}`, base);
  await t.waitFor(page, s => s.editor.key === 'missing', 'sign-in page', 60000);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), t.tap(page, 'Use my key file instead', 'button')]);
  await chooser.setFiles(file);
  await t.waitFor(page, s => s.editor.key === 'ready' && s.editor.page === 'edit', 'signed in with the scale key file', 30000);
  fs.rmSync(file, { force: true });
  return page;
}

// Settled: every image fetched is decoded or refused and the app drew nothing for a second.
async function settle(t, page, cap = 30000) {
  const start = Date.now();
  let frames = -1, since = Date.now();
  for (;;) {
    const st = await t.state(page);
    if (st.frames !== frames) { frames = st.frames; since = Date.now(); }
    const im = st.images;
    if (im.fetched === im.ready + im.failed && Date.now() - since > 1000) return st;
    if (Date.now() - start > cap) return st;
    await sleep(100);
  }
}

// Runs `act` under Chromium tracing and returns the frames it caused: rAF thread CPU from the trace,
// the app's wall-clock frame times from its hook.
async function measure(t, page, name, act) {
  let st = await t.state(page);
  const f0 = st.frames;
  const canvasMs = [], appMs = [];
  let since = f0;
  const collect = async () => {
    st = await t.state(page);
    const n = Math.min(st.frames - since, (st.frame_ms || []).length), m = Math.min(st.frames - since, (st.app_frame_ms || []).length);
    if (n > 0) canvasMs.push(...st.frame_ms.slice(-n));
    if (m > 0) appMs.push(...st.app_frame_ms.slice(-m));
    since = st.frames;
  };
  await page.context().browser().startTracing(page, { categories: ['devtools.timeline'] });
  const t0 = Date.now();
  await act(collect);
  await sleep(600);
  await collect();
  const trace = JSON.parse((await page.context().browser().stopTracing()).toString());
  const raf = (trace.traceEvents || trace).filter(e => e.name === 'FireAnimationFrame' && e.ph === 'X');
  const seconds = (Date.now() - t0) / 1000;
  const out = { seconds: r2(seconds), frames: st.frames - f0, fps: r2((st.frames - f0) / seconds),
                raf_thread_cpu_ms: stats(raf.map(e => (e.tdur || 0) / 1000)), raf_wall_ms: stats(raf.map(e => (e.dur || 0) / 1000)),
                canvas_ms: stats(canvasMs), app_ms: stats(appMs), errors: page.__errors.slice(0, 3) };
  log(`${name}: ${out.frames} frames in ${out.seconds}s; rAF thread CPU median ${out.raf_thread_cpu_ms.median} ms ` +
      `p95 ${out.raf_thread_cpu_ms.p95} ms (${out.raf_thread_cpu_ms.count} callbacks); app frame (wall) median ${out.app_ms.median} ms ` +
      `p95 ${out.app_ms.p95} ms`);
  return out;
}

const GREETING = 'Welcome! I use everything here at home. Ask me anything.';

async function typeSlowly(page, text, collect, delay = 90) {
  // About 11 characters a second: a quick typist, each key its own frames.
  for (const ch of text) {
    await page.keyboard.type(ch);
    await sleep(delay);
    if (Math.random() < 0.1) await collect();
  }
}

async function editorFrames(browser, base) {
  const t = new TestContext(browser, { url: base });
  const out = {};
  try {
    for (const [size, device] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const page = await signInScale(t, base, device);
      let st = await t.waitFor(page, s => s.items.some(i => i.kind === 'preview-phone:product'), 'the preview shows products', 30000);
      st = await settle(t, page);
      out[`${size}_items`] = (st.editor.draft.featured || []).length;
      await page.screenshot({ path: path.join(SHOTS, `bench-editor-scale-${size}.png`) });

      // Typing the greeting: each key changes the draft, the preview recomposes and redraws.
      await focusField(t, page, 'Greeting');
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      out[`${size}_typing_greeting`] = await measure(t, page, `${size} typing the greeting`, c => typeSlowly(page, GREETING, c));
      // Each key went into the draft and the live preview (checked, not assumed).
      st = await t.waitFor(page, s => s.editor.draft.greeting === GREETING, 'the typed greeting in the draft');
      // (On a phone the preview sits above the field, scrolled out of view while typing.)
      out[`${size}_typing_greeting`].preview_shows_it = st.items.some(i => /^preview-(phone|desktop):greeting$/.test(i.kind) && i.label === GREETING);
      // Leave the field with a tap on an empty part of the top bar (Escape would undo the typing).
      if (page.__phone) await page.touchscreen.tap(4, 28); else await page.mouse.click(4, 30);
      await sleep(300);

      // Scrolling: the editor column (to the product list), then the phone preview's grid.
      const vp = device.viewport;
      out[`${size}_scrolling_editor`] = await measure(t, page, `${size} scrolling the editor`, async collect => {
        for (let k = 0; k < 24; k++) {
          const down = k < 16;
          if (page.__phone) {
            const cdp = await page.context().newCDPSession(page);
            await cdp.send('Input.synthesizeScrollGesture', { x: 195, y: down ? 620 : 260, yDistance: down ? -360 : 360, speed: 1400,
                                                               gestureSourceType: 'touch', preventFling: false });
            await cdp.detach();
          } else {
            for (let i = 0; i < 4; i++) {
              await page.mouse.move(200, 500);
              await page.mouse.wheel(0, down ? 100 : -100);
              await sleep(16);
            }
          }
          await sleep(120);
          await collect();
        }
      });

      // Product search over the shop's 3,000 products, typed.
      if (!page.__phone) {
        await focusField(t, page, 'Find a product');
        out[`${size}_typing_search`] = await measure(t, page, `${size} typing a product search`, c => typeSlowly(page, 'lavender soap', c, 150));
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        await page.keyboard.press('Escape');
        // Scroll the editor back to the top: the previews are beside it on a desktop.
        await page.mouse.move(200, 400);
        await page.mouse.wheel(0, -50000);
        await sleep(300);
      } else {
        // Phone: the previews sit at the top of the page.
        const cdp = await page.context().newCDPSession(page);
        for (let i = 0; i < 6; i++) await cdp.send('Input.synthesizeScrollGesture', { x: 195, y: 260, yDistance: 700, speed: 4000, gestureSourceType: 'touch' });
        await cdp.detach();
        await sleep(800);
      }

      st = await t.state(page);
      const cards = st.items.filter(i => i.kind === 'preview-phone:product' && i.y > 80 && i.y < vp.height - 120);
      if (cards.length) {
        const at = { x: cards[0].x + cards[0].w / 2, y: cards[0].y + Math.min(cards[0].h / 2, 40) };
        out[`${size}_scrolling_preview`] = await measure(t, page, `${size} scrolling the phone preview's 3,000-product grid`, async collect => {
          for (let k = 0; k < 24; k++) {
            if (page.__phone) {
              const cdp = await page.context().newCDPSession(page);
              await cdp.send('Input.synthesizeScrollGesture', { x: at.x, y: at.y, yDistance: -120, speed: 800, gestureSourceType: 'touch', preventFling: false });
              await cdp.detach();
            } else {
              for (let i = 0; i < 4; i++) {
                await page.mouse.move(at.x, at.y);
                await page.mouse.wheel(0, 120);
                await sleep(16);
              }
            }
            await sleep(120);
            await collect();
          }
        });
        await page.screenshot({ path: path.join(SHOTS, `bench-editor-scale-preview-scrolled-${size}.png`) });
      } else {
        log(`${size}: no product of the phone preview on screen to scroll over`);
      }
      await page.context().close();
    }
  } finally {
    await t.close();
  }
  return out;
}

// [SECTION] Main ---------------------------------------------------------------------------------

async function main() {
  const out = { runs: RUNS, loadavg_start: os.loadavg().map(r2), cpus: os.cpus().length };
  const started = Date.now();
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await launchBrowser();
  let scale = null, scaleCopy = null;
  try {
    if (PARTS.includes('onboarding')) out.onboarding = await onboarding(browser);
    if (PARTS.includes('frames')) {
      if (!fs.existsSync(path.join(SCALE, 'documents.jsonl'))) throw new Error('no scale data in ' + SCALE + ' (gen_demo --scale --out DIR)');
      if (SCALE_DATA) {
        scaleCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-bench-editor-'));
        fs.cpSync(path.resolve(SCALE_DATA), scaleCopy, { recursive: true });
      }
      scale = await startServer(scaleCopy ? { seed: SCALE, data: scaleCopy } : { seed: SCALE });
      out.frames = await editorFrames(browser, scale.url);
    }
  } finally {
    await browser.close().catch(() => {});
    if (scale) await scale.stop().catch(() => {});
    if (scaleCopy) fs.rmSync(scaleCopy, { recursive: true, force: true });
  }
  out.seconds = r2((Date.now() - started) / 1000);
  out.loadavg_end = os.loadavg().map(r2);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
  log('wrote', OUT, 'in', out.seconds, 's');
}

main().catch(e => { console.error(e); process.exit(1); });
