// The page shell and bad input: a readable message (never a blank page) when WebGL2 is missing or
// the app fails to load; the HTML first paint before the canvas; malformed data and a corrupt
// image become a clear error or a placeholder, never a crash; the gallery swipes on touch; the
// canvas is sharp at the device pixel ratio and follows a resize.
'use strict';
const { reveal } = require('./harness');

module.exports = [
  {
    name: 'without WebGL2 the page explains what is missing instead of going blank',
    async run(t) {
      const page = await t.page({ phone: true });
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
    },
  },
  {
    name: 'the canvas is sharp at the device pixel ratio and follows a resize',
    async run(t) {
      const page = await t.page({ phone: true });
      await t.open(page, '/s/june-botanics');
      let size = await page.evaluate(() => ({ w: document.getElementById('canvas').width, h: document.getElementById('canvas').height }));
      t.equal(size.w, 390 * 3, 'backing store is CSS width x dpr');
      t.equal(size.h, 844 * 3, 'backing store is CSS height x dpr');
      await page.setViewportSize({ width: 844, height: 390 });  // rotate to landscape
      await t.waitFor(page, s => s.viewport.w === 844 && s.viewport.h === 390, 'the app sees the new size');
      size = await page.evaluate(() => ({ w: document.getElementById('canvas').width }));
      t.equal(size.w, 844 * 3, 'backing store follows');
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
