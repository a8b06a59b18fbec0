// The brand's side: the brand console at /console/<brand>. Signing in with the brand's passphrase
// (a wrong one refused), previewing any product inside any shop that carries it exactly as a
// consumer sees it (phone and desktop side by side), a draft release that shows only in the
// preview until it is published, publishing (signed in the browser, checked by serve.py and by the
// consumer's browser), a stale publish shown as a conflict, and order status changes reaching the
// consumer's receipt. Screenshots of every console screen at phone and desktop size.
//
// Tests that write (publish, change an order) run on their own serve.py (a fresh copy of the demo).
'use strict';
const { demoHistory, saveKeyFile, reveal, tapIn, focusField, typeInto, blur, sqlRows: sql } = require('./harness');
const path = require('path');

const BRAND_PASS = brand => `demo-${brand}-2026`;

// [SECTION] Helpers ------------------------------------------------------------------------------

async function signIn(t, page, brand, passphrase, base, at = '') {
  await t.open(page, `/console/${brand}${at}`, base);
  let st = await t.waitFor(page, s => s.console.key === 'missing' || s.console.key === 'ready', 'the sign-in page');
  if (st.console.key === 'ready') return st;
  await focusField(t, page, 'Brand passphrase');
  await page.keyboard.insertText(passphrase || BRAND_PASS(brand));
  await t.tap(page, 'Sign in', 'button');
  return t.waitFor(page, s => s.console.key === 'ready' && s.console.page !== 'home', 'signed in', 30000);
}

async function shopBundle(base, slug) {
  const b = await (await fetch(`${base}/api/shops/${slug}`)).json();
  return { manifest: JSON.parse(b.manifest.payload), bundle: b };
}

async function publishedRelease(base, brand) {
  const r = await (await fetch(`${base}/api/releases/${brand}`)).json();
  return JSON.parse((r.envelope || r.release || r).payload);
}

// A consumer's product page: the title and the brand's verified mark the consumer's browser drew.
async function consumerProduct(t, page, base, shop, product) {
  await t.open(page, `/s/${shop}/p/${product}`, base);
  return t.waitFor(page, s => s.screen === 'product' && s.items.some(i => i.kind === 'product-title') &&
                             s.items.some(i => i.kind === 'badge'), 'the consumer\'s product page');
}

// Screenshots once the pictures on screen have arrived (or failed).
async function shot(t, page, name) {
  await page.waitForTimeout(400);  // pictures just drawn are requested on the next frames
  await t.waitFor(page, s => s.images.ready + s.images.failed >= s.images.fetched, 'pictures settled', 8000).catch(() => {});
  return t.screenshot(page, name);
}

const previewItem = (st, device, kind) => st.items.find(i => i.kind === `preview-${device}:${kind}`);

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

// [SECTION] Sign in ------------------------------------------------------------------------------

