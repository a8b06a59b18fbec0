// The brand's insight (/console/<brand>/insight): traffic and sales over a date range, promoters'
// QR scans, and how far shared posts travel, on a store with the demo's six weeks of history. Every
// number on screen is checked against the store's own tables (SQLite), counted another way.
'use strict';
const path = require('path');
const { demoHistory, reveal, tapIn, focusField, typeInto, sqlRows } = require('./harness');

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

const DAY = 86400000;
const dayStart = ms => Math.floor(ms / DAY) * DAY;

async function signIn(t, page, brand, base, at) {
  await t.open(page, `/console/${brand}${at}`, base);
  const st = await t.waitFor(page, s => s.console.key === 'missing' || s.console.key === 'ready', 'the sign-in page');
  if (st.console.key === 'missing') {
    await focusField(t, page, 'Brand passphrase');
    await page.keyboard.insertText(`demo-${brand}-2026`);
    await t.tap(page, 'Sign in', 'button');
  }
  return t.waitFor(page, s => s.console.key === 'ready' && s.console.insight.status === 'ready', 'the insight', 30000);
}

// What the store holds for a brand since `from` (ms): visits, QR scans, orders and sales, by SQL.
function storeCounts(server, brand, from, distributors) {
  const who = distributors ? ` AND e.distributor IN (${distributors.map(d => `'${d}'`).join(',')})` : '';
  const [[visits, scans]] = sqlRows(server, `SELECT COUNT(*), COALESCE(SUM(e.channel = 'qr'), 0) FROM events e ` +
                                            `WHERE e.brand = '${brand}' AND e.type = 'visit' AND e.at_ms >= ${from}${who}`);
  const owho = distributors ? ` AND o.shop_distributor IN (${distributors.map(d => `'${d}'`).join(',')})` : '';
  const orders = sqlRows(server, `SELECT o.id, o.total, (SELECT s.status FROM order_status s WHERE s.order_id = o.id ORDER BY s.seq DESC LIMIT 1) ` +
                                 `FROM orders o WHERE o.brand = '${brand}' AND o.placed_ms >= ${from}${owho}`);
  const sales = orders.filter(o => o[2] !== 'refunded' && o[2] !== 'cancelled').reduce((s, o) => s + o[1], 0);
  return { visits, scans, orders: orders.length, sales };
}

test('insight: visits, orders and sales over 30 and 7 days, the chart and the funnel, teams, as the store counts them', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ desktop: true, phone: false });
  let st = await signIn(t, page, 'b_huaxi', server.url, '/insight');
  let ins = st.console.insight;
  t.equal(ins.range_days, 30, 'the last 30 days at first');
  t.equal(ins.daily, 30, 'a point for every day');
  let want = storeCounts(server, 'b_huaxi', ins.from_day * DAY);
  t.equal(ins.totals.visits, want.visits, 'visits in 30 days');
  t.equal(ins.totals.qr_scans, want.scans, 'QR scans in 30 days');
  t.equal(ins.totals.orders, want.orders, 'orders in 30 days');
  t.equal(ins.totals.sales, want.sales, 'sales in 30 days (refunds and cancellations left out)');
  t.assert(want.visits > 100 && want.orders > 10, 'the history is there: ' + JSON.stringify(want));
  await t.see(page, s => s.items.some(i => i.kind === 'chart' && i.id === 'traffic' && i.label.includes(`${want.visits}`)), 'the chart');
  await t.see(page, s => s.items.filter(i => i.kind === 'funnel').length === 5, 'the funnel');
  await t.screenshot(page, 'console-insight-desktop');
  // Seven days: fewer, and still the store's numbers.
  await tapIn(t, page, '7', 'range');
  st = await t.waitFor(page, s => s.console.insight.range_days === 7 && s.console.insight.daily === 7, 'seven days');
  ins = st.console.insight;
  want = storeCounts(server, 'b_huaxi', ins.from_day * DAY);
  t.equal(ins.totals.visits, want.visits, 'visits in 7 days');
  t.equal(ins.totals.orders, want.orders, 'orders in 7 days');
  // Lily's team: her shop, chen's and ahmei's (her recruits) and xiaoyu's (chen's).
  await tapIn(t, page, 'team', 'teams');
  st = await t.waitFor(page, s => s.console.insight.teams, 'teams');
  const lily = st.console.insight.rows.find(r => r.id === 'd_lily');
  t.assert(lily, 'lily in the top rows: ' + JSON.stringify(st.console.insight.rows.map(r => r.id)));
  const team = storeCounts(server, 'b_huaxi', st.console.insight.from_day * DAY, ['d_lily', 'd_chen', 'd_ahmei', 'd_xiaoyu']);
  t.equal(lily.totals.visits, team.visits, 'her team\'s visits');
  t.equal(lily.totals.sales, team.sales, 'her team\'s sales');
  // Search a distributor.
  await focusField(t, page, 'Find a distributor: name or address');
  await page.keyboard.insertText('刘晓雨');
  await t.waitFor(page, s => s.console.insight.row_count === 1 && s.console.insight.rows[0].id === 'd_xiaoyu', 'found her');
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

