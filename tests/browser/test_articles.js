// Brand articles in a distributor's shop (issue 15), from the consumer's and the distributor's side:
// the shop home lists the brand's articles; an article opens in the shop it was shared from, with
// that shop's header, and its product cards add to that shop's cart; a shared article link is a
// campaign, so the visit, the article's view and the order are credited with it; the share kit
// hands each article out with this shop's link and the brand's text; a forged article is never
// drawn.
'use strict';

const { sqlRows: rows, tapIn, demoHistory, signInEditor, signInConsole } = require('./harness');

const SHOP = 'lily-tea';      // 丽丽茶铺, a 花溪茶园 (b_huaxi) distributor in the demo
const BRAND = 'b_huaxi';

async function articlesOf(base, brand) {
  const r = await fetch(`${base}/api/brands/${brand}/articles`);
  if (r.status !== 200) throw new Error(`GET articles of ${brand}: ${r.status}`);
  return (await r.json()).articles.map(e => JSON.parse(e.payload)).filter(a => !a.retired);
}

const itemsOf = (s, kind) => (s.items || []).filter(i => i.kind === kind);

// Scrolls the page down (wheel over its middle) until the drawn state satisfies `predicate`: items
// below the fold are not drawn, so not listed.
async function scrollUntil(t, page, predicate, what) {
  const vp = page.viewportSize();
  for (let i = 0; i < 40; i++) {
    const st = await t.drawn(page);
    if (predicate(st)) return st;
    await page.mouse.move(Math.min(200, vp.width / 2), vp.height / 2);
    await page.mouse.wheel(0, vp.height * 0.4);
    await page.waitForTimeout(60);
  }
  return t.waitFor(page, predicate, what, 2000);
}

