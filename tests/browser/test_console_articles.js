// The brand console's article editor (issue 15): a brand writes an article (heading, paragraph,
// product card, share material), sees the core's problem for markup typed into the title with
// Publish refused, fixes it, finds its draft again after a reload, previews it inside a shop at
// phone size, publishes (signed in the browser, checked and stored by serve.py), and withdraws it;
// a stale write from another device is shown as such and their version can be loaded.
// Screenshots of the editor at 1280x800 and 390x844, and of the phone-size preview.
//
// Every test writes, so each runs on its own serve.py (a fresh copy of the demo).
'use strict';
const { reveal, tapIn, focusField, typeInto, blur, signInConsole } = require('./harness');
const fs = require('fs');
const os = require('os');
const path = require('path');

const BRAND = 'b_northmoor';

// [SECTION] Helpers ------------------------------------------------------------------------------

const signIn = (t, page, base, at, brand = BRAND) => signInConsole(t, page, brand, at, base);

async function storedArticles(base, brand = BRAND) {
  const r = await fetch(`${base}/api/brands/${brand}/articles`);
  if (!r.ok) throw new Error(`GET articles: HTTP ${r.status}`);
  const doc = await r.json();
  return doc.articles.map(env => ({ env, payload: JSON.parse(env.payload) }));
}

async function shot(t, page, name) {
  await page.waitForTimeout(400);
  await t.waitFor(page, s => s.images.ready + s.images.failed >= s.images.fetched, 'pictures settled', 8000).catch(() => {});
  return t.screenshot(page, name);
}

const form = st => st.console.articles.form.article;
const problems = (st, field) => st.console.articles.problems.filter(p => !field || p.field === field);
const preview = (st, device, kind) => st.items.find(i => i.kind === `preview-${device}:${kind}`);

// Writes the test's article into the open draft: title, summary, a paragraph, a heading moved above
// it, a product card, a share material.
async function writeArticle(t, page, product) {
  await typeInto(t, page, 'Title', 'Morning ritual: three steps');
  await typeInto(t, page, 'Summary', 'How our botanists start the day, in three minutes.');
  await typeInto(t, page, 'Write a paragraph', 'Cleanse, tone, protect: the oils do the rest while you make coffee.');
  await blur(page);
  await tapIn(t, page, 'Add Heading', 'button');
  await t.waitFor(page, s => form(s).blocks.length === 2 && form(s).blocks[1].kind === 'h', 'a heading at the end');
  await typeInto(t, page, 'A heading', 'Why mornings matter');
  await blur(page);
  await tapIn(t, page, 'Move up 2', 'icon');
  await t.waitFor(page, s => form(s).blocks[0].kind === 'h' && form(s).blocks[1].kind === 'p', 'the heading moved above the paragraph');
  await tapIn(t, page, 'Add Product card', 'button');
  await t.waitFor(page, s => s.console.articles.picking === 'blocks.2', 'the product picker opens under the new card');
  await typeInto(t, page, 'Find a product', product.id);
  await tapIn(t, page, product.id, 'product-pick');
  await t.waitFor(page, s => form(s).blocks[2] && form(s).blocks[2].product === product.id && s.console.articles.picking === '',
                  'the card names the product');
  await tapIn(t, page, '+ Add a share material', 'button');
  await t.waitFor(page, s => (form(s).materials || []).length === 1, 'a material');
  await typeInto(t, page, 'A text distributors can post as it is', 'My three-minute morning, with Northmoor oils.');
  await blur(page);
}

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

// [SECTION] Write, check, preview, publish -----------------------------------------------------------

