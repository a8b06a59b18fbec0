// The platform's root key is built into the app (CMake's DYNSHOP_ROOT_KEY, the demo's for this
// build), never taken from the host. A store seeded with another platform's documents (another
// root key, and every brand certificate signed by it; the rest of the demo's documents unchanged,
// so serve.py itself accepts and serves them) is refused loudly: a full-screen explanation, no
// product drawn, the page's HTML summary replaced, on shop, editor and console pages alike. A host
// that lies in its /trust.json changes nothing either way: the documents are checked against the
// pinned key. The demo's own store still opens.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { DEMO, atExit } = require('./harness');

const DEMO_ROOT = JSON.parse(fs.readFileSync(path.join(DEMO, 'trust.json'), 'utf8')).root_key;

// [SECTION] Another world ------------------------------------------------------------------------

// An Ed25519 key from a label (SHA-256 of it as the seed), with Node's crypto.
function keyFromLabel(label) {
  const seed = crypto.createHash('sha256').update(label).digest();
  const priv = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
                                         format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(priv).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  return { priv, pub, sign: text => crypto.sign(null, Buffer.from(text, 'utf8'), priv).toString('base64') };
}

// The demo re-rooted: another platform key signs the brand certificates; brands, distributors and
// their documents are the demo's (their signatures stay valid under their own keys). Made once.
let otherSeed = null;
function anotherWorld() {
  if (otherSeed) return otherSeed;
  const root = keyFromLabel('another-platform-root');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-other-world-'));
  const lines = fs.readFileSync(path.join(DEMO, 'documents.jsonl'), 'utf8').split('\n').filter(Boolean).map(line => {
    const item = JSON.parse(line);
    if (item.kind !== 'brand') return line;
    const env = item.envelope;
    item.envelope = { payload: env.payload, key: root.pub, sig: root.sign(env.payload) };
    return JSON.stringify(item);
  });
  fs.writeFileSync(path.join(dir, 'documents.jsonl'), lines.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'trust.json'), JSON.stringify({ root_key: root.pub }) + '\n');
  fs.symlinkSync(path.join(DEMO, 'images'), path.join(dir, 'images'));
  atExit(() => fs.rmSync(dir, { recursive: true, force: true }));
  otherSeed = { dir, root: root.pub };
  return otherSeed;
}

// Nothing of a shop, a product, a console or an editor on screen: only the refusal.
const SHOP_KINDS = /^(product|product-title|price|shop-name|shop-title|greeting|directory-shop|description|field|tab|preview)/;
const shopItems = st => st.items.filter(i => SHOP_KINDS.test(i.kind));

async function refused(t, page, url) {
  await page.goto(url);
  await t.waitReady(page);
  const st = await t.see(page, s => s.items.some(i => i.kind === 'trust-refused' && i.id === "This site's store answers with another platform's documents"),
                         'the full-screen refusal');
  return st;
}

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

// [SECTION] Tests --------------------------------------------------------------------------------

