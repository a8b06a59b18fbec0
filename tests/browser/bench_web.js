// Browser figures for tools/bench.sh, in Debian's headless Chromium (SwiftShader WebGL2) against a
// real serve.py: bytes of a first visit, time to the first canvas frame, frames drawn while idle,
// and frame CPU time while scrolling the demo grid and the 3,000-SKU grid.
//
//   node tests/browser/bench_web.js --scale DIR [--scale-data STORE] --out FILE [--runs 5] [--parts bytes,first,frames]
//
// STORE: a serve.py data folder that already holds DIR imported (tools/bench.sh makes it once;
// importing 20,000 enrollments takes longer than the harness waits for a server). Each run works
// on a temporary copy of it.
//
// Not a test (the runner only picks up test_*.js): it measures and writes JSON; it fails only when
// the app cannot be driven at all. Frame CPU times come from the app's test hook
// (window.dynshop.state().frame_ms: Canvas::frame, input to GL submit; app_frame_ms: the whole
// app frame incl. image decoding), the last 240 frames.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer, launchBrowser, BUILD, SHOTS } = require('./harness');

const args = process.argv.slice(2);
const arg = (name, def) => { const i = args.indexOf(name); return i >= 0 && i + 1 < args.length ? args[i + 1] : def; };
const SCALE = path.resolve(arg('--scale', path.join(BUILD, 'scale')));
const OUT = path.resolve(arg('--out', path.join(BUILD, 'bench', 'web.json')));
const SCALE_DATA = arg('--scale-data', null);
const RUNS = Math.max(1, +arg('--runs', 5));
const PARTS = arg('--parts', 'bytes,first,frames').split(',');  // a subset, for working on one part
const DEMO_SHOP = 'lily-tea';   // the flagship demo shop: both brands, Chinese UI
const SCALE_SHOP = 'scale-all'; // all 3,000 products of b_scale

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

