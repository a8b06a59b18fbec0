// Shop with a screen reader or a keyboard (issue 13): the canvas's semantics mirror (src/ui/semantics.h,
// web/semantics.js) gives assistive technology real buttons, links, text fields, headings, pictures
// and status messages. A purchase made by role alone (Playwright's getByRole: no test hook, no
// coordinates) on a phone and on a desktop; the same purchase with the keyboard alone (Tab, Enter,
// typing); axe-core on every consumer screen with no serious or critical violation.
//
// [SECTION] Helpers   acting on a node by role, Tab until a node has focus, axe-core
// [SECTION] Tests
'use strict';
const { sqlRows } = require('./harness');

const SHOP = 'xiaoyu-tea';        // the demo's level-3 shop (brand b_huaxi), in Chinese
const PRODUCT = '遵义红 · 金芽';

// [SECTION] Helpers ------------------------------------------------------------------------------

// A node acted on as a person would: a finger on a phone, the mouse on a desktop. It is focused
// first, which brings it on screen when it is below the fold (the mirror scrolls the canvas to it).
async function act(page, locator, phone) {
  const field = await locator.evaluate(e => e.tagName === 'INPUT');
  await locator.focus();
  await page.waitForTimeout(120);
  if (field) return;  // a text field focused is one to type in (the keyboard goes to it)
  if (phone) await locator.tap();
  else await locator.click();
}

// What has focus, as assistive technology names it (the mirror's nodes carry their role in their tag).
async function focused(page) {
  return page.evaluate(() => {
    const e = document.activeElement;
    if (!e) return null;
    const role = { BUTTON: 'button', A: 'link', INPUT: 'textbox', TEXTAREA: 'textbox', H1: 'heading', H2: 'heading' }[e.tagName] ||
                 e.getAttribute('role') || '';
    return { role, name: e.getAttribute('aria-label') || e.textContent || '' };
  });
}

// Tab (forward, or back with Shift) until the node with this role and name has focus; the path
// taken is returned.
async function tabTo(t, page, role, name, max = 60, back = false) {
  const path = [];
  for (let i = 0; i < max; i++) {
    const f = await focused(page);
    if (f && f.role === role && (name instanceof RegExp ? name.test(f.name) : f.name === name)) return path;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    await page.waitForTimeout(40);
    const g = await focused(page);
    path.push(g ? g.role + ':' + g.name.slice(0, 24) : '-');
  }
  throw new Error(`Tab never reached ${role} "${name}": ${path.join(' | ')}`);
}

async function axeViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3) }));
  });
  return result;
}

async function noSeriousViolations(t, page, screen) {
  const found = await axeViolations(page);
  const bad = found.filter(v => v.impact === 'serious' || v.impact === 'critical');
  t.equal(JSON.stringify(bad), '[]', `axe-core on ${screen}: no serious or critical violation (all: ${JSON.stringify(found)})`);
  return found;
}

const FIELDS = [['收货人', '林小满'], ['手机号', '139 0571 2288'], ['收货地址', '杭州市西湖区文三路 90 号 3 幢 501']];

// The order the store holds for what was typed: one, with the product and the typed contact.
function storedOrder(t, server, phone) {
  const rows = sqlRows(server, `SELECT number, json_extract(contact, '$.name'), json_extract(record, '$.order.lines[0].product') ` +
                               `FROM orders WHERE json_extract(contact, '$.phone') = '${phone}'`);
  t.equal(rows.length, 1, 'one order in the store for ' + phone);
  return rows[0];
}

// The store's order for a phone number, once it is there (the receipt's request may still be on its way).
async function waitForOrder(t, server, page, tel) {
  for (let i = 0; i < 50 && !sqlRows(server, `SELECT 1 FROM orders WHERE json_extract(contact, '$.phone') = '${tel}'`).length; i++) {
    await page.waitForTimeout(200);
  }
  return storedOrder(t, server, tel);
}

// At checkout, by role: pay on delivery, the three fields typed, the order placed; the stored order.
async function checkoutByRole(t, server, page, phone, tel) {
  await act(page, page.getByRole('button', { name: /^货到付款/ }), phone);
  for (const [label, text] of FIELDS) {
    await act(page, page.getByRole('textbox', { name: label, exact: true }), phone);
    await page.keyboard.type(label === '手机号' ? tel : text);
  }
  await act(page, page.getByRole('button', { name: '提交订单', exact: true }), phone);
  return waitForOrder(t, server, page, tel);
}

// By role from the shop to its checkout: the product's card, add it, the cart, check out.
async function toCheckout(t, page, server, phone) {
  await t.open(page, `/s/${SHOP}`, server.url);
  const card = page.getByRole('link', { name: new RegExp('^' + PRODUCT + ', ¥') });
  await card.waitFor();
  await act(page, card, phone);
  await act(page, page.getByRole('button', { name: '加入购物车', exact: true }), phone);
  await act(page, page.getByRole('button', { name: '购物车 (1)', exact: true }), phone);
  await act(page, page.getByRole('button', { name: '去结算', exact: true }), phone);
  await page.getByRole('button', { name: '提交订单', exact: true }).waitFor();
}

