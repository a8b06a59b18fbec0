// Text input through the hidden textarea: desktop typing, the phone keyboard opened by a tap
// (the textarea is focused inside the tap's own event), inputmode per field, and CJK IME
// composition shown while composing and committed on confirm.
'use strict';
const { focusField } = require('./harness');

module.exports = [
  {
    name: 'typing in the shop search filters the grid and follows the URL (desktop keyboard)',
    async run(t) {
      const page = await t.page({ phone: false, desktop: true });
      await t.open(page, '/s/lily-tea');
      await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid');
      await focusField(t, page, '搜索');
      // One character at a time, as a person types: the field keeps focus while the URL follows.
      await page.keyboard.insertText('龙');
      await t.waitFor(page, s => s.route.query === '龙', 'first character');
      await page.keyboard.insertText('井');
      let st = await t.waitFor(page, s => s.route.query === '龙井', 'query in the route');
      t.equal(st.path, '/s/lily-tea/search?q=%E9%BE%99%E4%BA%95', 'URL follows the search');
      const products = st.items.filter(i => i.kind === 'product');
      // Titles and subtitles are searched: the first hit's title has the word, and far fewer than
      // the shop's products are left.
      t.assert(products.length >= 1 && products[0].label.includes('龙井'), 'a matching product first: ' + products.map(p => p.label));
      t.assert(products.length <= 4 && st.shop.items > 20, `filtered: ${products.length} of ${st.shop.items}`);
      await page.keyboard.press('Backspace');
      st = await t.waitFor(page, s => s.route.query === '龙', 'backspace removes a character');
      await t.screenshot(page, 'search-desktop');
    },
  },
  {
    // fonts.h: only the space and '?' come from Dear ImGui's atlas builder; every other glyph is drawn
    // into the atlas's room in pieces between frames, and a new character adds its glyphs in place.
    // An English shop never loads the CJK font (88 KB on a phone network) until text needs it.
    name: 'a character the shop never showed, typed into its search, is drawn into the atlas in place (no rebuild)',
    async run(t) {
      const page = await t.page({ phone: true });
      const fonts = [];
      page.on('request', r => { if (r.url().includes('/fonts/')) fonts.push(new URL(r.url()).pathname); });
      await t.open(page, '/s/june-botanics');
      let st = await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product') && s.fonts.ready, 'grid, fonts ready');
      const before = st.fonts;
      t.equal(before.cjk, false, 'an English shop has no CJK font');
      t.equal(fonts.filter(f => f.startsWith('/fonts/cjk')).length, 0, 'and did not ask for one: ' + fonts);
      t.equal(before.builds, 1, 'the atlas was built once');
      t.equal(before.pending, 0, 'nothing left to draw once the shop shows');
      t.assert(before.slices >= 2, `the first screen's glyphs were drawn in pieces (${before.slices}), not in one task`);
      t.assert(before.glyphs_baked > 1000, `ASCII, Latin and the UI's words in five sizes (${before.glyphs_baked})`);
      await focusField(t, page, 'Search');
      // 鑫 is in no demo text or UI word: it needs the extended CJK font; 龙 is in the core subset.
      await page.keyboard.insertText('龙');
      st = await t.waitFor(page, s => s.route.query === '龙' && s.fonts.ready, 'typed, drawn');
      t.equal(st.fonts.cjk, true, 'the CJK font came in for it');
      t.equal(fonts.filter(f => f.startsWith('/fonts/cjk')).join(' '), '/fonts/cjk-core.ttf', 'the core subset, once');
      t.equal(st.fonts.builds, 1, 'no rebuild for a new character');
      t.equal(st.fonts.glyphs_baked - before.glyphs_baked, 4, '龙 in the four sizes text is drawn at (Strong shares Body\'s)');
      await page.keyboard.insertText('鑫');
      st = await t.waitFor(page, s => s.route.query === '龙鑫' && s.fonts.extended && s.fonts.ready, 'extended font in, drawn', 30000);
      t.equal(st.fonts.builds, 1, 'no rebuild when the extended font arrives either');
      t.equal(st.fonts.glyphs_baked - before.glyphs_baked, 8, '鑫 from the extended font, in four sizes');
      t.equal(st.fonts.atlas_h, before.atlas_h, 'the same atlas');
    },
  },
  {
    name: 'a Chinese shop has its CJK font for its first frame: the page asks for it with its first paint, once',
    async run(t) {
      const page = await t.page({ phone: true });
      const fonts = [];
      page.on('request', r => { if (r.url().includes('/fonts/')) fonts.push(new URL(r.url()).pathname); });
      await t.open(page, '/s/lily-tea');
      const st = await t.waitFor(page, s => s.first_frame && (s.items || []).some(i => i.kind === 'product'), 'first frame');
      t.equal(st.fonts.cjk, true, 'the CJK font is in');
      t.equal(st.fonts.ready, true, 'every noted glyph drawn');
      t.equal(st.fonts.extended, false, 'the demo\'s words are all in the core subset');
      t.equal(fonts.filter(f => f.startsWith('/fonts/cjk')).join(' '), '/fonts/cjk-core.ttf', 'the core subset, fetched once');
      const boot = await page.evaluate(() => (window.dynshopBoot || {}).prefetch || []);
      t.assert(boot.includes('/fonts/cjk-core.ttf'), 'the page lists it with its first paint\'s fetches: ' + boot);
    },
  },
  {
    name: 'a tap on a field opens the phone keyboard with the right input mode, and CJK IME composition works',
    async run(t) {
      const page = await t.page({ phone: true });
      await t.open(page, '/s/xiaoyu-tea');
      await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid');
      await focusField(t, page, '搜索');
      const mode = await page.evaluate(() => document.activeElement.getAttribute('inputmode'));
      t.equal(mode, 'search', 'search keyboard');
      const cdp = await page.context().newCDPSession(page);
      // Pinyin being composed: shown at the caret, not yet in the field.
      await cdp.send('Input.imeSetComposition', { text: 'hong', selectionStart: 4, selectionEnd: 4 });
      await page.waitForTimeout(150);
      let st = await t.drawn(page);
      t.equal(st.route.query, '', 'nothing committed while composing');
      await t.screenshot(page, 'ime-composing-phone');
      // The IME commits the chosen characters.
      await cdp.send('Input.insertText', { text: '红茶' });
      st = await t.waitFor(page, s => s.route.query === '红茶', 'committed text reaches the field');
      await t.see(page, st => st.items.filter(i => i.kind === 'product').length >= 1, 'results for 红茶');
    },
  },
  {
    name: 'checkout fields: tel keypad for the phone, validation messages, CJK IME in the name and address, values kept',
    async run(t) {
      const page = await t.page({ phone: true });
      await t.open(page, '/s/ava-glow');
      const card = (await t.waitFor(page, s => (s.items || []).some(i => i.kind === 'product'), 'grid')).items.find(i => i.kind === 'product');
      await t.tap(page, card.label, 'product');
      await t.waitFor(page, s => s.screen === 'product' && (s.items || []).some(i => i.id === 'Add to cart'), 'product');
      await t.tap(page, 'Add to cart', 'button');
      // The cart is written to IndexedDB asynchronously: leave the page only once it is saved.
      await t.waitFor(page, s => s.cart.count === 1 && s.session_saved, 'in cart, saved');
      await page.goto(t.server.url + '/s/ava-glow/checkout');
      await t.waitReady(page);
      await t.waitFor(page, s => s.screen === 'checkout' && (s.items || []).some(i => i.kind === 'field'), 'checkout form');
      await t.tap(page, 'Place order', 'button');
      let st = await t.waitFor(page, s => s.checkout.attempted && !s.checkout.valid, 'validation ran');
      t.assert(st.checkout.errors.name && st.checkout.errors.phone && st.checkout.errors.address, 'every empty field explained');
      // A Chinese name through the IME: composing shows nothing committed; the choice goes in.
      await focusField(t, page, 'Name');
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Input.imeSetComposition', { text: 'chen', selectionStart: 4, selectionEnd: 4 });
      await page.waitForTimeout(150);
      await cdp.send('Input.insertText', { text: '陈' });
      await page.keyboard.insertText(' Mia');
      await focusField(t, page, 'Phone');
      t.equal(await page.evaluate(() => document.activeElement.getAttribute('inputmode')), 'tel', 'tel keypad');
      await page.keyboard.insertText('12');
      await t.tap(page, 'Place order', 'button');
      st = await t.waitFor(page, s => s.checkout.errors.phone.includes('6 to 15 digits'), 'short phone refused');
      t.equal(st.checkout.errors.name, '', 'the name is fine now');
      t.equal(st.checkout.form.name, '陈 Mia', 'the composed characters are in the name');
      // The address through the IME too.
      await focusField(t, page, 'Address');
      await cdp.send('Input.imeSetComposition', { text: 'hangzhou', selectionStart: 8, selectionEnd: 8 });
      await page.waitForTimeout(150);
      st = await t.drawn(page);
      t.equal(st.checkout.form.address, '', 'nothing committed while composing');
      await cdp.send('Input.insertText', { text: '杭州市西湖区' });
      st = await t.waitFor(page, s => s.checkout.form.address === '杭州市西湖区', 'the address committed');
      t.equal(st.checkout.form.phone, '12', 'the other fields keep their values');
      await t.screenshot(page, 'checkout-errors-phone');
    },
  },
];
