// The distributor's insight: their team's QR scans in the Team tab (per day, per member with the
// campaigns scanned and the last scan, who has had no scan for N days) and, on the dashboard, how far
// their own links travelled (visits by hop, the furthest hop, orders from re-shares and first
// shares). Every number is checked against the store's own tables (SQLite), counted another way.
//
// Lily (lily-tea, 花溪茶园 level 1) has a downline: chen-tea-corner and ahmei (her recruits) and
// xiaoyu-tea (chen's); the store's team tree says who.
'use strict';
const { demoHistory, reveal, tapIn, sqlRows } = require('./harness');

module.exports = [];
const test = (name, run) => module.exports.push({ name, run });

const DAY = 86400000;
const PASS = slug => `demo-${slug}-2026`;

async function signIn(t, page, slug, base) {
  await t.open(page, `/d/${slug}`, base);
  await t.waitFor(page, s => s.editor.key === 'missing' || s.editor.key === 'ready', 'sign-in page');
  const st = await t.drawn(page);
  if (st.editor.key === 'missing') {
    await reveal(t, page, 'Passphrase', 'field');
    await t.tap(page, 'Passphrase', 'field');
    await page.waitForFunction(() => document.activeElement && (document.activeElement.id === 'ime' || document.activeElement.classList.contains('sem-f')), null, { timeout: 5000 });
    await page.keyboard.insertText(PASS(slug));
    await t.tap(page, 'Sign in', 'button');
  }
  return t.waitFor(page, s => s.editor.key === 'ready' && s.editor.page === 'edit', 'signed in', 30000);
}

async function openTeam(t, page) {
  await t.tap(page, '团队', 'tab');
  return t.waitFor(page, s => s.editor.page === 'team' && s.editor.insight.ready && s.editor.team.status === 'ready' &&
                              s.editor.insight.members.length > 0, 'the team\'s scans', 30000);
}

// The store's view of a distributor's team: everyone below them in the enrollments, brand by brand.
function downlineOf(server, distributor) {
  return sqlRows(server, `WITH RECURSIVE team(brand, d) AS (SELECT brand, distributor FROM enrollments WHERE distributor = '${distributor}' ` +
                         `UNION SELECT e.brand, e.distributor FROM enrollments e JOIN team t ON e.brand = t.brand AND e.parent = t.d) ` +
                         `SELECT DISTINCT d FROM team WHERE d != '${distributor}'`).map(r => r[0]).sort();
}

// QR scans (visits from a printed code) of one shop's distributor since `from`, with the campaigns.
function scansOf(server, distributor, from) {
  const where = `type = 'visit' AND channel = 'qr' AND distributor = '${distributor}'`;
  const [[n]] = sqlRows(server, `SELECT COUNT(DISTINCT id) FROM events WHERE ${where} AND at_ms >= ${from}`);
  const [[last]] = sqlRows(server, `SELECT COALESCE(MAX(at_ms), 0) FROM events WHERE ${where}`);
  const campaigns = Object.fromEntries(sqlRows(server, `SELECT campaign, COUNT(DISTINCT id) FROM events WHERE ${where} AND at_ms >= ${from} GROUP BY campaign`));
  return { n, last, campaigns };
}

// Who in the downline has had no QR scan since `since`: never scanned first, then the longest quiet.
function quietOf(server, downline, since) {
  const last = d => scansOf(server, d, 0).last;
  return downline.filter(d => last(d) < since).sort((a, b) => last(a) - last(b) || 0);
}

// How far a distributor's shared links travelled (the store's events and orders, shared only: QR
// code, chat share, copied link), per campaign ('' for the shop link) and all together.
function reachOf(server, distributor) {
  const out = {};
  const at = c => out[c] || (out[c] = { visits: 0, by_hop: [0, 0, 0, 0], furthest: 0, first_share: 0, reshared: 0 });
  for (const [c, hop, n, mx] of sqlRows(server, `SELECT campaign, MIN(hop, 3), COUNT(DISTINCT id), MAX(hop) FROM events WHERE distributor = '${distributor}' ` +
                                                `AND type = 'visit' AND channel != 'direct' GROUP BY campaign, MIN(hop, 3)`)) {
    for (const r of [at(c), at('*')]) { r.visits += n; r.by_hop[hop] += n; r.furthest = Math.max(r.furthest, mx); }
  }
  for (const [c, hop, n] of sqlRows(server, `SELECT json_extract(record, '$.last_touch.campaign'), json_extract(record, '$.last_touch.hop'), COUNT(*) ` +
                                            `FROM orders WHERE shop_distributor = '${distributor}' AND json_extract(record, '$.last_touch.channel') != 'direct' ` +
                                            `GROUP BY 1, 2`)) {
    for (const r of [at(c || ''), at('*')]) { if (hop > 0) r.reshared += n; else r.first_share += n; }
  }
  return out;
}
const reachKey = r => JSON.stringify([r.visits, r.by_hop, r.furthest, r.first_share, r.reshared]);