test('brand sign-in on a phone: a wrong passphrase is refused with the reason, the right one opens the console', async t => {
  const page = await t.page({ phone: true });
  await t.open(page, '/console/b_huaxi');
  let st = await t.waitFor(page, s => s.console.key === 'missing' && s.items.some(i => i.kind === 'page-title'), 'the sign-in page');
  t.equal(st.console.name, '花溪茶园', 'the brand, from its verified certificate');
  await t.see(page, st => st.items.some(i => i.kind === 'button' && i.label === '登录'), 'a Chinese brand signs in in Chinese');
  t.assert(!st.items.some(i => i.kind === 'tab'), 'no tabs before signing in');
  await shot(t, page, 'console-signin-phone');
  await focusField(t, page, 'Brand passphrase');
  await page.keyboard.insertText('short');
  await t.tap(page, 'Sign in', 'button');
  st = await t.waitFor(page, s => s.console.sign_in_error.includes('at least 8'), 'too short');
  await focusField(t, page, 'Brand passphrase');
  await page.keyboard.insertText('demo-b_northmoor-2026');  // another brand's passphrase
  await t.tap(page, 'Sign in', 'button');
  st = await t.waitFor(page, s => s.console.key === 'missing' && s.console.sign_in_error.includes('does not open'), 'refused', 30000);
  await t.waitFor(page, s => s.items.some(i => i.kind === 'field-error'), 'the reason under the field');
  await shot(t, page, 'console-signin-refused-phone');
  await focusField(t, page, 'Brand passphrase');
  await page.keyboard.insertText(BRAND_PASS('b_huaxi'));
  await t.tap(page, 'Sign in', 'button');
  st = await t.waitFor(page, s => s.console.key === 'ready' && s.console.page === 'preview', 'signed in', 30000);
  t.assert(st.path.startsWith('/console/b_huaxi/preview'), 'the preview opens: ' + st.path);
  t.equal(st.console.release_version, 1, 'the published catalog, verified');
  // The key stays on this device: a reload is still signed in.
  await page.reload();
  await t.waitReady(page);
  await t.waitFor(page, s => s.console.key === 'ready', 'still signed in after a reload', 20000);
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

test('the brand\'s key file saved on one device signs in on another; notes, a damaged file and another brand\'s key are refused with the reason', async t => {
  const fs = require('fs');
  const os = require('os');
  const crypto = require('crypto');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-console-key-'));
  const desk = await t.page({ desktop: true, phone: false });
  await signIn(t, desk, 'b_northmoor', null, null, '/catalog');
  const keyFile = path.join(dir, 'northmoor-key.json');
  const key = await saveKeyFile(t, desk, 'Save key file', keyFile, { x: 640, y: 400 });
  t.equal(key.type, 'dynshop-key', 'a key file');
  t.equal(key.brand, 'b_northmoor', 'it says whose key it is');
  t.equal(Buffer.from(key.seed, 'base64').length, 32, 'it holds the seed');
  // Files someone might hand the brand's staff instead.
  const files = {
    notes: ['notes.json', 'meeting notes, not a key\n', 'not a dynshop key file'],
    damaged: ['damaged.json', JSON.stringify({ ...key, public_key: crypto.randomBytes(32).toString('base64') }), 'damaged'],
    other: ['other.json', JSON.stringify({ type: 'dynshop-key', brand: 'b_huaxi', seed: crypto.randomBytes(32).toString('base64') }), 'belongs to another brand'],
  };
  const phone = await t.page({ phone: true });
  await t.open(phone, '/console/b_northmoor');
  await t.waitFor(phone, s => s.console.key === 'missing' && s.items.some(i => i.kind === 'page-title'), 'signed out on the phone');
  const pick = async file => {
    const [chooser] = await Promise.all([phone.waitForEvent('filechooser', { timeout: 10000 }),
                                         tapIn(t, phone, "Use the brand's key file instead", 'button')]);
    await chooser.setFiles(file);
  };
  for (const [name, text, reason] of Object.values(files)) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    await pick(file);
    await t.waitFor(phone, s => s.console.key === 'missing' && s.console.sign_in_error.includes(reason), `${name} refused: ${reason}`);
    if (name === 'damaged.json') await t.screenshot(phone, 'console-signin-keyfile-refused-phone');
  }
  await pick(keyFile);
  await t.waitFor(phone, s => s.console.key === 'ready' && s.console.page !== 'home', 'signed in with the key file', 20000);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('an unknown brand and an unknown console page say so', async t => {
  const page = await t.page({ phone: true });
  await t.open(page, '/console/b_nobody');
  let st = await t.waitFor(page, s => s.console.load === 'not_found' && s.items.some(i => i.kind === 'notice-title'), 'no such brand');
  t.assert(!st.items.some(i => i.kind === 'field'), 'nothing to sign in to');
  await t.open(page, '/console/b_huaxi/nowhere');
  st = await t.waitFor(page, s => s.console.page === 'not_found' && s.items.some(i => i.kind === 'notice-title'), 'no such page');
});

// [SECTION] Preview ------------------------------------------------------------------------------

test('preview: a product inside a shop, phone and desktop side by side, with the shop\'s identity and the brand\'s verified content', async t => {
  const base = t.server.url;
  const { manifest } = await shopBundle(base, 'chen-tea-corner');
  const release = await publishedRelease(base, 'b_huaxi');
  const product = release.products.find(p => manifest.products.includes(p.id) && p.id !== manifest.products[0]);
  t.assert(product, 'a product the shop carries');
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'b_huaxi', null, base, `/preview?p=${product.id}&s=chen-tea-corner`);
  let st = await t.waitFor(page, s => s.console.preview.status === 'ready' &&
                                      previewItem(s, 'phone', 'product-title') && previewItem(s, 'desktop', 'product-title'),
                           'both previews show the product', 20000);
  t.equal(st.console.preview.product, product.id, 'the product asked for');
  t.equal(st.console.preview.shop, 'chen-tea-corner', 'in the shop asked for');
  t.equal(st.console.preview.draft, false, 'the published release');
  for (const device of ['phone', 'desktop']) {
    await t.seeEqual(page, st => previewItem(st, device, 'product-title').label, product.title, `${device}: the brand's title`);
    await t.see(page, st => previewItem(st, device, 'badge').label.includes('花溪茶园'), `${device}: verified by the brand`);
    await t.seeEqual(page, st => previewItem(st, device, 'shop-name').label, manifest.identity.name, `${device}: the shop's identity`);
  }
  const phone = previewItem(st, 'phone', 'product-title'), desk = previewItem(st, 'desktop', 'product-title');
  t.assert(desk.x > phone.x + phone.w, 'side by side: desktop to the right of the phone');
  const ph = previewItem(st, 'phone', 'shop-name'), dk = previewItem(st, 'desktop', 'shop-name');
  t.assert(Math.abs(ph.y - dk.y) < 60, 'side by side: both at the top of the page');
  // The distributor's note, where the shop has one, shows apart from the brand's content.
  const note = manifest.notes && manifest.notes[product.id];
  if (note) await t.seeEqual(page, st => previewItem(st, 'phone', 'distributor-note').label, note, 'the distributor\'s note');
  await t.waitFor(page, s => s.images.ready >= 2, 'pictures');
  await shot(t, page, 'console-preview-desktop');

  // Another shop from the picker: the same product in a shop with another identity.
  const other = await shopBundle(base, 'lily-tea');
  await t.tap(page, other.manifest.identity.name, 'shop-pick');
  st = await t.waitFor(page, s => s.console.preview.shop === 'lily-tea' && s.console.preview.status === 'ready' &&
                                  previewItem(s, 'desktop', 'shop-name') &&
                                  previewItem(s, 'desktop', 'shop-name').label === other.manifest.identity.name, 'the other shop');
  t.assert(st.path.includes('s=lily-tea') && st.path.includes(`p=${product.id}`), 'the address follows: ' + st.path);
  // Another product from the picker.
  const second = release.products.find(p => p.id !== product.id && other.manifest.products.includes(p.id));
  await typeInto(t, page, 'Find a product', second.id);
  await t.tap(page, second.id, 'product-pick');
  st = await t.waitFor(page, s => previewItem(s, 'phone', 'product-title') && previewItem(s, 'phone', 'product-title').label === second.title,
                       'the other product');
  t.equal(st.console.preview.product, second.id, 'picked');
  // A shop that does not carry a product is said so, not faked.
  const notCarried = release.products.find(p => !manifest.products.includes(p.id));
  if (notCarried) {
    await t.open(page, `/console/b_huaxi/preview?p=${notCarried.id}&s=chen-tea-corner`, base);
    st = await t.waitFor(page, s => s.console.preview.status === 'ready' && s.items.some(i => i.kind === 'not-carried' || i.id === 'not-carried' ||
                                                                                           (i.kind === 'message' && i.label.includes('does not carry'))),
                         'not carried');
    t.equal(st.console.preview.carries, false, 'the shop does not carry it');
  }
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

// [SECTION] Draft, publish, conflict -------------------------------------------------------------

test('a draft shows in the preview only; the consumer keeps the published title until the brand publishes, then sees the new one verified', async t => {
  const server = await t.startServer();
  const base = server.url;
  const { manifest } = await shopBundle(base, 'ava-glow');
  const release = await publishedRelease(base, 'b_northmoor');
  const product = release.products.find(p => manifest.products.includes(p.id));
  const newTitle = product.title + ' — Limited Edition';
  const brand = await t.page({ desktop: true, phone: false });
  await signIn(t, brand, 'b_northmoor', null, base);
  await t.open(brand, `/console/b_northmoor/catalog/${product.id}`, base);
  let st = await t.waitFor(brand, s => s.console.page === 'catalog' && s.console.fields.product === product.id &&
                                       s.items.some(i => i.kind === 'field' && i.label === 'Title'), 'the release editor');
  t.equal(st.console.fields.title, product.title, 'the published title in the field');
  await typeInto(t, brand, 'Title', newTitle);
  await blur(brand);
  st = await t.waitFor(brand, s => s.console.draft.titles[product.id] === newTitle && s.console.draft.saved, 'the edit in the saved draft');
  t.equal(JSON.stringify(st.console.draft.changed), JSON.stringify([product.id]), 'one product changed');
  // A price typed wrongly is refused in words and never reaches the draft.
  await typeInto(t, brand, 'Price', '12.345');
  await blur(brand);
  st = await t.waitFor(brand, s => s.console.field_errors.price && s.items.some(i => i.kind === 'field-error'), 'bad price refused');
  await typeInto(t, brand, 'Price', (product.price / 100 + 1).toFixed(2));
  await blur(brand);
  st = await t.waitFor(brand, s => !s.console.field_errors.price, 'a good price');
  // Undo takes the price back, redo brings it again.
  await brand.keyboard.press('Control+Z');
  st = await t.waitFor(brand, s => s.console.fields.price === (product.price / 100).toFixed(2), 'undo');
  await brand.keyboard.press('Control+Y');
  st = await t.waitFor(brand, s => s.console.fields.price === (product.price / 100 + 1).toFixed(2), 'redo');
  // The live phone preview beside the form shows the draft.
  await t.waitFor(brand, s => previewItem(s, 'phone', 'product-title') && previewItem(s, 'phone', 'product-title').label === newTitle,
                  'the draft in the live preview');
  await shot(t, brand, 'console-catalog-product-desktop');

  // The draft preview inside Ava's shop, phone and desktop.
  await t.open(brand, `/console/b_northmoor/preview?p=${product.id}&s=ava-glow&draft=1`, base);
  st = await t.waitFor(brand, s => s.console.preview.showing_draft && previewItem(s, 'desktop', 'product-title') &&
                                   previewItem(s, 'desktop', 'product-title').label === newTitle &&
                                   previewItem(s, 'phone', 'product-title').label === newTitle, 'the draft in both previews', 20000);
  t.assert(st.console.draft.restored && st.console.draft.changed.length === 1, 'the draft came back from this browser after the page reloaded');
  await t.seeEqual(brand, st => previewItem(st, 'desktop', 'shop-name').label, manifest.identity.name, 'inside Ava\'s shop');
  await t.see(brand, st => st.items.some(i => i.kind === 'draft-tag'), 'the previews say they show an unpublished draft');
  await shot(t, brand, 'console-preview-draft-desktop');

  // Meanwhile a consumer in the same shop sees the published title: the draft never left the browser.
  const consumer = await t.page({ phone: true });
  let cs = await consumerProduct(t, consumer, base, 'ava-glow', product.id);
  await t.seeEqual(consumer, cs => t.findItem(cs, '', 'product-title').label, product.title, 'the consumer sees the published title');
  t.assert(!cs.items.some(i => i.label.includes('Limited Edition')), 'nothing of the draft anywhere on the consumer\'s page');
  t.equal((await publishedRelease(base, 'b_northmoor')).version, release.version, 'the store has the published version only');
  t.equal(sql(server, "SELECT COUNT(*) FROM documents WHERE kind = 'release' AND brand = 'b_northmoor'")[0][0], 1, 'no release written');

  // Publish: signed in the brand's browser, accepted by serve.py, seen by the consumer.
  await t.open(brand, '/console/b_northmoor/catalog', base);
  await tapIn(t, brand, 'Publish', 'button');
  st = await t.waitFor(brand, s => s.console.publish.last === `Published version ${release.version + 1}` && s.console.draft.changed.length === 0,
                       'published', 20000);
  t.equal(st.console.release_version, release.version + 1, 'the console shows the new version');
  const live = await publishedRelease(base, 'b_northmoor');
  t.equal(live.version, release.version + 1, 'serve.py stored the next version');
  t.equal(live.products.find(p => p.id === product.id).title, newTitle, 'with the new title');
  t.equal(live.products.find(p => p.id === product.id).price, product.price + 100, 'and the new price');
  await shot(t, brand, 'console-catalog-published-desktop');
  cs = await consumerProduct(t, consumer, base, 'ava-glow', product.id);
  await t.seeEqual(consumer, cs => t.findItem(cs, '', 'product-title').label, newTitle, 'the consumer sees the new title');
  await t.see(consumer, cs => t.findItem(cs, '', 'badge').label.includes('Northmoor Botanics'), 'verified by the brand in the consumer\'s browser');
  t.equal(cs.shop.status, 'ready', 'the shop opened (every signature checked)');
  t.equal(consumer.__errors.filter(e => !/404/.test(e)).length, 0, 'no consumer page errors: ' + consumer.__errors.join('; '));
});

test('two tabs publish over the same catalog version: the second is shown the conflict, nothing is overwritten', async t => {
  const server = await t.startServer();
  const base = server.url;
  const release = await publishedRelease(base, 'b_huaxi');
  const [p1, p2] = release.products;
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.contexts.push(ctx);
  const a = await t.page({ context: ctx, desktop: true, phone: false });
  await signIn(t, a, 'b_huaxi', null, base);
  const b = await t.page({ context: ctx, desktop: true, phone: false });
  await t.open(b, `/console/b_huaxi/catalog/${p2.id}`, base);
  await t.waitFor(b, s => s.console.key === 'ready' && s.console.fields.product === p2.id, 'the second tab is signed in (same browser)');
  // Tab A retitles p1 and publishes first.
  await t.open(a, `/console/b_huaxi/catalog/${p1.id}`, base);
  await t.waitFor(a, s => s.console.fields.product === p1.id, 'tab A edits p1');
  await typeInto(t, a, 'Title', p1.title + '（春茶）');
  await blur(a);
  await t.waitFor(a, s => s.console.draft.changed.length === 1, 'tab A has a change');
  await tapIn(t, a, 'Publish', 'button');
  await t.waitFor(a, s => s.console.release_version === release.version + 1, 'tab A published');
  // Tab B, still on the old version, retitles p2 and publishes.
  await typeInto(t, b, 'Title', p2.title + '（限量）');
  await blur(b);
  await t.waitFor(b, s => s.console.draft.changed.length === 1, 'tab B has a change');
  await tapIn(t, b, 'Publish', 'button');
  let sb = await t.waitFor(b, s => s.console.conflict.open && !s.console.conflict.loading &&
                                   s.items.some(i => i.kind === 'conflict-text'), 'the conflict is shown', 20000);
  t.equal(sb.console.conflict.their_version, release.version + 1, 'the version published meanwhile');
  t.equal(JSON.stringify(sb.console.conflict.they_changed), JSON.stringify([p1.id]), 'what they changed');
  t.equal(sb.console.conflict.both_changed.length, 0, 'nothing both changed');
  await t.see(b, sb => t.findItem(sb, 'Someone else published first', 'dialog-title'), 'the dialog title');
  let live = await publishedRelease(base, 'b_huaxi');
  t.equal(live.version, release.version + 1, 'nothing was overwritten');
  t.equal(live.products.find(p => p.id === p2.id).title, p2.title, 'tab B\'s edit is not live');
  await shot(t, b, 'console-conflict-desktop');
  // B keeps its change on top of A's version, then publishes knowingly.
  await t.tap(b, 'Keep my changes on top of it', 'button');
  sb = await t.waitFor(b, s => !s.console.conflict.open && s.console.release_version === release.version + 1 &&
                               s.console.draft.base_version === release.version + 1 && s.console.draft.changed.length === 1, 'rebased');
  await tapIn(t, b, 'Publish', 'button');
  await t.waitFor(b, s => s.console.release_version === release.version + 2 && s.console.draft.changed.length === 0, 'B published');
  live = await publishedRelease(base, 'b_huaxi');
  t.equal(live.products.find(p => p.id === p1.id).title, p1.title + '（春茶）', 'A\'s edit kept');
  t.equal(live.products.find(p => p.id === p2.id).title, p2.title + '（限量）', 'B\'s edit on top');
});

test('a picture added to a product goes into the draft and its previews; a file that is not a picture is refused', async t => {
  const { PNG } = require('pngjs');
  const fs = require('fs');
  const os = require('os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-console-'));
  const photo = path.join(dir, 'new-bottle.png');
  const png = new PNG({ width: 640, height: 640 });
  for (let y = 0; y < 640; y++) for (let x = 0; x < 640; x++) {
    const i = (y * 640 + x) * 4, d = Math.hypot(x - 320, y - 320);
    png.data[i] = d < 150 ? 150 : 235; png.data[i + 1] = d < 150 ? 80 : 225 - y / 10; png.data[i + 2] = d < 150 ? 40 : 210; png.data[i + 3] = 255;
  }
  fs.writeFileSync(photo, PNG.sync.write(png));
  const notes = path.join(dir, 'notes.png');
  fs.writeFileSync(notes, 'not a picture at all\n'.repeat(40));
  const server = await t.startServer();
  const base = server.url;
  const release = await publishedRelease(base, 'b_northmoor');
  const product = release.products[0];
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'b_northmoor', null, base, `/catalog/${product.id}`);
  await t.waitFor(page, s => s.console.fields.product === product.id && previewItem(s, 'phone', 'gallery-image'), 'the editor with its preview');
  const pick = async file => {
    await reveal(t, page, 'Add a picture', 'button', { x: 640, y: 400 });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), t.tap(page, 'Add a picture', 'button')]);
    await chooser.setFiles(file);
  };
  await pick(notes);
  let st = await t.waitFor(page, s => s.console.upload.error !== '' && s.items.some(i => i.kind === 'upload-error'), 'refused with the reason');
  t.equal(st.console.draft.changed.length, 0, 'nothing went into the draft');
  await pick(photo);
  st = await t.waitFor(page, s => !s.console.upload.busy && s.console.draft.changed.includes(product.id), 'the picture in the draft', 20000);
  const n = product.images.length + 1;
  await t.waitFor(page, s => previewItem(s, 'phone', 'gallery-image') && previewItem(s, 'phone', 'gallery-image').label === `1/${n}`,
                  `the preview's gallery has ${n} pictures`);
  await reveal(t, page, 'Add a picture', 'button', { x: 640, y: 400 });
  st = await t.waitFor(page, s => s.items.filter(i => i.kind === 'product-image').length === n, 'the form lists every picture');
  // The store has the image; nothing is published until the brand says so.
  const added = st.items.filter(i => i.kind === 'product-image').map(i => i.label).find(src => !product.images.some(im => im.src === src));
  t.assert(added && (await fetch(base + added)).ok, 'the uploaded picture is served: ' + added);
  t.equal((await publishedRelease(base, 'b_northmoor')).version, release.version, 'not published');
  fs.rmSync(dir, { recursive: true, force: true });
});