test('a store seeded with another platform is refused full-screen: no product drawn, the HTML summary replaced', async t => {
  const other = anotherWorld();
  const server = await t.startServer({ seed: other.dir });
  // serve.py accepted the other world: it answers with its shops and names its own root.
  const trust = await (await fetch(server.url + '/trust.json')).json();
  t.equal(trust.root_key, other.root, 'the host names the other root');
  t.assert(other.root !== DEMO_ROOT, 'another root than the demo\'s');
  const bundle = await fetch(server.url + '/api/shops/lily-tea');
  t.equal(bundle.status, 200, 'the other store serves the shop');

  for (const phone of [true, false]) {
    const size = phone ? 'phone' : 'desktop';
    const page = await t.page({ phone, desktop: !phone });
    // The first paint (serve.py's HTML) named the shop; the app replaces it once it knows.
    const html = await (await fetch(server.url + '/s/lily-tea')).text();
    t.assert(html.includes('丽丽茶铺'), 'serve.py\'s first paint names the shop');
    let st = await refused(t, page, server.url + '/s/lily-tea');
    t.equal(st.trust.root, DEMO_ROOT, 'the app checks with the key it was built with');
    t.equal(st.trust.foreign_root, other.root, 'and says which root the store named');
    t.equal(st.shop.status, 'refused', 'the shop is refused');
    t.assert(!st.shop.items, 'no shop was composed');
    t.equal(shopItems(st).length, 0, 'nothing of the shop on screen: ' + shopItems(st).map(i => i.kind + ':' + i.label));
    await t.see(page, s => s.items.some(i => i.kind === 'trust-refused' && i.label === '本站的商店返回的是另一个平台的文件'),
                'the explanation in Chinese too');
    await t.see(page, s => s.items.some(i => i.kind === 'trust-keys' && i.label.includes(DEMO_ROOT.slice(0, 8)) &&
                                            i.label.includes(other.root.slice(0, 8))), 'both keys named by their fingerprints');
    const summary = await page.evaluate(() => document.getElementById('summary').textContent);
    t.assert(summary.includes("another platform's documents"), 'the HTML summary says why: ' + summary.slice(0, 200));
    t.assert(!summary.includes('丽丽茶铺'), 'and no longer describes the shop: ' + summary.slice(0, 200));
    const title = await page.title();
    t.assert(!title.includes('丽丽茶铺'), 'the title does not name the shop: ' + title);
    await t.screenshot(page, `trust-refused-${size}`);

    // A product link, the brand console and the editor are refused the same way; nothing is fetched
    // from the store's API beyond the trust question.
    const asked = [];
    page.on('request', r => { if (new URL(r.url()).pathname.startsWith('/api/')) asked.push(new URL(r.url()).pathname); });
    const release = JSON.parse((await (await fetch(server.url + '/api/shops/lily-tea')).json()).releases.b_huaxi.payload);
    for (const p of ['/s/lily-tea/p/' + release.products[0].id, '/console/b_huaxi', '/d/lily-tea', '/']) {
      st = await refused(t, page, server.url + p);
      t.equal(shopItems(st).length, 0, `nothing of ${p} on screen: ` + shopItems(st).map(i => i.kind + ':' + i.label));
      t.assert(!st.console.active && !st.editor.active, `no console or editor opened for ${p}`);
    }
    // The shell may prefetch for its first paint; the app itself asks the API for nothing.
    const fromApp = asked.filter(a => !/^\/api\/(directory|shops\/lily-tea|brands\/b_huaxi)$/.test(a));
    t.equal(fromApp.length, 0, 'no API request from the app: ' + fromApp);
  }
});

test('the root key is the built-in one: a host that lies in /trust.json changes nothing', async t => {
  const other = anotherWorld();
  const server = await t.startServer({ seed: other.dir });
  // The other world's host claims the demo's root: the app does not take it from the host anyway,
  // and the other world's brand certificates fail against the pinned key, so its shop is refused.
  const page = await t.page({ phone: true });
  await page.route('**/trust.json', r => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ root_key: DEMO_ROOT }) }));
  await page.goto(server.url + '/s/lily-tea');
  await t.waitReady(page);
  let st = await t.see(page, s => s.shop.status === 'refused' && s.items.some(i => i.kind === 'notice-title'), 'the shop refused');
  t.equal(st.trust.foreign_root, '', 'the host claimed our root');
  t.equal(shopItems(st).length, 0, 'no product drawn: ' + shopItems(st).map(i => i.kind + ':' + i.label));
  t.assert(['unverified_brand', 'forged_brand', 'bad_signature', 'wrong_signer'].includes(st.shop.error.code) ||
           /verif|sign/i.test(st.shop.error.message), 'refused for its signatures: ' + JSON.stringify(st.shop.error));

  // The demo's own store, with a host that names another root: refused by name, although every
  // document would verify.
  const page2 = await t.page({ phone: true });
  await page2.route('**/trust.json', r => r.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ root_key: other.root }) }));
  st = await refused(t, page2, t.server.url + '/s/lily-tea');
  t.equal(shopItems(st).length, 0, 'no product drawn');

  // No answer at all: the pinned key decides, and the demo opens.
  const page3 = await t.page({ phone: true });
  await page3.route('**/trust.json', r => r.fulfill({ status: 404, body: 'gone' }));
  await page3.goto(t.server.url + '/s/lily-tea');
  await t.waitReady(page3);
  await t.see(page3, s => s.shop.status === 'ready' && s.items.some(i => i.kind === 'product'), 'the demo shop, with products');
});

test('the demo store opens with the pinned key: shops, products and the console as before', async t => {
  const page = await t.page({ phone: true });
  await t.open(page, '/s/lily-tea');
  let st = await t.see(page, s => s.shop.status === 'ready' && s.items.some(i => i.kind === 'product'), 'products of the demo shop');
  t.equal(st.trust.root, DEMO_ROOT, 'the demo\'s root, built in');
  t.equal(st.trust.foreign_root, '', 'the host names the same root');
  t.assert(!st.items.some(i => i.kind.startsWith('trust-')), 'no refusal');
  const desk = await t.page({ desktop: true });
  await t.open(desk, '/console/b_northmoor');
  await t.see(desk, s => s.console.load === 'ready' && s.console.key === 'missing' && s.items.some(i => i.kind === 'field'),
              'the console\'s sign-in, the brand verified');
});
