// The integrity audit in the brand console, timed (bench/audit_bench.sh runs it): headless Chromium
// at a desktop size signs in to /console/b_scale with the demo passphrase, opens the Audit tab and
// waits until every shop of b_scale was checked (fetched 6 at a time, verified in wasm against the
// platform root); then "Check again" for a second run with the store's answers cached. Prints one
// JSON line: shops, shops per second for each run, time, and the load average before and after.
//
//   node tests/browser/bench_audit.js --url http://127.0.0.1:PORT
'use strict';
const fs = require('fs');
const H = require('./harness');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function main() {
  const url = arg('--url');
  if (!url) throw new Error('usage: node tests/browser/bench_audit.js --url URL');
  const browser = await H.launchBrowser();
  const t = new H.TestContext(browser, { url });
  const out = { runs: [] };
  try {
    const page = await t.page({ desktop: true, phone: false });
    await t.open(page, '/console/b_scale/audit');
    await t.waitFor(page, s => s.console.key === 'missing' || s.console.key === 'ready', 'sign-in', 60000);
    if ((await t.state(page)).console.key !== 'ready') {
      await H.focusField(t, page, 'Brand passphrase');
      await page.keyboard.insertText('demo-b_scale-2026');
      await t.tap(page, 'Sign in', 'button');
    }
    for (const run of ['first', 'again']) {
      const before = load();
      if (run === 'again') {
        await t.waitFor(page, s => s.items.some(i => i.kind === 'button' && i.id === 'Check again'), 'the button', 10000);
        await t.tap(page, 'Check again', 'button');
        await t.waitFor(page, s => s.console.audit.status === 'loading', 'checking again', 10000);
      }
      const st = await t.waitFor(page, s => s.console.audit.status === 'ready' && s.items.some(i => i.kind === 'audit-verdict'),
                                 `every shop checked (${run})`, 600000);
      const a = st.console.audit;
      const r = { run, shops: a.total, ok: a.counts.ok, refused: a.refused, unchecked: a.unchecked,
                  seconds: Number((a.elapsed_ms / 1000).toFixed(2)), shops_per_s: Number(a.shops_per_s.toFixed(1)),
                  releases_opened: a.releases_opened, verify_ms_per_shop: Number((a.work_ms / Math.max(1, a.total)).toFixed(1)),
                  mb: Number((a.bytes / 1e6).toFixed(1)), load_before: before, load_after: load() };
      out.runs.push(r);
      console.error(`[audit] console, ${run} run: ${r.shops_per_s} shops/s (${r.shops} shops, ${r.ok} ok, ${r.refused} refused, ` +
                    `${r.unchecked} unchecked, ${r.seconds} s; ${r.mb} MB of answers; verifying ${r.verify_ms_per_shop} ms a shop in wasm, ` +
                    `the release opened ${r.releases_opened}x) | load average ${before} -> ${r.load_after}`);
    }
    await t.screenshot(page, 'bench-audit-scale-desktop');
  } finally {
    await browser.close().catch(() => {});
  }
  console.log(JSON.stringify(out));
}

main().catch(e => { console.error(e); process.exit(1); });