// [SECTION] Orders -------------------------------------------------------------------------------

test('orders: the brand marks a consumer\'s order paid and delivered; the receipt shows it; provenance opens from the row', async t => {
  const server = await t.startServer();
  const base = server.url;
  // A consumer orders in Ruby's shop (Northmoor Botanics).
  const consumer = await t.page({ phone: true });
  await t.open(consumer, '/s/ruby-rituals?ch=qr', base);
  const card = (await t.waitFor(consumer, s => s.items.some(i => i.kind === 'product'), 'grid')).items.find(i => i.kind === 'product');
  await t.tap(consumer, card.label, 'product');
  await t.waitFor(consumer, s => s.screen === 'product' && s.items.some(i => i.id === 'Add to cart'), 'product page');
  await t.tap(consumer, 'Add to cart', 'button');
  await t.waitFor(consumer, s => s.cart.count >= 1, 'in the cart');
  await t.tap(consumer, 'Cart', 'icon');
  await t.waitFor(consumer, s => s.screen === 'cart', 'cart');
  await t.tap(consumer, 'Checkout', 'button');
  await t.waitFor(consumer, s => s.screen === 'checkout' && s.items.some(i => i.kind === 'field'), 'checkout');
  for (const [label, text] of [['Name', 'Mia Chen'], ['Phone', '+1 555 010 4477'], ['Address', '12 Harbour Street, Portland']]) {
    const f = (await t.drawn(consumer)).items.find(i => i.kind === 'field' && (i.label === label || i.id === label));
    await consumer.touchscreen.tap(f.x + f.w / 2, f.y + f.h / 2);
    await consumer.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')));
    await consumer.keyboard.insertText(text);
  }
  await t.tap(consumer, 'Place order', 'button');
  let cs = await t.waitFor(consumer, s => s.screen === 'order' && s.orders.page === 'ready' && s.items.some(i => i.kind === 'order-status'),
                           'the receipt', 20000);
  const number = cs.orders.viewing.number;
  const receipt = new URL(consumer.url()).pathname + new URL(consumer.url()).search;
  await t.seeEqual(consumer, cs => t.findItem(cs, '', 'order-status').label, 'placed', 'placed');

  // The brand sees it in its orders, and marks it paid, then delivered.
  const brand = await t.page({ desktop: true, phone: false });
  await signIn(t, brand, 'b_northmoor', null, base, '/orders');
  let st = await t.waitFor(brand, s => s.console.page === 'orders' && s.console.orders.list.some(o => o.number === number) &&
                                       s.items.some(i => i.kind === 'order-row' && i.label === number), 'the order in the list', 20000);
  const order = st.console.orders.list.find(o => o.number === number);
  t.equal(order.shop, 'ruby-rituals', 'from Ruby\'s shop');
  t.equal(order.status, 'placed', 'placed');
  await shot(t, brand, 'console-orders-desktop');
  await t.tap(brand, `paid:${order.id}`, 'order-action');
  st = await t.waitFor(brand, s => s.console.orders.list.find(o => o.id === order.id).status === 'paid' && s.console.orders.changing === 0,
                       'marked paid');
  await t.tap(brand, `delivered:${order.id}`, 'order-action');
  st = await t.waitFor(brand, s => s.console.orders.list.find(o => o.id === order.id).status === 'delivered', 'marked delivered');
  // Stored as the brand's signed changes.
  const hist = sql(server, `SELECT status FROM order_status WHERE order_id = '${order.id}' ORDER BY seq`).map(r => r[0]);
  t.equal(JSON.stringify(hist), JSON.stringify(['placed', 'paid', 'delivered']), 'the status history in the store');
  // A refund asks first; keeping the order changes nothing.
  await t.tap(brand, `refunded:${order.id}`, 'order-action');
  st = await t.waitFor(brand, s => s.console.orders.confirm === order.id && s.items.some(i => i.kind === 'dialog-title'), 'asked first');
  await shot(t, brand, 'console-orders-refund-confirm-desktop');
  await t.tap(brand, 'Keep the order', 'button');
  st = await t.waitFor(brand, s => !s.console.orders.confirm, 'kept');
  t.equal(st.console.orders.list.find(o => o.id === order.id).status, 'delivered', 'still delivered');

  // The consumer's receipt shows the new status.
  await t.open(consumer, receipt, base);
  cs = await t.waitFor(consumer, s => s.screen === 'order' && s.orders.page === 'ready' &&
                                      (t.findItem(s, '', 'order-status') || {}).label === 'delivered', 'the receipt shows delivered', 20000);
  await shot(t, consumer, 'console-receipt-delivered-phone');
  // The same list at phone size (the same browser: the brand's key is already in it).
  const brandPhone = await t.page({ context: brand.context(), phone: false, desktop: true });
  await brandPhone.setViewportSize({ width: 390, height: 844 });
  await t.open(brandPhone, '/console/b_northmoor/orders', base);
  await t.waitFor(brandPhone, s => s.items.some(i => i.kind === 'order-row' && i.label === number) &&
                                   s.items.some(i => i.kind === 'order-status' && i.label === 'delivered'), 'the order on the phone', 20000);
  await shot(t, brandPhone, 'console-orders-phone-with-order');

  // Who earns: the provenance view, signed with the same key.
  await t.tap(brand, order.number, 'order-why');
  st = await t.waitFor(brand, s => s.screen === 'provenance' && s.path.startsWith(`/o/${order.id}/why`) &&
                                   s.orders.provenance === 'ready' && s.items.some(i => i.kind === 'payee'), 'the provenance view', 20000);
  t.assert(st.path.includes('as=b_northmoor'), 'as the brand');
  // Ruby (level 3) sold through a QR link: her chain up to Ava, the rule the policy applied, the split.
  const chain = st.items.filter(i => i.kind === 'chain-member').map(i => i.label);
  t.equal(JSON.stringify(chain), JSON.stringify(['ruby-rituals', 'june-botanics', 'ava-glow']), 'the recruiting chain up to level 1');
  await t.see(brand, st => st.items.some(i => i.kind === 'binding-rule' && i.label === 'bound'), 'the binding rule applied');
  await t.see(brand, st => st.items.some(i => i.kind === 'provenance-card' && i.label === 'Touches'), 'the touches');
  const payees = st.items.filter(i => i.kind === 'payee').map(i => i.label);
  t.assert(payees[0].startsWith('d_ruby '), 'the seller earns first: ' + payees);
  await shot(t, brand, 'console-provenance-desktop');
});