module.exports = [
  {
    name: 'the shop home lists the brand\'s articles; one opens in this shop and its product card adds to this shop\'s cart',
    async run(t) {
      const server = await t.startServer();
      const published = await articlesOf(server.url, BRAND);
      t.assert(published.length >= 2, `the demo brand has articles (${published.length})`);
      const page = await t.page({ phone: true });
      await t.open(page, `/s/${SHOP}`, server.url);
      await t.waitFor(page, s => s.articles && s.articles[BRAND] && s.articles[BRAND].status === 'ready', 'the articles verified');
      const home = await scrollUntil(t, page, s => itemsOf(s, 'article').length > 0, 'the shop home lists articles');
      t.equal(JSON.stringify(home.articles[BRAND].ids.slice().sort()), JSON.stringify(published.map(a => a.id).sort()),
              'every published article verified, none refused');
      t.equal(home.articles[BRAND].refused.length, 0, 'nothing refused');
      await t.screenshot(page, 'articles-shop-home-phone');
      // The newest first, as the brand published them.
      // Newest first, whichever brand wrote it.
      const all = [];
      for (const b of home.shop.brands) all.push(...await articlesOf(server.url, b.id));
      all.sort((a, b) => b.created_ms - a.created_ms);
      const card = itemsOf(home, 'article')[0];
      t.equal(card.id, all[0].id, 'newest article first');
      const newest = all[0];
      await t.tap(page, card.label, 'article');
      let st = await t.waitFor(page, s => s.screen === 'article' && itemsOf(s, 'article-title').length === 1, 'the article page');
      t.equal(st.route.article, newest.id, 'the route names the article');
      t.equal(st.route.shop, SHOP, 'in the same shop');
      t.equal(itemsOf(st, 'article-title')[0].label, newest.title, 'the brand\'s title');
      t.equal(itemsOf(st, 'shop-name')[0].label, st.shop.name, 'under the shop\'s own header');
      await t.screenshot(page, 'articles-article-phone');
      // Reading down: every paragraph in order, then a product card.
      const seen = [];
      st = await scrollUntil(t, page, s => {
        for (const i of itemsOf(s, 'article-paragraph')) if (!seen.includes(i.label)) seen.push(i.label);
        return itemsOf(s, 'article-product').some(p => p.y > 60 && p.y + p.h < page.viewportSize().height - 90);
      }, 'a product card of the article');
      const firstCard = newest.blocks.findIndex(b => b.kind === 'product');
      const before = newest.blocks.slice(0, firstCard).filter(b => b.kind === 'p').map(b => b.text);
      t.equal(JSON.stringify(seen.slice(0, before.length)), JSON.stringify(before), 'the paragraphs before the card, in order');
      // A product card of the article sells here.
      const product = itemsOf(st, 'article-product').find(p => p.y > 60);
      const add = itemsOf(st, 'button').find(b => b.id === 'Add to cart' && b.y >= product.y && b.y + b.h <= product.y + product.h + 1);
      t.assert(add, 'an add button on the product card');
      await page.touchscreen.tap(add.x + add.w / 2, add.y + add.h / 2);
      const after = await t.waitFor(page, s => s.cart.count === 1 && s.session_saved, 'added to this shop\'s cart');
      t.equal(after.cart.lines[0].product, product.id, 'the card\'s product');
      // The article's view was reported for this shop, with the article's id.
      await t.waitFor(page, s => s.orders.outbox === 0 && s.orders.events_sent >= 2, 'events delivered', 20000);
      const views = rows(server, `SELECT shop, product FROM events WHERE type = 'article_view' GROUP BY id`);
      t.equal(JSON.stringify(views), JSON.stringify([[SHOP, newest.id]]), 'one article_view, this shop, this article');
    },
  },
  {
    name: 'a shared article link is a campaign: the visit, the view and the order carry the article; re-sharing keeps the shop and adds a hop',
    async run(t) {
      const server = await t.startServer();
      const [article] = await articlesOf(server.url, BRAND);
      const page = await t.page({ phone: false });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await t.open(page, `/s/${SHOP}/a/${article.id}?ch=share&c=${article.id}&h=1`, server.url);
      await t.waitFor(page, s => s.screen === 'article' && itemsOf(s, 'article-title').length === 1, 'the shared article');
      const st = await scrollUntil(t, page, s => itemsOf(s, 'button').some(b => b.id === 'Add to cart' && b.y > 70 && b.y + b.h < 740),
                                   'a product card of the article');
      t.equal(st.route.campaign, article.id, 'the link\'s campaign is the article');
      // Share onward from the article: the same shop, the article as campaign, one more hop.
      await t.tap(page, 'Share', 'icon');
      const text = await page.waitForFunction(async () => {
        try { const t = await navigator.clipboard.readText(); return t.includes('/s/') ? t : null; } catch (e) { return null; }
      }, null, { timeout: 5000 }).then(h => h.jsonValue());
      t.equal(text, `${server.url}/s/${SHOP}/a/${article.id}?ch=share&c=${article.id}&h=2`, 'onward link');
      // Buy from the article's card, then check out in the same visit.
      await t.screenshot(page, 'articles-article-desktop');
      const add = itemsOf(st, 'button').find(b => b.id === 'Add to cart' && b.y > 70 && b.y + b.h < 740);
      await page.mouse.click(add.x + add.w / 2, add.y + add.h / 2);
      await t.waitFor(page, s => s.cart.count === 1 && s.session_saved, 'in the cart');
      await t.tap(page, 'Cart', 'icon');
      await t.waitFor(page, s => s.screen === 'cart' && (s.items || []).some(i => i.kind === 'button' && i.id === 'Checkout'), 'the cart');
      await t.tap(page, 'Checkout', 'button');
      await t.waitFor(page, s => s.screen === 'checkout' && itemsOf(s, 'field').length >= 3, 'checkout');
      const fields = itemsOf(await t.drawn(page), 'field');
      for (const [i, text] of [[0, '陈小明'], [1, '138 0013 8000'], [2, '杭州市西湖区龙井路 1 号']]) {
        const f = fields[i];
        await page.mouse.click(f.x + f.w / 2, f.y + f.h / 2);
        await page.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')));
        await page.keyboard.insertText(text);
      }
      const placeBtn = itemsOf(await t.drawn(page), 'button').find(b => b.id === 'Place order');
      await page.mouse.click(placeBtn.x + placeBtn.w / 2, placeBtn.y + placeBtn.h / 2);
      await t.waitFor(page, s => s.screen === 'order' && s.orders.page === 'ready', 'the receipt', 20000);
      await t.waitFor(page, s => s.orders.outbox === 0, 'events delivered', 20000);
      const orders = rows(server, `SELECT shop, json_extract(record, '$.last_touch.campaign'), json_extract(record, '$.last_touch.channel'), ` +
                                  `json_extract(record, '$.last_touch.hop') FROM orders WHERE visitor = '${st.visitor}'`);
      t.equal(JSON.stringify(orders), JSON.stringify([[SHOP, article.id, 'share', 1]]), 'the order credited to this shop with the article as campaign');
      const visits = rows(server, `SELECT type, campaign, hop FROM events WHERE visitor = '${st.visitor}' AND type IN ('visit', 'article_view') GROUP BY id ORDER BY MIN(seq)`);
      t.equal(JSON.stringify(visits), JSON.stringify([['visit', article.id, 1], ['article_view', article.id, 1]]), 'visit and view carry the campaign');
    },
  },
  {
    name: 'the brand sees what each article did: its campaign in the insight page, named by the article\'s title, with visits, orders and sales',
    async run(t) {
      const server = await t.startServer({ importActivity: demoHistory() });
      const published = await articlesOf(server.url, BRAND);
      const page = await t.page({ phone: false });
      await signInConsole(t, page, BRAND, '/insight', server.url);
      await t.waitFor(page, s => s.console.page === 'insight' && s.console.insight.status === 'ready', 'the insight page', 30000);
      // The demo's history runs visits in the articles' campaigns: each row of "By campaign" that is an
      // article says so by its title, with the campaign's visits and orders.
      const rowsSeen = {};
      await scrollUntil(t, page, s => {
        for (const i of itemsOf(s, 'campaign')) rowsSeen[i.id] = i.label;
        return published.some(a => rowsSeen[a.id]);
      }, 'an article\'s campaign in the insight page');
      const named = published.filter(a => rowsSeen[a.id]);
      for (const a of named)
        t.assert(rowsSeen[a.id].startsWith(`文章：${a.title} `) && /[\d,]+ 次访问 · [\d,]+ 次商品浏览 · [\d,]+ 笔订单 · ¥[\d,]+\.\d\d$/.test(rowsSeen[a.id]),
                 `the campaign ${a.id} named by its article, with its visits, orders and sales: ${rowsSeen[a.id]}`);
    },
  },
  {
    name: 'an article tampered with in the store is never drawn: its page says it is not available, the others still show',
    async run(t) {
      const server = await t.tamperedServer('article', `${BRAND}/spring-tea`);
      const page = await t.page({ phone: true });
      await t.open(page, `/s/${SHOP}/a/spring-tea`, server.url);
      const st = await t.waitFor(page, s => s.screen === 'article' && s.articles[BRAND] && s.articles[BRAND].status === 'ready' &&
                                             itemsOf(s, 'notice-title').some(i => i.id === 'This article is not available'),
                                 'the article page refuses it');
      t.equal(itemsOf(st, 'article-title').length, 0, 'nothing of it drawn');
      t.assert(!(st.items || []).some(i => i.label.includes('Miracle cure')), 'the forged words appear nowhere');
      t.equal(st.articles[BRAND].refused.length, 1, 'one article refused');
      t.equal(st.articles[BRAND].refused[0].code, 'unverified_article', 'as not the brand\'s');
      t.assert(!st.articles[BRAND].ids.includes('spring-tea') && st.articles[BRAND].ids.length >= 1, 'the brand\'s other articles still verified');
    },
  },
  {
    name: 'the share kit hands out each article with the shop\'s own link and the brand\'s text',
    async run(t) {
      const server = await t.startServer();
      const published = await articlesOf(server.url, BRAND);
      const page = await t.page({ phone: true });
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
      await signInEditor(t, page, SHOP, server.url);
      await t.tap(page, 'Share', 'tab');
      await t.waitFor(page, s => s.editor.page === 'share' && s.articles[BRAND] && s.articles[BRAND].status === 'ready', 'share page, articles in');
      // Down the kit: each article of the shop's brands, with its text and link.
      const texts = {};
      let st = await scrollUntil(t, page, s => {
        for (const i of itemsOf(s, 'kit-article-text')) texts[i.id] = i.label;
        return published.every(a => texts[a.id]);
      }, 'the kit lists the articles');
      for (const a of published)
        t.equal(texts[a.id], `${a.share_text || a.title}\n${server.url}/s/${SHOP}/a/${a.id}?ch=share&c=${a.id}`, 'the brand\'s text and this shop\'s article link');
      // "QR code for it": the kit's link and QR now open the article, its id the campaign.
      await t.screenshot(page, 'articles-share-kit-phone');
      await tapIn(t, page, 'QR code for it', 'button');
      const chosen = await t.waitFor(page, s => s.editor && s.editor.share && s.editor.share.article, 'an article chosen in the kit');
      t.equal(chosen.editor.links.qr, `${server.url}/s/${SHOP}/a/${chosen.editor.share.article}?ch=qr&c=${chosen.editor.share.article}`, 'QR link');
    },
  },
];
