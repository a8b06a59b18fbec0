// One article's whole journey (issue 15's "done means"), in one store and four browsers, each step
// checked against what the store holds:
//   1. the brand writes a third article in its console (a paragraph, a product card, a share material
//      about that product) and publishes it, signed in the browser;
//   2. a distributor finds it in their share kit: "Copy text and link" gives the brand's text with
//      their own shop's link (the article's id its campaign); the material's text links to the
//      product in their shop, under the same campaign; "QR code for it" makes a poster whose code
//      reads back to the article's QR link;
//   3. a consumer opens the copied link: the article in the distributor's shop, its card opens the
//      product there, which goes into that shop's cart and is ordered; the visit, the product view
//      and the order carry the article as campaign, the order credits the distributor;
//   4. the brand's insight and the distributor's dashboard show the article by its title, with the
//      one visit, product view and order and the order's total as its sales.
// Three tests in order, one serve.py and the brand's and the distributor's browsers carried from one
// to the next (each test has 90 s on a busy machine); a step whose step before failed says so.
'use strict';
const { sqlRows: rows, reveal, tapIn, typeInto, blur, signInEditor, signInConsole, downloadPoster } = require('./harness');

const BRAND = 'b_northmoor';
const SHOP = 'june-botanics';  // a level-2 Northmoor distributor (recruited by ava-glow) in the demo
const TITLE = 'Winter skin, three small habits';
const ID = 'winter-skin-three-small-habits';
const SHARE_TEXT = 'Three habits my skin thanks me for every winter.';
const MATERIAL = 'The one oil I keep by the bed all winter.';

const itemsOf = (s, kind) => (s.items || []).filter(i => i.kind === kind);
const form = st => st.console.articles.form.article;

async function getJson(base, p) {
  const r = await fetch(base + p);
  if (!r.ok) throw new Error(`GET ${p}: HTTP ${r.status}`);
  return r.json();
}

async function readClipboard(page, what) {
  await page.waitForTimeout(100);
  return page.waitForFunction(async w => {
    try { const t = await navigator.clipboard.readText(); return t && t !== w ? t : null; } catch (e) { return null; }
  }, what, { timeout: 5000 }).then(h => h.jsonValue());
}

// [SECTION] What the steps carry -------------------------------------------------------------------