// [SECTION] Settlement ---------------------------------------------------------------------------
// A store with the demo's history (six weeks of orders, weekly payouts up to a week ago, one failed
// transfer): the balances come from the ledger the store sends, settled by the core in the browser.

const todayUtc = () => new Date().toISOString().slice(0, 10);

// The brand's key, as the console derives it (Argon2id), through the core's Python module.
function brandKey(brand) {
  const { execFileSync } = require('child_process');
  const native = path.join(require('./harness').BUILD, 'native');
  const seed = execFileSync('/usr/bin/python3', ['-c',
    'import sys, base64; sys.path.insert(0, sys.argv[1]); import dynshop_core; ' +
    'print(base64.b64encode(dynshop_core.derive_seed(sys.argv[2], sys.argv[3])).decode())', native, BRAND_PASS(brand), brand]).toString().trim();
  const crypto = require('crypto');
  const priv = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed, 'base64')]),
                                         format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  return { priv, pub };
}
async function signedGet(base, key, p) {
  const crypto = require('crypto');
  const ts = Date.now();
  const text = `GET ${p}\n${ts}\n${crypto.createHash('sha256').update('').digest('hex')}`;
  const sig = crypto.sign(null, Buffer.from(text), key.priv).toString('base64');
  return fetch(base + p, { headers: { Authorization: `Dynshop key=${key.pub}, ts=${ts}, sig=${sig}` } });
}

