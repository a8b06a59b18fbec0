// The distributor's side: an invite to a live shop, sign-in on another device (passphrase, key
// file), the editor with its live preview, publishing with conflicts shown, the share kit (a QR
// code a real decoder reads back), recruiting, and the dashboard seeing a consumer's visit.
//
// Each test runs on its own serve.py (a fresh copy of the demo): these tests change shops.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');
const { PNG } = require('pngjs');
const jsQR = require('jsqr');
const { reveal, tapIn, saveKeyFile, focusField, typeInto, blur, downloadPoster, sqlRows: rowsOf } = require('./harness');

// [SECTION] Fixtures: images a person might pick -------------------------------------------------

const FIXTURES = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-editor-'));

function crc32(buf) {
  let c, crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

const fixtures = {
  // A real photo-like PNG: a warm gradient with a dark disc, 900 x 600.
  photo() {
    const file = path.join(FIXTURES, 'portrait.png');
    if (fs.existsSync(file)) return file;
    const png = new PNG({ width: 900, height: 600 });
    for (let y = 0; y < 600; y++) for (let x = 0; x < 900; x++) {
      const i = (y * 900 + x) * 4, d = Math.hypot(x - 450, y - 300);
      png.data[i] = d < 180 ? 60 : 240 - y / 6; png.data[i + 1] = d < 180 ? 90 : 180 - x / 10;
      png.data[i + 2] = d < 180 ? 70 : 120; png.data[i + 3] = 255;
    }
    fs.writeFileSync(file, PNG.sync.write(png));
    return file;
  },
  notAnImage() {
    const file = path.join(FIXTURES, 'shopping-list.png');
    fs.writeFileSync(file, 'milk\neggs\ntea\n'.repeat(50));
    return file;
  },
  fiftyMegabytes() {
    const file = path.join(FIXTURES, 'huge-photo.jpg');
    if (!fs.existsSync(file)) {
      const buf = Buffer.alloc(50 * 1024 * 1024, 0x5a);
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(buf);  // starts like a JPEG
      fs.writeFileSync(file, buf);
    }
    return file;
  },
  // A valid PNG of 20,000 x 20,000 pixels (1-bit grey, so it is small on disk).
  twentyThousand() {
    const file = path.join(FIXTURES, 'giant.png');
    if (fs.existsSync(file)) return file;
    const side = 20000, row = 1 + side / 8;
    const raw = Buffer.alloc(row * side, 0);
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(side, 0); ihdr.writeUInt32BE(side, 4); ihdr[8] = 1; ihdr[9] = 0;
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
                                          chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
    return file;
  },
};

// [SECTION] Helpers ------------------------------------------------------------------------------

const DEMO_PASS = slug => `demo-${slug}-2026`;

async function signIn(t, page, slug, passphrase, base) {
  await t.open(page, `/d/${slug}`, base);
  await t.waitFor(page, s => s.editor.key === 'missing' || s.editor.key === 'ready', 'sign-in page');
  await focusField(t, page, 'Passphrase');
  await page.keyboard.insertText(passphrase);
  await t.tap(page, 'Sign in', 'button');
  return t.waitFor(page, s => s.editor.key === 'ready' && s.editor.page === 'edit', 'signed in', 30000);
}

async function pickFile(t, page, label, file) {
  await reveal(t, page, label, 'button');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), t.tap(page, label, 'button')]);
  await chooser.setFiles(file);
}

// Ed25519 with Node's crypto from a raw 32-byte seed (what a dynshop key file holds).
function keyFromSeed(seedB64) {
  const seed = Buffer.from(seedB64, 'base64');
  const priv = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
                                         format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32);
  return { priv, pub: pub.toString('base64') };
}
function signEnvelope(payloadText, key) {
  return { payload: payloadText, key: key.pub, sig: crypto.sign(null, Buffer.from(payloadText, 'utf8'), key.priv).toString('base64') };
}

async function readKeySeed(page, slug) {
  return page.evaluate(s => new Promise((res, rej) => {
    const r = indexedDB.open('dynshop', 1);
    r.onsuccess = () => {
      const g = r.result.transaction('kv', 'readonly').objectStore('kv').get('key:' + s);
      g.onsuccess = () => res(g.result); g.onerror = rej;
    };
    r.onerror = rej;
  }), slug);
}

// Decodes the QR code drawn at an item's rectangle from a screenshot, with a real QR decoder.
// The canvas is drawn by a worker a moment after the app's frame (on a busy machine, a few frames
// later): a picture that does not hold `expected` is taken again, for up to 3 s, before it counts.
async function decodeQr(page, item, expected) {
  const pad = 12;
  const clip = { x: Math.max(0, item.x - pad), y: Math.max(0, item.y - pad), width: item.w + 2 * pad, height: item.h + 2 * pad };
  for (let start = Date.now(); ;) {
    const png = PNG.sync.read(await page.screenshot({ clip }));
    const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
    const text = code ? code.data : null;
    if (text === expected || Date.now() - start > 3000) return text;
    await page.waitForTimeout(150);
  }
}

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

// [SECTION] The whole path, in steps ------------------------------------------------------------
// One serve.py and Mei's browser (her key in its IndexedDB) carry through the steps below, in
// order. A step that fails does not take the later ones down with it: they go on with what there
// is (Mei's live shop), or set it up again the short way, so each reports its own cause.

const path_ = { failures: [] };  // server, meiCtx, mei, live, noteProduct, failures
function pathFailures() {
  return path_.failures.length ? path_.failures.map(f => `${f.step} failed: ${f.message}`).join('; ') : 'no earlier step failed';
}
async function pathServer(t) {
  if (!path_.server) {
    path_.server = await t.startServer();
    t.extraServers.pop();  // kept for the next steps; the last step stops it
  }
  return path_.server;
}
// Mei's editor, signed in to her live shop. When the first step did not get that far, it is set
// up again without that step's checks, and a failure to do so names both causes.
async function meiPage(t) {
  if (!(path_.mei && path_.live && !path_.mei.isClosed())) {
    try {
      if (path_.meiCtx) await path_.meiCtx.close().catch(() => {});
      path_.mei = path_.meiCtx = null;
      await joinAsMei(t, await pathServer(t), false);
    } catch (e) {
      throw new Error(`needs Mei's live shop (${pathFailures()}), and setting it up again failed: ${e.message}`);
    }
  }
  return t.track(path_.mei, false);
}
async function endPath() {
  path_.mei = null;
  path_.live = false;
  if (path_.meiCtx) await path_.meiCtx.close().catch(() => {});
  if (path_.server) await path_.server.stop().catch(() => {});
  path_.meiCtx = path_.server = null;
}
require('./harness').atExit(endPath);  // when the last step is filtered out or times out
const pathStep = (name, run, last) => test(name, async t => {
  try {
    await run(t);
  } catch (e) {
    path_.failures.push({ step: name.split(':')[0], message: String(e && e.message || e).slice(0, 300) });
    throw e;
  } finally {
    if (last) await endPath();
  }
});

// From Ava's invite to Mei's live shop. `check` asserts along the way (path 1); without it, this
// is the short way the later steps set her shop up again when path 1 failed.
async function joinAsMei(t, server, check) {
  const base = server.url;
  // Ava (level 1 with Northmoor Botanics) makes an invite link for a sub-distributor.
  const ava = await t.page({ desktop: true, phone: false });
  await ava.goto(base + '/d/ava-glow');
  await t.waitReady(ava);
  await t.waitFor(ava, s => s.editor.key === 'missing', 'sign-in page');
  await focusField(t, ava, 'Passphrase');
  await ava.keyboard.insertText(DEMO_PASS('ava-glow'));
  await t.tap(ava, 'Sign in', 'button');
  await t.waitFor(ava, s => s.editor.key === 'ready', 'Ava signed in', 30000);
  await t.tap(ava, 'Team', 'tab');
  await t.waitFor(ava, s => s.editor.page === 'team' && s.editor.team.status === 'ready', 'team page');
  await t.tap(ava, 'Make an invite link for Northmoor Botanics', 'button');
  let st = await t.waitFor(ava, s => s.editor.team.invite_link.includes('/d/join?invite='), 'invite link');
  const invite = st.editor.team.invite_link.replace(/^https?:\/\/[^/]+/, '');

  // Someone opens it on their laptop: the invite names who sent it.
  const t0 = Date.now();
  path_.meiCtx = await t.browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const mei = path_.mei = t.track(await path_.meiCtx.newPage(), false);
  await mei.goto(base + invite);
  await t.waitReady(mei);
  st = await t.waitFor(mei, s => s.editor.join.status === 'ready', 'invite verified');
  if (check) {
    t.equal(st.editor.join.inviter, "Ava's Glow Edit", 'who invites');
    // Losing the passphrase is explained before the shop exists.
    await t.see(mei, s => s.items.some(i => i.kind === 'hint' && i.label.includes('Nobody can reset it') && i.label.includes('lose your key file')),
                'what losing the passphrase means, up front');
    await t.screenshot(mei, 'editor-join-desktop');
  }
  await focusField(t, mei, 'Shop name');
  await mei.keyboard.insertText("Mei's Skin Corner");
  st = await t.waitFor(mei, s => s.editor.join.slug === 'meis-skin-corner', 'the address follows the name');
  if (check) {
    // Addresses that cannot be used are refused with the reason, as they are typed.
    for (const [slug, words] of [['ava-glow', 'Another shop already uses this address.'], ['admin', 'reserved for the platform'],
                                 ['Mei Shop!', 'lowercase letters'], ['ab', 'at least 3 characters']]) {
      await typeInto(t, mei, 'Shop address', slug);
      st = await t.waitFor(mei, s => s.editor.join.slug_message.includes(words), `refusal for "${slug}"`);
    }
  }
  await typeInto(t, mei, 'Shop address', 'mei-skin');
  await t.waitFor(mei, s => s.editor.join.slug_message === 'This address is free.', 'a free address');
  await focusField(t, mei, 'Passphrase');
  await mei.keyboard.insertText('mei likes green tea');
  await focusField(t, mei, 'Passphrase again');
  await mei.keyboard.insertText('mei likes green tea');
  await tapIn(t, mei, 'Open my shop', 'button');
  st = await t.waitFor(mei, s => s.editor.page === 'edit' && s.editor.key === 'ready' && s.editor.slug === 'mei-skin', 'shop live', 30000);
  path_.live = true;
  return { st, ms: Date.now() - t0 };
}

