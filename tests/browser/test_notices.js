// Order notices: a new order reaches an open brand console (on any page, here Preview) and an open
// distributor editor dashboard within a poll (~10 s): a badge on the tab that lists orders (the
// console's Orders, the editor's Dashboard), a toast naming the order, the shop and the amount, and
// a browser notification where the person allowed it and turned "Tell me about new orders" on.
// Orders that were there when the page opened are not announced; opening the Orders page (or
// tapping the Dashboard tab) clears the badge. The browser is asked for permission only from the
// switch, inside the tap, never on page load. window.Notification is wrapped by an init script that
// records what the app asks and shows.
'use strict';
const crypto = require('crypto');
const { tapIn, signInEditor, signInConsole } = require('./harness');

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 };

// [SECTION] Helpers ------------------------------------------------------------------------------

// A page in its own browser context whose Notification is recorded. `grant`: Playwright grants the
// permission for the store's origin; otherwise the permission is "default" and the first request
// answers "denied" (as a person clicking Block would).
async function recordedPage(t, server, { phone, grant }) {
  const ctx = await t.browser.newContext(phone ? PHONE : DESKTOP);
  t.contexts.push(ctx);
  if (grant) await ctx.grantPermissions(['notifications'], { origin: server.url });
  await ctx.addInitScript(fake => {
    window.__notes = [];
    window.__asked = [];
    const Real = window.Notification;
    let permission = fake ? 'default' : (Real ? Real.permission : 'default');
    const Recorder = function (title, options) {
      window.__notes.push({ title, body: options && options.body, tag: options && options.tag });
      return { close() {}, onclick: null };
    };
    Object.defineProperty(Recorder, 'permission', { get: () => permission });
    Recorder.requestPermission = () => {
      // Whether the page asked inside a person's tap (browsers ignore asks without one).
      window.__asked.push(!!(navigator.userActivation && navigator.userActivation.isActive));
      if (fake) permission = 'denied';
      return fake ? Promise.resolve(permission) : Real.requestPermission();
    };
    window.Notification = Recorder;
  }, !grant);
  return t.page({ context: ctx, phone, desktop: !phone });
}

async function consoleSignIn(t, page, base, brand) {
  await signInConsole(t, page, brand, '', base);
  return t.waitFor(page, s => s.console.page === 'preview', 'signed in to the console', 30000);
}

async function editorDashboard(t, page, base, slug) {
  await signInEditor(t, page, slug, base);
  await t.tap(page, 'Dashboard', 'tab');
  return t.waitFor(page, s => s.editor.page === 'dash' && s.editor.dash.status === 'ready' && s.items.some(i => i.kind === 'switch'),
                   'the dashboard', 20000);
}

// An order in lily-tea's shop for one of 花溪茶园's products, placed through the store's API.
async function placeOrder(base, name) {
  const shop = await (await fetch(base + '/api/shops/lily-tea')).json();
  const release = JSON.parse(shop.releases.b_huaxi.payload);
  const manifest = JSON.parse(shop.manifest.payload);
  const ids = new Set(release.products.map(p => p.id));
  const pid = (manifest.products || []).find(p => ids.has(p)) || release.products[0].id;
  const r = await fetch(base + '/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: 'notice' + crypto.randomBytes(8).toString('hex'), shop: 'lily-tea', brand: 'b_huaxi',
                           lines: [{ product: pid, qty: 1 }], visitor: '', touch: { channel: 'direct', campaign: '', hop: 0 },
                           contact: { name, phone: '13900139000', address: '杭州市西湖区 8 号' } }) });
  const placed = await r.json();
  if (!placed.order) throw new Error('the order was not placed: ' + JSON.stringify(placed).slice(0, 300));
  return placed.order;
}

const badge = st => st.items.find(i => i.kind === 'tab-badge');
const toastOf = st => st.items.find(i => i.kind === 'toast');
const notices = (st, where) => (where === 'console' ? st.console.notices : st.editor.notices);

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