test('settlement: balances from the ledger; a batch as of today, shown before it is signed; its CSV the same bytes as the store\'s and the CLI\'s; lines marked paid and failed', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const base = server.url;
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'b_huaxi', null, base, '/settlement');
  let st = await t.waitFor(page, s => s.console.page === 'settlement' && s.console.settlement.status === 'ready', 'balances', 30000);
  const money = st.console.settlement;
  t.assert(money.orders > 100, 'the ledger holds the history\'s orders: ' + money.orders);
  t.equal(money.batches.length >= 3, true, 'the past weekly batches');
  t.assert(money.totals.settleable > 0 && money.totals.pending > 0 && money.totals.paid > 0, 'every bucket has money: ' + JSON.stringify(money.totals));
  // The paid bucket is what the batches' lines carry, less the transfers that failed.
  let inBatches = 0;
  for (const b of money.batches) for (const l of b.lines) if (l.status !== 'failed') inBatches += l.amount + l.clawback;
  t.equal(money.totals.paid, inBatches, 'paid = the lines of the batches (gross), failed ones left out');
  await t.see(page, s => s.items.some(i => i.kind === 'total-settleable' && i.label.includes('¥')), 'the settleable total on screen');
  await t.see(page, s => s.items.filter(i => i.kind === 'batch-row').length === money.batches.length, 'every batch listed');
  await t.see(page, s => s.items.some(i => i.kind === 'batch-row' && /失败/.test(i.label)), 'the failed transfer is said in the list');
  await shot(t, page, 'console-settlement-desktop');
  // Search and sort over the payees.
  await focusField(t, page, 'Find a distributor: name or id');
  await page.keyboard.insertText('刘晓雨');
  await t.waitFor(page, s => s.console.settlement.rows === 1, 'one payee found');
  const row = await reveal(t, page, 'd_xiaoyu', 'payee-row');
  t.assert(row.label.startsWith('刘晓雨 ¥'), 'her row, with her settleable balance: ' + row.label);
  await typeInto(t, page, 'Find a distributor: name or id', '');
  await t.waitFor(page, s => s.console.settlement.rows === s.console.settlement.payees, 'all payees again');
  await tapIn(t, page, 'Pending', 'sort');
  st = await t.waitFor(page, s => s.console.settlement.top.length >= 2 &&
                                  s.console.settlement.top[0].balance.pending >= s.console.settlement.top[1].balance.pending, 'sorted by pending');

  // Dates that cannot be cutoffs are refused with the reason.
  for (const [text, words] of [['2026-13-01', 'YYYY-MM-DD'], ['2999-01-01', 'still to come']]) {
    await typeInto(t, page, 'Cutoff date', text);
    await tapIn(t, page, 'Prepare the batch', 'button');
    await t.waitFor(page, s => s.console.settlement.cutoff_error.includes(words), `refused: ${text}`);
  }
  // Today: the core's batch, shown before signing.
  await typeInto(t, page, 'Cutoff date', todayUtc());
  await tapIn(t, page, 'Prepare the batch', 'button');
  st = await t.waitFor(page, s => s.console.settlement.proposed !== null, 'the proposed batch');
  const proposed = st.console.settlement.proposed;
  t.assert(proposed.lines > 0 && proposed.total > 0, 'someone to pay: ' + JSON.stringify(proposed));
  await t.see(page, s => s.items.filter(i => i.kind === 'proposed-line').length === Math.min(proposed.lines, 6), 'who is paid what');
  await shot(t, page, 'console-batch-proposed-desktop');
  t.equal(sql(server, 'SELECT COUNT(*) FROM payout_batches WHERE id = \'' + proposed.id + '\'')[0][0], 0, 'nothing stored before signing');
  await t.tap(page, 'Create the batch', 'button');
  st = await t.waitFor(page, s => s.path === `/console/b_huaxi/settlement/${proposed.id}` && !s.console.settlement.fetching &&
                                  s.console.settlement.batches.some(b => b.id === proposed.id), 'the new batch opens', 20000);
  const settleableAfterBatch = st.console.settlement.totals.settleable;
  t.equal(sql(server, 'SELECT total FROM payout_batches WHERE id = \'' + proposed.id + '\'')[0][0], proposed.total, 'stored as proposed');
  await t.see(page, s => s.items.filter(i => i.kind === 'batch-line').length === proposed.lines, 'its lines');

  // The CSV: the console's download, the store's, and the CLI's are the same bytes.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10000 }), t.tap(page, 'Download CSV', 'button')]);
  const fs = require('fs');
  const os = require('os');
  const csvFile = path.join(os.tmpdir(), `console-${proposed.id}.csv`);
  await download.saveAs(csvFile);
  const consoleCsv = fs.readFileSync(csvFile);
  const key = brandKey('b_huaxi');
  const storeCsv = Buffer.from(await (await signedGet(base, key, `/api/brands/b_huaxi/payouts/${proposed.id}.csv`)).arrayBuffer());
  t.assert(consoleCsv.equals(storeCsv), 'the console\'s CSV is the store\'s:\n' + consoleCsv + '\n---\n' + storeCsv);
  const cliCsv = path.join(os.tmpdir(), `cli-${proposed.id}.csv`);
  const out = JSON.parse(require('child_process').execFileSync(path.join(require('./harness').BUILD, 'native', 'dynshop'),
    ['settle', '--url', base, '--brand', 'b_huaxi', '--cutoff', todayUtc(), '--csv', cliCsv],
    { env: { ...process.env, DYNSHOP_PASSPHRASE: BRAND_PASS('b_huaxi') } }).toString());
  t.equal(out.batch, proposed.id, 'the CLI finds the same batch');
  t.equal(out.stored, false, 'and stores nothing new');
  t.assert(fs.readFileSync(cliCsv).equals(consoleCsv), 'the CLI\'s CSV is the same bytes');
  const lines = consoleCsv.toString().trim().split('\n');
  t.equal(lines.length, 1 + proposed.lines, 'a line per transfer');
  t.equal(lines.slice(1).reduce((sum, l) => sum + Number(l.split(',')[6]), 0), proposed.total, 'the lines add up to the total');

  // Mark one line paid and another failed (with the bank's reason); the failed amount is settleable again.
  const batch = st.console.settlement.batches.find(b => b.id === proposed.id);
  const [first, second] = batch.lines;
  await tapIn(t, page, 'paid:' + first.payee, 'line-action');
  await t.waitFor(page, s => s.console.settlement.batches.find(b => b.id === proposed.id).lines[0].status === 'paid', 'marked paid');
  await tapIn(t, page, 'failed:' + second.payee, 'line-action');
  await t.waitFor(page, s => s.console.settlement.confirm === second.payee, 'asks why');
  await focusField(t, page, 'What the bank said');
  await page.keyboard.insertText('账户已注销');
  await shot(t, page, 'console-line-failed-desktop');
  await t.tap(page, 'Mark failed', 'button');
  st = await t.waitFor(page, s => s.console.settlement.batches.find(b => b.id === proposed.id).lines[1].status === 'failed', 'marked failed');
  await t.see(page, s => s.items.some(i => i.kind === 'line-status' && i.id === second.payee && i.label === 'failed'), 'failed on screen');
  await shot(t, page, 'console-batch-desktop');
  const marks = sql(server, `SELECT payee, status FROM payout_marks WHERE batch = '${proposed.id}' ORDER BY seq`);
  t.equal(JSON.stringify(marks), JSON.stringify([[first.payee, 'paid'], [second.payee, 'failed']]), 'the store holds both marks');
  // Back on the balances: the failed line's amount is settleable again; the paid one is not.
  await t.tap(page, 'Back', 'icon');
  st = await t.waitFor(page, s => s.console.page === 'settlement' && s.path === '/console/b_huaxi/settlement', 'the balances');
  t.equal(st.console.settlement.totals.settleable - settleableAfterBatch, second.amount + second.clawback,
          'the failed transfer is settleable again');
  // Asking again for today: that batch, not a second one.
  await tapIn(t, page, 'Prepare the batch', 'button');
  await t.waitFor(page, s => s.path === `/console/b_huaxi/settlement/${proposed.id}`, 'the same batch again');
  t.equal(sql(server, 'SELECT COUNT(*) FROM payout_batches WHERE brand = \'b_huaxi\'')[0][0], money.batches.length + 1, 'one new batch in all');
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