pathStep('path 1: from an invite to a live shop, with the shop address checked while typing', async t => {
  const server = await pathServer(t);
  const { st, ms } = await joinAsMei(t, server, true);
  console.log(`        figure: invite opened -> shop live in ${ms} ms (includes typing and Argon2id)`);
  t.equal(st.editor.level, 2, 'enrolled under Ava at level 2');
  t.equal(st.editor.published_version, 1, 'first version published');
  // The store has it, and a consumer could open it now.
  const live = await (await fetch(server.url + '/api/shops/mei-skin')).json();
  t.assert(JSON.parse(live.manifest.payload).identity.name === "Mei's Skin Corner", 'the live manifest');
});

pathStep('path 2: customise with the live preview: greeting, theme, layout, featured order by drag, undo/redo, a note', async t => {
  const mei = await meiPage(t);
  let st;
  await typeInto(t, mei, 'Greeting', 'Hi, I am Mei. I test every serum myself before I recommend it.');
  await blur(mei);
  st = await t.waitFor(mei, s => s.editor.draft.greeting.startsWith('Hi, I am Mei') && s.editor.dirty, 'greeting in the draft');
  // The live preview shows the draft greeting at phone and desktop sizes.
  await t.waitFor(mei, s => s.items.some(i => i.kind === 'preview-phone:greeting' && i.label.startsWith('Hi, I am Mei')) &&
                            s.items.some(i => i.kind === 'preview-desktop:greeting'), 'preview shows the greeting');
  await tapIn(t, mei, 'Ink', 'theme');
  await tapIn(t, mei, 'List', 'chip');
  st = await t.waitFor(mei, s => s.editor.draft.primary === '#1F2937' && s.editor.draft.layout === 'list', 'theme and layout');
  // A main colour of her own on top of Ink's colours; the preview's shop takes it.
  await tapIn(t, mei, '#2563EB', 'main-colour');
  st = await t.waitFor(mei, s => s.editor.draft.primary === '#2563EB' && s.editor.draft.layout === 'list', 'her own main colour');
  // Feature three products.
  await reveal(t, mei, 'Find a product', 'field');
  await mei.mouse.wheel(0, 200);
  await mei.waitForTimeout(100);
  st = await t.drawn(mei);
  const stars = st.items.filter(i => i.kind === 'feature').slice(0, 3);
  t.equal(stars.length, 3, 'products to feature');
  for (const s of stars) {
    await tapIn(t, mei, s.label, 'feature');
    await mei.waitForTimeout(60);
  }
  st = await t.waitFor(mei, s => s.editor.draft.featured.length === 3, 'three featured');
  const order0 = st.editor.draft.featured.slice();
  // Drag the third one to the top.
  st = await t.waitFor(mei, s => s.items.filter(i => i.kind === 'featured-row').length === 3, 'featured rows');
  const rows = st.items.filter(i => i.kind === 'featured-row').sort((a, b) => a.y - b.y);
  await mei.mouse.move(rows[2].x + 40, rows[2].y + rows[2].h / 2);
  await mei.mouse.down();
  for (let k = 1; k <= 10; k++) {
    await mei.mouse.move(rows[2].x + 40, rows[2].y + rows[2].h / 2 - (rows[2].y - rows[0].y) * k / 10);
    await mei.waitForTimeout(20);
  }
  await mei.mouse.up();
  st = await t.waitFor(mei, s => s.editor.draft.featured[0] === order0[2], 'dragged to the top');
  t.equal(JSON.stringify(st.editor.draft.featured), JSON.stringify([order0[2], order0[0], order0[1]]), 'the new order');
  // Undo puts the order back, redo applies it again (Ctrl+Z / Ctrl+Y).
  await mei.keyboard.press('Control+Z');
  st = await t.waitFor(mei, s => s.editor.draft.featured[0] === order0[0], 'undo');
  await mei.keyboard.press('Control+Y');
  st = await t.waitFor(mei, s => s.editor.draft.featured[0] === order0[2], 'redo');
  // A personal note on the first featured product: the brand's content stays locked.
  const noteProduct = st.editor.draft.featured[0];
  const row = st.items.find(i => i.kind === 'product-row' && i.id === noteProduct);
  await tapIn(t, mei, row.label, 'product-row');
  st = await t.waitFor(mei, s => s.items.some(i => i.kind === 'locked' && i.label.includes('Northmoor Botanics')), 'the locked brand content');
  await focusField(t, mei, 'Your note on this product');
  await mei.keyboard.insertText('My night routine staple.');
  await blur(mei);
  st = await t.waitFor(mei, s => s.editor.draft.notes[noteProduct] === 'My night routine staple.', 'note in the draft');
  // The preview opened that product: the note shows apart from the brand's content.
  await t.waitFor(mei, s => s.items.some(i => i.kind === 'preview-desktop:distributor-note' && i.label === 'My night routine staple.'),
                  'note in the desktop preview');
  path_.noteProduct = noteProduct;
  st = await t.waitFor(mei, s => s.items.some(i => i.kind === 'locked'), 'the product form');
  t.assert(!st.items.some(i => i.kind === 'field' && /title|price|description/i.test(i.label)), 'no field edits brand content');
});

pathStep('path 3: pictures: not an image, 50 MB and 20,000 x 20,000 refused with reasons; a real one framed and uploaded', async t => {
  const mei = await meiPage(t);
  let st;
  for (const [file, words] of [[fixtures.notAnImage(), 'not a PNG or JPEG'], [fixtures.fiftyMegabytes(), '50.0 MB'],
                               [fixtures.twentyThousand(), '20000 x 20000 pixels']]) {
    await pickFile(t, mei, 'Change picture', file);
    st = await t.waitFor(mei, s => s.editor.upload.error.includes(words) && s.items.some(i => i.kind === 'upload-error' && i.label.includes(words)),
                         `refused, with the reason on screen: ${path.basename(file)}`, 20000);
    t.equal(st.editor.upload.open, false, 'nothing to frame');
  }
  await t.screenshot(mei, 'editor-upload-refused-desktop');
  await pickFile(t, mei, 'Change picture', fixtures.photo());
  st = await t.waitFor(mei, s => s.editor.upload.open && s.editor.upload.w === 900 && s.items.some(i => i.kind === 'crop-frame'),
                       'the framing dialog');
  await t.screenshot(mei, 'editor-crop-desktop');
  const frame = st.items.find(i => i.kind === 'crop-frame');
  await mei.mouse.move(frame.x + frame.w / 2, frame.y + frame.h / 2);
  await mei.mouse.down();
  await mei.mouse.move(frame.x + frame.w / 2 + 60, frame.y + frame.h / 2, { steps: 5 });
  await mei.mouse.up();
  await tapIn(t, mei, 'Use this picture', 'button');
  st = await t.waitFor(mei, s => s.editor.draft.avatar.startsWith('/img/') && !s.editor.upload.open, 'avatar uploaded', 20000);
  await t.waitFor(mei, s => s.images.failed === 0, 'no image failed');
  // The banner: framed in a 3:1 frame, then uploaded the same way.
  const bannerBefore = st.editor.draft.banner;
  await pickFile(t, mei, 'Change banner', fixtures.photo());
  st = await t.waitFor(mei, s => s.editor.upload.open && s.items.some(i => i.kind === 'dialog-title' && i.id === 'Frame your banner'),
                       'the banner framing dialog');
  const bframe = st.items.find(i => i.kind === 'crop-frame');
  t.assert(Math.abs(bframe.w / bframe.h - 3) < 0.1, `a 3:1 frame (${bframe.w} x ${bframe.h})`);
  await tapIn(t, mei, 'Use this picture', 'button');
  st = await t.waitFor(mei, s => s.editor.draft.banner.startsWith('/img/') && s.editor.draft.banner !== bannerBefore && !s.editor.upload.open,
                       'banner uploaded', 20000);
  t.assert(st.editor.draft.banner !== st.editor.draft.avatar, 'the banner is its own picture');
  await t.waitFor(mei, s => s.images.failed === 0, 'no image failed');
  await t.screenshot(mei, 'editor-edit-desktop');

});