const journey = { contexts: [] };  // server, product, brand, kit, link, total
async function journeyServer(t) {
  if (!journey.server) {
    journey.server = await t.startServer();
    t.extraServers.pop();  // kept for the next steps; the last one stops it
  }
  return journey.server;
}
// A page that outlives its test (the contexts of t.page() close when a test ends).
async function keptPage(t, phone) {
  const ctx = await t.browser.newContext(phone
    ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }
    : { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  journey.contexts.push(ctx);
  return t.track(await ctx.newPage(), phone);
}
function needs(...keys) {
  const missing = keys.filter(k => !journey[k]);
  if (missing.length) throw new Error(`the step before did not finish (no ${missing.join(', ')})`);
}

module.exports = [];
const step = (name, run) => module.exports.push({ name, run });

// [SECTION] 1. The brand publishes -----------------------------------------------------------------

step('an article\'s journey, 1: the brand writes a third article (a paragraph, a product card, a share material) and publishes it', async t => {
  const base = (await journeyServer(t)).url;
  // A product the distributor's shop sells (its selection; empty = every product of the release).
  const release = JSON.parse((await getJson(base, `/api/releases/${BRAND}`)).payload);
  const manifest = JSON.parse((await getJson(base, `/api/shops/${SHOP}`)).manifest.payload);
  const sold = release.products.filter(p => !manifest.products || !manifest.products.length || manifest.products.includes(p.id));
  t.assert(sold.length > 0, 'the shop sells Northmoor products');
  const product = sold[0];
  const before = (await getJson(base, `/api/brands/${BRAND}/articles`)).articles.length;
  t.equal(before, 2, 'the demo brand has two articles');
  const brand = await keptPage(t, false);
  await signInConsole(t, brand, BRAND, '/articles', base);
  await t.waitFor(brand, s => s.console.page === 'articles' && s.console.articles.status === 'ready' && s.console.articles.drafts_in,
                  'the Articles tab', 20000);
  await t.tap(brand, 'New article', 'button');
  await t.waitFor(brand, s => s.console.articles.open.startsWith('new-') && itemsOf(s, 'field').some(i => i.label === 'Title'), 'a new article');
  await typeInto(t, brand, 'Title', TITLE);
  await typeInto(t, brand, 'Summary', 'Cold air, central heating, short days: what helps.');
  await typeInto(t, brand, 'Suggested share text', SHARE_TEXT);
  await typeInto(t, brand, 'Write a paragraph', 'Seal in water at night, protect by day, and be gentle in between.');
  await blur(brand);
  await tapIn(t, brand, 'Add Product card', 'button');
  await t.waitFor(brand, s => s.console.articles.picking === 'blocks.1', 'the product picker');
  await typeInto(t, brand, 'Find a product', product.id);
  await tapIn(t, brand, product.id, 'product-pick');
  await t.waitFor(brand, s => form(s).blocks[1] && form(s).blocks[1].product === product.id, 'the card names the product');
  await tapIn(t, brand, '+ Add a share material', 'button');
  await t.waitFor(brand, s => (form(s).materials || []).length === 1, 'a material');
  await typeInto(t, brand, 'A text distributors can post as it is', MATERIAL);
  await blur(brand);
  await tapIn(t, brand, 'About a product (optional)', 'button');
  await t.waitFor(brand, s => s.console.articles.picking === 'materials.0', 'the material\'s product picker');
  await typeInto(t, brand, 'Find a product', product.id);
  await tapIn(t, brand, product.id, 'product-pick');
  await t.waitFor(brand, s => form(s).materials[0].product === product.id && s.console.articles.problems.length === 0, 'the material is about it');
  await tapIn(t, brand, 'Publish', 'button');
  await t.waitFor(brand, s => s.console.articles.published_note === 'Published version 1', 'published', 20000);
  const stored = (await getJson(base, `/api/brands/${BRAND}/articles`)).articles.map(e => JSON.parse(e.payload));
  t.equal(stored.length, 3, 'the store holds the third article');
  t.assert(stored.some(a => a.id === ID && a.title === TITLE && a.share_text === SHARE_TEXT), 'as written');

  journey.product = product;
  journey.brand = brand;
});

// [SECTION] 2. A distributor shares it -------------------------------------------------------------

step('an article\'s journey, 2: the distributor finds it in the share kit: the brand\'s text with their link, the material\'s product link, a QR poster', async t => {
  needs('brand', 'product');
  const base = journey.server.url, product = journey.product;
  const kit = await keptPage(t, true);
  await kit.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await signInEditor(t, kit, SHOP, base);
  await t.tap(kit, 'Share', 'tab');
  await t.waitFor(kit, s => s.editor.page === 'share' && s.articles[BRAND] && s.articles[BRAND].status === 'ready', 'the share kit, articles in');
  const link = `${base}/s/${SHOP}/a/${ID}?ch=share&c=${ID}`;
  await reveal(t, kit, TITLE, 'kit-article');
  await t.seeEqual(kit, s => (itemsOf(s, 'kit-article-text').find(i => i.id === ID) || {}).label, `${SHARE_TEXT}\n${link}`,
                   'the brand\'s text and the shop\'s own article link');
  await tapIn(t, kit, 'Copy text and link', 'button');  // the newest article's, the first in the kit
  const copied = await readClipboard(kit, '');
  t.equal(copied, `${SHARE_TEXT}\n${link}`, 'copied in one tap');
  await tapIn(t, kit, 'Copy text', 'button');
  const material = await readClipboard(kit, copied);
  t.equal(material, `${MATERIAL}\n${base}/s/${SHOP}/p/${product.id}?ch=share&c=${ID}`,
          'the material links to its product in this shop, under the article\'s campaign');
  await t.screenshot(kit, 'article-journey-kit-phone');
  // Its QR poster: the code on the PNG reads back to the article's QR link.
  await tapIn(t, kit, 'QR code for it', 'button');
  const chosen = await t.waitFor(kit, s => s.editor.share.article === ID, 'the article chosen for the QR code');
  t.equal(chosen.editor.links.qr, `${base}/s/${SHOP}/a/${ID}?ch=qr&c=${ID}`, 'the QR link opens the article');
  const poster = await downloadPoster(t, kit, 'article-journey-poster');
  t.equal(poster.size, '1080x1920', 'the poster\'s size');
  t.assert(poster.qr, 'a QR code on the poster');
  t.equal(poster.qr, chosen.editor.links.qr, 'the poster\'s code is the article\'s QR link');

  journey.kit = kit;
  journey.link = copied.split('\n')[1];
});

// [SECTION] 3. A consumer buys; both see it ---------------------------------------------------------

step('an article\'s journey, 3: a consumer buys through the shared link; the brand\'s insight and the distributor\'s dashboard show what it did', async t => {
  try {
    needs('kit', 'link');
    const server = journey.server, base = server.url, product = journey.product, brand = journey.brand, kit = journey.kit;
    const phone = await t.page({ phone: true });
    await t.open(phone, journey.link.slice(base.length), base);
    let st = await t.waitFor(phone, s => s.screen === 'article' && itemsOf(s, 'article-title').length === 1, 'the article');
    t.equal(itemsOf(st, 'article-title')[0].label, TITLE, 'the brand\'s article');
    t.equal(st.route.shop, SHOP, 'in the distributor\'s shop');
    t.assert(itemsOf(st, 'shop-name').length > 0, 'under the shop\'s own header');
    t.equal(st.route.campaign, ID, 'the link\'s campaign is the article');
    await tapIn(t, phone, product.title, 'article-product');
    st = await t.waitFor(phone, s => s.screen === 'product' && s.route.product === product.id, 'the card opens the product in this shop');
    t.equal(st.route.shop, SHOP, 'still the distributor\'s shop');
    await t.tap(phone, 'Add to cart', 'button');  // in the phone's bottom bar
    await t.waitFor(phone, s => s.cart.count === 1 && s.session_saved, 'in the cart');
    await t.tap(phone, 'Cart', 'icon');
    await t.waitFor(phone, s => s.screen === 'cart' && itemsOf(s, 'button').some(i => i.id === 'Checkout'), 'the cart');
    await t.tap(phone, 'Checkout', 'button');
    await t.waitFor(phone, s => s.screen === 'checkout' && itemsOf(s, 'field').length >= 3, 'checkout');
    for (const [label, text] of [['Name', 'Amelia Hart'], ['Phone', '+44 7700 900123'], ['Address', '12 Harbour Street, Whitby YO21 3PU']]) {
      const f = itemsOf(await t.drawn(phone), 'field').find(i => i.label === label || i.id === label);
      await phone.touchscreen.tap(f.x + f.w / 2, f.y + f.h / 2);
      await phone.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')));
      await phone.keyboard.insertText(text);
    }
    await t.tap(phone, 'Place order', 'button');
    st = await t.waitFor(phone, s => s.screen === 'order' && s.orders.page === 'ready', 'the receipt', 20000);
    await t.waitFor(phone, s => s.orders.outbox === 0, 'events delivered', 20000);
    const visitor = st.visitor;
    const [order] = rows(server, `SELECT shop, distributor, json_extract(record, '$.last_touch.campaign'), json_extract(record, '$.last_touch.channel'), ` +
                                 `total FROM orders WHERE visitor = '${visitor}'`);
    t.equal(JSON.stringify(order.slice(0, 4)), JSON.stringify([SHOP, 'd_june', ID, 'share']), 'the order: this shop, credited to June, the article as campaign');
    const total = order[4];
    t.assert(total >= product.price, `its total (${total}) is at least the product's price (${product.price})`);
    const events = rows(server, `SELECT type, campaign, channel FROM events WHERE visitor = '${visitor}' AND type IN ('visit', 'article_view', 'product_view') GROUP BY id ORDER BY MIN(seq)`);
    t.equal(JSON.stringify(events), JSON.stringify([['visit', ID, 'share'], ['article_view', ID, 'share'], ['product_view', ID, 'share']]),
            'the visit, the article read and the product view carry the article');

    // The brand's insight: the article by its title, with what it did.
    await t.open(brand, `/console/${BRAND}/insight/reach`, base);
    st = await t.waitFor(brand, s => s.console.page === 'insight' && s.console.insight.status === 'ready' &&
                                       (s.console.insight.campaigns || []).some(c => c.campaign === ID), 'the brand\'s insight', 30000);
    const mine = st.console.insight.campaigns.find(c => c.campaign === ID);
    t.equal(JSON.stringify([mine.visits, mine.views, mine.orders, mine.sales, mine.by_channel, mine.orders_by_channel]),
            JSON.stringify([1, 1, 1, total, [0, 0, 1, 0], [0, 0, 1, 0]]), 'one visit, one product view, one order, its sales, all from a chat share');
    const row = await reveal(t, brand, `Article: ${TITLE}`, 'reach-campaign');
    const money = `$${(total / 100).toFixed(2)}`;  // Northmoor sells in US dollars
    t.assert(row.label.includes(`1 visit · 1 product view · 1 order · ${money}`) && row.label.includes('Chat share 1/1'),
             'the row says what it did, and through which channel: ' + row.label);
    await t.screenshot(brand, 'article-journey-insight-desktop');

    // The distributor's dashboard: how far their link of it travelled, and what it sold.
    await t.tap(kit, 'Dashboard', 'tab');
    st = await t.waitFor(kit, s => s.editor.page === 'dash' && s.editor.insight.ready && s.editor.insight.reach.campaigns.some(c => c.campaign === ID),
                         'June\'s reach', 30000);
    const hers = st.editor.insight.reach.campaigns.find(c => c.campaign === ID);
    t.equal(JSON.stringify([hers.visits, hers.views, hers.orders, hers.sales, hers.first_share]), JSON.stringify([1, 1, 1, total, 1]),
            'her share of the article: one visit, one product view, one order from a first share');
    await reveal(t, kit, `Article: ${TITLE}`, 'reach-campaign');
    await t.screenshot(kit, 'article-journey-dash-phone');
    for (const p of [brand, kit, phone]) t.equal(p.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + p.__errors.join('; '));
  } finally {
    for (const ctx of journey.contexts) await ctx.close().catch(() => {});
    if (journey.server) await journey.server.stop().catch(() => {});
  }
});