test('settlement on a phone: balances, a batch, its lines (screenshots to look at); a brand with no history says what comes next', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ phone: true });
  await signIn(t, page, 'b_northmoor', null, server.url, '/settlement');
  let st = await t.waitFor(page, s => s.console.settlement.status === 'ready', 'balances', 30000);
  await t.see(page, s => s.items.some(i => i.kind === 'total-settleable' && i.label.includes('$')), 'dollars for Northmoor');
  await shot(t, page, 'console-settlement-phone');
  const newest = st.console.settlement.batches[st.console.settlement.batches.length - 1];
  await tapIn(t, page, newest.id, 'batch-row');
  await t.waitFor(page, s => s.path.endsWith('/settlement/' + newest.id) && s.items.some(i => i.kind === 'batch-line'), 'its lines');
  await shot(t, page, 'console-batch-phone');
  // A store without history: nothing to settle yet, and the page says so.
  const fresh = await t.startServer();
  const empty = await t.page({ desktop: true, phone: false });
  await signIn(t, empty, 'b_northmoor', null, fresh.url, '/settlement');
  await t.waitFor(empty, s => s.console.settlement.status === 'ready', 'balances (none)', 30000);
  await t.see(empty, s => s.items.some(i => i.kind === 'hint' && i.label.includes('Nobody has earned')), 'what comes next');
  await typeInto(t, empty, 'Cutoff date', todayUtc());
  await tapIn(t, empty, 'Prepare the batch', 'button');
  await t.waitFor(empty, s => /nothing to pay/.test(s.console.settlement.cutoff_error), 'nothing to pay, said');
});