pathStep('path 4: publish; a consumer opens the shop and sees the changes; the visit shows in the dashboard', async t => {
  const mei = await meiPage(t);
  const base = path_.server.url;
  // The note and the featured order come from path 2; without them this step still publishes and
  // checks what it can, then says what it could not check and why.
  const noteProduct = path_.noteProduct;
  let st;
  await tapIn(t, mei, 'Publish', 'button');
  st = await t.waitFor(mei, s => s.editor.last_published === 'Published version 2' && !s.editor.dirty, 'published');
  const draft = st.editor.draft;

  // A consumer scans the QR poster on a phone: the shop shows the changes.
  const consumer = await t.page({ phone: true });
  await consumer.goto(base + '/s/mei-skin?ch=qr&c=launch');
  await t.waitReady(consumer);
  let cs = await t.waitFor(consumer, s => s.screen === 'shop' && s.items.some(i => i.kind === 'greeting'), 'the shop');
  await t.seeEqual(consumer, cs => t.findItem(cs, '', 'greeting').label, draft.greeting, 'the greeting');
  t.equal(cs.shop.name, "Mei's Skin Corner", 'the name');
  await t.waitFor(consumer, s => s.images.ready >= 2, 'pictures');
  await t.screenshot(consumer, 'editor-published-shop-phone');
  // The first featured product leads the shop: open it.
  const first = cs.items.filter(i => i.kind === 'product').sort((a, b) => a.y - b.y || a.x - b.x)[0];
  await t.tap(consumer, first.label, 'product');
  if (noteProduct) {
    cs = await t.waitFor(consumer, s => s.route.product === noteProduct && s.items.some(i => i.kind === 'distributor-note'),
                         'the first featured product, with the note');
    await t.seeEqual(consumer, cs => t.findItem(cs, '', 'distributor-note').label, 'My night routine staple.', 'the note');
  } else {
    cs = await t.waitFor(consumer, s => s.screen === 'product', 'the first product');
  }
  await t.see(consumer, s => s.items.some(i => i.kind === 'badge' && i.label.includes('Northmoor')), 'the brand content still verified');
  await t.waitFor(consumer, s => s.orders.outbox === 0 && s.orders.events_sent >= 2, 'the visit and product view sent', 15000);

  // Mei's dashboard sees the visit, by channel and campaign.
  await t.tap(mei, 'Dashboard', 'tab');
  st = await t.waitFor(mei, s => s.editor.page === 'dash' && s.editor.dash.status === 'ready' && s.editor.dash.visits >= 1, 'the visit in the dashboard', 20000);
  t.assert(st.editor.dash.channels.some(c => c.channel === 'qr' && c.campaign === 'launch' && c.visits >= 1),
           'counted under qr / launch: ' + JSON.stringify(st.editor.dash.channels));
  t.assert(st.editor.dash.funnel[0] >= 1 && st.editor.dash.funnel[1] >= 1, 'visit and product view in the funnel');
  await t.screenshot(mei, 'editor-dash-desktop');
  t.equal(mei.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + mei.__errors.join('; '));
  if (!noteProduct) throw new Error(`the featured product's note could not be checked: path 2 made none (${pathFailures()})`);
}, true);

// [SECTION] Signing in on another device ---------------------------------------------------------

test('sign in on a new phone: the shop found by its address, a wrong passphrase refused, the right one opens the editor; an unpublished draft survives a reload', async t => {
  const page = await t.page({ phone: true });
  // A new phone knows no shop: /d asks for the address (or any link into the shop).
  await t.open(page, '/d');
  let st = await t.waitFor(page, s => s.editor.page === 'find' && s.items.some(i => i.kind === 'page-title' && i.id === 'Sign in to your shop'), 'find page');
  await focusField(t, page, "Your shop's address");
  await page.keyboard.insertText('丽丽茶铺');
  await t.tap(page, 'Continue', 'button');
  st = await t.waitFor(page, s => s.items.some(i => i.kind === 'field-error' && i.label.includes('not a shop address')), 'not an address, and why');
  await t.screenshot(page, 'editor-find-phone');
  await focusField(t, page, "Your shop's address");
  for (let i = 0; i < 6; i++) await page.keyboard.press('Backspace');
  await page.keyboard.insertText(t.server.url + '/s/lily-tea?ch=qr');
  await t.tap(page, 'Continue', 'button');
  st = await t.waitFor(page, s => s.editor.key === 'missing' && s.path === '/d/lily-tea' && s.items.some(i => i.kind === 'page-title'), 'sign-in page');
  await t.see(page, st => st.items.some(i => i.kind === 'button' && i.label === '登录'), 'a Chinese brand signs in in Chinese');
  await t.see(page, st => st.items.some(i => i.kind === 'hint' && i.label.includes('没有人能重置它')), 'losing the passphrase is explained');
  await t.screenshot(page, 'editor-signin-phone');
  await focusField(t, page, 'Passphrase');
  await page.keyboard.insertText('not-my-passphrase');
  await t.tap(page, 'Sign in', 'button');
  st = await t.waitFor(page, s => s.editor.key === 'missing' && s.editor.sign_in_error.includes('does not open this shop'), 'refused', 30000);
  await t.waitFor(page, s => s.items.some(i => i.kind === 'field-error'), 'the reason under the field');
  await focusField(t, page, 'Passphrase');
  await page.keyboard.insertText(DEMO_PASS('lily-tea'));
  await t.tap(page, 'Sign in', 'button');
  st = await t.waitFor(page, s => s.editor.key === 'ready' && s.editor.page === 'edit', 'signed in', 30000);
  t.equal(st.path, '/d/lily-tea/edit', 'the editor opens');
  t.equal(st.editor.distributor, 'd_lily', 'as Lily');
  // Autosave: an edit survives a reload, unpublished.
  await typeInto(t, page, 'Contact', 'WeChat: lily_tea_new');
  await blur(page);
  await t.waitFor(page, s => s.editor.draft.contact === 'WeChat: lily_tea_new' && s.editor.draft_saved, 'draft saved');
  await page.reload();
  await t.waitReady(page);
  st = await t.waitFor(page, s => s.editor.key === 'ready' && s.editor.restored_draft, 'the draft came back', 20000);
  t.equal(st.editor.draft.contact, 'WeChat: lily_tea_new', 'the edit is kept');
  await t.waitFor(page, s => s.items.some(i => i.kind === 'restored'), 'and it says so');
});

test('a key file saved on one device signs in on another; a key file of another shop is refused', async t => {
  const page = await t.page({ desktop: true, phone: false });
  let st = await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'));
  // Save a key file.
  const keyFile = path.join(FIXTURES, 'lily-key.json');
  const key = await saveKeyFile(t, page, '保存密钥文件', keyFile);
  t.equal(key.type, 'dynshop-key', 'a key file');
  t.equal(key.slug, 'lily-tea', 'for this shop');
  t.equal(keyFromSeed(key.seed).pub, key.public_key, 'the seed makes the public key it names');

  // Another device restores it; a key file of another shop is refused.
  const other = await t.page({ phone: true });
  await t.open(other, '/d/lily-tea');
  await t.waitFor(other, s => s.editor.key === 'missing', 'signed out on the other device');
  const wrongFile = path.join(FIXTURES, 'other-key.json');
  fs.writeFileSync(wrongFile, JSON.stringify({ type: 'dynshop-key', slug: 'xiaoyu-tea', seed: crypto.randomBytes(32).toString('base64') }));
  await pickFile(t, other, 'Use my key file instead', wrongFile);
  await t.waitFor(other, s => s.editor.sign_in_error.includes('belongs to another shop'), 'another shop\'s key refused');
  await pickFile(t, other, 'Use my key file instead', keyFile);
  st = await t.waitFor(other, s => s.editor.key === 'ready' && s.editor.page === 'edit', 'restored from the key file');
  t.equal(await readKeySeed(other, 'lily-tea'), key.seed, 'the key is kept in this browser');
});

// [SECTION] Reordering on a phone -----------------------------------------------------------------

