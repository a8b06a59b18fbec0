// Settlement benchmark in headless Chromium (bench/settlement_bench.sh runs it): the brand console
// over the 1,000,000-order / 20,000-distributor scale ledger served by the store.
//
//   node tests/browser/bench_settlement.js --data DIR --seed build/scale --out FILE.json
//
// DIR: a store holding the scale seed and the scale ledger (bench/settlement_load.py load); it is
// copied, so the batch made here does not stay in it. Measured, with the load average:
//   open     signing in is done first; then from opening the Settlement tab to the balances drawn:
//            the store's answer (the compact ledger, gzip), decoding it and balancing it in wasm.
//            "cold": the store builds its in-memory ledger on this first request; "warm": a reload.
//   batch    the first payout batch as of the ledger's last day, made by the core in the browser;
//            then signed, sent, recomputed by serve.py and stored (create); the CSV made (csv)
//   sql      the same batch by one SQL query in SQLite (bench/settlement_load.py sql), same run: the
//            ratio to the core's time, and the lines and total compared (they must be equal)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const H = require('./harness');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  const source = arg('--data');
  const seed = arg('--seed', path.join(H.BUILD, 'scale'));
  const out = arg('--out', path.join(H.BUILD, 'bench', 'settlement_web.json'));
  const ledgerMeta = JSON.parse(fs.readFileSync(path.join(seed, 'ledger', 'ledger.json'), 'utf8'));
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'dynshop-settle-'));
  execFileSync('cp', ['-r', source + '/.', data]);
  const server = await H.startServer({ data, seed, keepData: false });
  const browser = await H.launchBrowser();
  const t = new H.TestContext(browser, server);
  const load = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const figures = { orders: 0, payees: 0, load_start: load() };
  try {
    const page = await t.page({ desktop: true, phone: false });
    await t.open(page, '/console/b_scale');
    await t.waitFor(page, s => s.console.key === 'missing', 'sign-in', 30000);
    await H.focusField(t, page, 'Brand passphrase');
    await page.keyboard.insertText('demo-b_scale-2026');
    await t.tap(page, 'Sign in', 'button');
    await t.waitFor(page, s => s.console.key === 'ready', 'signed in', 60000);

    for (const run of ['cold', 'warm']) {
      if (run === 'warm') {
        await page.reload();
        await t.waitReady(page);
        await t.waitFor(page, s => s.console.key === 'ready', 'signed in again', 60000);
      }
      await t.tap(page, 'Settlement', 'tab');
      const st = await t.waitFor(page, s => s.console.settlement.status === 'ready' && s.console.settlement.timings.drawn_ms > 0,
                                 `balances drawn (${run})`, 180000);
      const tm = st.console.settlement.timings;
      figures[run] = { open_to_drawn_ms: Math.round(tm.drawn_ms), fetch_ms: Math.round(tm.fetch_ms), decode_ms: Math.round(tm.decode_ms),
                       balances_ms: Math.round(tm.balances_ms), ledger_bytes: tm.ledger_bytes };
      figures.orders = st.console.settlement.orders;
      figures.payees = st.console.settlement.payees;
      console.error(`[settle] ${run}: opened -> balances drawn ${tm.drawn_ms.toFixed(0)} ms (transfer ${tm.fetch_ms.toFixed(0)} ms ` +
                    `incl. the store's answer, decode ${tm.decode_ms.toFixed(0)} ms, balances ${tm.balances_ms.toFixed(0)} ms; ` +
                    `ledger ${(tm.ledger_bytes / 1e6).toFixed(1)} MB decoded) for ${figures.orders} orders, ${figures.payees} payees; load ${load()}`);
      if (run === 'cold') await t.tap(page, 'Preview', 'tab');
    }
    // The first batch, as of the ledger's last day.
    const cutoffDay = new Date(ledgerMeta.end_ms).toISOString().slice(0, 10);
    await H.typeInto(t, page, 'Cutoff date', cutoffDay);
    const t0 = Date.now();
    await H.tapIn(t, page, 'Prepare the batch', 'button');
    let st = await t.waitFor(page, s => s.console.settlement.proposed !== null, 'the proposed batch', 60000);
    const proposed = st.console.settlement.proposed;
    figures.batch = { core_ms: Number(st.console.settlement.timings.batch_ms.toFixed(1)), lines: proposed.lines, total: proposed.total,
                      held_back: proposed.held_back, tap_to_dialog_ms: Date.now() - t0 };
    await t.tap(page, 'Create the batch', 'button');
    st = await t.waitFor(page, s => s.console.settlement.timings.create_ms > 0 && s.path.includes('/settlement/pb_'), 'stored', 120000);
    figures.batch.create_ms = Math.round(st.console.settlement.timings.create_ms);
    await t.waitFor(page, s => s.items.some(i => i.kind === 'batch-line'), 'the batch page', 60000);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), t.tap(page, 'Download CSV', 'button')]);
    const csvFile = path.join(os.tmpdir(), 'bench-settle.csv');
    await download.saveAs(csvFile);
    st = await t.waitFor(page, s => s.console.settlement.timings.csv_ms > 0, 'csv timed');
    figures.batch.csv_ms = Number(st.console.settlement.timings.csv_ms.toFixed(1));
    figures.batch.csv_bytes = fs.statSync(csvFile).size;
    console.error(`[settle] batch as of ${cutoffDay}: ${proposed.lines} lines, total ${proposed.total} (minor units), ${proposed.held_back} held back; ` +
                  `core ${figures.batch.core_ms} ms; signed + sent + recomputed by serve.py + stored ${figures.batch.create_ms} ms; ` +
                  `CSV ${figures.batch.csv_ms} ms (${(figures.batch.csv_bytes / 1e6).toFixed(2)} MB); load ${load()}`);
  } finally {
    await browser.close().catch(() => {});
    await server.stop().catch(() => {});
    fs.rmSync(data, { recursive: true, force: true });
  }
  // The same batch by one SQL query, on the prepared store (no batch in it yet), same run.
  const cutoffMs = Date.parse(new Date(ledgerMeta.end_ms).toISOString().slice(0, 10) + 'T00:00:00Z');
  const sql = JSON.parse(execFileSync('/usr/bin/python3', [path.join(H.ROOT, 'bench', 'settlement_load.py'), 'sql', source,
                                                            String(cutoffMs), String(ledgerMeta.min_payout)]).toString());
  figures.sql = { ms: sql.ms, runs_ms: sql.runs_ms, lines: sql.lines, total: sql.total };
  figures.ratio_sql_to_core = Number((sql.ms / figures.batch.core_ms).toFixed(1));
  figures.same_batch = sql.lines === figures.batch.lines && sql.total === figures.batch.total;
  figures.load_end = load();
  console.error(`[settle] one SQL query in SQLite: ${sql.ms} ms (median of 3) for ${sql.lines} lines, total ${sql.total}; ` +
                `the core is ${figures.ratio_sql_to_core}x faster; same batch: ${figures.same_batch}; load ${figures.load_end}`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(figures, null, 1));
  console.log(JSON.stringify(figures));
  if (!figures.same_batch) process.exit(1);
}

main().catch(e => { console.error(e); process.exit(1); });