// [SECTION] Policy -------------------------------------------------------------------------------

const examplePayee = (s, level) => s.items.filter(i => i.kind === 'example-payee')[level - 1];

test('policy: the worked example follows every keystroke, undo and redo, mistakes refused per field; published, the next order is split by it', async t => {
  const server = await t.startServer();
  const base = server.url;
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'b_huaxi', null, base, '/policy');
  let st = await t.waitFor(page, s => s.console.page === 'policy' && s.console.policy_editor.loaded &&
                                      s.items.some(i => i.kind === 'example-brand'), 'the policy and its example', 30000);
  const pe0 = st.console.policy_editor;
  t.equal(JSON.stringify(pe0.form.levels), JSON.stringify(['10', '3']), 'the signed plan, as the brand typed it');
  t.equal(pe0.dirty, false, 'nothing to publish yet');
  // The example: the deepest chain of the brand (xiaoyu-tea -> chen-tea-corner -> lily-tea).
  st = await t.see(page, s => examplePayee(s, 1) && examplePayee(s, 1).id === 'd_xiaoyu' && examplePayee(s, 2).id === 'd_chen', 'a real chain');
  const priceOf = label => Number(label.match(/¥([\d,]+\.\d\d)$/)[1].replace(/,/g, ''));
  const first = priceOf(examplePayee(st, 1).label);
  const brandKeeps = () => priceOf(st.items.find(i => i.kind === 'example-brand').label);
  const orderPrice = Math.round(first / 0.10 * 100) / 100;
  t.assert(Math.abs(first + priceOf(examplePayee(st, 2).label) + priceOf(examplePayee(st, 3).label) + brandKeeps() - orderPrice) < 0.015,
           'the parts add up to the order');
  await shot(t, page, 'console-policy-desktop');
  // Level 1 at 12%: the example follows.
  await typeInto(t, page, 'Level 1: the selling distributor', '12');
  const want12 = (Math.floor(orderPrice * 100 * 1200 / 10000) / 100).toFixed(2);
  await t.see(page, s => examplePayee(s, 1) && examplePayee(s, 1).label.endsWith('¥' + want12), `level 1 earns ¥${want12}`);
  st = await t.waitFor(page, s => s.console.policy_editor.dirty && s.console.policy_editor.can_undo, 'an unpublished change');
  await blur(page);
  await page.keyboard.press('Control+Z');
  await t.waitFor(page, s => s.console.policy_editor.form.levels[0] === '10', 'undo');
  await t.see(page, s => examplePayee(s, 1).label.endsWith('¥' + first.toFixed(2)), 'the example follows undo');
  await page.keyboard.press('Control+Y');
  await t.waitFor(page, s => s.console.policy_editor.form.levels[0] === '12', 'redo');
  // Mistakes, each under its field; nothing can be published while they stand.
  await typeInto(t, page, 'Level 2: their recruiter', '95');
  st = await t.waitFor(page, s => /more than the order is worth/.test(s.console.policy_editor.errors.levels || ''), 'over 100% refused');
  await t.see(page, s => s.items.some(i => i.kind === 'policy-status' && /需要修改/.test(i.label)), 'the status says what to do');
  await t.see(page, s => !s.items.some(i => i.kind === 'example-brand'), 'no split from a plan that breaks the rules');
  await typeInto(t, page, 'Level 2: their recruiter', 'abc');
  await t.waitFor(page, s => !!s.console.policy_editor.errors['levels.1'], 'not a number');
  await typeInto(t, page, 'Level 2: their recruiter', '3');
  await typeInto(t, page, 'Refund window after delivery (days)', '400');
  await t.waitFor(page, s => !!s.console.policy_editor.errors.freeze_days, 'refund window too long');
  await typeInto(t, page, 'Refund window after delivery (days)', '10');
  // The demo's brand already takes bank transfers (its signed account in the form); a transfer
  // needs the account, so emptying it is refused until a new one is typed.
  t.assert(st.console.policy_editor.form.bank &&
           (st.console.policy_editor.policy.payment.find(m => m.kind === 'bank') || {}).account === '6222 0212 0200 3817 465',
           'bank transfer on, with the signed account');
  await typeInto(t, page, 'Account number or IBAN', '');
  await t.waitFor(page, s => s.console.policy_editor.form.bank && !!s.console.policy_editor.errors.bank, 'the account is asked for');
  await typeInto(t, page, 'Account holder', '杭州花溪茶园有限公司');
  await typeInto(t, page, 'Account number or IBAN', '6222 0212 0200 8866 123');
  await typeInto(t, page, 'Bank', '中国工商银行杭州西湖支行');
  // Its own payment page: the address must be https.
  await tapIn(t, page, 'pay-link', 'switch');
  await typeInto(t, page, 'Payment page address', 'http://pay.huaxi.example/checkout');
  await t.waitFor(page, s => s.console.policy_editor.form.link && !!s.console.policy_editor.errors.link, 'a payment page that is not https refused');
  await typeInto(t, page, 'Payment page address', 'https://pay.huaxi.example/checkout');
  await typeInto(t, page, 'Its name on the receipt', '花溪茶园官网付款');
  st = await t.waitFor(page, s => Object.keys(s.console.policy_editor.errors).length === 0, 'no mistakes left');
  await shot(t, page, 'console-policy-edited-desktop');
  await tapIn(t, page, 'Publish policy', 'button');
  st = await t.waitFor(page, s => s.console.policy_editor.published === 'Published policy version 2' && !s.console.policy_editor.dirty, 'published', 20000);
  const brandDoc = await (await fetch(base + '/api/brands/b_huaxi')).json();
  const signedPolicy = JSON.parse(brandDoc.policy.payload);
  t.equal(signedPolicy.version, 2, 'the store has version 2');
  t.equal(JSON.stringify(signedPolicy.commission.levels), '[1200,300]', 'with the new plan');
  t.equal(signedPolicy.freeze_days, 10, 'and the refund window');
  t.equal(signedPolicy.payment.map(m => m.kind).join(','), 'cod,bank,link', 'and the ways to pay');
  t.equal(signedPolicy.payment.find(m => m.kind === 'bank').account, '6222 0212 0200 8866 123', 'the new account');
  t.equal(signedPolicy.payment.find(m => m.kind === 'link').url, 'https://pay.huaxi.example/checkout', 'the payment page');
  // The next order is split by version 2; the store records the version.
  const chen = await (await fetch(base + '/api/shops/xiaoyu-tea')).json();
  const manifest = JSON.parse(chen.manifest.payload);
  const release = JSON.parse(chen.releases.b_huaxi.payload);
  const product = release.products.find(p => !manifest.products.length || manifest.products.includes(p.id));
  const placed = await (await fetch(base + '/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: 'policy' + require('crypto').randomBytes(8).toString('hex'), shop: 'xiaoyu-tea', brand: 'b_huaxi',
                           lines: [{ product: product.id, qty: 1 }], visitor: '', touch: { channel: 'direct', campaign: '', hop: 0 },
                           payment: 'cod', contact: { name: '李雷', phone: '13900139077', address: '杭州市西湖区 3 号' } }) })).json();
  t.assert(placed.order, 'an order: ' + JSON.stringify(placed).slice(0, 200));
  const record = JSON.parse(sql(server, `SELECT record FROM orders WHERE id = '${placed.order.id}'`)[0][0]);
  t.equal(record.policy.version, 2, 'split under version 2');
  t.equal(record.split.payees[0].amount, Math.floor(product.price * 1200 / 10000), 'level 1 earns 12%');
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