test('on a phone, holding a featured product and dragging it reorders; a quick swipe over the rows scrolls instead', async t => {
  // A 390 x 844 touch phone at 1x: the app trusts a long press only while frames come steadily
  // (under 100 ms apart: after a stall, a swipe's moves may still be on their way). SwiftShader on
  // this shared machine draws the editor at 3x about every 100 ms, so the test draws fewer pixels,
  // and holds again (as a person would) when a stall voided the hold.
  const ctx = await t.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
  t.contexts.push(ctx);
  const page = await t.page({ context: ctx, phone: true });
  let st = await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'));
  const order0 = st.editor.draft.featured.slice();
  t.assert(order0.length >= 3, 'Lily features at least three products: ' + order0);
  await reveal(t, page, order0[0], 'featured-row');
  st = await t.drawn(page);
  let rows = st.items.filter(i => i.kind === 'featured-row').sort((a, b) => a.y - b.y);
  if (rows[2].y + rows[2].h > 760) {  // all three on screen, above the tab bar
    await page.mouse.move(195, 400);
    await page.mouse.wheel(0, rows[2].y + rows[2].h - 700);
    await page.waitForTimeout(200);
    st = await t.drawn(page);
    rows = st.items.filter(i => i.kind === 'featured-row').sort((a, b) => a.y - b.y);
  }
  t.assert(rows.length >= 3 && rows[0].y > 60, 'the featured rows are on screen');
  const cdp = await page.context().newCDPSession(page);
  const x = rows[2].x + 60, y0 = rows[2].y + rows[2].h / 2, y1 = rows[0].y + rows[0].h / 2 - 10;
  // Hold still until the app takes it as a press, then drag up to the first place and let go.
  let held = false;
  for (let attempt = 0; attempt < 6 && !held; attempt++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: y0 }] });
    for (let i = 0; i < 30 && !held; i++) {
      await page.waitForTimeout(100);
      held = (await t.state(page)).touch.startsWith('long_press');
    }
    if (!held) {  // a stall voided this hold: let go (a tap on the row does nothing) and hold again
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await page.waitForTimeout(400);
    }
  }
  t.assert(held, 'the hold became a press');
  for (let k = 1; k <= 12; k++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y0 + (y1 - y0) * k / 12 }] });
    await page.waitForTimeout(40);
  }
  await page.waitForTimeout(100);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  st = await t.waitFor(page, s => s.editor.draft.featured[0] === order0[2], 'dragged to the top');
  t.equal(JSON.stringify(st.editor.draft.featured.slice(0, 3)), JSON.stringify([order0[2], order0[0], order0[1]]), 'the new order');
  // A quick swipe starting on a row scrolls the page and leaves the order alone.
  const before = (await t.drawn(page)).items.find(i => i.kind === 'featured-row' && i.id === order0[1]);
  await cdp.send('Input.synthesizeScrollGesture', { x, y: before.y + before.h / 2, yDistance: -200, speed: 1200, gestureSourceType: 'touch' });
  await page.waitForTimeout(400);
  st = await t.drawn(page);
  t.equal(JSON.stringify(st.editor.draft.featured.slice(0, 3)), JSON.stringify([order0[2], order0[0], order0[1]]), 'the order is unchanged');
  const after = st.items.find(i => i.kind === 'featured-row' && i.id === order0[1]);
  t.assert(!after || after.y < before.y - 50, 'the page scrolled');
  await cdp.detach();
});

// [SECTION] Typing key by key ---------------------------------------------------------------------

for (const phone of [false, true]) {
  test(`typing key by key on a keyboard keeps the spaces between words (${phone ? 'phone' : 'desktop'})`, async t => {
    const page = await t.page({ phone, desktop: !phone });
    await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'));
    await focusField(t, page, 'Contact');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('WeChat lily tea 88', { delay: 30 });
    await blur(page);
    const st = await t.waitFor(page, s => s.editor.draft.contact.startsWith('WeChat'), 'the typed contact in the draft');
    t.equal(st.editor.draft.contact, 'WeChat lily tea 88', 'every key, spaces too');
  });
}

// [SECTION] Conflicts --------------------------------------------------------------------------

test('two tabs publish over the same version: one wins, the other is shown what changed and chooses', async t => {
  const server = await t.startServer();
  const ctx = await t.browser.newContext({ viewport: { width: 1280, height: 800 } });
  t.contexts.push(ctx);
  const a = await t.page({ context: ctx, desktop: true, phone: false });
  await signIn(t, a, 'ava-glow', DEMO_PASS('ava-glow'), server.url);
  const b = await t.page({ context: ctx, desktop: true, phone: false });
  await t.open(b, '/d/ava-glow/edit', server.url);
  let sb = await t.waitFor(b, s => s.editor.key === 'ready', 'the second tab is signed in (same browser)');
  const v = sb.editor.published_version;
  // Tab A changes the greeting and publishes first.
  await typeInto(t, a, 'Greeting', 'New season, new favourites.');
  await blur(a);
  await tapIn(t, a, 'Publish', 'button');
  await t.waitFor(a, s => s.editor.last_published === `Published version ${v + 1}`, 'tab A published');
  // Tab B, still on version v, changes the name and publishes.
  await typeInto(t, b, 'Shop name', "Ava's Glow Studio");
  await blur(b);
  await tapIn(t, b, 'Publish', 'button');
  sb = await t.waitFor(b, s => s.editor.conflict.open && !s.editor.conflict.loading &&
                               s.items.some(i => i.kind === 'conflict-text' && i.label.includes('differs')), 'the conflict is shown');
  t.equal(sb.editor.conflict.their_version, v + 1, 'the version published meanwhile');
  t.equal(JSON.stringify(sb.editor.conflict.fields), JSON.stringify(['name', 'greeting']), 'what differs');
  await t.see(b, sb => t.findItem(sb, 'Shop name, Greeting', 'conflict-text'), 'said on screen: ' + JSON.stringify(sb.items.filter(i => i.kind === 'conflict-text')));
  await t.see(b, sb => t.findItem(sb, 'Your shop was changed on another device', 'dialog-title'), 'the dialog title');
  let live = JSON.parse((await (await fetch(server.url + '/api/shops/ava-glow')).json()).manifest.payload);
  t.equal(live.identity.greeting, 'New season, new favourites.', 'nothing was overwritten');
  await t.screenshot(b, 'editor-conflict-desktop');
  // B takes the published version: the draft shows A's greeting and B's name is one undo away.
  await t.tap(b, 'Use the published version (undo brings mine back)', 'button');
  sb = await t.waitFor(b, s => !s.editor.conflict.open && s.editor.draft.greeting === 'New season, new favourites.', 'took theirs');
  t.equal(sb.editor.draft.name, "Ava's Glow Edit", 'their name');
  await b.keyboard.press('Control+Z');
  sb = await t.waitFor(b, s => s.editor.draft.name === "Ava's Glow Studio", 'undo brings the draft back');
  // Publishing now builds on the version it saw: A's greeting is overwritten only by choice, so
  // publish a draft with both A's greeting... B's draft still has the old greeting: a second
  // round, published over A's again, shows the conflict once more and B keeps theirs.
  await typeInto(t, a, 'Contact', 'Instagram: @avaglow');
  await blur(a);
  await tapIn(t, a, 'Publish', 'button');
  await t.waitFor(a, s => s.editor.last_published === `Published version ${v + 2}`, 'tab A published again');
  await tapIn(t, b, 'Publish', 'button');
  sb = await t.waitFor(b, s => s.editor.conflict.open && !s.editor.conflict.loading &&
                               s.items.some(i => i.kind === 'conflict-text' && i.label.includes('differs')), 'the second conflict');
  await t.tap(b, 'Publish mine on top of it', 'button');
  sb = await t.waitFor(b, s => s.editor.last_published === `Published version ${v + 3}` && !s.editor.dirty, 'B kept theirs, knowingly');
  live = JSON.parse((await (await fetch(server.url + '/api/shops/ava-glow')).json()).manifest.payload);
  t.equal(live.version, v + 3, 'the version after both');
  t.equal(live.identity.name, "Ava's Glow Studio", "B's name is live");
});

// [SECTION] Hand-edited manifests ----------------------------------------------------------------

test('a manifest edited by hand to carry product content is refused by serve.py and, if it gets in, by the app', async t => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-planted-'));
  let server = await t.startServer({ data });
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'xiaoyu-tea', DEMO_PASS('xiaoyu-tea'), server.url);
  const key = keyFromSeed(await readKeySeed(page, 'xiaoyu-tea'));
  const bundle = await (await fetch(server.url + '/api/shops/xiaoyu-tea')).json();
  const current = JSON.parse(bundle.manifest.payload);
  // The distributor's own key signs it: only the content rule can refuse it.
  const forged = Object.assign({}, current, { version: current.version + 1,
    products: [{ id: 'p_hx_001', title: '特价龙井', price: 1, description: 'Half price today!' }] });
  const withTitle = Object.assign({}, current, { version: current.version + 1, title: 'Cheaper tea', price: 100 });
  for (const m of [forged, withTitle]) {
    const r = await fetch(server.url + '/api/documents', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ envelope: signEnvelope(JSON.stringify(m), key), replaces: current.version }) });
    const doc = await r.json();
    t.equal(r.status, 422, 'refused by serve.py');
    t.equal(doc.error.code, 'manifest_has_content', 'because it carries product content');
  }
  // Behind serve.py's back (a compromised store), the signed but hand-edited manifest goes in.
  await page.context().close();
  t.contexts = t.contexts.filter(c => c !== page.context());
  t.extraServers = t.extraServers.filter(s => s !== server);
  await server.stop();
  const envText = JSON.stringify(signEnvelope(JSON.stringify(forged), key));
  require('child_process').execFileSync('/usr/bin/python3', ['-c', `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/dynshop.sqlite3")
env = sys.argv[2]
dist = db.execute("SELECT distributor FROM distributors WHERE slug = ?", ("xiaoyu-tea",)).fetchone()[0]
with db:
    cur = db.execute("INSERT INTO documents (kind, brand, subject, version, signer, payload_sha256, envelope, stored_ms) "
                     "SELECT kind, brand, subject, version + 1, signer, 'x', ?, stored_ms FROM documents WHERE seq = "
                     "(SELECT seq FROM heads WHERE kind = 'manifest' AND subject = ?)", (env, dist))
    db.execute("UPDATE heads SET seq = ?, version = version + 1 WHERE kind = 'manifest' AND subject = ?", (cur.lastrowid, dist))
    db.execute("UPDATE shops SET seq = ? WHERE distributor = ?", (cur.lastrowid, dist))
`, data, envText]);
  server = await t.startServer({ data });
  const consumer = await t.page({ phone: true });
  t.equal((await fetch(server.url + '/s/xiaoyu-tea')).status, 200, 'the page still serves (the app decides)');
  await t.open(consumer, '/s/xiaoyu-tea', server.url);
  const cs = await t.waitFor(consumer, s => s.shop.status === 'refused', 'the consumer\'s shop refused');
  t.equal(cs.shop.error.code, 'manifest_has_content', 'for carrying product content');
  t.assert(!cs.items.some(i => i.label.includes('特价龙井')), 'the forged title is never drawn');
  const editor = await t.page({ phone: true });
  await t.open(editor, '/d/xiaoyu-tea', server.url);
  const es = await t.waitFor(editor, s => s.editor.load === 'refused' && s.items.some(i => i.kind === 'notice-text'), 'the editor refuses it too');
  t.equal(es.editor.load_error.code, 'manifest_has_content', 'same reason in the editor');
  // Said in the Chinese brand's language, as everything else in Xiaoyu's editor.
  await t.seeEqual(editor, es => t.findItem(es, '', 'notice-title').label, '你的店铺未通过验证', 'a Chinese title');
  await t.see(editor, es => t.findItem(es, '', 'notice-text').label.includes('商品内容'), 'and a Chinese reason');
  await t.screenshot(editor, 'editor-refused-manifest-phone');
  fs.rmSync(data, { recursive: true, force: true });
});