// [SECTION] Tests --------------------------------------------------------------------------------

test('a new order reaches an open console and an open editor dashboard: badge, toast and a notification', async t => {
  const server = await t.startServer();  // its own store: orders are placed
  const before = await placeOrder(server.url, '已有订单');  // there before anything opened: never announced

  // The console on its Preview page and the editor on its dashboard, each at phone and desktop size.
  const pages = [
    { where: 'console', size: 'desktop', page: await recordedPage(t, server, { phone: false, grant: true }) },
    { where: 'console', size: 'phone', page: await recordedPage(t, server, { phone: true, grant: true }) },
    { where: 'editor', size: 'phone', page: await recordedPage(t, server, { phone: true, grant: true }) },
    { where: 'editor', size: 'desktop', page: await recordedPage(t, server, { phone: false, grant: true }) },
  ];
  for (const p of pages) {
    if (p.where === 'console') {
      await consoleSignIn(t, p.page, server.url, 'b_huaxi');
      // The switch lives on the Orders page: turned on there (permission granted: nothing is asked),
      // then back to Preview. Opening Orders loads the whole activity, the order placed before too.
      await t.tap(p.page, 'Orders', 'tab');
      await t.see(p.page, s => s.console.page === 'orders' && s.items.some(i => i.kind === 'order-row' && i.id === before.id),
                  'the order placed before, listed', 20000);
      await tapIn(t, p.page, 'notify-orders', 'switch');
      await t.see(p.page, s => s.notify.on && s.items.some(i => i.kind === 'switch' && i.label.endsWith(': on')), 'the switch on');
      await t.tap(p.page, 'Preview', 'tab');
      await t.see(p.page, s => s.console.page === 'preview' && s.items.some(i => i.kind === 'tab' && i.id === 'Orders'), 'back on Preview');
    } else {
      await editorDashboard(t, p.page, server.url, 'lily-tea');
      // The setting is per browser: each context turns it on for itself.
      await tapIn(t, p.page, 'notify-orders', 'switch');
      await t.see(p.page, s => s.notify.on && s.items.some(i => i.kind === 'switch' && i.label.endsWith(': on')), 'the switch on');
    }
    const asked = await p.page.evaluate(() => window.__asked.length);
    t.equal(asked, 0, `${p.where} ${p.size}: the permission was granted already, nothing asked`);
  }
  // A poll has gone by on every page: what was there when it opened is not announced.
  for (const p of pages) {
    const st = await t.waitFor(p.page, s => notices(s, p.where) && (p.where === 'console' ? s.console.orders.status === 'ready'
                                                                                          : s.editor.dash.status === 'ready'),
                               `${p.where} watching`);
    t.equal(notices(st, p.where).announced, 0, `${p.where} ${p.size}: nothing announced for the order placed before`);
    t.assert(!badge(st), `${p.where} ${p.size}: no badge yet`);
  }

  const order = await placeOrder(server.url, '新顾客');
  t.assert(order.number && order.total > 0, 'a new order: ' + JSON.stringify(order).slice(0, 200));
  const amount = '¥' + (order.total / 100).toFixed(2);
  // Within a poll (10 s) and its answer, on every page at once; each is photographed while its
  // toast shows.
  await Promise.all(pages.map(async p => {
    const st = await t.waitFor(p.page, s => badge(s) && toastOf(s) && toastOf(s).label.includes(order.number),
                               `${p.where} ${p.size}: the badge and the toast`, 20000);
    await t.screenshot(p.page, `notice-${p.where}-${p.size}`);
    t.assert(badge(st).label.includes('1'), `${p.where}: one new order on the badge: ${badge(st).label}`);
    const text = toastOf(st).label;
    t.assert(text.includes('丽丽茶铺') && text.includes(amount) && text.startsWith('新订单'),
             `${p.where}: the toast names the order, the shop and the amount in Chinese: ${text}`);
    const tab = st.items.find(i => i.kind === 'tab' && i.id === (p.where === 'console' ? 'Orders' : 'Dashboard'));
    const b = badge(st);
    t.assert(tab && b.x + b.w / 2 >= tab.x && b.x + b.w / 2 <= tab.x + tab.w, `${p.where} ${p.size}: the badge sits on its tab`);
  }));
  for (const p of pages) {
    const st = await t.drawn(p.page);
    t.equal(notices(st, p.where).announced, 1, `${p.where} ${p.size}: announced once`);
    const notes = await p.page.evaluate(() => window.__notes);
    t.equal(notes.length, 1, `${p.where} ${p.size}: one notification: ${JSON.stringify(notes)}`);
    t.assert(notes[0].title.includes('丽丽茶铺') && notes[0].body.includes(order.number) && notes[0].body.includes(amount),
             `${p.where}: the notification says where, which and how much: ${JSON.stringify(notes[0])}`);
  }
  t.equal((await t.drawn(pages[0].page)).console.page, 'preview', 'the console stayed on Preview');

  // Opening Orders clears the console's badge, and lists the new order.
  const desk = pages[0].page;
  await t.tap(desk, 'Orders', 'tab');
  await t.see(desk, s => s.console.page === 'orders' && !badge(s) && s.console.notices.unread === 0 &&
                         s.items.some(i => i.kind === 'order-row' && i.id === order.id), 'the badge gone, the order listed');
  // On the phone the same from the bottom tab bar.
  await t.tap(pages[1].page, 'Orders', 'tab');
  await t.see(pages[1].page, s => s.console.page === 'orders' && !badge(s), 'the phone console\'s badge gone');
  // The editor is on its dashboard already: tapping its tab says the person saw them.
  for (const p of pages.slice(2)) {
    await t.tap(p.page, 'Dashboard', 'tab');
    await t.see(p.page, s => s.editor.page === 'dash' && !badge(s) && s.editor.notices.unread === 0, `${p.size} editor: the badge gone`);
  }
});