test('policy: two tabs publish over the same version: the second keeps its edits on top of the new version and publishes after a look', async t => {
  const server = await t.startServer();
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.contexts.push(ctx);
  const a = await t.page({ context: ctx, desktop: true, phone: false });
  await signIn(t, a, 'b_northmoor', null, server.url, '/policy');
  await t.waitFor(a, s => s.console.policy_editor.loaded, 'tab A');
  const b = await t.page({ context: ctx, desktop: true, phone: false });
  await t.open(b, '/console/b_northmoor/policy', server.url);
  await t.waitFor(b, s => s.console.key === 'ready' && s.console.policy_editor.loaded, 'tab B (same browser, signed in)');
  await typeInto(t, a, 'Minimum payout (USD)', '25.00');
  await t.waitFor(a, s => s.console.policy_editor.dirty && Object.keys(s.console.policy_editor.errors).length === 0, 'A edited');
  await tapIn(t, a, 'Publish policy', 'button');
  await t.waitFor(a, s => s.console.policy_editor.published === 'Published policy version 2', 'A published version 2');
  await tapIn(t, b, 'last', 'binding-mode');
  await t.waitFor(b, s => s.console.policy_editor.form.mode === 'last', 'B edited');
  await tapIn(t, b, 'Publish policy', 'button');
  let st = await t.waitFor(b, s => /another device/.test(s.console.policy_editor.publish_error) && s.console.policy_editor.base_version === 2,
                           'B is told, and builds on version 2');
  await t.see(b, s => s.items.some(i => i.kind === 'policy-error'), 'said on screen');
  t.equal(st.console.policy_editor.form.mode, 'last', 'B\'s edit is kept');
  let signed = JSON.parse((await (await fetch(server.url + '/api/brands/b_northmoor')).json()).policy.payload);
  t.equal(signed.min_payout, 2500, 'A\'s version stands, nothing overwritten');
  await tapIn(t, b, 'Publish policy', 'button');
  await t.waitFor(b, s => s.console.policy_editor.published === 'Published policy version 3', 'B published version 3');
  signed = JSON.parse((await (await fetch(server.url + '/api/brands/b_northmoor')).json()).policy.payload);
  t.equal(signed.binding.mode, 'last', 'B\'s change is live');
  // B published its whole form, which still held the minimum it loaded: said before, chosen knowingly.
  t.equal(signed.version, 3, 'version 3');
});

test('policy on a phone (screenshots to look at)', async t => {
  const page = await t.page({ phone: true });
  await signIn(t, page, 'b_northmoor', null, t.server.url, '/policy');
  await t.waitFor(page, s => s.console.policy_editor.loaded && s.items.some(i => i.kind === 'example-brand'), 'policy', 30000);
  await t.see(page, s => s.items.filter(i => i.kind === 'example-payee').length === 3, 'three levels in the example');
  await shot(t, page, 'console-policy-phone');
});

// [SECTION] Screenshots --------------------------------------------------------------------------

test('every console screen at phone and desktop sizes (screenshots to look at)', async t => {
  for (const phone of [true, false]) {
    const size = phone ? 'phone' : 'desktop';
    const page = await t.page({ phone, desktop: !phone });
    await signIn(t, page, 'b_huaxi');
    await t.waitFor(page, s => s.console.preview.status === 'ready' && previewItem(s, 'phone', 'product-title'), 'preview', 20000);
    await t.waitFor(page, s => s.images.ready >= 3, 'pictures', 20000);
    await shot(t, page, `console-preview-${size}`);
    if (phone) {
      await t.tap(page, 'Shop', 'picker-row');
      await t.waitFor(page, s => s.console.picker_open === 2 && s.items.some(i => i.kind === 'shop-pick'), 'shop picker');
      await shot(t, page, 'console-shop-picker-phone');
      await t.tap(page, 'Back', 'icon');
      await t.waitFor(page, s => s.console.picker_open === 0, 'picker closed');
    }
    await t.tap(page, 'Catalog', 'tab');
    await t.waitFor(page, s => s.console.page === 'catalog' && s.items.some(i => i.kind === 'product-pick'), 'catalog');
    await shot(t, page, `console-catalog-${size}`);
    const first = (await t.drawn(page)).items.find(i => i.kind === 'product-pick');
    await t.tap(page, first.id, 'product-pick');
    await t.waitFor(page, s => s.console.fields.product === first.id && s.items.some(i => i.kind === 'field'), 'product form');
    await shot(t, page, `console-catalog-product-${size}`);
    await t.tap(page, 'Orders', 'tab');
    await t.waitFor(page, s => s.console.page === 'orders' && s.console.orders.status === 'ready', 'orders');
    await shot(t, page, `console-orders-${size}`);
    t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
  }
});