test('insight: promoters\' QR scans per day and the campaigns scanned; who has had no scan; reach by hop', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'b_huaxi', server.url, '/insight/promoters');
  let st = await t.waitFor(page, s => s.console.page === 'insight' && s.items.some(i => i.kind === 'promoter'), 'the promoters');
  await tapIn(t, page, 'd_xiaoyu', 'promoter');
  st = await t.waitFor(page, s => s.console.insight.promoter === 'd_xiaoyu', 'her days');
  const mine = storeCounts(server, 'b_huaxi', st.console.insight.from_day * DAY, ['d_xiaoyu']);
  t.equal(st.console.insight.promoter_scans, mine.scans, 'her QR scans per day add up to the store\'s');
  await t.see(page, s => s.items.some(i => i.kind === 'chart' && i.id === 'scans'), 'her chart');
  // No scan for three days: exactly the shops whose last QR visit is older (or never), by SQL.
  await tapIn(t, page, '3', 'scan-quiet-days');
  st = await t.waitFor(page, s => s.items.some(i => i.kind === 'chip') && s.console.insight.quiet_scans !== undefined, 'quiet list');
  const since = Date.now() - 3 * DAY;
  const shops = sqlRows(server, `SELECT distributor FROM shop_brands WHERE brand = 'b_huaxi'`).map(r => r[0]);
  const lastScan = Object.fromEntries(sqlRows(server, `SELECT e.distributor, MAX(e.at_ms) FROM events e ` +
                                                      `WHERE e.brand = 'b_huaxi' AND e.type = 'visit' AND e.channel = 'qr' GROUP BY e.distributor`));
  const quiet = shops.filter(d => !(lastScan[d] >= since)).sort();
  st = await t.waitFor(page, s => JSON.stringify([...s.console.insight.quiet_scans].sort()) === JSON.stringify(quiet),
                       'the quiet promoters: ' + quiet.join(', '));
  await t.screenshot(page, 'console-insight-promoters-desktop');
  // Reach: visits by hop per campaign, as the store's events have them.
  await tapIn(t, page, 'reach', 'insight-view');
  st = await t.waitFor(page, s => s.path.endsWith('/insight/reach') && s.items.some(i => i.kind === 'reach-campaign'), 'reach');
  const from = st.console.insight.from_day * DAY;
  for (const c of st.console.insight.campaigns.filter(c => c.campaign)) {
    const rows = sqlRows(server, `SELECT MIN(e.hop, 3), COUNT(*), MAX(e.hop) FROM events e WHERE e.brand = 'b_huaxi' ` +
                                 `AND e.type = 'visit' AND e.channel != 'direct' AND e.campaign = '${c.campaign}' AND e.at_ms >= ${from} GROUP BY MIN(e.hop, 3)`);
    const byHop = [0, 0, 0, 0];
    let furthest = 0;
    for (const [h, n, mx] of rows) { byHop[h] = n; furthest = Math.max(furthest, mx); }
    t.equal(JSON.stringify(c.by_hop), JSON.stringify(byHop), `visits by hop for ${c.campaign}`);
    t.equal(c.furthest, furthest, `the furthest hop for ${c.campaign}`);
  }
  t.assert(st.console.insight.campaigns.some(c => c.by_hop[1] + c.by_hop[2] + c.by_hop[3] > 0), 'some posts were re-shared');
  await t.screenshot(page, 'console-insight-reach-desktop');
});

test('insight on a phone, every view (screenshots to look at); a brand with no activity says what comes next', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ phone: true });
  await signIn(t, page, 'b_northmoor', server.url, '/insight');
  await t.see(page, s => s.items.some(i => i.kind === 'insight-sales' && i.label.includes('$')), 'dollars');
  await t.screenshot(page, 'console-insight-phone');
  for (const view of ['promoters', 'reach']) {
    await tapIn(t, page, view, 'insight-view');
    await t.waitFor(page, s => s.path.endsWith('/insight/' + view), view);
    await t.screenshot(page, `console-insight-${view}-phone`);
  }
  const fresh = await t.startServer();
  const empty = await t.page({ desktop: true, phone: false });
  await signIn(t, empty, 'b_northmoor', fresh.url, '/insight');
  await t.see(empty, s => s.items.some(i => i.kind === 'hint' && i.label.includes('No visits yet')), 'what comes next');
});