test('team tab: the downline\'s QR scans per day, per member with campaigns and last scan, and who has had none for N days, as the store counts them', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'lily-tea', server.url);
  let st = await openTeam(t, page);
  let ins = st.editor.insight;
  const downline = downlineOf(server, 'd_lily');
  t.assert(downline.length >= 3, 'Lily has a downline in the store: ' + downline.join(', '));
  t.equal(JSON.stringify(ins.members.map(m => m.id).slice(1).sort()), JSON.stringify(downline), 'every member of her downline is listed');
  t.equal(ins.members[0].id, 'd_lily', 'she comes first');
  t.equal(ins.range_days, 30, 'the last 30 days at first');
  t.equal(ins.days.length, 30, 'a point for every day');
  const check = (ins, what) => {
    const from = ins.from_day * DAY;
    let team = 0;
    for (const m of ins.members) {
      const want = scansOf(server, m.id, from);
      team += want.n;
      t.equal(m.scans, want.n, `${m.id}: QR scans in ${what}`);
      t.equal(m.last_scan, want.last, `${m.id}: last scan`);
      const sorted = pairs => JSON.stringify(pairs.slice().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
      t.equal(sorted(m.campaigns), sorted(Object.entries(want.campaigns)), `${m.id}: campaigns scanned in ${what}`);
      t.assert(m.campaigns.every((c, i) => i === 0 || m.campaigns[i - 1][1] >= c[1]), `${m.id}: most scanned first`);
    }
    t.equal(ins.team_scans, team, `the team's QR scans in ${what}`);
    t.equal(ins.days.reduce((s, n) => s + n, 0), team, `the chart's days add up to the team's scans in ${what}`);
    return team;
  };
  const team30 = check(ins, '30 days');
  t.assert(team30 > 20, 'the history has QR scans: ' + team30);
  await t.see(page, s => s.items.some(i => i.kind === 'chart' && i.id === 'team-scans' && i.label.includes(` ${team30},`)), 'the chart says it');
  const xiaoyu = ins.members.find(m => m.id === 'd_xiaoyu');
  const row = await reveal(t, page, 'd_xiaoyu', 'scan-member');
  t.assert(row.label.includes(`${xiaoyu.scans}`) && row.label.includes(new Date(xiaoyu.last_scan).toISOString().slice(0, 10)),
           'her row shows her scans and the day of her last one: ' + row.label);
  // Seven days: fewer, still the store's.
  await tapIn(t, page, '7', 'scan-range');
  st = await t.waitFor(page, s => s.editor.insight.range_days === 7 && s.editor.insight.days.length === 7, 'seven days');
  const team7 = check(st.editor.insight, '7 days');
  t.assert(team7 < team30, `fewer in 7 days (${team7}) than in 30 (${team30})`);
  // One member's days: tap her row.
  await tapIn(t, page, 'd_xiaoyu', 'scan-member');
  st = await t.waitFor(page, s => s.editor.insight.picked === 'd_xiaoyu', 'her days');
  ins = st.editor.insight;
  t.equal(ins.days.reduce((s, n) => s + n, 0), scansOf(server, 'd_xiaoyu', ins.from_day * DAY).n, 'the chart shows her scans alone');
  await t.tap(page, 'Whole team', 'button');
  await t.waitFor(page, s => s.editor.insight.picked === '', 'the whole team again');
  // No scan for N days: 7 at first; each choice the store's list, never-scanned first.
  t.equal(ins.quiet_days, 7, '7 days by default');
  for (const days of [7, 3, 14]) {
    if (days !== 7) await tapIn(t, page, String(days), 'scan-quiet-days');
    st = await t.waitFor(page, s => s.editor.insight.quiet_days === days, `${days} days`);
    const want = quietOf(server, downline, Date.now() - days * DAY);
    t.equal(JSON.stringify(st.editor.insight.quiet), JSON.stringify(want), `no scan in ${days} days`);
    for (const d of want) await t.see(page, s => s.items.some(i => i.kind === 'scan-quiet' && i.id === d), `${d} listed as quiet`);
  }
  await t.screenshot(page, 'editor-team-scans-desktop');
  t.equal(page.__errors.filter(e => !/404/.test(e)).length, 0, 'no page errors: ' + page.__errors.join('; '));
});