const log = (...a) => console.error('[bench-web]', ...a);
const sleep = ms => new Promise(r => setTimeout(r, ms));
const median = a => { if (!a.length) return null; const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const pct = (a, p) => { if (!a.length) return null; const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const r2 = v => v == null ? null : Math.round(v * 100) / 100;

// Wraps WebAssembly.instantiate so a page records when the wasm was compiled and instantiated.
const TIMING_HOOK = `(() => {
  const T = window.__benchTimes = {};
  const orig = WebAssembly.instantiate;
  WebAssembly.instantiate = function () {
    T.instantiateStart = performance.now();
    return orig.apply(this, arguments).then(r => { T.instantiated = performance.now(); return r; });
  };
})();`;

function kindOf(url, resourceType) {
  const p = new URL(url).pathname;
  if (resourceType === 'Document') return 'html';
  if (p.endsWith('.wasm')) return 'wasm';
  if (p.endsWith('.js')) return 'js';
  if (p.endsWith('.css')) return 'css';
  if (p.startsWith('/fonts/')) return 'fonts';
  if (p.startsWith('/api/') || p === '/trust.json') return 'api_json';
  if (p.startsWith('/img/')) return 'images';
  return 'other';
}

// Counts every response's bytes over the wire (CDP encodedDataLength at loadingFinished: headers
// plus the possibly gzipped body) and decoded body bytes.
async function trackNetwork(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const reqs = new Map();
  const net = { reqs, inflight: 0, last: Date.now(), cdp };
  cdp.on('Network.requestWillBeSent', e => {
    if (e.request.url.startsWith('data:')) return;
    // The graphics' worker script (web/render.js): its response is reported to the worker's own
    // target, never to this page's session, so it would stay "in flight" for ever here.
    if (/\/render\.js$/.test(new URL(e.request.url).pathname)) return;
    if (!reqs.has(e.requestId)) net.inflight++;
    reqs.set(e.requestId, { url: e.request.url, type: e.type, wire: 0, body: 0, status: 0, done: false, encoding: '' });
    net.last = Date.now();
  });
  cdp.on('Network.responseReceived', e => {
    const r = reqs.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    const h = e.response.headers || {};
    r.encoding = h['Content-Encoding'] || h['content-encoding'] || '';
  });
  cdp.on('Network.dataReceived', e => { const r = reqs.get(e.requestId); if (r) r.body += e.dataLength; });
  const finish = (e, ok) => {
    const r = reqs.get(e.requestId);
    if (!r || r.done) return;
    r.done = true;
    r.ok = ok;
    if (ok) r.wire = e.encodedDataLength;
    net.inflight--;
    net.last = Date.now();
  };
  cdp.on('Network.loadingFinished', e => finish(e, true));
  cdp.on('Network.loadingFailed', e => finish(e, false));
  return net;
}

function summarizeBytes(net) {
  const by = {};
  let total = 0, body = 0, count = 0;
  for (const r of net.reqs.values()) {
    if (!r.done || !r.ok) continue;
    const k = kindOf(r.url, r.type);
    by[k] = by[k] || { wire: 0, body: 0, requests: 0 };
    by[k].wire += r.wire;
    by[k].body += r.body;
    by[k].requests++;
    total += r.wire;
    body += r.body;
    count++;
  }
  return { total_wire: total, total_body: body, requests: count, by_type: by };
}

async function state(page) { return page.evaluate(() => window.dynshop.state()); }

async function waitFirstFrame(page, timeout = 60000) {
  await page.waitForFunction(() => window.dynshop && window.dynshop.state && window.dynshop.state().first_frame === true,
                             null, { timeout, polling: 50 });
}

// Settled: no request in flight for a second, every image fetched is decoded or refused, and the
// app has drawn nothing for a second (a fling's momentum has run out).
async function waitSettled(page, net, cap = 30000) {
  const start = Date.now();
  let frames = -1, framesSince = Date.now();
  for (;;) {
    const st = await state(page);
    const im = st.images;
    if (st.frames !== frames) { frames = st.frames; framesSince = Date.now(); }
    if (net.inflight <= 0 && Date.now() - net.last > 1000 && im.fetched === im.ready + im.failed &&
        Date.now() - framesSince > 1000) return st;
    if (Date.now() - start > cap) { log('did not settle in', cap, 'ms:', JSON.stringify(im), 'frames', st.frames); return st; }
    await sleep(100);
  }
}

async function coldVisit(browser, base, urlPath, device, opts = {}) {
  const ctx = await browser.newContext(device);  // a fresh context: empty cache, no storage
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(String(e)));
  await page.addInitScript(TIMING_HOOK);
  const net = await trackNetwork(page);
  if (opts.trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  await page.goto(base + urlPath, { waitUntil: 'commit' });
  await waitFirstFrame(page);
  let boot = null;
  if (opts.trace) {
    // Thread CPU of the main-thread work from navigation to the first frame: the app's frames
    // (rAF callbacks), script evaluation and compilation, event handlers.
    const trace = JSON.parse((await browser.stopTracing()).toString());
    const ev = trace.traceEvents || trace;
    const ff = await page.evaluate(() => window.dynshopTimings && window.dynshopTimings.firstFrame);
    const rafEv = ev.filter(e => e.name === 'FireAnimationFrame' && e.ph === 'X');
    const rafs = rafEv.map(e => (e.tdur || 0) / 1000);
    // Every task on the page's renderer main thread (the thread the rAF callbacks ran on).
    const main = rafEv.length ? ev.filter(e => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.ph === 'X' && e.pid === rafEv[0].pid && e.tid === rafEv[0].tid) : [];
    const mainCpu = main.reduce((x, e) => x + (e.tdur || 0) / 1000, 0), mainWall = main.reduce((x, e) => x + (e.dur || 0) / 1000, 0);
    const sum = (name) => ev.filter(e => e.name === name && e.ph === 'X').reduce((x, e) => x + (e.tdur || 0) / 1000, 0);
    boot = { main_thread_cpu_ms: r2(mainCpu), main_thread_busy_ms: r2(mainWall),
             raf_count: rafs.length, raf_thread_cpu_sum_ms: r2(rafs.reduce((x, y) => x + y, 0)),
             raf_thread_cpu_max_ms: r2(Math.max(0, ...rafs)), script_eval_thread_cpu_ms: r2(sum('EvaluateScript')),
             first_frame_ms: r2(ff) };
  }
  const times = await page.evaluate(() => {
    const res = name => {
      const e = performance.getEntriesByType('resource').find(x => new URL(x.name).pathname === name);
      return e ? { start: e.startTime, end: e.responseEnd } : null;
    };
    const nav = performance.getEntriesByType('navigation')[0];
    const shopJson = performance.getEntriesByType('resource').find(x => new URL(x.name).pathname.startsWith('/api/shops/'));
    return {
      first_frame: window.dynshopTimings && window.dynshopTimings.firstFrame,
      html_done: nav && nav.responseEnd,
      dom_content_loaded: nav && nav.domContentLoadedEventEnd,
      // The build this page loaded (shop.* for consumers, app.* for the editor and console).
      app_js: res('/' + ((window.dynshopBoot && window.dynshopBoot.app) || 'app') + '.js'),
      wasm: res('/' + ((window.dynshopBoot && window.dynshopBoot.app) || 'app') + '.wasm'),
      shop_json: shopJson ? { start: shopJson.startTime, end: shopJson.responseEnd } : null,
      font_cjk: res('/fonts/cjk-core.ttf'),
      instantiate_start: window.__benchTimes && window.__benchTimes.instantiateStart,
      instantiated: window.__benchTimes && window.__benchTimes.instantiated,
      // CPU of the app's frames up to the first one shown (font atlas bakes happen here).
      boot_frames: window.dynshop.state().app_frame_ms,
    };
  });
  const bootFrames = times.boot_frames || [];
  times.boot_frame_max = bootFrames.length ? Math.max(...bootFrames) : null;
  times.boot_frame_sum = bootFrames.reduce((x, y) => x + y, 0);
  times.boot_frame_count = bootFrames.length;
  delete times.boot_frames;
  let settled = null;
  if (opts.settle) settled = await waitSettled(page, net);
  return { ctx, page, net, times, settled, errors, boot };
}

// ---- scrolling ---------------------------------------------------------------------------------

// New frame times since `since` (a frames count), from the app's ring of the last 240.
function newFrames(st, since) {
  const c = st.frame_ms || [], a = st.app_frame_ms || [];
  const n = Math.min(st.frames - since, c.length);
  const m = Math.min(st.frames - since, a.length);
  return { canvas: n > 0 ? c.slice(-n) : [], app: m > 0 ? a.slice(-m) : [] };
}

// One finger fling: Chromium synthesizes the touch sequence (touchstart, moves at `speed` px/s,
// release while still moving), so the timestamps the app sees are the browser's own; the app then
// carries on with momentum. dy < 0 moves the content up (scrolls down the grid).
async function fling(cdp, x, y, dy, speed) {
  await cdp.send('Input.synthesizeScrollGesture', { x, y, yDistance: dy, speed, gestureSourceType: 'touch', preventFling: false });
}

// Scrolls for about `ms` and gathers per-frame CPU times. Phone: touch flings of `dy` px at `speed`
// px/s (down, and back up halfway through when `bounce`); desktop: `steps` mouse wheel notches of
// `dy` px per gesture.
async function scrollRun(page, net, { ms, phone, dy, speed, steps, gap, bounce, shotName }) {
  const cdp = net.cdp;
  let st = await state(page);
  let since = st.frames;
  const startFrames = st.frames;
  const fetched0 = st.images.fetched;
  const canvasMs = [], appMs = [];
  const seen = new Set();
  const collect = async () => {
    st = await state(page);
    for (const i of st.items || []) if (i.kind === 'product') seen.add(i.label);
    const f = newFrames(st, since);
    canvasMs.push(...f.canvas);
    appMs.push(...f.app);
    since = st.frames;
  };
  // Chromium's own view of the same frames: thread CPU time (tdur) of each requestAnimationFrame
  // callback, which the app's frames run in. Unlike the app's wall-clock figures it does not grow
  // when other processes take the CPU away mid-frame.
  await page.context().browser().startTracing(page, { categories: ['devtools.timeline'] });
  const t0 = Date.now();
  let n = 0, shot = null;
  while (Date.now() - t0 < ms) {
    const down = !bounce || Date.now() - t0 < ms / 2;
    if (phone) {
      // Flings go up the screen (content scrolls down); from high to low to bounce back.
      await fling(cdp, 195, down ? 650 : 250, down ? -dy : dy, speed);
    } else {
      for (let i = 0; i < steps; i++) {
        await page.mouse.move(640, 500);
        await page.mouse.wheel(0, down ? dy : -dy);
        await sleep(16);
      }
    }
    n++;
    if (shotName && n === 3 && !shot) {
      fs.mkdirSync(SHOTS, { recursive: true });
      shot = path.join(SHOTS, shotName + '.png');
      await page.screenshot({ path: shot });  // mid-scroll: momentum is still running
    }
    await sleep(gap);
    await collect();
  }
  await sleep(1500);  // let momentum die out
  await collect();
  const trace = JSON.parse((await page.context().browser().stopTracing()).toString());
  const raf = (trace.traceEvents || trace).filter(e => e.name === 'FireAnimationFrame' && e.ph === 'X');
  const rafCpu = raf.map(e => (e.tdur || 0) / 1000), rafWall = raf.map(e => (e.dur || 0) / 1000);
  const elapsed = (Date.now() - t0) / 1000;
  const images = st.images;
  return {
    gestures: n, seconds: r2(elapsed), frames: st.frames - startFrames, fps: r2((st.frames - startFrames) / elapsed),
    samples: canvasMs.length, distinct_products_seen: seen.size, images_fetched_during: st.images.fetched - fetched0,
    canvas_ms: { median: r2(median(canvasMs)), p95: r2(pct(canvasMs, 95)), max: r2(Math.max(...canvasMs, 0)) },
    app_ms: { median: r2(median(appMs)), p95: r2(pct(appMs, 95)), max: r2(Math.max(...appMs, 0)) },
    raf_thread_cpu_ms: { count: raf.length, median: r2(median(rafCpu)), p95: r2(pct(rafCpu, 95)), max: r2(Math.max(...rafCpu, 0)) },
    raf_wall_ms: { median: r2(median(rafWall)), p95: r2(pct(rafWall, 95)) },
    images_after: images, screenshot: shot,
  };
}

async function idleRun(page, seconds = 3) {
  const a = await state(page);
  await sleep(seconds * 1000);
  const b = await state(page);
  const f = newFrames(b, a.frames);
  return { seconds, frames: b.frames - a.frames, canvas_ms_median: r2(median(f.canvas)), app_ms_median: r2(median(f.app)) };
}

// ---- main --------------------------------------------------------------------------------------

async function productPath(base, shop) {
  const bundle = await (await fetch(`${base}/api/shops/${shop}`)).json();
  const brand = Object.keys(bundle.releases)[0];
  const rel = JSON.parse(bundle.releases[brand].payload);
  return `/s/${shop}/p/${encodeURIComponent(rel.products[0].id)}`;
}

function bytesLine(name, b) {
  const t = b.by_type, kb = v => (v / 1024).toFixed(1);
  const part = k => (t[k] ? `${k} ${kb(t[k].wire)}` : `${k} 0`);
  log(`${name}: ${kb(b.total_wire)} KiB over ${b.requests} requests (` +
      ['html', 'js', 'css', 'wasm', 'fonts', 'api_json', 'images', 'other'].map(part).join(', ') + ' KiB)');
}

async function main() {
  if (!fs.existsSync(path.join(SCALE, 'documents.jsonl'))) throw new Error('no scale data in ' + SCALE + ' (gen_demo --scale --out DIR)');
  const out = { runs: RUNS, loadavg_start: os.loadavg().map(r2), cpus: os.cpus().length };
  const started = Date.now();
  log('starting serve.py (demo) and serve.py (scale: importing 3,000 products, 20,000 distributors)');
  let scaleCopy = null;
  if (SCALE_DATA) {
    scaleCopy = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-bench-scale-'));
    fs.cpSync(path.resolve(SCALE_DATA), scaleCopy, { recursive: true });
  }
  const [demo, scale] = await Promise.all([startServer(), startServer(scaleCopy ? { seed: SCALE, data: scaleCopy } : { seed: SCALE })]);
  const browser = await launchBrowser();
  try {
    out.server_start_s = r2((Date.now() - started) / 1000);
    // Warm the servers' caches (and Chromium's processes) once; every measured visit is cold.
    for (const [srv, p] of [[demo, `/s/${DEMO_SHOP}`], [scale, `/s/${SCALE_SHOP}`]]) {
      const v = await coldVisit(browser, srv.url, p, PHONE, { settle: false });
      await v.ctx.close();
    }

    // 2 + 7: bytes of first visits (cold cache, phone), until images settle.
    const demoProduct = await productPath(demo.url, DEMO_SHOP);
    const scaleProduct = await productPath(scale.url, SCALE_SHOP);
    out.bytes = {};
    if (PARTS.includes('bytes')) for (const [name, srv, p] of [['demo_shop', demo, `/s/${DEMO_SHOP}`], ['demo_product', demo, demoProduct],
                                  ['scale_shop', scale, `/s/${SCALE_SHOP}`], ['scale_product', scale, scaleProduct]]) {
      const v = await coldVisit(browser, srv.url, p, PHONE, { settle: true });
      const b = summarizeBytes(v.net);
      b.path = p;
      b.images_decoded = v.settled.images.ready;
      b.screen = v.settled.screen;
      if (v.errors.length) b.page_errors = v.errors;
      out.bytes[name] = b;
      bytesLine(name, b);
      if (name === 'scale_shop') {
        fs.mkdirSync(SHOTS, { recursive: true });
        await v.page.screenshot({ path: path.join(SHOTS, 'bench-scale-loaded-phone.png') });
      }
      await v.ctx.close();
    }

    // 3: time to the first canvas frame, cold, median of RUNS (phone, then desktop).
    out.first_frame = {};
    if (PARTS.includes('first')) for (const [name, srv, p, dev] of [['demo_phone', demo, `/s/${DEMO_SHOP}`, PHONE], ['demo_desktop', demo, `/s/${DEMO_SHOP}`, DESKTOP],
                                       ['scale_phone', scale, `/s/${SCALE_SHOP}`, PHONE]]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const v = await coldVisit(browser, srv.url, p, dev, { settle: false });
        runs.push(v.times);
        await v.ctx.close();
      }
      const m = key => r2(median(runs.map(key).filter(x => x != null)));
      out.first_frame[name] = {
        path: p, runs: runs.length,
        first_frame_ms: m(t => t.first_frame),
        all_first_frame_ms: runs.map(t => r2(t.first_frame)),
        html_done_ms: m(t => t.html_done),
        app_js_done_ms: m(t => t.app_js && t.app_js.end),
        wasm_downloaded_ms: m(t => t.wasm && t.wasm.end),
        wasm_instantiated_ms: m(t => t.instantiated),
        wasm_compile_instantiate_ms: m(t => t.instantiated != null && t.instantiate_start != null ? t.instantiated - t.instantiate_start : null),
        shop_json_done_ms: m(t => t.shop_json && t.shop_json.end),
        boot_frames_cpu_ms: m(t => t.boot_frame_sum),
        boot_longest_frame_ms: m(t => t.boot_frame_max),
        cjk_font_done_ms: m(t => t.font_cjk && t.font_cjk.end),
      };
      // One more cold load, traced (not timed): CPU the main thread spent before the first frame.
      const traced = await coldVisit(browser, srv.url, p, dev, { settle: false, trace: true });
      out.first_frame[name].boot_traced = traced.boot;
      await traced.ctx.close();
      log(`first frame ${name}: median ${out.first_frame[name].first_frame_ms} ms of ${JSON.stringify(out.first_frame[name].all_first_frame_ms)}; ` +
          `traced run: app frames ${JSON.stringify(traced.boot)}`);
    }

    // 4 + 6: frames while idle, frame CPU time while scrolling.
    out.frames = {};
    const scenarios = [
      { name: 'demo_phone', srv: demo, p: `/s/${DEMO_SHOP}`, dev: PHONE, phone: true, ms: 8000, dy: 500, speed: 1500, gap: 300, bounce: true },
      { name: 'scale_phone', srv: scale, p: `/s/${SCALE_SHOP}`, dev: PHONE, phone: true, ms: 12000, dy: 600, speed: 2500, gap: 200, bounce: false,
        shot: 'bench-scale-midscroll-phone' },
      { name: 'scale_desktop', srv: scale, p: `/s/${SCALE_SHOP}`, dev: DESKTOP, phone: false, ms: 8000, dy: 120, steps: 6, gap: 100, bounce: false,
        shot: 'bench-scale-midscroll-desktop' },
    ];
    if (PARTS.includes('frames')) for (const sc of scenarios) {
      const v = await coldVisit(browser, sc.srv.url, sc.p, sc.dev, { settle: true });
      const idle = await idleRun(v.page, 3);
      // The semantics mirror's cost while scrolling (every frame moves every node): the canvas's
      // side (semantics_of, encode, compare) per frame, and the page's DOM updates per frame.
      const semantics = () => v.page.evaluate(() => ({ page: window.dynshop.semantics(), canvas: window.dynshop.state().semantics }));
      const sem0 = await semantics();
      const scroll = await scrollRun(v.page, v.net, { ms: sc.ms, phone: sc.phone, dy: sc.dy, speed: sc.speed, steps: sc.steps, gap: sc.gap,
                                                      bounce: sc.bounce, shotName: sc.shot });
      const sem1 = await semantics();
      const frames = sem1.canvas.frames - sem0.canvas.frames;
      const mirror = {
        frames, dom_updates: sem1.page.updates - sem0.page.updates, nodes: sem1.page.nodes,
        canvas_ms_per_frame: r2((sem1.canvas.ms - sem0.canvas.ms) / Math.max(1, frames)),
        page_ms_per_frame: r2((sem1.page.ms - sem0.page.ms) / Math.max(1, frames)),
      };
      mirror.total_ms_per_frame = r2(mirror.canvas_ms_per_frame + mirror.page_ms_per_frame);
      // After scrolling: do the thumbnails on screen fill in?
      const after = await waitSettled(v.page, v.net, 15000);
      const idleAfter = await idleRun(v.page, 3);
      if (sc.shot) await v.page.screenshot({ path: path.join(SHOTS, sc.shot.replace('midscroll', 'settled') + '.png') });
      const products = (after.items || []).filter(i => i.kind === 'product').map(i => i.label);
      out.frames[sc.name] = { path: sc.p, idle, scroll, mirror, idle_after_scroll: idleAfter, images_settled: after.images,
                              products_on_screen_after: products.slice(0, 6), page_errors: v.errors };
      log(`${sc.name}: idle ${idle.frames} frames in ${idle.seconds}s; scrolling ${scroll.frames} frames (${scroll.fps} fps), ` +
          `canvas median ${scroll.canvas_ms.median} ms p95 ${scroll.canvas_ms.p95} ms; app median ${scroll.app_ms.median} ms p95 ${scroll.app_ms.p95} ms; ` +
          `rAF thread CPU median ${scroll.raf_thread_cpu_ms.median} ms p95 ${scroll.raf_thread_cpu_ms.p95} ms; ` +
          `after: ${JSON.stringify(after.images)}; semantics mirror ${JSON.stringify(mirror)}`);
      await v.ctx.close();
    }
  } finally {
    await browser.close().catch(() => {});
    await demo.stop().catch(() => {});
    await scale.stop().catch(() => {});
    if (scaleCopy) fs.rmSync(scaleCopy, { recursive: true, force: true });
  }
  out.seconds = r2((Date.now() - started) / 1000);
  out.loadavg_end = os.loadavg().map(r2);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, JSON.stringify(out, null, 1) + '\n');
  log('wrote', OUT, 'in', out.seconds, 's');
}

main().catch(e => { console.error(e); process.exit(1); });
