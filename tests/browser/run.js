// Runs tests/browser/test_*.js (or the files named on the command line) and ends with one line:
// "browser: N passed, M failed". Exit code 1 if anything failed.
//
// Index
//   [SECTION] Lanes: whole files spread over BROWSER_JOBS child processes (default 2), each with its
//             own serve.py and Chromium; their results gathered into one report
//   [SECTION] One lane: the files run in order against one store and one browser
//
// Why lanes: most of a browser test is waiting (a poll, a debounce, a store answer), so two lanes on
// two cores finish the suite in a little over half the time. A file stays whole in one lane: the
// tests of a file may build on each other (test_editor's paths share a page and a store). Lanes
// never share a store, so no test can see another lane's orders. BROWSER_JOBS=1 runs everything in
// this process, as before.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { startServer, launchBrowser, TestContext, runExitHooks, resetFailures, BUILD } = require('./harness');

const MARK = '@@browser-test ';  // a lane's line reporting one test's result (JSON follows)
const TIMES = path.join(BUILD, 'test-logs', 'browser-times.json');

function testFiles() {
  const args = process.argv.slice(2);
  if (args.length) return args.map(f => path.resolve(f));
  return fs.readdirSync(__dirname).filter(f => /^test_.*\.js$/.test(f)).sort().map(f => path.join(__dirname, f));
}

function selected(file) {
  const filter = process.env.BROWSER_TEST_FILTER || '';
  return require(file).filter(t => !filter || t.name.includes(filter));
}

// [SECTION] Lanes --------------------------------------------------------------------------------

// Longest first onto the least loaded lane, by each file's time in the last run (its size when it
// has none: a stand-in that keeps big files apart).
function plan(files, jobs) {
  let times = {};
  try { times = JSON.parse(fs.readFileSync(TIMES, 'utf8')); } catch (e) { /* first run */ }
  const estimate = f => times[path.basename(f)] || fs.statSync(f).size / 50;  // ~50 bytes of test a ms
  const lanes = Array.from({ length: jobs }, () => ({ files: [], ms: 0 }));
  for (const f of [...files].sort((a, b) => estimate(b) - estimate(a))) {
    const lane = lanes.reduce((a, b) => (b.ms < a.ms ? b : a));
    lane.files.push(f);
    lane.ms += estimate(f);
  }
  return lanes.filter(l => l.files.length);
}

async function runLanes(allFiles, jobs) {
  resetFailures();
  const expected = new Map(allFiles.map(f => [f, selected(f).map(t => t.name)]));
  const files = allFiles.filter(f => expected.get(f).length);  // a filter can leave a file nothing to run
  const lanes = plan(files, jobs);
  const reported = new Map(files.map(f => [f, new Set()]));
  const fileMs = {};
  let passed = 0, failed = 0;
  const t0 = Date.now();
  console.log(`browser: ${lanes.length} lanes: ` + lanes.map((l, i) => `${i + 1}: ${l.files.map(f => path.basename(f, '.js')).join(' ')}`).join('; '));
  await Promise.all(lanes.map((lane, i) => new Promise(resolve => {
    const child = spawn(process.execPath, [__filename, ...lane.files], {
      env: { ...process.env, BROWSER_LANE: String(i + 1) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A test's lines are held until its result arrives, so that lanes never interleave one test's report.
    let pending = [], partial = '';
    child.stdout.on('data', d => {
      const lines = (partial + d).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        if (!line.startsWith(MARK)) { pending.push(line); continue; }
        const r = JSON.parse(line.slice(MARK.length));
        if (r.ok) passed++; else failed++;
        reported.get(r.file).add(r.test);
        fileMs[path.basename(r.file)] = (fileMs[path.basename(r.file)] || 0) + r.ms;
        if (pending.length) console.log(pending.join('\n'));
        pending = [];
      }
    });
    child.stderr.on('data', d => process.stderr.write(String(d).replace(/^(?=.)/gm, `[lane ${i + 1}] `)));
    child.on('exit', (code, signal) => {
      if (partial) pending.push(partial);
      if (pending.length) console.log(pending.join('\n'));
      // A lane that died took its remaining tests with it: each one counts as failed, by name.
      for (const f of lane.files) {
        for (const name of expected.get(f)) {
          if (reported.get(f).has(name)) continue;
          failed++;
          console.log(`  FAIL  ${path.basename(f)} :: ${name}\n        never ran: lane ${i + 1} exited (${signal || 'code ' + code}) before it`);
        }
      }
      resolve();
    });
  })));
  let times = {};
  try { times = JSON.parse(fs.readFileSync(TIMES, 'utf8')); } catch (e) { /* first run */ }
  if (!process.env.BROWSER_TEST_FILTER) {
    fs.mkdirSync(path.dirname(TIMES), { recursive: true });
    fs.writeFileSync(TIMES, JSON.stringify({ ...times, ...fileMs }, null, 1));
  }
  console.log(`browser: ${lanes.length} lanes finished in ${Math.round((Date.now() - t0) / 1000)} s`);
  return { passed, failed };
}

// [SECTION] One lane -----------------------------------------------------------------------------

async function runHere(files) {
  const lane = process.env.BROWSER_LANE;
  let passed = 0, failed = 0;
  if (!lane) resetFailures();  // lanes share the parent's failure folder, which it emptied once
  const report = (file, name, ok, ms) => {
    if (lane) console.log(MARK + JSON.stringify({ file, test: name, ok, ms }));
  };
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    for (const file of files) {
      for (const test of selected(file)) {
        const t = new TestContext(browser, server);
        const start = Date.now();
        let ok = false;
        try {
          await Promise.race([
            test.run(t),
            new Promise((_, rej) => setTimeout(() => rej(new Error('test timed out after 90 s')), 90000)),
          ]);
          ok = true;
          passed++;
          console.log(`  ok    ${path.basename(file)} :: ${test.name} (${Date.now() - start} ms)`);
        } catch (e) {
          failed++;
          console.log(`  FAIL  ${path.basename(file)} :: ${test.name}\n        ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n        ')}`);
          const saved = await t.saveFailure(`${path.basename(file, '.js')}-${test.name}`, e).catch(() => []);
          if (saved.length) console.log(`        screenshots and state: ${path.dirname(saved[0])}`);
        } finally {
          await t.close();
        }
        report(file, test.name, ok, Date.now() - start);
      }
    }
  } finally {
    await runExitHooks();
    await browser.close().catch(() => {});
    await server.stop().catch(() => {});
  }
  return { passed, failed };
}

async function main() {
  const files = testFiles();
  const jobs = Math.max(1, parseInt(process.env.BROWSER_JOBS || '2', 10) || 1);
  const inLane = !!process.env.BROWSER_LANE;
  const { passed, failed } = !inLane && jobs > 1 && files.length > 1 ? await runLanes(files, jobs) : await runHere(files);
  if (!inLane) console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(e => {
  console.error(e);
  if (!process.env.BROWSER_LANE) console.log('browser: 0 passed, 1 failed');
  process.exit(1);
});
