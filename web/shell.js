// Page shell: checks the browser can run the app, starts the first requests while the wasm
// downloads, shows progress, and explains in plain words when something is missing or fails.
(function () {
  'use strict';
  var boot = window.dynshopBoot || {};
  var fill = document.getElementById('progress-fill');
  var label = document.getElementById('progress-label');
  var started = performance.now();
  var wasmShare = 0.7;  // of the bar: the app download; the rest is data the app loads itself

  function problem(title, text) {
    document.getElementById('problem-title').textContent = title;
    document.getElementById('problem-text').textContent = text;
    document.getElementById('problem').hidden = false;
    document.getElementById('loading').style.display = 'none';
  }
  function progress(fraction, text) {
    fill.style.width = Math.max(2, Math.min(100, fraction * 100)) + '%';
    if (text) label.textContent = text;
  }

  // The canvas's drawing buffer at the window's size (device pixels, at most 3 per CSS pixel), set
  // before its WebGL context is made so the app's start does not make the buffer again.
  function sizeCanvas() {
    var c = document.getElementById('canvas'), dpr = Math.min(window.devicePixelRatio || 1, 3);
    var w = window.innerWidth, h = window.innerHeight, pw = Math.round(w * dpr), ph = Math.round(h * dpr);
    if (c.width !== pw || c.height !== ph) { c.width = pw; c.height = ph; }
    c.style.width = w + 'px'; c.style.height = h + 'px';
    return [w, h];
  }

  window.dynshopShell = {
    sizeCanvas: sizeCanvas,
    progress: function (f, text) { progress(wasmShare + (1 - wasmShare) * f, text); },
    firstFrame: function () {
      if (document.body.classList.contains('app-ready')) return;
      progress(1);
      document.body.classList.add('app-ready');
      window.dynshopTimings = window.dynshopTimings || {};
      window.dynshopTimings.firstFrame = performance.now();
      window.dynshopTimings.shellStart = started;
    },
    problem: problem
  };

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    return problem('This browser cannot open the shop',
      'The shop needs WebAssembly, which this browser does not have or has turned off. Open the link in a current Chrome, Safari, Firefox or Edge.');
  }
  // The app's own canvas, with the attributes the app asks for (src/platform/web.cpp): the app is
  // handed this same context, so the check costs no second one. Made after the first paint (a
  // context is slow to make on a phone without a GPU driver).
  function hasWebGL2() {
    try {
      sizeCanvas();
      return !!document.getElementById('canvas').getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false,
                                                                          premultipliedAlpha: false, preserveDrawingBuffer: false });
    } catch (e) { return false; }
  }

  // On a phone network the first paint's pictures (the shop's banner, the product) come first: they
  // are what people see while the app downloads, so the app and its data start once they are in
  // (or after 2.5 s at most), not beside them. The full app (editor, console) starts at once.
  // Either way the page paints first: the app's work starts in a task after the next frame, so
  // the browser shows the HTML (and, on a consumer's page, its pictures) before any of it.
  function afterFirstPaint(go) {
    var painted = function () { requestAnimationFrame(function () { setTimeout(go, 0); }); };
    var imgs = Array.prototype.slice.call(document.querySelectorAll('#summary img[fetchpriority=high]'))
      .filter(function (i) { return !i.complete; });
    if (boot.app !== 'shop' || !imgs.length) return painted();
    var left = imgs.length, started = false;
    function start() { if (!started) { started = true; painted(); } }
    imgs.forEach(function (i) {
      var one = function () { if (--left === 0) start(); };
      i.addEventListener('load', one);
      i.addEventListener('error', one);
    });
    setTimeout(start, 2500);
  }

  function fetchWasm(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error('The app could not be downloaded (HTTP ' + r.status + ').');
      var total = +r.headers.get('Content-Length') || boot.wasmBytes || 0;
      if (!r.body || !total) return r.arrayBuffer();
      var reader = r.body.getReader(), got = 0, chunks = [];
      function pump() {
        return reader.read().then(function (res) {
          if (res.done) {
            var out = new Uint8Array(got), off = 0;
            chunks.forEach(function (c) { out.set(c, off); off += c.length; });
            return out.buffer;
          }
          chunks.push(res.value); got += res.value.length;
          progress(wasmShare * Math.min(1, got / total), 'Loading the shop… ' + Math.round(100 * Math.min(1, got / total)) + '%');
          return pump();
        });
      }
      return pump();
    });
  }

  // Which build of the app this page runs (serve.py says): the consumer's shop, or the full app
  // with the distributor's editor and the brand's console.
  var build = boot.app === 'shop' ? 'shop' : 'app';
  window.dynshopPrefetch = {};
  var script = document.createElement('script');
  script.src = '/' + build + '.js';
  script.onerror = function () {
    problem('The shop could not load', 'Check your connection and try again. If it keeps failing, the shop may be updating.');
  };
  var wasm = null;  // fetched beside the app's script, not after it
  script.onload = function () {
    window.createDynshop({
      instantiateWasm: function (imports, done) {
        wasm.then(function (bytes) { return WebAssembly.instantiate(bytes, imports); })
          .then(function (res) { done(res.instance, res.module); })
          .catch(function (e) {
            problem('The shop could not load', (e && e.message) || 'The app failed to start. Check your connection and try again.');
          });
        return {};
      },
      onAbort: function (what) {
        problem('Something went wrong', 'The shop stopped unexpectedly. Reloading usually fixes it. (' + what + ')');
      },
      print: function (t) { console.log(t); },
      printErr: function (t) { console.warn(t); }
    }).catch(function (e) { problem('The shop could not load', String(e && e.message || e)); });
  };
  afterFirstPaint(function () {
    if (!hasWebGL2()) {
      return problem('This browser cannot draw the shop',
        'The shop needs WebGL 2, which this browser or device does not provide (it may be turned off). Try a current Chrome, Safari, Firefox or Edge, or another device.');
    }
    // The data requests start with the app's download; the app picks them up instead of asking again.
    wasm = fetchWasm('/' + build + '.wasm');
    wasm.catch(function () {});  // reported by instantiateWasm, once the script is in
    (boot.prefetch || []).forEach(function (url) { window.dynshopPrefetch[url] = fetch(url); });
    document.body.appendChild(script);
  });
  window.addEventListener('error', function (e) {
    if (String(e.message || '').indexOf('RuntimeError') >= 0) problem('Something went wrong', 'The shop stopped unexpectedly. Reloading usually fixes it.');
  });
})();