test('a brand writes an article, is refused markup in the title, previews it in a shop at phone size, publishes; the store holds it', async t => {
  const server = await t.startServer();
  const base = server.url;
  const release = JSON.parse((await (await fetch(`${base}/api/releases/${BRAND}`)).json()).payload);
  const product = release.products[1];
  const before = await storedArticles(base);
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, base, '/articles');
  let st = await t.waitFor(page, s => s.console.page === 'articles' && s.console.articles.status === 'ready' && s.console.articles.drafts_in,
                           'the Articles tab', 20000);
  t.equal(st.console.articles.rows.length, before.length, 'the list holds what the store holds');
  if (!before.length) {
    await t.see(page, s => t.findItem(s, 'No articles yet', 'empty-title'), 'the empty state says there are none');
    await t.see(page, s => t.findItem(s, 'Write the first article', 'button'), 'and what to do');
    await shot(t, page, 'articles-empty-desktop');
  }
  await t.tap(page, 'New article', 'button');
  st = await t.waitFor(page, s => s.console.articles.open.startsWith('new-') && s.items.some(i => i.kind === 'field' && i.label === 'Title'),
                       'a new article in the editor');
  t.assert(st.path.startsWith(`/console/${BRAND}/articles/new-`), 'its own address: ' + st.path);

  // Markup in the title: the core's sentence under the field, and Publish refused with the reason.
  await typeInto(t, page, 'Title', '<b>Morning</b> ritual');
  await blur(page);
  st = await t.waitFor(page, s => problems(s, 'title').some(p => p.message.includes('markup')) &&
                                  s.items.some(i => i.kind === 'field-error' && i.label.includes('markup')) &&
                                  s.items.some(i => i.kind === 'publish-blocked'), 'the markup problem under the title');
  await tapIn(t, page, 'Publish', 'button');
  await page.waitForTimeout(300);
  st = await t.drawn(page);
  t.equal(st.console.articles.publishing, false, 'Publish does nothing while there are problems');
  t.equal((await storedArticles(base)).length, before.length, 'nothing reached the store');

  await writeArticle(t, page, product);
  st = await t.waitFor(page, s => problems(s).length === 0 && !s.items.some(i => i.kind === 'publish-blocked'), 'no problem left');
  t.equal(form(st).id, 'morning-ritual-three-steps', 'the address follows the title');
  t.equal(form(st).title, 'Morning ritual: three steps', 'the title as typed');
  t.equal(JSON.stringify(form(st).blocks.map(b => b.kind)), JSON.stringify(['h', 'p', 'product']), 'heading, paragraph, product card');
  // Undo takes the material's text back, redo brings it again.
  await page.keyboard.press('Control+Z');
  await t.waitFor(page, s => form(s).materials[0].text === '', 'undo');
  await page.keyboard.press('Control+Y');
  await t.waitFor(page, s => form(s).materials[0].text.startsWith('My three-minute'), 'redo');
  // The live phone preview beside the form draws the draft inside a shop.
  await t.waitFor(page, s => preview(s, 'phone', 'article-title') && preview(s, 'phone', 'article-title').label === 'Morning ritual: three steps',
                  'the draft in the live preview', 20000);
  await reveal(t, page, 'All articles', 'button');
  await shot(t, page, 'articles-editor-desktop');

  // The draft survives a reload.
  const key = st.console.articles.open;
  await t.waitFor(page, s => s.console.articles.saved, 'the draft saved on this device');
  await page.reload();
  await t.waitReady(page);
  st = await t.waitFor(page, s => s.console.articles.open === key && form(s).title === 'Morning ritual: three steps', 'the draft is back', 20000);
  t.equal(form(st).blocks.length, 3, 'with its three parts');
  t.equal(form(st).materials[0].text, 'My three-minute morning, with Northmoor oils.', 'and its material');

  // At phone size: the editor, then the preview inside a shop.
  await page.setViewportSize({ width: 390, height: 844 });
  await t.waitFor(page, s => s.items.some(i => i.kind === 'tab' && i.id === 'Articles' && i.y > 700), 'the phone layout (tabs at the bottom)');
  await reveal(t, page, 'All articles', 'button');
  await shot(t, page, 'articles-editor-phone');
  await reveal(t, page, 'Product card', 'article-block');
  await shot(t, page, 'articles-editor-body-phone');
  await tapIn(t, page, 'See it inside a shop, phone and desktop', 'button');
  st = await t.waitFor(page, s => s.path.includes('/preview') && s.console.preview.status === 'ready' &&
                                  preview(s, 'phone', 'article-title') && preview(s, 'desktop', 'article-title'),
                       'the article inside a shop, phone and desktop', 20000);
  for (const device of ['phone', 'desktop']) {
    await t.seeEqual(page, s => preview(s, device, 'article-title').label, 'Morning ritual: three steps', `${device}: the title`);
    await t.seeEqual(page, s => preview(s, device, 'article-heading').label, 'Why mornings matter', `${device}: the heading`);
    await t.see(page, s => preview(s, device, 'shop-name'), `${device}: inside the shop's own page`);
  }
  await t.seeEqual(page, s => preview(s, 'phone', 'article-product').label, product.title, 'the product card, from the catalog');
  await t.see(page, s => s.items.some(i => i.kind === 'draft-tag'), 'the previews say it is an unpublished draft');
  await shot(t, page, 'articles-preview-phone');
  const shop = st.console.preview.shop;

  // Publish: signed here, checked and stored by serve.py.
  await tapIn(t, page, 'Back to the article', 'button');
  await t.waitFor(page, s => !s.path.includes('/preview') && s.items.some(i => i.kind === 'field'), 'the editor');
  await tapIn(t, page, 'Publish', 'button');
  st = await t.waitFor(page, s => s.console.articles.published_note === 'Published version 1' && !s.console.articles.changed,
                       'published', 20000);
  t.equal(st.console.articles.open, 'morning-ritual-three-steps', 'the draft became the article');
  t.assert(st.path.endsWith('/articles/morning-ritual-three-steps'), 'its address follows: ' + st.path);
  t.assert(st.console.articles.link.endsWith(`/s/${shop}/a/morning-ritual-three-steps`), 'the link in the previewed shop: ' + st.console.articles.link);
  await t.see(page, s => s.items.some(i => i.kind === 'article-link'), 'the link on screen');
  await shot(t, page, 'articles-published-phone');
  const stored = await storedArticles(base);
  t.equal(stored.length, before.length + 1, 'the store holds one more article');
  const a = stored.find(x => x.payload.id === 'morning-ritual-three-steps');
  t.assert(a, 'the store holds it');
  t.equal(a.payload.type, 'article', 'an article');
  t.equal(a.payload.brand, BRAND, 'of the brand');
  t.equal(a.payload.version, 1, 'version 1');
  t.equal(a.payload.title, 'Morning ritual: three steps', 'its title');
  t.equal(JSON.stringify(a.payload.blocks.map(b => b.kind)), JSON.stringify(['h', 'p', 'product']), 'its parts');
  t.equal(a.payload.blocks[2].product, product.id, 'the product card');
  t.equal(a.payload.materials[0].text, 'My three-minute morning, with Northmoor oils.', 'the share material');
  const cert = JSON.parse((await (await fetch(`${base}/api/brands/${BRAND}`)).json()).brand.payload);
  t.equal(a.env.key, cert.key, 'signed by the brand\'s key');
  st = await t.waitFor(page, s => s.console.articles.rows.some(r => r.id === 'morning-ritual-three-steps' && r.status === 'published' && r.version === 1),
                       'the list says published v1');

  // Withdraw, after saying yes.
  await page.setViewportSize({ width: 1280, height: 800 });
  await tapIn(t, page, 'Withdraw from every shop', 'button');
  await t.waitFor(page, s => s.console.articles.confirm_withdraw && t.findItem(s, 'Withdraw this article?', 'dialog-title'), 'asked first');
  await t.tap(page, 'Keep it published', 'button');
  await t.waitFor(page, s => !s.console.articles.confirm_withdraw, 'kept');
  t.equal((await storedArticles(base)).find(x => x.payload.id === a.payload.id).payload.version, 1, 'nothing written');
  await tapIn(t, page, 'Withdraw from every shop', 'button');
  await t.tap(page, 'Withdraw it', 'button');
  st = await t.waitFor(page, s => s.console.articles.published_note === 'Withdrawn with version 2', 'withdrawn', 20000);
  const gone = (await storedArticles(base)).find(x => x.payload.id === a.payload.id).payload;
  t.equal(gone.version, 2, 'the next version');
  t.equal(gone.retired, true, 'retired');
  await t.waitFor(page, s => s.console.articles.rows.some(r => r.id === a.payload.id && r.status === 'withdrawn'), 'the list says withdrawn');
  await shot(t, page, 'articles-withdrawn-desktop');
  await tapIn(t, page, 'All articles', 'button');
  await t.see(page, s => t.findItem(s, 'morning-ritual-three-steps', 'article-row'), 'the list, with the withdrawn article');
  await shot(t, page, 'articles-list-desktop');
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

// [SECTION] Someone else published meanwhile --------------------------------------------------------

test('two devices edit the same article: the second to publish is told, nothing is overwritten, their version loads', async t => {
  const server = await t.startServer();
  const base = server.url;
  const release = JSON.parse((await (await fetch(`${base}/api/releases/${BRAND}`)).json()).payload);
  const devices = [];
  for (let k = 0; k < 2; k++) {
    const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
    t.contexts.push(ctx);
    devices.push(await t.page({ context: ctx, desktop: true, phone: false }));
  }
  const [a, b] = devices;
  // Device A publishes version 1.
  await signIn(t, a, base, '/articles');
  await t.waitFor(a, s => s.console.articles.status === 'ready' && s.console.articles.drafts_in, 'the list');
  await t.tap(a, 'New article', 'button');
  await t.waitFor(a, s => s.console.articles.open.startsWith('new-'), 'a new article');
  await writeArticle(t, a, release.products[0]);
  await t.waitFor(a, s => problems(s).length === 0, 'ready to publish');
  await tapIn(t, a, 'Publish', 'button');
  await t.waitFor(a, s => s.console.articles.published_note === 'Published version 1', 'A published v1', 20000);
  // Both open it; A publishes version 2 first.
  await signIn(t, b, base, '/articles/morning-ritual-three-steps');
  await t.waitFor(b, s => s.console.articles.open === 'morning-ritual-three-steps' && form(s).title === 'Morning ritual: three steps', 'B has v1');
  await typeInto(t, a, 'Summary', 'Three minutes, every morning.');
  await blur(a);
  await tapIn(t, a, 'Publish', 'button');
  await t.waitFor(a, s => s.console.articles.published_note === 'Published version 2', 'A published v2', 20000);
  // B, still on version 1, changes the title and publishes.
  await typeInto(t, b, 'Title', 'Morning ritual, revised');
  await blur(b);
  await tapIn(t, b, 'Publish', 'button');
  let sb = await t.waitFor(b, s => s.console.articles.conflict.open && !s.console.articles.conflict.loading &&
                                   t.findItem(s, 'Someone else published first', 'dialog-title'), 'B is told', 20000);
  t.equal(sb.console.articles.conflict.their_version, 2, 'the version published meanwhile');
  let live = (await storedArticles(base)).find(x => x.payload.id === 'morning-ritual-three-steps').payload;
  t.equal(live.version, 2, 'nothing overwritten');
  t.equal(live.title, 'Morning ritual: three steps', 'B\'s title is not live');
  await shot(t, b, 'articles-conflict-desktop');
  await t.tap(b, 'Load their version (my draft is dropped)', 'button');
  sb = await t.waitFor(b, s => !s.console.articles.conflict.open && form(s).summary === 'Three minutes, every morning.' &&
                               s.console.articles.form.base_version === 2 && !s.console.articles.changed, 'their version loaded');
  t.equal(form(sb).title, 'Morning ritual: three steps', 'their title');
});

// [SECTION] Chinese, pictures ----------------------------------------------------------------------

async function newHuaxiArticle(t, base, phone) {
  const page = await t.page(phone ? { phone: true } : { desktop: true, phone: false });
  await signIn(t, page, base, '/articles', 'b_huaxi');
  await t.waitFor(page, s => s.console.articles.status === 'ready' && s.console.articles.drafts_in, 'the list');
  await tapIn(t, page, 'New article', 'button');
  await t.waitFor(page, s => s.console.articles.open.startsWith('new-'), 'a new article');
  return page;
}

test('a Chinese brand writes in Chinese: a title without a-z or 0-9 suggests "article"; an address typed stays when the title changes', async t => {
  const page = await newHuaxiArticle(t, t.server.url, true);
  await t.see(page, s => s.items.some(i => i.kind === 'tab' && i.id === 'Articles' && i.label === '文章'), 'a Chinese console');
  // Words of the demo's catalog: their glyphs are in the font subset already (new ones would rebuild it).
  await typeInto(t, page, 'Title', '明前龙井');
  await blur(page);
  let st = await t.waitFor(page, s => form(s).title === '明前龙井', 'the Chinese title');
  t.equal(form(st).id, 'article', 'the suggestion (the brand can type another)');
  await typeInto(t, page, 'Article address', 'spring-longjing');
  await blur(page);
  await t.waitFor(page, s => form(s).id === 'spring-longjing', 'the address as typed');
  await typeInto(t, page, 'Title', '明前西湖龙井');
  await blur(page);
  st = await t.waitFor(page, s => form(s).title === '明前西湖龙井', 'the title again');
  t.equal(form(st).id, 'spring-longjing', 'a typed address no longer follows the title');
  await reveal(t, page, 'All articles', 'button');
  await shot(t, page, 'articles-editor-zh-phone');
  await typeInto(t, page, 'Article address', 'Spring Longjing!');
  await blur(page);
  await t.see(page, s => problems(s, 'id').length === 1 && s.items.some(i => i.kind === 'field-error' && i.id === 'Article address'),
              'an address that cannot be in a link is a problem under its field');
});

test('a cover and a picture uploaded into the article (a file that is not a picture refused), previewed, published with them', async t => {
  const { PNG } = require('pngjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-articles-'));
  const photo = path.join(dir, 'tea-garden.png');
  const png = new PNG({ width: 1600, height: 900 });
  for (let y = 0; y < 900; y++) for (let x = 0; x < 1600; x++) {
    const i = (y * 1600 + x) * 4, hill = y > 520 + 80 * Math.sin(x / 180);
    png.data[i] = hill ? 70 : 200; png.data[i + 1] = hill ? 130 - y / 20 : 225; png.data[i + 2] = hill ? 60 : 235; png.data[i + 3] = 255;
  }
  fs.writeFileSync(photo, PNG.sync.write(png));
  const notes = path.join(dir, 'notes.png');
  fs.writeFileSync(notes, 'not a picture at all\n'.repeat(40));
  const server = await t.startServer();
  const base = server.url;
  const page = await newHuaxiArticle(t, base, false);
  await typeInto(t, page, 'Title', '明前龙井');
  await typeInto(t, page, 'Write a paragraph', 'Picked before Qingming: one bud, one leaf.');
  await blur(page);
  const pick = async (label, file) => {
    await reveal(t, page, label, 'button');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), t.tap(page, label, 'button')]);
    await chooser.setFiles(file);
  };
  await pick('Add a cover picture', notes);
  let st = await t.waitFor(page, s => s.console.articles.upload.error !== '' && s.items.some(i => i.kind === 'upload-error'), 'refused with the reason');
  t.equal(form(st).cover, undefined, 'no cover');
  await pick('Add a cover picture', photo);
  st = await t.waitFor(page, s => !s.console.articles.upload.busy && form(s).cover && s.items.some(i => i.kind === 'article-image'),
                       'the cover in the draft', 20000);
  t.assert(form(st).cover.w <= 1200 && form(st).cover.h > 0, 'scaled to the store\'s size: ' + JSON.stringify(form(st).cover));
  t.assert((await fetch(base + form(st).cover.src)).ok, 'the store serves it');
  await tapIn(t, page, 'Add Picture', 'button');
  await t.waitFor(page, s => form(s).blocks.length === 2 && form(s).blocks[1].kind === 'img', 'a picture part');
  await t.see(page, s => problems(s, 'blocks.1').length === 1, 'a picture part without its picture is a problem');
  await pick('Add the picture', photo);
  st = await t.waitFor(page, s => !s.console.articles.upload.busy && form(s).blocks[1].image && problems(s).length === 0, 'the picture in its part', 20000);
  await reveal(t, page, 'All articles', 'button');
  await shot(t, page, 'articles-editor-zh-desktop');
  await tapIn(t, page, 'See it inside a shop, phone and desktop', 'button');
  await t.waitFor(page, s => preview(s, 'phone', 'article-cover') && preview(s, 'phone', 'article-title') &&
                             preview(s, 'phone', 'article-title').label === '明前龙井', 'the cover in the preview', 20000);
  await shot(t, page, 'articles-preview-zh-desktop');
  await tapIn(t, page, 'Back to the article', 'button');
  await tapIn(t, page, 'Publish', 'button');
  await t.waitFor(page, s => s.console.articles.published_note === 'Published version 1', 'published', 20000);
  const a = (await storedArticles(base, 'b_huaxi')).find(x => x.payload.id === 'article').payload;
  t.equal(a.cover.sha256, form(st).cover.sha256, 'the store holds it with its cover');
  t.equal(a.blocks[1].image.sha256, form(st).blocks[1].image.sha256, 'and its picture');
  fs.rmSync(dir, { recursive: true, force: true });
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});
