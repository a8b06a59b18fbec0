// The page shell and bad input: a readable message (never a blank page) when WebGL2 is missing or
// the app fails to load; the canvas drawn by a worker (on the page where a browser cannot); the HTML first paint before the canvas; malformed data and a corrupt
// image become a clear error or a placeholder, never a crash; the gallery swipes on touch; the
// canvas is sharp at the device pixel ratio and follows a resize.
'use strict';
const { reveal } = require('./harness');

// Serves web/render.js as a browser without WebGL2 in its workers would run it (Safari 16.4 has
// OffscreenCanvas for 2D only): the worker's getContext('webgl2') answers null.
async function noWorkerWebGL(page) {
  await page.route('**/render.js', async route => {
    const res = await route.fetch();
    const body = "if (typeof OffscreenCanvas === 'function' && typeof WorkerGlobalScope !== 'undefined') " +
                 '{ OffscreenCanvas.prototype.getContext = function () { return null; }; }\n' + await res.text();
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-encoding': 'identity' } });
  });
}

module.exports = [
  {
    name: 'without WebGL2 the page explains what is missing instead of going blank',
    async run(t) {
      const page = await t.page({ phone: true });
      // A browser with no WebGL2 anywhere: not in the graphics' worker (web/render.js, as this
      // browser would serve it) and not on the page, where the shell falls back to next.
      await noWorkerWebGL(page);
      await page.addInitScript(() => {
        const orig = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
          return kind === 'webgl2' ? null : orig.call(this, kind, ...rest);
        };
      });
      await page.goto(t.server.url + '/s/lily-tea');
      await page.waitForSelector('#problem:not([hidden])', { timeout: 10000 });
      const text = await page.textContent('#problem');
      t.assert(/WebGL 2/.test(text), 'names WebGL 2: ' + text);
      // The HTML first paint (shop name from serve.py) is still there to read.
      const h1 = await page.textContent('#summary h1');
      t.assert(h1 && h1.includes('丽丽茶铺'), 'first paint shows the shop: ' + h1);
      await t.screenshot(page, 'no-webgl-phone');
    },
  },
  {
    name: 'the canvas is drawn by a worker, off the main thread; a browser whose workers cannot draw gets the shop drawn on the page',
    async run(t) {
      // What the canvas shows where the shop's title is drawn: share of pixels far from the page's
      // colour (the node's corner), so a blank or unpainted canvas reads 0.
      const ink = async page => {
        const st = await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'shop-title'), 'the shop title drawn');
        const it = st.items.find(i => i.kind === 'shop-title');
        await page.waitForTimeout(300);
        const { PNG } = require('pngjs');
        const png = PNG.sync.read(await page.screenshot({ clip: { x: it.x, y: it.y, width: it.w, height: it.h }, scale: 'css' }));
        const d = png.data, bg = d[0] + d[1] + d[2];
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] + d[i + 1] + d[i + 2] - bg) > 150) n++;
        return n / (png.width * png.height);
      };
      const graphics = page => page.evaluate(() => window.dynshopGraphics.mode + ' ' + window.dynshopGraphics.state);
      // This Chromium: a worker owns the canvas, and the main thread never made a WebGL context.
      const page = await t.page({ phone: true });
      await page.addInitScript(() => {
        window.__pageContexts = 0;
        const orig = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
          if (/webgl/.test(kind)) window.__pageContexts++;
          return orig.call(this, kind, ...rest);
        };
      });
      await t.open(page, '/s/lily-tea');
      t.equal(await graphics(page), 'worker 1', 'the graphics run in a worker');
      t.equal(await page.evaluate(() => window.__pageContexts), 0, 'no WebGL context made on the main thread');
      const inWorker = await ink(page);
      t.assert(inWorker > 0.02, 'the shop title is drawn: ' + inWorker);
      // Safari 16.4 has OffscreenCanvas without WebGL in workers: the canvas it handed over is
      // replaced and the page draws.
      const noGL = await t.page({ phone: true });
      await noWorkerWebGL(noGL);
      await t.open(noGL, '/s/lily-tea');
      t.equal(await graphics(noGL), 'page 1', 'no WebGL2 in workers: drawn on the page');
      const onPage = await ink(noGL);
      t.assert(Math.abs(onPage - inWorker) < 0.01, `the same title drawn on the page: ${onPage} vs ${inWorker}`);
      // Older browsers: no way to hand a canvas to a worker.
      const old = await t.page({ phone: true });
      await old.addInitScript(() => { delete HTMLCanvasElement.prototype.transferControlToOffscreen; });
      await t.open(old, '/s/lily-tea');
      t.equal(await graphics(old), 'page 1', 'no OffscreenCanvas: drawn on the page');
      t.assert(await ink(old) > 0.02, 'the shop title is drawn');
      for (const [name, p] of [['worker', page], ['no WebGL2 in workers', noGL], ['no OffscreenCanvas', old]])
        t.equal(p.__errors.length, 0, name + ': no page errors: ' + p.__errors.join('; '));
    },
  },
  {
    name: 'when the app cannot be downloaded the page says so and offers a retry',
    async run(t) {
      const page = await t.page({ phone: false });
      await page.route('**/*.wasm', route => route.fulfill({ status: 503, body: 'down' }));  // shop.wasm here
      await page.goto(t.server.url + '/s/ava-glow');
      await page.waitForSelector('#problem:not([hidden])', { timeout: 15000 });
      const text = await page.textContent('#problem');
      t.assert(/could not load/i.test(text) && /503/.test(text), 'explains the failure: ' + text);
      t.assert(await page.isVisible('#problem button'), 'a Try again button');
    },
  },
  {
    name: 'the HTML first paint shows the shop before the canvas and stays for screen readers',
    async run(t) {
      const page = await t.page({ phone: true });
      const resp = await page.goto(t.server.url + '/s/ruby-rituals');
      const html = await resp.text();
      t.assert(html.includes('og:title') && html.includes('<h1'), 'server-rendered summary and OG tags');
      await t.waitReady(page);
      const ready = await page.evaluate(() => ({
        app: document.body.classList.contains('app-ready'),
        summary: document.querySelector('#summary h1').textContent,
        canvasHidden: document.getElementById('canvas').getAttribute('aria-hidden'),
      }));
      t.assert(ready.app, 'the canvas took over');
      t.assert(ready.summary.length > 0, 'the summary stays in the page');
      t.equal(ready.canvasHidden, 'true', 'the canvas is hidden from screen readers');
    },
  },
  {
    name: 'a malformed shop document gives a clear error, not a crash',
    async run(t) {
      const page = await t.page({ phone: true });
      await page.route(/\/api\/shops\/lily-tea(\?|$)/, route => route.fulfill({ status: 200, contentType: 'application/json', body: '{"manifest": {"payload": "{tru' }));
      await t.open(page, '/s/lily-tea');
      const st = await t.waitFor(page, s => s.shop.status === 'refused', 'refused');
      t.equal(st.shop.error.code, 'malformed_json', 'names the problem');
      await t.see(page, st => (st.items || []).some(i => i.kind === 'notice-title'), 'a message on screen');
      t.equal(page.__errors.length, 0, 'no page errors: ' + page.__errors.join('; '));
    },
  },
  {
    name: 'a corrupt or swapped image shows a placeholder with a reason, the rest of the page works',
    async run(t) {
      const page = await t.page({ phone: true });
      let n = 0;
      await page.route('**/img/*.jpg', route => {
        n++;
        if (n % 2) return route.fulfill({ status: 200, contentType: 'image/jpeg', body: Buffer.from('not a jpeg at all') });
        return route.continue();
      });
      await t.open(page, '/s/ahmei-tea');
      const st = await t.waitFor(page, s => s.images.failed >= 1 && s.images.ready >= 1, 'some images refused, others shown');
      await t.see(page, st => (st.items || []).some(i => i.kind === 'product'), 'products still listed');
      await t.screenshot(page, 'corrupt-images-phone');
      t.equal(page.__errors.length, 0, 'no page errors');
    },
  },
  {
    name: 'the product gallery swipes on touch and settles on a page',
    async run(t) {
      const page = await t.page({ phone: true });
      await t.open(page, '/s/lily-tea/p/p_hx_001');
      let st = await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'gallery-image'), 'gallery');
      const first = st.items.find(i => i.kind === 'gallery-image');
      const n = Number(first.label.split('/')[1]);
      t.assert(n >= 2, 'the product has several images');
      const cdp = await page.context().newCDPSession(page);
      const y = first.y + first.h / 2;
      const points = [];
      for (let x = 330; x >= 60; x -= 30) points.push(x);
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: points[0], y }] });
      for (const x of points.slice(1)) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
        await page.waitForTimeout(16);
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      st = await t.waitFor(page, s => {
        const g = (s.items || []).filter(i => i.kind === 'gallery-image');
        return g.some(i => i.label.startsWith('2/') && Math.abs(i.x) < 1);
      }, 'the second image settled in view');
      t.equal(st.screen, 'product', 'a swipe is not a tap: still on the product');
      await t.screenshot(page, 'gallery-swiped-phone');
      // A quick flick moves one picture on, never more (a paging gallery): back to the first, then
      // a flick as fast as a thumb's towards the third lands on the second.
      const flick = async (from, to) => {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from, y }] });
        for (let k = 1; k <= 4; k++) {
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from + (to - from) * k / 4, y }] });
          await page.waitForTimeout(8);
        }
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      };
      const settledOn = label => t.waitFor(page, s => (s.items || []).some(i => i.kind === 'gallery-image' && i.label.startsWith(label) && Math.abs(i.x) < 1) &&
                                                      s.touch === 'idle' && !s.frame_pending, 'settled on ' + label);
      await flick(60, 360);
      await settledOn('1/');
      await flick(360, 20);
      st = await settledOn('2/');
      await page.waitForTimeout(500);
      st = await t.state(page);
      t.assert(st.items.some(i => i.kind === 'gallery-image' && i.label.startsWith('2/') && Math.abs(i.x) < 1),
               'a fast flick from the first picture stays on the second: ' + JSON.stringify(st.items.filter(i => i.kind === 'gallery-image')));
    },
  },
  {
    name: 'the canvas is sharp at the device pixel ratio and follows a resize',
    async run(t) {
      const page = await t.page({ phone: true });
      await t.open(page, '/s/june-botanics');
      // (the canvas's drawing buffer, as the graphics' worker that owns it last reported it)
      const buffer = () => page.evaluate(() => window.dynshopGraphics.buffer.join('x'));
      t.equal(await buffer(), 390 * 3 + 'x' + 844 * 3, 'backing store is CSS size x dpr');
      await page.setViewportSize({ width: 844, height: 390 });  // rotate to landscape
      await t.waitFor(page, s => s.viewport.w === 844 && s.viewport.h === 390, 'the app sees the new size');
      // (the frame at the new size is drawn a moment later)
      await page.waitForFunction(() => window.dynshopGraphics.buffer.join('x') === 844 * 3 + 'x' + 390 * 3, null, { timeout: 10000 })
        .catch(() => {});
      t.equal(await buffer(), 844 * 3 + 'x' + 390 * 3, 'backing store follows');
      // Wide enough for the desktop layout now: the header is centred with a margin and nothing
      // is laid out past the new width.
      const st = await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'shop-title' && i.x >= 32), 'relaid out');
      await t.see(page, st => st.items.every(i => i.x + i.w <= 844 + 1), 'everything within the new width');
    },
  },
  {
    name: 'nothing is redrawn while nothing changes',
    async run(t) {
      const page = await t.page({ phone: false });
      await t.open(page, '/s/sam-home');
      await t.waitFor(page, s => s.images.ready >= 4, 'images in');
      await page.waitForTimeout(1500);  // let loads and settling finish
      const a = (await t.state(page)).frames;
      await page.waitForTimeout(3000);
      const b = (await t.state(page)).frames;
      t.assert(b - a <= 2, `idle frames over 3 s: ${b - a}`);
    },
  },
  {
    name: 'every page taller than a short screen scrolls: under the finger on a phone, with the wheel on a desktop',
    async run(t) {
      // 440 px high: most pages are taller than that. A page that placed its content at fixed screen
      // positions inside its scrolling area would not move (the directory once did exactly that).
      const paths = ['/', '/s/no-such-shop', '/s/lily-tea', '/s/lily-tea/p/p_hx_001', '/d', '/d/lily-tea', '/o/lookup',
                     '/console/b_northmoor'];
      for (const phone of [true, false]) {
        const ctx = await t.browser.newContext(phone
          ? { viewport: { width: 390, height: 440 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true }
          : { viewport: { width: 1280, height: 440 }, deviceScaleFactor: 1 });
        t.contexts.push(ctx);
        for (const p of paths) {
          const page = await t.page({ context: ctx, phone });
          await t.open(page, p);
          await page.waitForTimeout(400);
          const before = await t.drawn(page);
          const drawn = (before.items || []).filter(i => i.kind !== 'icon' && i.kind !== 'tab');
          const bottom = Math.max(...drawn.map(i => i.y + i.h));
          if (bottom <= 440) continue;  // it all fits: nothing to scroll
          // Something in the page's body: below the top bar, above a bottom bar (those stay put).
          const probe = drawn.filter(i => i.y >= 40 && i.y < 330 && i.kind !== 'shop-name').sort((a, b) => a.y - b.y)[0];
          t.assert(probe, p + ': something drawn in the body');
          if (phone) {
            const cdp = await page.context().newCDPSession(page);
            await cdp.send('Input.synthesizeScrollGesture', { x: 195, y: 300, yDistance: -200, speed: 800, gestureSourceType: 'touch' });
          } else {
            await page.mouse.move(probe.x + Math.min(probe.w / 2, 100), probe.y + Math.min(probe.h / 2, 20));
            await page.mouse.wheel(0, 200);
          }
          await page.waitForTimeout(500);
          const after = await t.drawn(page);
          const same = (after.items || []).find(i => i.kind === probe.kind && i.label === probe.label);
          t.assert(!same || same.y < probe.y - 40,
                   `${phone ? 'phone' : 'desktop'} ${p}: "${probe.kind}:${probe.label.slice(0, 30)}" moved up (${probe.y} -> ${same && same.y})`);
          await page.close();
        }
      }
    },
  },
  {
    name: 'a shared link downloads only the shop\'s build; the editor loads the full app; the page can be zoomed',
    async run(t) {
      const page = await t.page({ phone: true });
      const fetched = [];
      page.on('response', r => fetched.push(new URL(r.url()).pathname));
      await t.open(page, '/s/lily-tea?ch=qr');
      let st = await t.waitFor(page, s => s.screen === 'shop', 'the shop');
      t.equal(st.build, 'shop', 'the consumer\'s build');
      t.assert(fetched.includes('/shop.wasm') && fetched.includes('/shop.js'), 'shop.js and shop.wasm fetched: ' + fetched.join(' '));
      t.assert(!fetched.includes('/app.wasm') && !fetched.includes('/app.js'), 'the full app is not downloaded');
      // Zoom: the viewport allows it, a pinch is the browser's, Ctrl + wheel is not swallowed.
      const zoom = await page.evaluate(() => {
        const canvas = document.getElementById('canvas');
        const wheel = new WheelEvent('wheel', { ctrlKey: true, deltaY: -100, cancelable: true, bubbles: true });
        return { viewport: document.querySelector('meta[name=viewport]').content, touch: getComputedStyle(canvas).touchAction,
                 notPrevented: canvas.dispatchEvent(wheel) };
      });
      t.assert(!/maximum-scale|user-scalable/.test(zoom.viewport), 'the viewport allows zooming: ' + zoom.viewport);
      t.equal(zoom.touch, 'pinch-zoom', 'a pinch on the canvas zooms the page');
      t.equal(zoom.notPrevented, true, 'Ctrl + wheel zooms the page');
      // From a consumer page into the distributor's editor: the full app loads (a new visitor: one
      // who came through a shop before lands in it again).
      const next = await t.page({ phone: true });
      next.on('response', r => fetched.push(new URL(r.url()).pathname));
      await t.open(next, '/');
      st = await t.waitFor(next, s => s.screen === 'home' && (s.items || []).some(i => i.kind === 'directory-shop'), 'the directory');
      t.equal(st.build, 'shop', 'the directory is a consumer page');
      // The directory's last button; no bar covers the bottom of this page (reveal keeps clear of one).
      await reveal(t, next, 'Sign in to edit yours', 'button').catch(() => {});
      await t.tap(next, 'Sign in to edit yours', 'button');
      await next.waitForURL(u => new URL(u).pathname === '/d', { timeout: 15000 });
      await t.waitReady(next);
      st = await t.waitFor(next, s => s.build === 'full' && s.screen === 'editor', 'the editor in the full app');
      t.assert(fetched.includes('/app.wasm'), 'the full app fetched for the editor');
      t.equal(next.__errors.length, 0, 'no page errors: ' + next.__errors.join('; '));
    },
  },
];