// [SECTION] Tests --------------------------------------------------------------------------------

module.exports = [
  {
    name: 'a purchase by role alone on a phone and on a desktop: search, open the product, add it, check out, place the order, read the receipt',
    async run(t) {
      for (const phone of [true, false]) {
        const server = await t.startServer();
        const page = await t.page({ phone, desktop: !phone });
        await t.open(page, `/s/${SHOP}`, server.url);
        const name = sqlRows(server, `SELECT name FROM shops WHERE slug = '${SHOP}'`)[0][0];
        await page.getByRole('heading', { level: 1, name }).waitFor();
        await act(page, page.getByRole('textbox', { name: /搜索/ }), phone);
        await page.keyboard.type('红茶');
        const card = page.getByRole('link', { name: new RegExp('^' + PRODUCT + ', ¥') });
        await card.waitFor();
        await act(page, card, phone);
        await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
        t.assert(await page.getByRole('img', { name: new RegExp('^' + PRODUCT + ', 1/') }).count() > 0,
                 'the product\'s pictures are named by the product');
        await act(page, page.getByRole('button', { name: '加入购物车', exact: true }), phone);
        await page.getByRole('status').filter({ hasText: '已加入购物车' }).first().waitFor();
        await act(page, page.getByRole('button', { name: '购物车 (1)', exact: true }), phone);
        await act(page, page.getByRole('button', { name: '去结算', exact: true }), phone);
        const [number, who, product] = await checkoutByRole(t, server, page, phone, phone ? '139 0571 2288' : '139 0571 2289');
        t.equal(who, '林小满', 'the name typed into the mirror\'s field reached the order');
        t.assert(product, 'the order holds the product: ' + product);
        await page.getByRole('heading', { level: 1, name: '谢谢，订单已提交' }).waitFor();
        // The receipt says the order number, where a screen reader reads it.
        await page.getByRole('heading').filter({ hasText: number }).or(page.getByText(number)).first().waitFor();
        const said = await page.evaluate(n => [...document.querySelectorAll('#a11y .sem')].some(e => (e.textContent || '').includes(n)), number);
        t.assert(said, 'the receipt\'s nodes say the order number ' + number);
        await t.screenshot(page, `a11y-receipt-${phone ? 'phone' : 'desktop'}`);
      }
    },
  },
  {
    name: 'the same purchase with the keyboard alone: Tab through the page, Enter to act, typing into fields; a ring shows where the keyboard is',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ desktop: true });
      await t.open(page, `/s/${SHOP}`, server.url);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await tabTo(t, page, 'textbox', /搜索/);
      await page.keyboard.type('红茶');
      await tabTo(t, page, 'link', new RegExp('^' + PRODUCT));
      // The canvas rings the focused node (the test hook's own record of what it drew).
      const st = await t.state(page);
      t.assert(st.focus && st.focus.startsWith('l' + PRODUCT), 'the canvas knows the focused node: ' + JSON.stringify(st.focus));
      await t.screenshot(page, 'a11y-keyboard-focus-ring-desktop');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
      const f = await focused(page);
      t.equal(f.name, PRODUCT, 'a new screen puts the keyboard on its heading');
      await tabTo(t, page, 'button', '加入购物车');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '购物车 (1)', exact: true }).waitFor();
      await tabTo(t, page, 'button', '购物车 (1)');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '去结算', exact: true }).waitFor();
      await tabTo(t, page, 'button', '去结算');
      await page.keyboard.press(' ');  // Space acts as Enter does
      await page.getByRole('button', { name: '提交订单', exact: true }).waitFor();
      await tabTo(t, page, 'button', /^货到付款/);
      await page.keyboard.press('Enter');
      const tel = '139 0571 3377';
      for (const [label, text] of FIELDS) {
        await tabTo(t, page, 'textbox', label);
        await page.keyboard.type(label === '手机号' ? tel : text);
      }
      await tabTo(t, page, 'button', '提交订单');
      await page.keyboard.press('Enter');
      const [number, who] = await waitForOrder(t, server, page, tel);
      t.equal(who, '林小满', 'typed with the keyboard alone');
      await page.getByRole('heading', { level: 1, name: '谢谢，订单已提交' }).waitFor();
      await page.waitForFunction(() => document.activeElement && document.activeElement.textContent === '谢谢，订单已提交');
      t.equal((await focused(page)).name, '谢谢，订单已提交', 'the receipt opens with the keyboard on its heading');
      const said = await page.waitForFunction(n => [...document.querySelectorAll('#a11y .sem')].some(e => (e.textContent || '').includes(n)),
                                              number, { timeout: 10000 }).then(() => true, () => false);
      t.assert(said, 'the receipt says the order number ' + number);
    },
  },
  {
    name: 'Tab and Shift+Tab go on past the screen\'s edge: the grid\'s next row is in the mirror undrawn, and the page scrolls to the focused card (phone)',
    async run(t) {
      const page = await t.page({ phone: true });
      await t.open(page, `/s/${SHOP}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const links = async () => page.evaluate(() => [...document.querySelectorAll('#a11y a')].map(a => a.textContent));
      const first = await links();
      // The grid is a list named by its heading: each card an entry that knows its place among all the shop's products.
      const total = (await t.state(page)).shop.items;  // (the shop's products, as the app counts them)
      const grid = page.getByRole('list', { name: '全部商品', exact: true });
      const entries = grid.getByRole('listitem');
      t.assert(await entries.count() >= 2, 'the grid list has entries: ' + await entries.count());
      const sizes = await entries.evaluateAll(es => es.map(e => [e.getAttribute('aria-posinset'), e.getAttribute('aria-setsize'),
                                                                 e.firstElementChild && e.firstElementChild.tagName]));
      t.equal(sizes[0].join(), '1,' + sizes[0][1] + ',A', 'the first entry is the first of them, a link: ' + JSON.stringify(sizes));
      t.assert(sizes.every(z => z[1] === String(total)), `every entry says there are ${total} in all: ` + JSON.stringify(sizes));
      t.assert(await page.getByRole('list', { name: '店主推荐', exact: true }).getByRole('link').count() > 0, 'the featured strip is a list of links');
      // Down the page with Tab from the search field, until a card that was not on the first screen has the keyboard.
      await tabTo(t, page, 'textbox', /搜索/);
      let reached = null;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press('Tab');
        await page.waitForTimeout(60);
        const f = await focused(page);
        if (f && f.role === 'link' && /, ¥/.test(f.name) && !first.includes(f.name)) reached = f.name;
      }
      t.assert(reached, 'Tab reached a product card below the first screen (first screen: ' + first.join(' | ') + ')');
      // It is on screen now, drawn where its node is (the page scrolled to it), and Enter opens it.
      const onScreen = () => page.waitForFunction(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      }, null, { timeout: 10000 }).then(() => true, () => false);
      t.assert(await onScreen(), 'the focused card is on screen: ' + JSON.stringify(await page.evaluate(() => document.activeElement.getBoundingClientRect())));
      const st = await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product' && reached.startsWith(i.label + ',') && i.y >= 0 && i.y < 844),
                                 'the app drew the card it scrolled to');
      t.assert(st.items.some(i => i.kind === 'product' && reached.startsWith(i.label + ',')), 'drawn: ' + reached);
      // Back up with Shift+Tab to the search field: the page scrolls back.
      await tabTo(t, page, 'textbox', /搜索/, 80, true);
      await page.keyboard.press('Shift+Tab');
      await page.waitForTimeout(60);
      await page.keyboard.press('Tab');
      t.assert(await onScreen(), 'the search field is on screen again: ' + JSON.stringify(await page.evaluate(() => document.activeElement.getBoundingClientRect())));
      await tabTo(t, page, 'link', reached);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: reached.split(', ')[0] }).waitFor();
    },
  },
  {
    name: 'a node focused on the first frame of its screen is brought on screen (the new page has not measured its content yet); ' +
          'one pressed off screen is pressed once it is there (desktop, a short window)',
    async run(t) {
      const page = await t.page({ desktop: true });
      await page.setViewportSize({ width: 1280, height: 480 });
      await t.open(page, `/s/${SHOP}`);
      const card = page.getByRole('link', { name: new RegExp('^' + PRODUCT + ', ¥') });
      await card.waitFor();
      // The moment the product page's add button enters the mirror (the frame that first drew the
      // page), a screen reader's focus lands on it; where it was then is kept.
      await page.evaluate(() => {
        const seen = new MutationObserver(() => {
          const b = [...document.querySelectorAll('#a11y button')].find(e => e.textContent === '加入购物车');
          if (!b) return;
          seen.disconnect();
          window.__addAt = b.getBoundingClientRect().top;
          b.focus();
        });
        seen.observe(document.querySelector('#a11y'), { childList: true, subtree: true });
      });
      await act(page, card, false);
      await page.waitForFunction(() => window.__addAt !== undefined, null, { timeout: 10000 });
      const at = await page.evaluate(() => window.__addAt);
      t.assert(at > 480, `the add button was below the window's 480 px when it was focused (at ${Math.round(at)} px)`);
      const onScreen = await page.waitForFunction(() => {
        const r = document.activeElement.getBoundingClientRect();
        return document.activeElement.textContent === '加入购物车' && r.top >= 0 && r.bottom <= window.innerHeight;
      }, null, { timeout: 5000 }).then(() => true, () => false);
      t.assert(onScreen, 'the focused add button came on screen: ' +
               JSON.stringify(await page.evaluate(() => [document.activeElement.textContent, document.activeElement.getBoundingClientRect()])));
      await t.waitFor(page, s => (s.items || []).some(i => i.label === '加入购物车' && i.y >= 0 && i.y + i.h <= 480), 'the app drew it where its node is');
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: '购物车 (1)', exact: true }).waitFor();
      // Back to the top (the wheel), then a screen reader's activation of the button (a click on its node alone,
      // no focus first) while it is below the window: brought on screen, then pressed, once.
      await page.mouse.move(400, 300);
      await page.mouse.wheel(0, -3000);
      await t.waitFor(page, s => !(s.items || []).some(i => i.label === '加入购物车' && i.y >= 0 && i.y + i.h <= 480), 'the page back at its top');
      await page.evaluate(() => [...document.querySelectorAll('#a11y button')].find(e => e.textContent === '加入购物车').click());
      await page.getByRole('button', { name: '购物车 (2)', exact: true }).waitFor();
      await page.waitForTimeout(600);
      t.equal(await page.getByRole('button', { name: /^购物车 \(\d+\)$/ }).first().textContent(), '购物车 (2)', 'the press off screen added one');
    },
  },
  {
    name: 'a tap on a busy page acts once: the click that follows a slow tap is not taken for a screen reader\'s second press (phone and desktop)',
    async run(t) {
      for (const phone of [true, false]) {
        const page = await t.page({ phone, desktop: !phone });
        await t.open(page, `/s/${SHOP}`);
        const card = page.getByRole('link', { name: new RegExp('^' + PRODUCT + ', ¥') });
        await card.waitFor();
        await act(page, card, phone);
        await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
        // The page is busy for 1.2 s between the finger's (or the mouse's) release and its click.
        await page.evaluate(() => window.addEventListener('pointerup', () => {
          const t0 = performance.now();
          while (performance.now() - t0 < 1200) {}
        }, true));
        const add = page.getByRole('button', { name: '加入购物车', exact: true });
        if (phone) await add.tap(); else await add.click();
        await page.getByRole('button', { name: /^购物车 \(\d+\)$/ }).waitFor();
        await page.waitForTimeout(800);
        t.equal(await page.getByRole('button', { name: /^购物车 \(\d+\)$/ }).first().textContent(), '购物车 (1)',
                `one tap added one (${phone ? 'phone' : 'desktop'})`);
      }
    },
  },
  {
    name: 'a text field is the mirror\'s own input: the browser\'s autofill fills the checkout, the value is read back, editing in the middle, a click places the caret',
    async run(t) {
      const server = await t.startServer();
      const page = await t.page({ desktop: true });
      await toCheckout(t, page, server, false);
      // Each field says what it holds to the browser: the kind of keyboard and what autofill may put in.
      const kinds = await page.evaluate(() => [...document.querySelectorAll('#a11y .sem-f')].map(e =>
        [e.getAttribute('aria-label'), e.tagName, e.getAttribute('inputmode'), e.getAttribute('autocomplete')].join(' ')));
      for (const want of ['收货人 INPUT text name', '手机号 INPUT tel tel', '收货地址 TEXTAREA text street-address'])
        t.assert(kinds.includes(want), `a field node "${want}" (nodes: ${kinds.join(' | ')})`);
      // Sent empty, each field says in the shop's language what it needs, as a status a screen reader hears.
      await act(page, page.getByRole('button', { name: '提交订单', exact: true }), false);
      for (const said of ['请填写收件人姓名。', '请填写手机号，方便快递员联系你。', '请填写收货地址。'])
        await page.getByRole('status').filter({ hasText: said }).first().waitFor({ timeout: 10000 });
      // Autofill: the browser puts a saved address into every field at once, none of them focused
      // (each gets its value and an input event, as Chromium's autofill does).
      const address = '杭州市西湖区文三路 90 号\n3 幢 501';
      await page.evaluate(([n, tel, addr]) => {
        for (const [label, v] of [['收货人', n], ['手机号', tel], ['收货地址', addr]]) {
          const e = [...document.querySelectorAll('#a11y .sem-f')].find(x => x.getAttribute('aria-label') === label);
          e.value = v;
          e.dispatchEvent(new Event('input', { bubbles: true }));
        }
      }, ['周一', '138 0000 1111', address]);
      let st = await t.waitFor(page, s => s.checkout.form.name === '周一' && s.checkout.form.phone === '138 0000 1111' &&
                                          s.checkout.form.address === address, 'the autofilled values reached the checkout', 10000);
      const name = page.getByRole('textbox', { name: '收货人', exact: true });
      // A screen reader reads a field's value from its node: what the app holds, not an empty box.
      t.equal(await page.getByRole('textbox', { name: '收货地址', exact: true }).inputValue(), address, 'the address read back');
      // The keyboard edits in the middle: the app follows the node's caret.
      await name.focus();
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.type('二');
      await t.waitFor(page, s => s.checkout.form.name === '周二一', 'a character typed between two');
      t.equal(await name.inputValue(), '周二一', 'the node holds what the app holds');
      // Select all and type: the selection was the app's too.
      await page.keyboard.press('Control+A');
      await page.keyboard.type('林');
      await t.waitFor(page, s => s.checkout.form.name === '林', 'select all, then typing, replaced the name');
      // A click at the field's start puts the app's caret there, and the node's with it.
      const box = await name.boundingBox();
      await page.mouse.click(box.x + 3, box.y + box.height / 2);
      await page.waitForFunction(() => document.activeElement && document.activeElement.selectionStart === 0, null, { timeout: 5000 });
      await page.keyboard.type('小');
      st = await t.waitFor(page, s => s.checkout.form.name === '小林', 'typed where the click put the caret');
      // Backspace works on the node as on any input.
      await page.keyboard.press('Backspace');
      await t.waitFor(page, s => s.checkout.form.name === '林', 'Backspace');
      await act(page, page.getByRole('button', { name: /^货到付款/ }), false);
      await act(page, page.getByRole('button', { name: '提交订单', exact: true }), false);
      const [, who] = await waitForOrder(t, server, page, '138 0000 1111');
      t.equal(who, '林', 'the order holds the edited name and the autofilled phone');
    },
  },
  ...[false, true].map(keys => ({
    name: 'a distributor signs in, edits the greeting and publishes; a brand signs in and opens an order: ' +
          (keys ? 'by the keyboard alone on a desktop (a dialog too)' : 'by role on a phone'),
    async run(t) {
      const phone = !keys;
      const server = await t.startServer();
      // Acting on a node: by role (a tap), or Tab until it has focus and Enter (a text box: focus only).
      const go = async (page, role, name, back = false) => {
        if (keys) {
          await tabTo(t, page, role, name, 60, back);
          if (role !== 'textbox') await page.keyboard.press('Enter');
        } else {
          await act(page, page.getByRole(role, { name, exact: typeof name === 'string' }), phone);
        }
      };
      // The distributor: the passphrase box is a password box the browser may fill; Enter signs in.
      const ed = await t.page({ phone, desktop: keys });
      await t.open(ed, `/d/${SHOP}`, server.url);
      const pass = ed.getByRole('textbox', { name: '口令', exact: true });
      await pass.waitFor();
      t.equal(JSON.stringify([await pass.getAttribute('type'), await pass.getAttribute('autocomplete')]),
              JSON.stringify(['password', 'current-password']), 'the passphrase is a password box');
      await go(ed, 'textbox', '口令');
      await ed.keyboard.type(`demo-${SHOP}-2026`);
      await ed.keyboard.press('Enter');
      const greeting = ed.getByRole('textbox', { name: '欢迎语', exact: true });
      await greeting.waitFor({ timeout: 30000 });
      // The shop's pictures are said as what they are (not their files' addresses), the featured
      // products are a list in the shop's order.
      t.equal(await ed.getByRole('img', { name: '头像', exact: true }).count(), 1, 'the profile picture is named');
      const addresses = await ed.evaluate(() => [...document.querySelectorAll('#a11y .sem')].map(e => e.getAttribute('aria-label') || e.textContent)
                                                 .filter(n => /^\/img\/|^no (banner|avatar)$/.test(n)));
      t.equal(JSON.stringify(addresses), '[]', 'no node is named by a file\'s address');
      const featured = ed.getByRole('list', { name: '推荐商品', exact: true }).getByRole('listitem');
      t.assert(await featured.count() >= 1, 'the featured products are a list: ' + await featured.count());
      t.equal(await featured.first().getAttribute('aria-posinset'), '1', 'the first featured product is the first of them');
      const words = keys ? '新茶到了，欢迎来尝。' : '今年的春茶，我都先喝过。';
      await go(ed, 'textbox', '欢迎语');
      await ed.keyboard.press('Control+A');
      await ed.keyboard.type(words);
      t.equal(await greeting.inputValue(), words, 'the greeting box holds the new words');
      await go(ed, 'button', '发布', true);  // (in the bar above the form: back from the greeting)
      let live = null;
      for (let i = 0; i < 60 && !(live && live.identity.greeting === words); i++) {
        await ed.waitForTimeout(250);
        live = JSON.parse((await (await fetch(`${server.url}/api/shops/${SHOP}`)).json()).manifest.payload);
      }
      t.equal(live.identity.greeting, words, `published: the store serves the new greeting (${keys ? 'keyboard' : 'by role'})`);
      // An order to open: a consumer buys by role.
      const shopper = await t.page({ phone: true });
      await toCheckout(t, shopper, server, true);
      const tel = keys ? '139 0571 5502' : '139 0571 5501';
      const [number] = await checkoutByRole(t, server, shopper, true, tel);
      // The brand: signs in with its passphrase, opens the orders, finds the order, reads its row
      // and opens who earns from it.
      const br = await t.page({ phone, desktop: keys });
      await t.open(br, '/console/b_huaxi', server.url);
      await br.getByRole('textbox', { name: '品牌口令', exact: true }).waitFor();
      await go(br, 'textbox', '品牌口令');
      await br.keyboard.type('demo-b_huaxi-2026');
      await br.keyboard.press('Enter');
      await br.getByRole('button', { name: '订单', exact: true }).waitFor({ timeout: 30000 });
      await go(br, 'button', '订单');
      // The new-order alert is a switch, off, as a screen reader says it.
      t.equal(await br.getByRole('switch', { name: '新订单提醒', exact: true }).getAttribute('aria-checked'), 'false',
              'the alert switch says it is off');
      await go(br, 'textbox', '订单号、店铺或顾客');
      await br.keyboard.type(number);
      const row = br.locator('#a11y .sem').filter({ hasText: new RegExp('^' + number + ', ') });
      await row.first().waitFor({ timeout: 15000 });
      const said = await row.first().textContent();
      t.assert(said.includes('林小满') && said.includes('¥') && said.includes('已下单'),
               'the order\'s row is read as one line: number, shop, customer, total, status: ' + said);
      // The orders are a list: the row's words and its buttons are one entry of it, 1 of 1 (the search found one).
      const entry = br.getByRole('list', { name: '订单', exact: true }).getByRole('listitem').filter({ hasText: number });
      t.equal(await entry.count(), 1, 'one entry of the orders list holds the order');
      t.equal([await entry.getAttribute('aria-posinset'), await entry.getAttribute('aria-setsize')].join(), '1,1', 'the entry is 1 of 1');
      t.assert(await entry.getByRole('button', { name: '取消订单, ' + number, exact: true }).count() === 1,
               'the row\'s cancel button is in its entry');
      if (keys) {
        // A dialog: cancelling asks first. The mirror is the dialog while it is open (named by its
        // question, the keyboard on its title, Tab going round its two buttons), Escape closes it
        // without cancelling and the keyboard is back on the button that opened it.
        await go(br, 'button', '取消订单, ' + number);
        const dialog = br.getByRole('dialog', { name: new RegExp(number) });
        await dialog.waitFor({ timeout: 10000 });
        await br.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'H2');
        const seen = new Set();
        for (let i = 0; i < 5; i++) {
          await br.keyboard.press('Tab');
          await br.waitForTimeout(40);
          const f = await focused(br);
          seen.add(f.role + ':' + f.name);
        }
        t.equal(JSON.stringify([...seen].sort()), JSON.stringify(['button:保留', 'button:取消订单'].sort()),
                'Tab goes round the dialog\'s buttons only');
        await br.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached', timeout: 10000 });
        await br.waitForFunction(n => document.activeElement && document.activeElement.textContent === '取消订单, ' + n, number);
        const statuses = sqlRows(server, `SELECT s.status FROM order_status s JOIN orders o ON o.brand = s.brand AND o.id = s.order_id ` +
                                         `WHERE o.number = '${number}'`).map(r => r[0]);
        t.assert(!statuses.includes('cancelled'), 'Escape cancelled nothing: ' + JSON.stringify(statuses));
      }
      await go(br, 'button', '佣金归属, ' + number);
      // The page speaks the brand's language, as the console does: its heading, why the order is
      // the distributor's, and who is paid for what.
      await br.getByRole('heading', { level: 1, name: `订单 ${number} 的佣金归属`, exact: true }).waitFor({ timeout: 15000 });
      const page = await br.evaluate(() => document.getElementById('a11y').textContent);
      for (const words of ['顾客第一次通过这位店主访问，已绑定到这位店主。', '首次绑定', '刘晓雨 · 成交店主', '按级分佣 ']) {
        t.assert(page.includes(words), `the provenance page says "${words}"`);
      }
      t.assert(!/First visit|Plan \d|sold it/.test(page), 'no English sentence is left on the Chinese page');
      if (keys) await t.screenshot(br, 'a11y-console-order-keyboard-desktop');
      else await t.screenshot(ed, 'a11y-editor-published-phone');
    },
  })),
  {
    name: 'axe-core on every consumer screen (shop, search, product, cart, checkout, receipt, phone and desktop): no serious or critical violation',
    async run(t) {
      for (const phone of [true, false]) {
        const page = await t.page({ phone, desktop: !phone });
        await t.open(page, `/s/${SHOP}`);
        await page.getByRole('heading', { level: 1 }).first().waitFor();
        await noSeriousViolations(t, page, 'the shop');
        // Each of the page's buttons and links says what it does to what ("加入购物车, <product>" on an
        // article's product card), so a list of them read out of context is never three of the same.
        const names = await page.evaluate(() => [...document.querySelectorAll('#a11y .sem-b, #a11y .sem-l')].map(e => e.textContent));
        const twice = names.filter((n, i) => names.indexOf(n) !== i);
        t.equal(JSON.stringify(twice), '[]', `no two buttons or links of the shop share a name (${names.length} of them)`);
        await act(page, page.getByRole('textbox', { name: /搜索/ }), phone);
        await page.keyboard.type('红茶');
        await page.getByRole('link', { name: new RegExp('^' + PRODUCT) }).waitFor();
        await noSeriousViolations(t, page, 'search results');
        await act(page, page.getByRole('link', { name: new RegExp('^' + PRODUCT) }), phone);
        await page.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
        await noSeriousViolations(t, page, 'the product');
        await act(page, page.getByRole('button', { name: '加入购物车', exact: true }), phone);
        await act(page, page.getByRole('button', { name: /^购物车 \(\d+\)$/ }), phone);
        await page.getByRole('button', { name: '去结算', exact: true }).waitFor();
        await noSeriousViolations(t, page, 'the cart');
        await act(page, page.getByRole('button', { name: '去结算', exact: true }), phone);
        await page.getByRole('button', { name: '提交订单', exact: true }).waitFor();
        await noSeriousViolations(t, page, 'checkout');
        const [number] = await checkoutByRole(t, t.server, page, phone, phone ? '139 0571 4401' : '139 0571 4402');
        await page.waitForFunction(n => [...document.querySelectorAll('#a11y .sem')].some(e => (e.textContent || '').includes(n)), number);
        await noSeriousViolations(t, page, 'the receipt');
      }
    },
  },
  {
    name: 'axe-core on the distributor\'s and the brand\'s screens (sign-in, every editor tab, every console tab; phone and desktop): no serious or critical violation',
    async run(t) {
      for (const phone of [true, false]) {
        const size = phone ? 'phone' : 'desktop';
        const ed = await t.page({ phone, desktop: !phone });
        await t.open(ed, `/d/${SHOP}`);
        await ed.getByRole('textbox', { name: '口令', exact: true }).waitFor();
        await noSeriousViolations(t, ed, `the editor's sign-in (${size})`);
        await act(ed, ed.getByRole('textbox', { name: '口令', exact: true }), phone);
        await ed.keyboard.type(`demo-${SHOP}-2026`);
        await ed.keyboard.press('Enter');
        await ed.getByRole('textbox', { name: '欢迎语', exact: true }).waitFor({ timeout: 30000 });
        for (const tab of ['编辑', '分享', '团队', '数据']) {
          await act(ed, ed.getByRole('button', { name: tab, exact: true }).first(), phone);
          await ed.waitForTimeout(1500);
          await noSeriousViolations(t, ed, `the editor's ${tab} tab (${size})`);
        }
        const con = await t.page({ phone, desktop: !phone });
        await t.open(con, '/console/b_huaxi');
        await con.getByRole('textbox', { name: '品牌口令', exact: true }).waitFor();
        await noSeriousViolations(t, con, `the console's sign-in (${size})`);
        await act(con, con.getByRole('textbox', { name: '品牌口令', exact: true }), phone);
        await con.keyboard.type('demo-b_huaxi-2026');
        await con.keyboard.press('Enter');
        await con.getByRole('button', { name: '订单', exact: true }).waitFor({ timeout: 30000 });
        for (const tab of ['预览', '商品', '订单', '结算', '规则', '文章', '洞察', '核查']) {
          await act(con, con.getByRole('button', { name: tab, exact: true }).first(), phone);
          await con.waitForTimeout(1500);
          await noSeriousViolations(t, con, `the console's ${tab} tab (${size})`);
        }
      }
    },
  },
  {
    name: 'text size: the browser\'s font size setting scales the app (and the first paint\'s words); the purchase by role at 150%; a phone keeps 320 px of layout',
    async run(t) {
      const server = await t.startServer();
      // The heading's node (CSS pixels) and how much of it is drawn ink: the canvas's words lie under it.
      const heading = async page => {
        const h = page.getByRole('heading', { level: 1 }).first();
        await h.waitFor();
        // (the frame that placed the node on the canvas: the graphics' worker draws it a moment after
        // the page's nodes moved, and a picture arriving moves the heading down)
        await t.waitFor(page, () => true, 'the frame drawn');
        const box = await h.boundingBox();
        const { PNG } = require('pngjs');
        const png = PNG.sync.read(await page.screenshot({ clip: box, scale: 'css' }));
        // (ink: pixels far from the page's colour, which is the box's corner: outside the glyphs)
        const d = png.data, bg = d[0] + d[1] + d[2];
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] + d[i + 1] + d[i + 2] - bg) > 150) ink++;
        return { h: box.height, ink: ink / (png.width * png.height) };
      };
      const width = async page => Math.round((await t.state(page)).viewport.w);
      // The heading's node has grown past `h` (the app laid the page out again and the mirror followed),
      // and the canvas has drawn since.
      const grown = async (page, h) => {
        await page.waitForFunction(min => {
          const e = [...document.querySelectorAll('#a11y h1')][0];
          return e && e.getBoundingClientRect().height > min;
        }, h, { timeout: 10000 });
        await page.waitForTimeout(300);
      };
      // Desktop: 24px (150%), set while the page is open (the setting has no event: the app notices).
      const page = await t.page({ desktop: true });
      const cdp = await page.context().newCDPSession(page);
      await t.open(page, `/s/${SHOP}`, server.url);
      const plain = await heading(page);
      t.equal(await width(page), 1280, 'at the default text size the app lays out the window\'s 1280 px');
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: 24, fixed: 13 } });
      await t.seeEqual(page, s => Math.round(s.viewport.w), 853, 'at 150% the app lays out 1280 / 1.5 of its pixels');
      await grown(page, plain.h * 1.4);
      const big = await heading(page);
      t.assert(big.h / plain.h > 1.4 && big.h / plain.h < 1.6, `the heading is 1.5 times as tall (${plain.h} -> ${big.h} px)`);
      t.assert(big.ink > 0.05 && plain.ink > 0.05, `the drawn heading lies under its node at both sizes (ink ${plain.ink.toFixed(2)}, ${big.ink.toFixed(2)})`);
      t.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.fp-shop h1')).fontSize), '36px',
              'the HTML first paint\'s heading follows the setting too (1.5rem)');
      await t.screenshot(page, 'a11y-text-150-desktop');
      // The purchase by role at that size: every node is where its drawing is, the fields take typing.
      await act(page, page.getByRole('textbox', { name: /搜索/ }), false);
      await page.keyboard.type('红茶');
      await act(page, page.getByRole('link', { name: new RegExp('^' + PRODUCT + ', ¥') }), false);
      await act(page, page.getByRole('button', { name: '加入购物车', exact: true }), false);
      await act(page, page.getByRole('button', { name: '购物车 (1)', exact: true }), false);
      await act(page, page.getByRole('button', { name: '去结算', exact: true }), false);
      const [, who] = await checkoutByRole(t, server, page, false, '139 0571 2290');
      t.equal(who, '林小满', 'the order placed at 150% holds the name typed');
      await page.getByRole('heading', { level: 1, name: '谢谢，订单已提交' }).waitFor();
      // A phone at 200% text: the app keeps 320 of its pixels across (390 / 1.22), the narrowest its layouts are made for.
      const phone = await t.page({ phone: true });
      const pcdp = await phone.context().newCDPSession(phone);
      await t.open(phone, `/s/${SHOP}`, server.url);
      const small = await heading(phone);
      await pcdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 13 } });
      await t.seeEqual(phone, s => Math.round(s.viewport.w), 320, 'a 390 px phone at 200% text lays out 320 of the app\'s pixels');
      await grown(phone, small.h * 1.15);
      const larger = await heading(phone);
      t.assert(larger.h / small.h > 1.15 && larger.h / small.h < 1.3, `the phone's heading is 1.22 times as tall (${small.h} -> ${larger.h} px)`);
      await t.screenshot(phone, 'a11y-text-200-phone');
      await act(phone, phone.getByRole('textbox', { name: /搜索/ }), true);
      await phone.keyboard.type('红茶');
      await act(phone, phone.getByRole('link', { name: new RegExp('^' + PRODUCT + ', ¥') }), true);
      await phone.getByRole('heading', { level: 1, name: PRODUCT }).waitFor();
      await act(phone, phone.getByRole('button', { name: '加入购物车', exact: true }), true);
      await phone.getByRole('button', { name: '购物车 (1)', exact: true }).waitFor();
      await t.screenshot(phone, 'a11y-text-200-phone-product');
    },
  },
  {
    name: 'preferences: reduced motion stops a flung page where the finger leaves it; more contrast darkens secondary text and borders',
    async run(t) {
      // Whether a fast swipe leaves the page gliding on (momentum) once the finger is up.
      const fling = async page => {
        const cdp = await page.context().newCDPSession(page);
        const seen = page.evaluate(() => new Promise(done => {
          let glided = false;
          const end = Date.now() + 1500;
          (function poll() {
            if (String(window.dynshop.state().touch).includes('momentum')) glided = true;
            if (Date.now() < end) requestAnimationFrame(poll); else done(glided);
          })();
        }));
        await cdp.send('Input.synthesizeScrollGesture', { x: 195, y: 650, yDistance: -420, speed: 3000, gestureSourceType: 'touch',
                                                          preventFling: false });
        return seen;
      };
      const muted = async page => (await t.state(page)).preferences.muted;
      const luminance = c => 0.2126 * (c & 255) + 0.7152 * ((c >>> 8) & 255) + 0.0722 * ((c >>> 16) & 255);
      const plain = await t.page({ phone: true });
      await t.open(plain, `/s/${SHOP}`);
      await plain.getByRole('heading', { level: 1 }).first().waitFor();
      t.equal(await fling(plain), true, 'without the preference, a flung page glides on');
      const normal = await muted(plain);
      const still = await t.page({ phone: true });
      await still.emulateMedia({ reducedMotion: 'reduce', contrast: 'more' });
      await t.open(still, `/s/${SHOP}`);
      await still.getByRole('heading', { level: 1 }).first().waitFor();
      const st = await t.state(still);
      t.equal(JSON.stringify([st.preferences.reduced_motion, st.preferences.more_contrast]), '[true,true]', 'the app reads both settings');
      t.equal(await fling(still), false, 'with prefers-reduced-motion, the page stops where the finger leaves it');
      t.assert(luminance(await muted(still)) < luminance(normal) - 20,
               `with prefers-contrast: more, secondary text is darker (${luminance(normal)} -> ${luminance(await muted(still))})`);
      await t.screenshot(still, 'a11y-more-contrast-phone');
      // A setting changed while the page is open is followed at once.
      await still.emulateMedia({ reducedMotion: 'no-preference', contrast: 'no-preference' });
      await t.seeEqual(still, s => JSON.stringify([s.preferences.reduced_motion, s.preferences.more_contrast]), '[false,false]',
                       'the settings turned off while open');
    },
  },
];
