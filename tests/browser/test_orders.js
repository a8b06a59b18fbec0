// Provenance and orders from the consumer's side: the share-onward link, placing an order (one
// order however often the button is pressed), the receipt page and lookup, the offline queue
// (events and the order arrive exactly once when back online), and the provenance view.
'use strict';

const { sqlRows: rows } = require('./harness');

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
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
    await page.keyboard.insertText(text);
  }
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
      const shares = rows(server, "SELECT channel, campaign, hop, product FROM events WHERE type = 'share' ORDER BY at_ms, seq");
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
      // Three quick taps: one order.
      const st0 = await t.drawn(page);
      const btn = st0.items.find(i => i.id === 'Place order');
      for (let i = 0; i < 3; i++) await page.touchscreen.tap(btn.x + btn.w / 2, btn.y + btn.h / 2);
      let st = await t.waitFor(page, s => s.screen === 'order' && s.orders.page === 'ready' &&
                                       (s.items || []).some(i => i.kind === 'order-line'), 'receipt page', 20000);
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
      const types = rows(server, `SELECT type, COUNT(*) FROM events WHERE shop = 'sam-home' GROUP BY type ORDER BY type`);
      t.assert(after > before, 'the offline events arrived');
      const byType = Object.fromEntries(types);
      t.equal(byType.add_to_cart, 1, 'add_to_cart once');
      t.equal(byType.order_placed, 1, 'order_placed once');
      t.equal(byType.product_view, 1, 'product_view once');
      const dup = rows(server, 'SELECT COUNT(*) - COUNT(DISTINCT id) FROM events')[0][0];
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
      const byType = Object.fromEntries(rows(server, `SELECT type, COUNT(*) FROM events WHERE shop = 'sam-home' GROUP BY type`));
      t.equal(byType.add_to_cart, 1, 'add_to_cart once');
      t.equal(byType.order_placed, 1, 'order_placed once');
      t.equal(rows(server, 'SELECT COUNT(*) - COUNT(DISTINCT id) FROM events')[0][0], 0, 'no event stored twice');
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
];
