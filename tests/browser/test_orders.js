// Provenance and orders from the consumer's side: the share-onward link, placing an order (one
// order however often the button is pressed), the receipt page and lookup, the offline queue
// (events and the order arrive exactly once when back online), and the provenance view.
'use strict';

const path = require('path');
const { sqlRows: rows, tapIn, reveal } = require('./harness');

async function addFirstProduct(t, page, shop, base) {
  await t.open(page, `/s/${shop}`, base);
  const card = (await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid')).items.find(i => i.kind === 'product');
  await t.tap(page, card.label, 'product');
  await t.waitFor(page, s => s.screen === 'product' && (s.items || []).some(i => i.id === 'Add to cart'), 'product page');
  await t.tap(page, 'Add to cart', 'button');
  // Tests reload or leave the page later: wait until the cart is in IndexedDB.
  await t.waitFor(page, s => s.cart.count >= 1 && s.session_saved, 'in the cart, saved');
  return card.label;
}

async function fillCheckout(t, page, name, phone, address) {
  // Through the cart, in the same visit, as a person goes.
  await t.tap(page, 'Cart', 'icon');
  await t.waitFor(page, s => s.screen === 'cart' && (s.items || []).some(i => i.kind === 'button' && i.id === 'Checkout'), 'the cart');
  await t.tap(page, 'Checkout', 'button');
  await t.waitFor(page, s => s.screen === 'checkout' && (s.items || []).some(i => i.kind === 'field'), 'checkout');
  for (const [label, text] of [['Name', name], ['Phone', phone], ['Address', address]]) {
    // Labels are translated on Chinese shops; the field's id is its English label.
    const st = await t.drawn(page);
    const f = st.items.find(i => i.kind === 'field' && (i.label === label || i.id === label)) ||
              st.items.filter(i => i.kind === 'field')[['Name', 'Phone', 'Address'].indexOf(label)];
    if (page.__phone) await page.touchscreen.tap(f.x + f.w / 2, f.y + f.h / 2); else await page.mouse.click(f.x + f.w / 2, f.y + f.h / 2);
    await page.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')));
    await page.keyboard.insertText(text);
  }
}


// [SECTION] Payment --------------------------------------------------------------------------------
// The demo's 花溪茶园 accepts pay on delivery, then a bank transfer; Northmoor its own payment page,
// then a bank transfer (the brands' policies in assets/demo/huaxi.json and northmoor.json).
const HUAXI_ACCOUNT = '6222 0212 0200 3817 465';
const NORTHMOOR_ACCOUNT = '4401 2278 9035';
const NORTHMOOR_PAGE = 'https://pay.northmoor.example/checkout';

const itemsOf = (s, kind) => (s.items || []).filter(i => i.kind === kind);
const chosenIds = s => itemsOf(s, 'payment-chosen').map(i => i.id).sort();
const detail = (s, id) => itemsOf(s, 'payment-detail').find(i => i.id === id);
const onReceipt = s => s.screen === 'order' && s.orders.page === 'ready' && s.orders.viewing.payment;

async function placeOrder(t, page) {
  // Phones keep the button in the bar at the bottom; on a desktop it follows the summary.
  if (page.__phone) await t.tap(page, 'Place order', 'button');
  else await tapIn(t, page, 'Place order', 'button');
  return t.waitFor(page, s => onReceipt(s) && itemsOf(s, 'payment-next').length === 1, 'the receipt says how to pay', 20000);
}

// The brand marks an order paid (what the console signs), with the brand's key derived from its passphrase.
async function markPaid(base, brand, orderId) {
  const { execFileSync } = require('child_process');
  const crypto = require('crypto');
  const native = path.join(require('./harness').BUILD, 'native');
  const seed = execFileSync('/usr/bin/python3', ['-c',
    'import sys, base64; sys.path.insert(0, sys.argv[1]); import dynshop_core; ' +
    'print(base64.b64encode(dynshop_core.derive_seed(sys.argv[2], sys.argv[3])).decode())', native, `demo-${brand}-2026`, brand]).toString().trim();
  const priv = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed, 'base64')]),
                                         format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  const payload = JSON.stringify({ type: 'order_status', order: orderId, status: 'paid', at: Date.now() });
  const sig = crypto.sign(null, Buffer.from(payload), priv).toString('base64');
  const r = await fetch(`${base}/api/orders/${orderId}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
                                                                   body: JSON.stringify({ envelope: { payload, key: pub, sig } }) });
  if (r.status !== 201) throw new Error('marking paid: ' + r.status + ' ' + await r.text());
}

module.exports = [
  {
    name: 'sharing from inside a shop gives the onward link: same shop, channel share, hop + 1',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: false });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await t.open(page, '/s/june-botanics?ch=qr&c=spring-glow&h=1', server.url);
      await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid');
      await t.tap(page, 'Share', 'icon');
      const text = await page.waitForFunction(async () => {
        try { const t = await navigator.clipboard.readText(); return t.includes('/s/') ? t : null; } catch (e) { return null; }
      }, null, { timeout: 5000 }).then(h => h.jsonValue());
      t.equal(text, `${server.url}/s/june-botanics?ch=share&c=spring-glow&h=2`, 'onward link');
      // Links inside the shop carry no referral: a share after moving to a product still adds one
      // hop to the link the visit arrived by, and points at the product.
      await page.evaluate(() => navigator.clipboard.writeText(''));
      const card = (await t.drawn(page)).items.find(i => i.kind === 'product');
      await t.tap(page, card.label, 'product');
      const st = await t.waitFor(page, s => s.screen === 'product' && s.route.product, 'product page');
      t.equal(st.path.includes('?'), false, 'the product page URL carries no referral');
      await t.tap(page, 'Share', 'icon');
      const text2 = await page.waitForFunction(async () => {
        try { const t = await navigator.clipboard.readText(); return t.includes('/s/') ? t : null; } catch (e) { return null; }
      }, null, { timeout: 5000 }).then(h => h.jsonValue());
      t.equal(text2, `${server.url}/s/june-botanics/p/${st.route.product}?ch=share&c=spring-glow&h=2`, 'onward link from a product page');
      // And the shares were recorded with the arrival's referral.
      await t.waitFor(page, s => s.orders.outbox === 0 && s.orders.events_sent >= 4, 'events delivered');
      const shares = rows(server, "SELECT channel, campaign, hop, product FROM events WHERE type = 'share' GROUP BY id ORDER BY MIN(at_ms), MIN(seq)");
      t.equal(shares.length, 2, 'two share events');
      t.equal(JSON.stringify(shares[0]), JSON.stringify(['qr', 'spring-glow', 1, '']), 'share event carries how the sharer arrived');
      t.equal(JSON.stringify(shares[1]), JSON.stringify(['qr', 'spring-glow', 1, st.route.product]), 'and names the product shared');
    },
  },
  {
    name: 'placing an order: one order however often the button is pressed, a receipt page, lookup by number and phone',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: true });
      const title = await addFirstProduct(t, page, 'ruby-rituals', server.url);
      await fillCheckout(t, page, 'Mia Chen', '+1 555 010 4477', '12 Harbour Street, Portland');
      // Three quick taps: one order. They go to the canvas in one task, as a fast double (triple) tap
      // arrives: Playwright's taps each wait for the page to answer, so on a busy machine they come
      // hundreds of milliseconds apart, which is a person tapping again, not a double tap.
      const st0 = await t.drawn(page);
      const btn = st0.items.find(i => i.id === 'Place order');
      await page.evaluate(({ x, y }) => {
        const canvas = document.getElementById('canvas');
        for (let i = 0; i < 3; i++) {
          for (const type of ['pointerdown', 'pointerup']) {
            canvas.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', pointerId: 41, isPrimary: true, clientX: x, clientY: y,
                                                          button: 0, buttons: type === 'pointerdown' ? 1 : 0, bubbles: true, cancelable: true }));
          }
        }
      }, { x: btn.x + btn.w / 2, y: btn.y + btn.h / 2 });
      let st = await t.waitFor(page, s => s.screen === 'order' && s.orders.page === 'ready' &&
                                       (s.items || []).some(i => i.kind === 'order-line'), 'receipt page', 20000);
      // The taps after the first belong to the checkout: none of them lands on the receipt's
      // "Back to the shop", drawn where "Place order" was.
      await page.waitForTimeout(500);
      t.equal((await t.drawn(page)).screen, 'order', 'still on the receipt after the double taps');
      const number = st.orders.viewing.number;
      t.assert(/^DS-\d{8}-\d{6}$/.test(number), 'order number ' + number);
      t.equal(st.cart.count, 0, 'the cart is empty after ordering');
      await t.see(page, st => t.findItem(st, title, 'order-line'), 'the receipt lists the product');
      await t.screenshot(page, 'receipt-phone');
      t.equal(rows(server, 'SELECT COUNT(*) FROM orders')[0][0], 1, 'exactly one order stored');
      const stored = rows(server, 'SELECT total, distributor FROM orders')[0];
      t.equal(stored[0], st.orders.viewing.total, 'server total equals the receipt');
      // The browser adopts the store's binding (authoritative at order time; the order renews it),
      // and the emptied cart and that binding are what a reload finds.
      const bound = rows(server, "SELECT shop, bound_ms, last_order_ms FROM bindings WHERE brand = 'b_northmoor'")[0];
      t.equal(bound[0], 'ruby-rituals', 'the customer is bound to the shop that sold');
      st = await t.waitFor(page, s => s.bindings.b_northmoor && s.bindings.b_northmoor.last_order_ms === bound[2] && s.session_saved,
                           'the browser holds the binding the store holds, saved');
      t.equal(st.bindings.b_northmoor.bound_ms, bound[1], 'bound at the same moment');
      await page.reload();
      await t.waitReady(page);
      st = await t.waitFor(page, s => s.booted && s.bindings.b_northmoor, 'after a reload');
      t.equal(st.cart.count, 0, 'the ordered lines stay out of the cart after a reload');
      t.equal(st.bindings.b_northmoor.last_order_ms, bound[2], 'the renewed binding is kept');
      // Lookup from another device: a wrong phone finds nothing and says so; the right one finds it.
      const other = await t.page({ phone: true });
      await t.open(other, '/o/lookup', server.url);
      const fields = (await t.waitFor(other, s => (s.items || []).filter(i => i.kind === 'field').length === 2, 'lookup form')).items.filter(i => i.kind === 'field');
      await other.touchscreen.tap(fields[0].x + 20, fields[0].y + 15);
      await other.keyboard.insertText(number);
      await other.touchscreen.tap(fields[1].x + 20, fields[1].y + 15);
      await other.keyboard.insertText('+1 555 000 0000');
      await t.tap(other, 'Find my order', 'button');
      await t.waitFor(other, s => (s.items || []).some(i => i.kind === 'field' && i.label === 'Phone') && s.orders.page === 'idle' &&
                                  JSON.stringify(s.items).includes('No order has that number'), 'wrong phone refused');
      await t.tap(other, 'Phone', 'field');  // back into the field (the button took focus)
      for (let i = 0; i < 16; i++) await other.keyboard.press('Backspace');
      await other.keyboard.insertText('+1 (555) 010-4477');
      await t.tap(other, 'Find my order', 'button');
      st = await t.waitFor(other, s => s.orders.page === 'ready' && s.orders.viewing.number === number, 'found by lookup');
    },
  },
  {
    name: 'a customer the store already binds to another shop: after ordering, this browser follows the store\'s binding',
    async run(t) {
      const server = await t.startServer();
      // The customer first buys in Ruby's shop on one phone...
      const first = await t.page({ phone: true });
      await addFirstProduct(t, first, 'ruby-rituals', server.url);
      await fillCheckout(t, first, 'Mia Chen', '+1 555 010 9911', '12 Harbour Street, Portland');
      await t.tap(first, 'Place order', 'button');
      await t.waitFor(first, s => s.screen === 'order' && s.orders.page === 'ready', 'first order placed', 20000);
      // ...then, on a new phone, opens June's shop from June's link: this browser binds to June...
      const second = await t.page({ phone: true });
      await addFirstProduct(t, second, 'june-botanics', server.url);
      let st = await t.drawn(second);
      t.equal(st.bindings.b_northmoor.shop, 'june-botanics', 'a new browser binds to the link it came by');
      await fillCheckout(t, second, 'Mia Chen', '+1 555 010 9911', '12 Harbour Street, Portland');
      await t.tap(second, 'Place order', 'button');
      await t.waitFor(second, s => s.screen === 'order' && s.orders.page === 'ready', 'second order placed', 20000);
      // ...but under the brand's permanent binding the phone number is Ruby's customer, and the store says so.
      const credited = rows(server, 'SELECT shop, distributor FROM orders ORDER BY placed_ms');
      t.equal(credited.length, 2, 'two orders');
      t.equal(credited[1][1], credited[0][1], 'the second order is credited to the first distributor');
      st = await t.waitFor(second, s => s.bindings.b_northmoor.shop === 'ruby-rituals' && s.session_saved, 'the browser follows the store');
      // The brand's generic link now opens Ruby's shop in this browser too.
      await t.open(second, '/b/b_northmoor', server.url);
      st = await t.waitFor(second, s => s.shop.status === 'ready', 'the brand link');
      t.equal(st.shop.slug, 'ruby-rituals', 'the brand link lands in the shop the store binds the customer to');
    },
  },
  {
    name: 'offline while browsing and ordering: events and the order arrive exactly once when back online',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: true });
      await t.open(page, '/s/sam-home?ch=link', server.url);
      await t.waitFor(page, s => s.orders.events_sent >= 1, 'the visit was sent');
      const before = rows(server, 'SELECT COUNT(*) FROM events')[0][0];
      await page.context().setOffline(true);
      const card = (await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid')).items.find(i => i.kind === 'product');
      await t.tap(page, card.label, 'product');
      await t.waitFor(page, s => s.screen === 'product' && (s.items || []).some(i => i.id === 'Add to cart'), 'product page offline');
      await t.tap(page, 'Add to cart', 'button');
      await t.waitFor(page, s => s.cart.count === 1 && s.orders.outbox >= 2, 'events queued offline');
      await t.tap(page, 'Cart', 'icon');
      await t.waitFor(page, s => s.screen === 'cart', 'cart');
      await t.tap(page, 'Checkout', 'button');
      await t.waitFor(page, s => s.screen === 'checkout' && (s.items || []).some(i => i.kind === 'field'), 'checkout offline');
      for (const [i, text] of ['Sam Lee', '555 010 9911', '4 Elm Road, Leeds'].entries()) {
        const f = (await t.drawn(page)).items.filter(x => x.kind === 'field')[i];
        await page.touchscreen.tap(f.x + f.w / 2, f.y + f.h / 2);
        await page.keyboard.insertText(text);
      }
      await t.tap(page, 'Place order', 'button');
      let st = await t.waitFor(page, s => s.orders.pending === 1 && (s.items || []).some(i => i.kind === 'checkout-notice'), 'order saved offline');
      await t.see(page, st => t.findItem(st, 'offline', 'checkout-notice'), 'says it will be sent when back online');
      await t.screenshot(page, 'order-offline-phone');
      t.equal(rows(server, 'SELECT COUNT(*) FROM orders')[0][0], 0, 'nothing reached the server yet');
      await page.context().setOffline(false);
      st = await t.waitFor(page, s => s.orders.pending === 0 && s.orders.outbox === 0 && s.screen === 'order', 'delivered after reconnecting', 30000);
      t.equal(rows(server, 'SELECT COUNT(*) FROM orders')[0][0], 1, 'one order');
      const after = rows(server, 'SELECT COUNT(*) FROM events')[0][0];
      const types = rows(server, `SELECT type, COUNT(DISTINCT id) FROM events WHERE shop = 'sam-home' GROUP BY type ORDER BY type`);
      t.assert(after > before, 'the offline events arrived');
      const byType = Object.fromEntries(types);
      t.equal(byType.add_to_cart, 1, 'add_to_cart once');
      t.equal(byType.order_placed, 1, 'order_placed once');
      t.equal(byType.product_view, 1, 'product_view once');
      const dup = rows(server, "SELECT COUNT(*) - COUNT(DISTINCT brand || ' ' || id) FROM events")[0][0];
      t.equal(dup, 0, 'no event stored twice');
      const ch = rows(server, `SELECT DISTINCT channel FROM events WHERE shop = 'sam-home'`).map(r => r[0]);
      t.equal(JSON.stringify(ch), JSON.stringify(['link']), 'every event keeps the arrival channel');
    },
  },
  {
    name: 'the page closed while offline: the saved order and events go out once when the shop is opened again',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: true });
      const ctx = page.context();
      await t.open(page, '/s/sam-home?ch=qr', server.url);
      await t.waitFor(page, s => s.orders.events_sent >= 1, 'the visit was sent');
      await ctx.setOffline(true);
      const card = (await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid')).items.find(i => i.kind === 'product');
      await t.tap(page, card.label, 'product');
      await t.waitFor(page, s => s.screen === 'product' && (s.items || []).some(i => i.id === 'Add to cart'), 'product page offline');
      await t.tap(page, 'Add to cart', 'button');
      await t.waitFor(page, s => s.cart.count === 1 && s.orders.outbox >= 2 && s.session_saved, 'queued offline');
      await fillCheckout(t, page, 'Sam Lee', '555 010 7788', '4 Elm Road, Leeds');
      await t.tap(page, 'Place order', 'button');
      await t.waitFor(page, s => s.orders.pending === 1, 'the order saved on the phone');
      await page.waitForTimeout(300);  // IndexedDB writes land
      await page.close();
      t.equal(rows(server, 'SELECT COUNT(*) FROM orders')[0][0], 0, 'nothing reached the server');
      // Later, online again, the person opens the shop: what waited in IndexedDB goes out, once.
      await ctx.setOffline(false);
      const again = await ctx.newPage();
      again.__phone = true;
      again.__errors = [];
      await t.open(again, '/s/sam-home', server.url);
      await t.waitFor(again, s => s.orders.pending === 0 && s.orders.outbox === 0 && s.orders.events_sent >= 3, 'sent on the next visit', 30000);
      t.equal(rows(server, 'SELECT COUNT(*) FROM orders')[0][0], 1, 'one order');
      const byType = Object.fromEntries(rows(server, `SELECT type, COUNT(DISTINCT id) FROM events WHERE shop = 'sam-home' GROUP BY type`));
      t.equal(byType.add_to_cart, 1, 'add_to_cart once');
      t.equal(byType.order_placed, 1, 'order_placed once');
      t.equal(rows(server, "SELECT COUNT(*) - COUNT(DISTINCT brand || ' ' || id) FROM events")[0][0], 0, 'no event stored twice');
      t.equal(rows(server, "SELECT channel FROM events WHERE type = 'add_to_cart'")[0][0], 'qr', 'queued events keep their channel');
    },
  },
  {
    name: 'the server down while the consumer is online: the order waits, is said to wait, and goes in once when the server is back',
    async run(t) {
      const server = await t.startServer({ keepData: true });
      const page = await t.page({ phone: true });
      await addFirstProduct(t, page, 'june-botanics', server.url);
      await fillCheckout(t, page, 'Jo Park', '555 010 6622', '9 Mill Lane, York');
      await server.stop();
      await t.tap(page, 'Place order', 'button');
      let st = await t.waitFor(page, s => s.orders.pending === 1 && (s.items || []).some(i => i.kind === 'checkout-notice'), 'the order waits');
      const notice = st.items.find(i => i.kind === 'checkout-notice').label;
      t.assert(/offline|busy|saved/i.test(notice), 'says the order is saved and will be sent: ' + notice);
      await page.waitForTimeout(1500);  // a retry or two against the closed port
      const back = await t.startServer({ data: server.data, port: server.port });
      st = await t.waitFor(page, s => s.orders.pending === 0 && s.screen === 'order' && s.orders.page === 'ready', 'placed once the server is back', 45000);
      t.equal(rows(back, 'SELECT COUNT(*) FROM orders')[0][0], 1, 'exactly one order');
      t.equal(rows(back, 'SELECT number FROM orders')[0][0], st.orders.viewing.number, 'the receipt is that order');
      require('fs').rmSync(server.data, { recursive: true, force: true });
    },
  },
  {
    name: 'payment: bank transfer picked at checkout on a phone (花溪茶园), the receipt shows the account and the order number as reference, also after a reload',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: true });
      await addFirstProduct(t, page, 'xiaoyu-tea', server.url);
      await fillCheckout(t, page, '王芳', '13800138000', '杭州市西湖区龙井路 1 号');
      // Both ways the brand accepts are offered, pay on delivery (its first) chosen; each says what happens.
      await t.seeEqual(page, chosenIds, ['payment-cod:b_huaxi'], 'pay on delivery is chosen by default');
      const bank = await reveal(t, page, 'payment-bank:b_huaxi', 'payment-option');
      t.assert(bank.label.includes('杭州花溪茶园有限公司') && bank.label.includes('中国工商银行杭州西湖支行') && bank.label.includes(HUAXI_ACCOUNT),
               'the bank option names the holder, the bank and the account: ' + bank.label);
      await t.see(page, s => itemsOf(s, 'payment-option').some(i => i.id === 'payment-cod:b_huaxi' && i.label.includes('快递员')),
                  'pay on delivery says the courier is paid (in Chinese)');
      await tapIn(t, page, 'payment-bank:b_huaxi', 'payment-option');
      await t.seeEqual(page, chosenIds, ['payment-bank:b_huaxi'], 'bank transfer chosen');
      await reveal(t, page, '', 'summary');
      await t.see(page, s => itemsOf(s, 'summary').some(i => i.label.includes('银行转账')), 'the summary says how this order is paid');
      await reveal(t, page, 'payment-bank:b_huaxi', 'payment-option');
      await t.screenshot(page, 'pay-checkout-huaxi-phone');
      let st = await placeOrder(t, page);
      const number = st.orders.viewing.number;
      const shows = s => onReceipt(s) && s.orders.viewing.number === number &&
                         (detail(s, 'Account') || {}).label === '账号: ' + HUAXI_ACCOUNT &&
                         (detail(s, 'Account holder') || {}).label === '收款人: 杭州花溪茶园有限公司' &&
                         (detail(s, 'Reference') || {}).label === '转账附言: ' + number &&
                         (detail(s, 'Amount') || {}).label.includes('¥') &&
                         itemsOf(s, 'payment-next')[0].label.includes(number);
      await t.see(page, shows, 'the receipt: the account, the amount and the order number as the reference');
      const stored = rows(server, "SELECT json_extract(record, '$.order.payment.kind'), json_extract(record, '$.order.payment.account'), " +
                                  "json_extract(record, '$.order.payment.reference') FROM orders");
      t.equal(JSON.stringify(stored), JSON.stringify([['bank', HUAXI_ACCOUNT, number]]), 'the store keeps the method with the order');
      await t.screenshot(page, 'pay-receipt-huaxi-phone');
      await page.reload();
      await t.waitReady(page);
      await t.see(page, shows, 'after a reload the receipt still says how to pay', 20000);
    },
  },
  {
    name: 'payment: pay on delivery on a desktop (花溪茶园); once the brand marks it paid the receipt says so',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: false });
      await addFirstProduct(t, page, 'mountain-leaf', server.url);
      await fillCheckout(t, page, '李雷', '13900139000', '杭州市上城区河坊街 8 号');
      await t.seeEqual(page, chosenIds, ['payment-cod:b_huaxi'], 'pay on delivery, the brand\'s first way');
      await t.see(page, s => itemsOf(s, 'payment-option').length === 2, 'both ways offered');
      await t.screenshot(page, 'pay-checkout-huaxi-desktop');
      let st = await placeOrder(t, page);
      await t.see(page, s => onReceipt(s) && itemsOf(s, 'payment-next')[0].id === 'cod' &&
                             !detail(s, 'Account') &&
                             itemsOf(s, 'payment-how').some(i => i.label === '包裹送到时付款给快递员。'), 'pay the courier when the parcel arrives');
      t.equal(rows(server, "SELECT json_extract(record, '$.order.payment.kind') FROM orders")[0][0], 'cod', 'stored as pay on delivery');
      await t.screenshot(page, 'pay-receipt-huaxi-desktop');
      await markPaid(server.url, 'b_huaxi', st.orders.viewing.id);
      await page.reload();
      await t.waitReady(page);
      await t.see(page, s => onReceipt(s) && s.orders.viewing.status === 'paid' && itemsOf(s, 'payment-status').length === 1 &&
                             itemsOf(s, 'payment-next').length === 0, 'paid: no more how to pay', 20000);
      await t.screenshot(page, 'pay-receipt-paid-desktop');
    },
  },
  {
    name: 'payment: the brand\'s own payment page (Northmoor) opens from the receipt on a phone; a bank transfer on a desktop',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: true });
      // The brand's page is not on this machine's network: the test stands in for it.
      await page.context().route('https://pay.northmoor.example/**', r => r.fulfill({ status: 200, contentType: 'text/html', body: '<title>Northmoor checkout</title>' }));
      await addFirstProduct(t, page, 'ruby-rituals', server.url);
      await fillCheckout(t, page, 'Mia Chen', '+1 555 010 4477', '12 Harbour Street, Portland');
      await t.seeEqual(page, chosenIds, ['payment-link:b_northmoor'], 'the payment page, the brand\'s first way');
      const link = await reveal(t, page, 'payment-link:b_northmoor', 'payment-option');
      t.assert(link.label.includes('pay.northmoor.example') && link.label.includes('After placing the order'), 'names the page: ' + link.label);
      await t.screenshot(page, 'pay-checkout-northmoor-phone');
      let st = await placeOrder(t, page);
      await t.see(page, s => onReceipt(s) && (detail(s, 'Page') || {}).label === 'Northmoor checkout · pay.northmoor.example' &&
                             itemsOf(s, 'payment-next')[0].label === 'Come back here to see it marked paid.' &&
                             (detail(s, 'Reference') || {}).label === 'Reference: ' + s.orders.viewing.number, 'the page, the button and what happens next');
      await t.screenshot(page, 'pay-receipt-northmoor-phone');
      const opened = page.context().waitForEvent('page', { timeout: 10000 });
      await tapIn(t, page, 'Open the payment page', 'button');
      const tab = await opened;
      await tab.waitForLoadState('domcontentloaded').catch(() => {});
      t.equal(tab.url(), NORTHMOOR_PAGE, 'the brand\'s own page, in a new tab');
      t.equal(new URL(page.url()).pathname.startsWith('/o/'), true, 'the receipt stays open to come back to');
      await tab.close();

      const desk = await t.page({ phone: false });
      await addFirstProduct(t, desk, 'june-botanics', server.url);
      await fillCheckout(t, desk, 'Jo Park', '555 010 6622', '9 Mill Lane, York');
      await tapIn(t, desk, 'payment-bank:b_northmoor', 'payment-option');
      await t.seeEqual(desk, chosenIds, ['payment-bank:b_northmoor'], 'bank transfer chosen');
      await t.screenshot(desk, 'pay-checkout-northmoor-desktop');
      st = await placeOrder(t, desk);
      await t.see(desk, s => onReceipt(s) && (detail(s, 'Account') || {}).label === 'Account: ' + NORTHMOOR_ACCOUNT &&
                             (detail(s, 'Account holder') || {}).label === 'Account holder: Northmoor Botanics LLC' &&
                             (detail(s, 'Reference') || {}).label === 'Reference: ' + s.orders.viewing.number, 'the US account and the reference');
      await t.screenshot(desk, 'pay-receipt-northmoor-desktop');
      // The details are text on screen, and each copies with one tap.
      await desk.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await t.tap(desk, 'Copy', 'button');
      const copied = await desk.waitForFunction(async want => {
        try { const t = await navigator.clipboard.readText(); return t === want ? t : null; } catch (e) { return null; }
      }, NORTHMOOR_ACCOUNT, { timeout: 5000 }).then(h => h.jsonValue());
      t.equal(copied, NORTHMOOR_ACCOUNT, 'the account number copied');
    },
  },
  {
    name: 'payment: a cart with two brands picks a way for each; each brand\'s order carries its own',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ phone: false });
      for (const brand of ['b_huaxi', 'b_northmoor']) {
        await t.open(page, `/s/lily-tea/b/${brand}`, server.url);
        await t.waitFor(page, s => itemsOf(s, 'product').length > 0, 'grid');
        // The cart's bar covers the bottom of the page: bring a card up to the middle first.
        await page.mouse.move(640, 400);
        await page.mouse.wheel(0, 400);
        const card = (await t.waitFor(page, s => itemsOf(s, 'product').some(i => i.y > 80 && i.y < 450), 'a card mid-page'))
          .items.find(i => i.kind === 'product' && i.y > 80 && i.y < 450);
        await t.tap(page, card.label, 'product');
        await t.waitFor(page, s => s.screen === 'product' && (s.items || []).some(i => i.id === 'Add to cart'), 'product page');
        await t.tap(page, 'Add to cart', 'button');
        await t.waitFor(page, s => s.cart.count >= (brand === 'b_huaxi' ? 1 : 2) && s.session_saved, 'in the cart, saved');
      }
      await fillCheckout(t, page, 'Lily Wu', '13700137000', '上海市徐汇区衡山路 5 号');
      await t.seeEqual(page, chosenIds, ['payment-cod:b_huaxi', 'payment-link:b_northmoor'], 'each brand\'s first way');
      await tapIn(t, page, 'payment-bank:b_huaxi', 'payment-option');
      await t.seeEqual(page, chosenIds, ['payment-bank:b_huaxi', 'payment-link:b_northmoor'], 'bank transfer for 花溪茶园 only');
      await t.screenshot(page, 'pay-checkout-two-brands-desktop');
      await placeOrder(t, page);
      await t.waitFor(page, s => s.orders.receipts.length === 2, 'two receipts');
      const kinds = rows(server, "SELECT brand, json_extract(record, '$.order.payment.kind') FROM orders ORDER BY brand");
      t.equal(JSON.stringify(kinds), JSON.stringify([['b_huaxi', 'bank'], ['b_northmoor', 'link']]), 'each order carries its brand\'s way');
    },
  },
];