test('team tab: a downline that never scanned is listed quiet, never-scanned; a new QR visit to a member\'s shop shows up as her last scan', async t => {
  const server = await t.startServer();  // the demo without history: nobody has scanned yet
  const page = await t.page({ phone: true });
  await signIn(t, page, 'lily-tea', server.url);
  let st = await openTeam(t, page);
  const downline = downlineOf(server, 'd_lily');
  t.equal(JSON.stringify([...st.editor.insight.quiet].sort()), JSON.stringify(downline), 'everyone below her: no scan yet');
  t.assert(st.editor.insight.members.every(m => m.last_scan === 0 && m.scans === 0), 'nobody has a last scan');
  await reveal(t, page, 'd_xiaoyu', 'scan-quiet');
  await t.see(page, s => s.items.some(i => i.kind === 'scan-quiet' && i.id === 'd_xiaoyu' && i.label.includes('还没有扫码')), 'she has no scan yet');
  await t.see(page, s => s.items.some(i => i.kind === 'hint' && i.label.includes('团队的二维码没有人扫过')), 'what to do next');
  await t.screenshot(page, 'editor-team-scans-empty-phone');
  // Someone scans Xiaoyu's street poster.
  const consumer = await t.page({ phone: true });
  await t.open(consumer, '/s/xiaoyu-tea?ch=qr&c=street-poster', server.url);
  await t.waitFor(consumer, s => s.items.some(i => i.kind === 'product'), 'her shop');
  await t.waitFor(consumer, s => s.orders.outbox === 0, 'the visit delivered', 15000);
  const want = scansOf(server, 'd_xiaoyu', 0);
  t.equal(want.n, 1, 'the store has one QR visit of hers');
  // Lily's open team tab picks it up by itself (the activity is polled).
  st = await t.waitFor(page, s => { const m = s.editor.insight.members.find(m => m.id === 'd_xiaoyu'); return m && m.last_scan === want.last; },
                       'her last scan', 30000);
  const m = st.editor.insight.members.find(m => m.id === 'd_xiaoyu');
  t.equal(m.scans, 1, 'one scan');
  t.equal(JSON.stringify(m.campaigns), JSON.stringify([['street-poster', 1]]), 'of her street poster');
  t.assert(!st.editor.insight.quiet.includes('d_xiaoyu'), 'no longer quiet');
  t.equal(JSON.stringify([...st.editor.insight.quiet].sort()), JSON.stringify(downline.filter(d => d !== 'd_xiaoyu')), 'the others still are');
  const day = new Date(want.last).toISOString().slice(0, 10);
  await reveal(t, page, 'd_xiaoyu', 'scan-member');
  await t.see(page, s => s.items.some(i => i.kind === 'scan-member' && i.id === 'd_xiaoyu' && i.label.includes(day) && i.label.includes('street-poster')),
              'her row: the day of the scan and the poster');
  await t.screenshot(page, 'editor-team-scans-phone');
});

test('dashboard: how far Lily\'s links travelled, per campaign and link, as the store\'s events and orders say; a re-share adds a hop', async t => {
  const server = await t.startServer({ importActivity: demoHistory() });
  const page = await t.page({ desktop: true, phone: false });
  await signIn(t, page, 'lily-tea', server.url);
  await t.tap(page, '数据', 'tab');
  let st = await t.waitFor(page, s => s.editor.page === 'dash' && s.editor.insight.ready && s.editor.insight.reach.total.visits > 0, 'her reach', 30000);
  let want = reachOf(server, 'd_lily');
  let r = st.editor.insight.reach;
  t.equal(reachKey(r.total), reachKey(want['*']), 'all her links: visits by hop, furthest, orders from first shares and re-shares');
  t.assert(r.total.by_hop[1] + r.total.by_hop[2] + r.total.by_hop[3] > 0 && r.total.reshared > 0, 'her links were passed on, and sold: ' + JSON.stringify(r.total));
  t.equal(r.campaigns.length, Object.keys(want).length - 1, 'every campaign she shared');
  for (const c of r.campaigns) t.equal(reachKey(c), reachKey(want[c.campaign]), `campaign "${c.campaign}"`);
  t.assert(r.links.length >= r.campaigns.length, 'a link per campaign and channel');
  // The per-link rows add up to the campaign's (counted here, from the app's own rows).
  for (const c of r.campaigns) {
    const links = r.links.filter(l => l.campaign === c.campaign);
    t.equal(links.reduce((s, l) => s + l.visits, 0), c.visits, `the links of "${c.campaign}" add up`);
  }
  await reveal(t, page, '', 'reach-total', { x: 300, y: 400 });
  await t.see(page, s => s.items.some(i => i.kind === 'reach-total' && i.label.includes(`${want['*'].visits.toLocaleString('en-US')}`)), 'the total on screen');
  await t.screenshot(page, 'editor-dash-reach-desktop');
  // Someone re-shares her spring-tea chat link twice over: the third person opens it at hop 2.
  const before = r.campaigns.find(c => c.campaign === 'spring-tea');
  const consumer = await t.page({ phone: true });
  await t.open(consumer, '/s/lily-tea?ch=share&c=spring-tea&h=2', server.url);
  await t.waitFor(consumer, s => s.items.some(i => i.kind === 'product'), 'her shop');
  await t.waitFor(consumer, s => s.orders.outbox === 0, 'the visit delivered', 15000);
  await tapIn(t, page, 'Refresh', 'button');
  st = await t.waitFor(page, s => { const c = s.editor.insight.reach.campaigns.find(c => c.campaign === 'spring-tea');
                                    return c && c.by_hop[2] === before.by_hop[2] + 1; }, 'the re-shared visit', 20000);
  want = reachOf(server, 'd_lily');
  r = st.editor.insight.reach;
  t.equal(reachKey(r.campaigns.find(c => c.campaign === 'spring-tea')), reachKey(want['spring-tea']), 'spring-tea after the re-share');
  t.equal(reachKey(r.total), reachKey(want['*']), 'all her links after the re-share');
});