// [SECTION] Share kit ----------------------------------------------------------------------------

// The canvas is drawn by a worker (web/render.js): frames must not pile up behind it. With nothing
// holding them back, the editor's desktop page (two live previews drawn into textures) piled 20
// frames up behind the worker, and the screen showed the Edit tab seconds after the app had moved to
// Share. What the app sends while the worker draws waits on the page and goes as one batch, of which
// only the last frame is drawn on the canvas.
test('frames never pile up behind the graphics: the editor scrolled on a desktop catches up at once, and shows the tab it is on', async t => {
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'ava-glow', DEMO_PASS('ava-glow'));
  const start = await page.evaluate(() => window.dynshopGraphics.sent);
  await page.mouse.move(640, 500);
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, i < 15 ? 120 : -120);
    await page.waitForTimeout(30);
  }
  const frames = await page.evaluate(() => window.dynshopGraphics.sent) - start;
  t.assert(frames >= 10, 'the page drew while it scrolled: ' + frames + ' frames');
  // Once the scrolling stops, the screen is the app's last frame within a second or two (it was
  // 20 frames of the editor behind).
  await page.waitForFunction(() => !window.dynshopGraphics.pending(), null, { timeout: 5000 }).catch(() => {});
  t.equal(await page.evaluate(() => window.dynshopGraphics.pending()), false, 'the canvas has drawn the last frame');
  await t.tap(page, 'Share', 'tab');
  const st = await t.waitFor(page, s => s.editor.page === 'share' && s.items.some(i => i.kind === 'qr'), 'share page');
  const qr = st.items.find(i => i.kind === 'qr');
  t.equal(await decodeQr(page, qr, st.editor.links.qr), st.editor.links.qr, 'the screen shows the Share tab\'s QR code');
});

test('share kit: a link per channel and campaign, a QR code a real decoder reads back, a poster PNG carrying it', async t => {
  const page = await t.page({ desktop: true, phone: false });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await signIn(t, page, 'ava-glow', DEMO_PASS('ava-glow'));
  await t.tap(page, 'Share', 'tab');
  let st = await t.waitFor(page, s => s.editor.page === 'share' && s.items.some(i => i.kind === 'qr'), 'share page');
  // The QR code drawn in the app decodes, with jsQR from a screenshot, to exactly the QR link.
  let qr = st.items.find(i => i.kind === 'qr');
  t.equal(await decodeQr(page, qr, st.editor.links.qr), st.editor.links.qr, 'the QR code holds the shop link');
  t.assert(/\/s\/ava-glow\?ch=qr$/.test(st.editor.links.qr), 'a QR link: ' + st.editor.links.qr);
  // A campaign: refused while it cannot go into a link, then part of every channel's link.
  await focusField(t, page, 'Campaign (optional)');
  await page.keyboard.insertText('may post');
  st = await t.waitFor(page, s => s.items.some(i => i.label.includes('use letters, digits')), 'a campaign with a space is refused');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.insertText('may-post');
  await blur(page);
  st = await t.waitFor(page, s => s.editor.links.qr.endsWith('?ch=qr&c=may-post') &&
                                 s.items.some(i => i.kind === 'qr' && i.label.endsWith('c=may-post')), 'campaign in the QR link');
  qr = st.items.find(i => i.kind === 'qr');
  t.equal(await decodeQr(page, qr, st.editor.links.qr), st.editor.links.qr, 'the new QR code reads back with the campaign');
  await t.tap(page, 'Chat share', 'chip');
  st = await t.waitFor(page, s => s.items.some(i => i.kind === 'share-link' && i.label.endsWith('?ch=share&c=may-post')), 'the chat link');
  await t.tap(page, 'Copy link', 'button');
  await t.waitFor(page, s => s.items.some(i => i.kind === 'toast' && i.label === 'Link copied'), 'copied');
  t.equal(await page.evaluate(() => navigator.clipboard.readText()), st.editor.links.share, 'the clipboard holds the link');
  await t.screenshot(page, 'editor-share-desktop');
  // The poster: a 1080 x 1920 PNG whose QR code reads back to the QR link.
  const poster = await downloadPoster(t, page, 'editor-poster');
  t.equal(poster.name, 'ava-glow-poster.png', 'file name');
  t.equal(poster.size, '1080x1920', 'poster size');
  t.assert(poster.qr, 'a QR code is found on the poster');
  t.equal(poster.qr, st.editor.links.qr, 'the poster\'s QR code holds the QR link');
});

// [SECTION] Recruiting ---------------------------------------------------------------------------

test('recruiting: invites only as deep as the brand allows; the team shows as a tree with sales', async t => {
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'));
  await t.tap(page, 'Team', 'tab');
  let st = await t.waitFor(page, s => s.editor.team.status === 'ready' && s.items.some(i => i.kind === 'team-member'), 'the team');
  // Lily (level 1) recruited Chen and A-Mei (level 2); Chen recruited Xiaoyu (level 3).
  const rows = st.items.filter(i => i.kind === 'team-member').sort((a, b) => a.y - b.y);
  const slugs = rows.map(r => r.id);
  t.assert(slugs.includes('chen-tea-corner') && slugs.includes('ahmei-tea') && slugs.includes('xiaoyu-tea'), 'the downline: ' + slugs);
  const at = slug => rows.find(r => r.id === slug);
  t.assert(at('xiaoyu-tea').x > at('chen-tea-corner').x, 'Xiaoyu is drawn under Chen (a tree)');
  t.assert(at('xiaoyu-tea').y > at('chen-tea-corner').y, 'after Chen');
  await t.screenshot(page, 'editor-team-desktop');
  // Xiaoyu is at the brand's last level: no invite for Huaxi.
  const page2 = await t.page({ desktop: true, phone: false });
  await signIn(t, page2, 'xiaoyu-tea', DEMO_PASS('xiaoyu-tea'));
  await t.tap(page2, '团队', 'tab');
  st = await t.waitFor(page2, s => s.editor.page === 'team' && s.items.some(i => i.label.includes('层级已到上限')), 'no invite at the last level');
  t.assert(!st.items.some(i => i.kind === 'button' && i.label.includes('邀请链接')), 'no invite button');
});

// [SECTION] Dashboard with orders ----------------------------------------------------------------

test('dashboard: a distributor sees their own rates and the rules of each brand, as its latest signed policy says', async t => {
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'ava-glow', DEMO_PASS('ava-glow'));
  await t.tap(page, 'Dashboard', 'tab');
  await t.waitFor(page, s => s.editor.page === 'dash', 'dashboard');
  const policy = JSON.parse((await (await fetch(t.server.url + '/api/brands/b_northmoor')).json()).policy.payload);
  const rates = policy.commission.levels.map(bp => (bp / 100).toString().replace(/\.0+$/, '') + '%');
  const row = await reveal(t, page, '1', 'earn-rate');
  t.assert(row.label.endsWith(' ' + rates[0]), `her own sales at ${rates[0]}: ${row.label}`);
  // Ava is level 1 of a plan with three levels: she earns on her recruits' and their recruits' sales.
  await t.see(page, s => s.items.filter(i => i.kind === 'earn-rate').map(i => i.label.split(' ').pop()).join(',') === rates.join(','),
              'every level of the plan, in order: ' + rates.join(', '));
  await t.see(page, s => s.items.some(i => i.kind === 'earn-brand' && i.label.includes(`version ${policy.version}`)), 'the policy version');
  await t.see(page, s => s.items.some(i => i.kind === 'hint' && i.label.includes(`${policy.freeze_days}-day refund window`)),
              'when money becomes payable');
  await t.screenshot(page, 'editor-how-you-earn-desktop');
  // Xiaoyu (level 3 with 花溪茶园, the deepest a team goes there) recruits nobody: only her own rate.
  const phone = await t.page({ phone: true });
  await signIn(t, phone, 'xiaoyu-tea', DEMO_PASS('xiaoyu-tea'));
  await t.tap(phone, 'Dashboard', 'tab');
  await t.waitFor(phone, s => s.editor.page === 'dash', 'her dashboard');
  await reveal(t, phone, '1', 'earn-rate');
  const huaxi = JSON.parse((await (await fetch(t.server.url + '/api/brands/b_huaxi')).json()).policy.payload);
  if (huaxi.max_levels <= 3) await t.see(phone, s => s.items.filter(i => i.kind === 'earn-rate').length === 1, 'her own sales only');
  await t.screenshot(phone, 'editor-how-you-earn-phone');
});