test('notification permission is asked only from the switch, inside the tap; a refusal is said and the switch stays off', async t => {
  const server = t.server;  // nothing is written
  const page = await recordedPage(t, server, { phone: true, grant: false });
  await consoleSignIn(t, page, server.url, 'b_northmoor');
  await t.tap(page, 'Orders', 'tab');
  let st = await t.see(page, s => s.console.page === 'orders' && s.items.some(i => i.kind === 'switch'), 'the switch on the Orders page');
  t.assert(st.items.find(i => i.kind === 'switch').label.endsWith(': off'), 'off to begin with');
  t.equal(st.notify.permission, 'default', 'the browser has not been asked');
  t.equal((await page.evaluate(() => window.__asked)).length, 0, 'not asked on page load');
  await tapIn(t, page, 'notify-orders', 'switch');
  st = await t.see(page, s => s.notify.permission === 'denied' && !s.notify.asking, 'the answer');
  const asked = await page.evaluate(() => window.__asked);
  t.equal(asked.length, 1, 'asked once');
  t.equal(asked[0], true, 'asked inside the person\'s tap');
  st = await t.see(page, s => s.items.some(i => i.kind === 'switch' && i.label.endsWith(': off')) && !s.notify.on &&
                              s.notify.message.includes('blocks notifications'), 'the switch stays off and says why');
  await t.screenshot(page, 'notice-switch-blocked-phone');
  // The dashboard of an editor in the same browser: not asked on load either.
  const ed = await recordedPage(t, server, { phone: false, grant: false });
  await editorDashboard(t, ed, server.url, 'ava-glow');
  await t.see(ed, s => s.items.some(i => i.kind === 'switch' && i.label.endsWith(': off')), 'the editor\'s switch, off');
  t.equal((await ed.evaluate(() => window.__asked)).length, 0, 'the editor did not ask on load');
  await t.screenshot(ed, 'notice-switch-editor-desktop');
});
