// Runs tests/browser/test_*.js (or the files named on the command line) and ends with one line:
// "browser: N passed, M failed". Exit code 1 if anything failed.
'use strict';
const fs = require('fs');
const path = require('path');
const { startServer, launchBrowser, TestContext, runExitHooks, resetFailures } = require('./harness');

async function main() {
  const dir = __dirname;
  const filter = process.env.BROWSER_TEST_FILTER || '';
  const files = process.argv.slice(2).length ? process.argv.slice(2)
    : fs.readdirSync(dir).filter(f => /^test_.*\.js$/.test(f)).sort().map(f => path.join(dir, f));
  let passed = 0, failed = 0;
  resetFailures();
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    for (const file of files) {
      const tests = require(path.resolve(file));
      for (const test of tests) {
        if (filter && !test.name.includes(filter)) continue;
        const t = new TestContext(browser, server);
        const start = Date.now();
        try {
          await Promise.race([
            test.run(t),
            new Promise((_, rej) => setTimeout(() => rej(new Error('test timed out after 90 s')), 90000)),
          ]);
          passed++;
          console.log(`  ok    ${path.basename(file)} :: ${test.name} (${Date.now() - start} ms)`);
        } catch (e) {
          failed++;
          console.log(`  FAIL  ${path.basename(file)} :: ${test.name}\n        ${String(e && e.stack || e).split('\n').slice(0, 6).join('\n        ')}`);
          const files = await t.saveFailure(`${path.basename(file, '.js')}-${test.name}`, e).catch(() => []);
          if (files.length) console.log(`        screenshots and state: ${path.dirname(files[0])}`);
        } finally {
          await t.close();
        }
      }
    }
  } finally {
    await runExitHooks();
    await browser.close().catch(() => {});
    await server.stop().catch(() => {});
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch(e => { console.error(e); console.log('browser: 0 passed, 1 failed'); process.exit(1); });