test('dashboard: an order shows as an order, commission to come and a bound customer; a customer quiet for 45 days is listed with name and phone (30 days by default)', async t => {
  const server = await t.startServer();
  // A consumer arrives through Lily's chat share of a campaign, and orders.
  const consumer = await t.page({ phone: true });
  await t.open(consumer, '/s/lily-tea?ch=share&c=spring', server.url);
  const card = (await t.waitFor(consumer, s => s.items.some(i => i.kind === 'product'), 'grid')).items.find(i => i.kind === 'product');
  await t.tap(consumer, card.label, 'product');
  await t.waitFor(consumer, s => s.screen === 'product' && s.items.some(i => i.id === 'Add to cart'), 'product page');
  await t.tap(consumer, 'Add to cart', 'button');
  await t.waitFor(consumer, s => s.cart.count >= 1, 'in the cart');
  // To the checkout through the cart, in the same visit (the order keeps the visit's channel).
  await t.tap(consumer, 'Cart', 'icon');
  await t.waitFor(consumer, s => s.screen === 'cart' && s.items.some(i => i.kind === 'button' && i.id === 'Checkout'), 'the cart');
  await t.tap(consumer, 'Checkout', 'button');
  await t.waitFor(consumer, s => s.screen === 'checkout' && s.items.some(i => i.kind === 'field'), 'checkout');
  for (const [label, text] of [['Name', '王芳'], ['Phone', '13800138000'], ['Address', '杭州市西湖区龙井路 1 号']]) {
    const st = await t.drawn(consumer);
    const f = st.items.find(i => i.kind === 'field' && (i.label === label || i.id === label)) ||
              st.items.filter(i => i.kind === 'field')[['Name', 'Phone', 'Address'].indexOf(label)];
    await consumer.touchscreen.tap(f.x + f.w / 2, f.y + f.h / 2);
    await consumer.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')));
    await consumer.keyboard.insertText(text);
  }
  await t.tap(consumer, 'Place order', 'button');
  await t.waitFor(consumer, s => s.screen === 'order' && s.orders.page === 'ready', 'the order is placed', 20000);
  await t.waitFor(consumer, s => s.orders.outbox === 0, 'events delivered', 15000);
  // The order was placed 45 days ago: a fixture written behind serve.py's back (time cannot be waited
  // for in a test; the store's append-only triggers are lifted for it and put back as they were).
  const day = 86400000;
  require('child_process').execFileSync('/usr/bin/python3', ['-c', `
import sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/dynshop.sqlite3", isolation_level=None)
d = 45 * ${day}
db.execute("BEGIN IMMEDIATE")
names = ("orders_no_update", "order_status_no_update")
kept = [r[0] for r in db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)", names)]
assert len(kept) == 2, kept
for n in names:
    db.execute("DROP TRIGGER " + n)
n = db.execute("UPDATE orders SET placed_ms = placed_ms - ?, record = json_set(record, '$.order.placed_ms', "
               "json_extract(record, '$.order.placed_ms') - ?)", (d, d)).rowcount
db.execute("UPDATE order_status SET at_ms = at_ms - ?", (d,))
for sql in kept:
    db.execute(sql)
db.execute("COMMIT")
assert n == 1, n
`, server.data]);

  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'), server.url);
  await t.tap(page, '数据', 'tab');
  let st = await t.waitFor(page, s => s.editor.page === 'dash' && s.editor.dash.status === 'ready' && s.editor.dash.orders >= 1,
                           'the order in the dashboard', 20000);
  const d = st.editor.dash;
  t.equal(d.orders, 1, 'one order');
  t.assert(d.channels.some(c => c.channel === 'share' && c.campaign === 'spring' && c.visits >= 1 && c.orders === 1),
           'the visit and the order under chat share / spring: ' + JSON.stringify(d.channels));
  t.equal(d.funnel[4], 1, 'the funnel reaches the order');
  t.assert(d.funnel[2] >= 1 && d.funnel[3] >= 1, 'cart and checkout steps: ' + JSON.stringify(d.funnel));
  t.assert(Object.values(d.pending).some(v => v > 0), 'commission to come (placed, not delivered): ' + JSON.stringify(d.pending));
  t.equal(Object.values(d.paid).filter(v => v !== 0).length, 0, 'nothing paid yet');
  // No payout yet: the payouts say when the first one comes, per brand, with its rules.
  await t.waitFor(page, s => s.editor.payouts.status === 'ready', 'the payouts read');
  await reveal(t, page, 'b_huaxi', 'payouts-empty', { x: 900, y: 400 });
  await t.see(page, s => s.items.some(i => i.kind === 'payouts-empty' && i.id === 'b_huaxi' && i.label.includes('首笔打款') &&
                                         i.label.includes('7 天') && i.label.includes('¥50.00')), 'when the first payout from 花溪茶园 comes');
  t.equal(d.bound, 1, 'one customer bound to Lily');
  t.equal(d.lost_after_days, 30, '30 days by default');
  t.equal(d.lost.length, 1, 'not back for 30 days: listed');
  t.equal(d.lost[0].name, '王芳', 'with the name');
  t.equal(d.lost[0].phone, '13800138000', 'and the phone, to follow up');
  await reveal(t, page, '王芳', 'lost-customer', { x: 900, y: 400 });
  st = await t.drawn(page);
  await t.see(page, st => t.findItem(st, '王芳', 'lost-customer').label.includes('13800138000'), 'the phone is on screen');
  t.assert(!st.items.some(i => i.label.includes('龙井路')), 'the address is not (the brand ships, not the distributor)');
  // Commission to come: the order's share, in yuan (the store's balance, or the activity's until it is in).
  await reveal(t, page, 'Commission to come', 'stat-commission', { x: 900, y: 400 });
  await t.see(page, s => { const tile = t.findItem(s, 'Commission to come', 'stat-commission');
                           return tile && /^¥\d/.test(tile.label) && tile.label !== '¥0.00'; }, 'commission in yuan on screen');
  await t.screenshot(page, 'editor-dash-orders-desktop');
  // At 60 days she is not lost yet.
  await tapIn(t, page, '60 天', 'chip', { x: 900, y: 400 });
  st = await t.waitFor(page, s => s.editor.dash.lost_after_days === 60 && s.editor.dash.lost.length === 0, '60 days: nobody lost');
  t.equal(st.editor.dash.bound, 1, 'still bound');

  // The order is listed, and "who earns" opens its provenance, signed with Lily's key.
  const orderRow = rowsOf(server, 'SELECT id, number, total FROM orders')[0];
  await reveal(t, page, orderRow[1], 'dash-order', { x: 900, y: 400 });
  await t.tap(page, orderRow[1], 'dash-order-why');
  st = await t.waitFor(page, s => s.screen === 'provenance' && s.orders.provenance === 'ready' && s.items.some(i => i.kind === 'payee'),
                       'the provenance of the order', 20000);
  t.equal(st.path, `/o/${orderRow[0]}/why?as=lily-tea`, 'as the shop');
  await t.see(page, st => st.items.some(i => i.kind === 'chain-member' && i.label === 'lily-tea'), 'Lily is the chain (level 1)');
  await t.see(page, st => st.items.some(i => i.kind === 'binding-rule' && i.label === 'bound'), 'bound by this order under the permanent policy');
  const payee = st.items.find(i => i.kind === 'payee' && i.label.startsWith('d_lily '));
  t.assert(payee && payee.label.endsWith(' ¥26.80'), 'Lily earns 10% of ¥268.00: ' + (payee && payee.label));
  await t.screenshot(page, 'editor-provenance-desktop');
  await t.tap(page, 'Back', 'icon');
  await t.waitFor(page, s => s.screen !== 'provenance' && s.editor.page === 'dash' && s.editor.dash.status === 'ready',
                  'back on the dashboard');

  // A sale in Chen's shop (Lily's downline) shows on Chen's row of Lily's team tree.
  const chen = await (await fetch(server.url + '/api/shops/chen-tea-corner')).json();
  const manifest = JSON.parse(chen.manifest.payload);
  const release = JSON.parse(chen.releases.b_huaxi.payload);
  const pid = (manifest.products && manifest.products.length ? manifest.products : release.products.map(p => p.id))[0];
  const placed = await (await fetch(server.url + '/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ key: 'teamsale' + crypto.randomBytes(8).toString('hex'), shop: 'chen-tea-corner', brand: 'b_huaxi',
                           lines: [{ product: pid, qty: 2 }], visitor: '', touch: { channel: 'direct', campaign: '', hop: 0 },
                           contact: { name: '李雷', phone: '13900139000', address: '杭州市西湖区 2 号' } }) })).json();
  t.assert(placed.order && placed.order.total > 0, 'an order in Chen\'s shop: ' + JSON.stringify(placed).slice(0, 200));
  const want = '¥' + (placed.order.total / 100).toFixed(2);
  await t.open(page, '/d/lily-tea/team', server.url);
  st = await t.waitFor(page, s => s.editor.page === 'team' && s.editor.team.status === 'ready' &&
                                  s.items.some(i => i.kind === 'team-member' && i.id === 'chen-tea-corner'), 'the team tree', 20000);
  const chenRow = st.items.find(i => i.kind === 'team-member' && i.id === 'chen-tea-corner');
  t.assert(chenRow.label.endsWith(' ' + want), `Chen's sales on her row: ${chenRow.label} (want ${want})`);
  const lilyRow = st.items.find(i => i.kind === 'team-member' && i.id === 'lily-tea' && i.label.endsWith(' ¥268.00'));
  t.assert(lilyRow, 'and Lily\'s own sale on hers: ' + st.items.filter(i => i.kind === 'team-member').map(i => i.label));
  await t.screenshot(page, 'editor-team-sales-desktop');
});