test('a distributor who has shared nothing and has nobody below her is told how to start, on the dashboard and the team tab', async t => {
  // Fresh demo: Xiaoyu (level 3, nobody below her) has shared nothing.
  const fresh = await t.startServer();
  const page = await t.page({ phone: true });
  await signIn(t, page, 'xiaoyu-tea', fresh.url);
  await t.tap(page, '数据', 'tab');
  let st = await t.waitFor(page, s => s.editor.page === 'dash' && s.editor.insight.ready, 'her dashboard', 30000);
  t.equal(st.editor.insight.reach.total.visits, 0, 'nothing of hers travelled');
  await reveal(t, page, 'Share your shop', 'button');
  await t.see(page, s => s.items.some(i => i.kind === 'hint' && i.label.includes('还没有人打开过你分享的链接')), 'how to start');
  await t.screenshot(page, 'editor-dash-reach-empty-phone');
  await t.tap(page, 'Share your shop', 'button');
  await t.waitFor(page, s => s.editor.page === 'share', 'the share kit');
  await t.tap(page, '团队', 'tab');
  st = await t.waitFor(page, s => s.editor.page === 'team' && s.editor.insight.ready, 'her team tab', 30000);
  t.equal(JSON.stringify(st.editor.insight.quiet), '[]', 'no quiet list without a downline');
  t.equal(st.editor.insight.members.length, 1, 'only herself');
  await reveal(t, page, '你的名下还没有成员', 'hint');
  await t.screenshot(page, 'editor-team-empty-phone');
});

// Screenshots to look at: Lily with the demo's history, each page on its own (a phone scrolls far).
for (const [size, part] of [['phone', 'team'], ['phone', 'dash'], ['desktop', 'team'], ['desktop', 'dash']]) {
  const phone = size === 'phone';
  test(`Lily's ${part === 'team' ? 'team scans' : 'reach'} on a ${size} (screenshots to look at)`, async t => {
    const server = await t.startServer({ importActivity: demoHistory() });
    const p = await t.page({ phone, desktop: !phone });
    await signIn(t, p, 'lily-tea', server.url);
    if (part === 'team') {
      await openTeam(t, p);
      await reveal(t, p, 'team-scans', 'chart');
      await t.screenshot(p, `editor-team-insight-${size}`);
      await reveal(t, p, 'd_chen', 'scan-member');
      await t.see(p, s => s.items.some(i => i.kind === 'scan-member' && i.id === 'd_chen' && /\d{4}-\d{2}-\d{2}/.test(i.label)), 'his last scan');
      await t.screenshot(p, `editor-team-insight-members-${size}`);
    } else {
      await t.tap(p, '数据', 'tab');
      await t.waitFor(p, s => s.editor.page === 'dash' && s.editor.insight.ready && s.editor.insight.reach.total.visits > 0, 'the dashboard', 30000);
      await reveal(t, p, '', 'reach-total');
      await t.screenshot(p, `editor-dash-reach-${size}`);
      if (phone) return;  // a phone scrolls a long way down to the links: the desktop shows them
      await reveal(t, p, '', 'reach-link');
      await t.see(p, s => s.items.some(i => i.kind === 'reach-link' && i.id.includes('/')), 'a link row');
      await t.screenshot(p, `editor-dash-reach-links-${size}`);
    }
  });
}