// [SECTION] Screenshots --------------------------------------------------------------------------

test('every editor screen at phone and desktop sizes (screenshots to look at)', async t => {
  for (const phone of [true, false]) {
    const size = phone ? 'phone' : 'desktop';
    const page = await t.page({ phone, desktop: !phone });
    await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'));
    await t.waitFor(page, s => s.images.ready >= 4 && s.items.some(i => i.kind === 'preview-phone:product'), 'previews with pictures', 20000);
    await t.screenshot(page, `editor-edit-${size}`);
    for (const [tab, name, ready] of [['分享', 'share', s => s.items.some(i => i.kind === 'qr')],
                                      ['团队', 'team', s => s.editor.team.status === 'ready'],
                                      ['数据', 'dash', s => s.editor.dash.status === 'ready']]) {
      await t.tap(page, tab, 'tab');
      await t.waitFor(page, s => s.editor.page === name && ready(s), name);
      await t.screenshot(page, `editor-${name}-${size}`);
    }
  }
});

// [SECTION] Payouts and statements ---------------------------------------------------------------
// A store with the demo's history (six weeks of orders, weekly payouts marked paid, one transfer
// the bank returned): what a distributor sees of their money comes from the store's statements.

const { demoHistory } = require('./harness');
const todayUtc = () => new Date().toISOString().slice(0, 10);
// "¥1,517.07" / "$33.60", as core::format_money writes minor units.
function money(minor, currency) {
  const sign = minor < 0 ? '-' : '', m = Math.abs(minor);
  const whole = String(Math.floor(m / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${currency === 'USD' ? '$' : '¥'}${whole}.${String(m % 100).padStart(2, '0')}`;
}
// A request signed like the app signs it (Authorization: Dynshop key=..., ts=..., sig=...).
async function signedGet(base, key, p) {
  const ts = Date.now();
  const text = `GET ${p}\n${ts}\n${crypto.createHash('sha256').update('').digest('hex')}`;
  const sig = crypto.sign(null, Buffer.from(text), key.priv).toString('base64');
  return fetch(base + p, { headers: { Authorization: `Dynshop key=${key.pub}, ts=${ts}, sig=${sig}` } });
}
// A distributor's statements as the store sends them, signed with the key their browser holds.
async function storeStatements(t, page, base, slug) {
  const key = keyFromSeed(await readKeySeed(page, slug));
  const r = await signedGet(base, key, `/api/shops/${slug}/statements`);
  t.equal(r.status, 200, 'the store answers the shop\'s own statements');
  return r.json();
}
// The sum of a payee's lines the brand marked paid, read from the store's tables: the marks, and
// each batch's signed lines.
function paidInStore(server, brand, payee) {
  const lines = {};
  for (const [id, envelope] of rowsOf(server, `SELECT id, envelope FROM payout_batches WHERE brand = '${brand}'`))
    for (const l of JSON.parse(JSON.parse(envelope).payload).lines) if (l.payee === payee) lines[id] = l.amount;
  const marks = rowsOf(server, `SELECT batch FROM payout_marks WHERE brand = '${brand}' AND payee = '${payee}' AND status = 'paid'`);
  return { amount: marks.reduce((sum, [batch]) => sum + lines[batch], 0), count: marks.length };
}
// Every item of a kind on a long page: scrolled through from the top, one drawn frame at a time.
async function itemsScrolling(t, page, kind) {
  const vp = page.viewportSize();
  const seen = new Map();
  await page.mouse.move(Math.min(400, vp.width / 2), vp.height / 2);
  await page.mouse.wheel(0, -50000);
  await page.waitForTimeout(80);
  for (let i = 0, idle = 0; i < 80 && !(seen.size && idle >= 3); i++) {
    const st = await t.drawn(page);
    const before = seen.size;
    for (const it of st.items.filter(x => x.kind === kind)) seen.set(it.label, it);
    idle = seen.size === before ? idle + 1 : 0;
    await page.mouse.wheel(0, vp.height * 0.5);
    await page.waitForTimeout(60);
  }
  await page.mouse.wheel(0, -50000);
  return [...seen.keys()];
}
async function openDash(t, page) {
  await t.tap(page, 'Dashboard', 'tab');
  return t.waitFor(page, s => s.editor.page === 'dash' && s.editor.dash.status === 'ready' && s.editor.payouts.status === 'ready',
                   'the dashboard with the payouts', 30000);
}
// The brand's key, derived as its console derives it (Argon2id), through the core's Python module.
function brandKey(brand) {
  const seed = require('child_process').execFileSync('/usr/bin/python3', ['-c',
    'import sys, base64; sys.path.insert(0, sys.argv[1]); import dynshop_core; ' +
    'print(base64.b64encode(dynshop_core.derive_seed(sys.argv[2], sys.argv[3])).decode())',
    path.join(require('./harness').BUILD, 'native'), `demo-${brand}-2026`, brand]).toString().trim();
  return keyFromSeed(seed);
}

// Lily's payouts at one size: the paid money per brand and currency, the store's balances, every
// payout newest first, the newest statement with its orders (and on a desktop its CSV). One test per
// size (each on its own store): together they took 40-90 s, too close to the 90 s limit on a busy machine.
async function lilyPayouts(t, server, phone) {
  const base = server.url;
  {
    const size = phone ? 'phone' : 'desktop';
    const page = await t.page({ phone, desktop: !phone });
    await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'), base);
    let st = await openDash(t, page);
    // Paid: the lines marked paid in the store, in each brand's own currency (never added together).
    const huaxi = paidInStore(server, 'b_huaxi', 'd_lily'), northmoor = paidInStore(server, 'b_northmoor', 'd_lily');
    t.assert(huaxi.count >= 2 && northmoor.count >= 1, `the history paid Lily: ${JSON.stringify([huaxi, northmoor])}`);
    const brandOf = (s, b) => s.editor.payouts.brands.find(x => x.brand === b);
    t.equal(brandOf(st, 'b_huaxi').paid, huaxi.amount, '花溪茶园 paid Lily what its marked lines say');
    await reveal(t, page, 'b_huaxi', 'money-paid');
    await t.seeEqual(page, s => t.findItem(s, 'b_huaxi', 'money-paid').label, money(huaxi.amount, 'CNY'), 'paid by 花溪茶园, in yuan');
    await t.seeEqual(page, s => (s.items.find(i => i.kind === 'money-paid' && i.id === 'b_northmoor') || {}).label,
                     money(northmoor.amount, 'USD'), 'paid by Northmoor, in dollars, on its own row');
    const doc = await storeStatements(t, page, base, 'lily-tea');
    const store = b => doc.brands.find(x => x.brand === b);
    await t.seeEqual(page, s => (s.items.find(i => i.kind === 'money-settleable' && i.id === 'b_huaxi') || {}).label,
                     money(store('b_huaxi').balance.settleable, 'CNY'), 'settleable: the store\'s balance');
    await t.seeEqual(page, s => (s.items.find(i => i.kind === 'money-pending' && i.id === 'b_huaxi') || {}).label,
                     money(store('b_huaxi').balance.pending, 'CNY'), 'pending: the store\'s balance');
    await t.see(page, s => s.items.some(i => i.kind === 'hint' && i.label.includes('最低打款额 ¥50.00')), 'what settleable waits for');
    await t.screenshot(page, `editor-dash-money-${size}`);
    // The payouts, newest first: each brand's lines, by date.
    const all = doc.brands.flatMap(b => b.payouts).sort((a, b) => b.created_ms - a.created_ms);
    t.equal(st.editor.payouts.list.map(p => p.batch).join(), all.map(p => p.batch).join(), 'every payout, newest first');
    const newest = doc.brands.find(b => b.brand === 'b_huaxi').payouts[0];
    await reveal(t, page, newest.batch, 'payout');
    await t.screenshot(page, `editor-dash-payouts-${size}`);
    await tapIn(t, page, newest.batch, 'payout');
    st = await t.waitFor(page, s => s.editor.payouts.view === 'statement' && s.editor.payouts.open === newest.batch &&
                                    s.items.some(i => i.kind === 'statement-entry'), 'the statement opens');
    t.equal(st.path, `/d/lily-tea/payouts/${newest.batch}`, 'at its own address');
    // The orders behind it, by their numbers, and gross − clawback = amount.
    const shares = newest.entries.filter(e => e.kind === 'share');
    t.assert(shares.length > 0 && shares.every(e => e.number), 'the store names each order');
    await t.see(page, s => s.items.some(i => i.kind === 'statement-entry'), 'the statement\'s orders');
    const numbers = (await itemsScrolling(t, page, 'statement-entry')).map(l => l.split(' ')[0]).sort();
    t.equal(numbers.join(), shares.map(e => e.number).sort().join(), 'the order numbers of the statement, every one on screen');
    await t.seeEqual(page, s => t.findItem(s, '', 'statement-total').label, money(newest.line.amount, 'CNY'), 'the amount');
    t.equal(newest.line.gross - newest.line.clawback, newest.line.amount, 'gross − clawback = amount');
    await t.see(page, s => t.findItem(s, '', 'statement-gross').label === money(newest.line.gross, 'CNY'), 'the gross on screen');
    await t.see(page, s => s.items.some(i => i.kind === 'statement-status' && i.label.includes('已到账')), 'said paid, with the date');
    await t.screenshot(page, `editor-statement-${size}`);
    if (!phone) {
      // Download CSV: the file is the statement the store made (the core's CSV), byte for byte.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), tapIn(t, page, 'Download CSV', 'button')]);
      const file = path.join(FIXTURES, 'statement.csv');
      await download.saveAs(file);
      t.equal(download.suggestedFilename(), `lily-tea-${newest.batch}.csv`, 'file name');
      t.equal(fs.readFileSync(file, 'utf8'), newest.csv, 'the CSV is the store\'s');
      t.assert(shares.every(e => newest.csv.includes(e.order)), 'with every order of the statement');
    }
    // Back to the list of every payout.
    await tapIn(t, page, 'All payouts', 'button');
    st = await t.waitFor(page, s => s.editor.payouts.view === 'list' && s.items.filter(i => i.kind === 'payout').length === all.length,
                         'the list of payouts');
    await t.screenshot(page, `editor-payouts-${size}`);
  }
}

test('payouts on a desktop: Lily\'s paid money is what the brand marked paid, per brand and currency; a statement lists its orders and saves the store\'s CSV', async t => {
  await lilyPayouts(t, await t.startServer({ importActivity: demoHistory() }), false);
});

test('payouts on a phone: Lily\'s money, payouts and a statement', async t => {
  await lilyPayouts(t, await t.startServer({ importActivity: demoHistory() }), true);
});

test('payouts: Bo sees the transfer the bank returned, and that it was paid again', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const base = server.url;
  // Bo's first 花溪茶园 transfer came back from the bank: shown as returned, and paid again later.
  const bo = await t.page({ phone: true });
  await signIn(t, bo, 'bo-tea-house', DEMO_PASS('bo-tea-house'), base);
  await openDash(t, bo);
  const failed = rowsOf(server, "SELECT batch FROM payout_marks WHERE payee = 'd_bo' AND status = 'failed'");
  t.equal(failed.length, 1, 'one returned transfer in the store');
  const batch = failed[0][0];
  await t.seeEqual(bo, s => (s.editor.payouts.list.find(p => p.batch === batch) || {}).status, 'failed', 'the line is failed');
  await reveal(t, bo, batch, 'payout');
  await t.see(bo, s => t.findItem(s, batch, 'payout').label.endsWith('已退回'), 'shown as returned in the list');
  await tapIn(t, bo, batch, 'payout');
  await t.see(bo, s => s.editor.payouts.open === batch && s.items.some(i => i.kind === 'statement-failed' &&
                       i.label.includes('银行退回') && i.label.includes('重新支付')), 'the statement says the bank returned it and when it is paid again');
  await t.screenshot(bo, 'editor-statement-failed-phone');
});

test('payouts: a statement that deducted a refund made after an earlier payout lists it, and gross − clawback = amount (Ava, in English, from its link)', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const base = server.url;
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'ava-glow', DEMO_PASS('ava-glow'), base);
  const doc = await storeStatements(t, page, base, 'ava-glow');
  const payout = doc.brands.flatMap(b => b.payouts).find(p => p.line.clawback > 0);
  t.assert(payout, 'the history deducted a refund from one of Ava\'s payouts');
  const refunds = payout.entries.filter(e => e.kind === 'clawback');
  t.assert(refunds.length > 0 && refunds.every(e => e.number), 'the refunded orders, by number');
  // Opened from its address (a bookmark, a reload): the statement, once the payouts are read.
  await t.open(page, `/d/ava-glow/payouts/${payout.batch}`, base);
  await t.waitFor(page, s => s.editor.payouts.view === 'statement' && s.editor.payouts.status === 'ready', 'the statement', 20000);
  await t.seeEqual(page, s => t.findItem(s, '', 'statement-gross').label, money(payout.line.gross, 'USD'), 'gross');
  await t.seeEqual(page, s => t.findItem(s, '', 'statement-clawback').label, '\u2212' + money(payout.line.clawback, 'USD'), 'the refund deducted');
  await t.seeEqual(page, s => t.findItem(s, '', 'statement-total').label, money(payout.line.amount, 'USD'), 'what was paid');
  t.equal(payout.line.gross - payout.line.clawback, payout.line.amount, 'gross − clawback = amount');
  const deducted = await itemsScrolling(t, page, 'statement-clawback-entry');
  t.equal(deducted.map(l => l.split(' ')[0]).sort().join(), refunds.map(e => e.number).sort().join(), 'the refunded orders on screen');
  await reveal(t, page, refunds[0].number, 'statement-clawback-entry');
  await t.screenshot(page, 'editor-statement-clawback-desktop');
});

// The brand pays out as of today (the CLI, over the same store): the new batch and Lily's line in it.
function settleToday(t, server) {
  const out = JSON.parse(require('child_process').execFileSync(path.join(require('./harness').BUILD, 'native', 'dynshop'),
    ['settle', '--url', server.url, '--brand', 'b_huaxi', '--cutoff', todayUtc(), '--csv', path.join(FIXTURES, 'settle.csv')],
    { env: { ...process.env, DYNSHOP_PASSPHRASE: 'demo-b_huaxi-2026' } }).toString());
  t.assert(out.stored && out.batch, 'a new batch: ' + JSON.stringify(out));
  const line = JSON.parse(JSON.parse(rowsOf(server, `SELECT envelope FROM payout_batches WHERE id = '${out.batch}'`)[0][0]).payload)
    .lines.find(l => l.payee === 'd_lily');
  t.assert(line, 'Lily is paid by it');
  return { batch: out.batch, amount: money(line.amount, 'CNY') };
}

// Two tests, each waiting for one poll (20 s): together they came close to the 90 s limit on a busy machine.
test('payouts: with the editor open, a new payout shows as a notice, on the page she was on', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'), server.url);
  // The editor has read what was paid before: nothing to announce.
  const st = await t.waitFor(page, s => s.editor.payouts.status === 'ready', 'payouts read', 20000);
  t.equal(st.editor.payouts.notice, '', 'no notice for what was there');
  const { amount } = settleToday(t, server);
  // Within a poll (20 s), while she is editing her shop: "on its way".
  await t.see(page, s => s.items.some(i => i.kind === 'toast' && i.label === `花溪茶园：打款 ${amount} 已发出，正在到账途中`),
              'the notice of a payout on its way', 30000);
  t.equal((await t.state(page)).editor.page, 'edit', 'on the page she was on');
});

test('payouts: with the editor open, a line marked paid shows as a notice and the dashboard counts it paid', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const base = server.url;
  const { batch, amount } = settleToday(t, server);  // before she opens the editor: not news when she does
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'lily-tea', DEMO_PASS('lily-tea'), base);
  let st = await t.waitFor(page, s => s.editor.payouts.status === 'ready', 'payouts read', 20000);
  t.equal(st.editor.payouts.notice, '', 'the payout made before she came is not announced');
  // The brand marks her line paid.
  const mark = { type: 'payout_line', brand: 'b_huaxi', batch, payee: 'd_lily', status: 'paid', at: Date.now(), note: 'Bank transfer test' };
  const r = await fetch(`${base}/api/brands/b_huaxi/payouts/${batch}/lines`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ envelope: signEnvelope(JSON.stringify(mark), brandKey('b_huaxi')) }) });
  t.equal(r.status, 201, 'the mark is stored: ' + await r.clone().text());
  await t.see(page, s => s.items.some(i => i.kind === 'toast' && i.label === `花溪茶园：打款 ${amount} 已到账`), 'the notice that it was paid', 30000);
  await t.screenshot(page, 'editor-payout-notice-desktop');
  // The dashboard counts it as paid.
  st = await openDash(t, page);
  t.equal(st.editor.payouts.list[0].batch, batch, 'the newest payout');
  t.equal(st.editor.payouts.list[0].status, 'paid', 'paid');
});
