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
  // before its WebGL context is made so the app's start does not make the buffer again. Once the
  // canvas is handed to the graphics' worker, the worker sizes the buffer (to each frame's size).
  var handedOver = false;
  function sizeCanvas() {
    var c = document.getElementById('canvas'), dpr = Math.min(window.devicePixelRatio || 1, 3);
    var w = window.innerWidth, h = window.innerHeight, pw = Math.round(w * dpr), ph = Math.round(h * dpr);
    if (!handedOver && (c.width !== pw || c.height !== ph)) { c.width = pw; c.height = ph; }
    c.style.width = w + 'px'; c.style.height = h + 'px';
    return [w, h];
  }

  // The graphics (web/render.js) draw what the app's renderer sends (platform.h, Graphics). They
  // start here, while the app downloads, in a worker the canvas is handed to: making the WebGL
  // context (hundreds of ms of a phone without a GPU driver) and drawing then keep off the main
  // thread. Where the browser cannot (no OffscreenCanvas, or no WebGL2 in a worker) they run on the
  // page. state: 0 starting, 1 ready (context made, shaders linked), 2 failed.
  var graphics = window.dynshopGraphics = {
    mode: '', state: 0, sent: 0, drawn: 0, waiting: [], buffer: [0, 0],
    submit: function () {},
    pending: function () { return graphics.drawn < graphics.sent; },
    // Runs `fn` once everything sent so far is on the canvas (the shell's first paint fades then).
    afterDrawn: function (fn) {
      if (!graphics.pending()) fn(); else graphics.waiting.push([graphics.sent, fn]);
    },
    report: function (m) {
      if ('shaders' in m) graphics.state = m.shaders ? 1 : 2;
      if (m.problem) console.warn('graphics: ' + m.problem);  // (a frame not drawn; the next ones are)
      if ('done' in m) {
        graphics.drawn = m.done;
        graphics.buffer = [m.width, m.height];  // the canvas's drawing buffer, device pixels
        var due = graphics.waiting.filter(function (w) { return w[0] <= m.done; });
        graphics.waiting = graphics.waiting.filter(function (w) { return w[0] > m.done; });
        due.forEach(function (w) { w[1](); });
      }
    }
  };
  function startGraphics(ready) {  // ready(true): the app may start drawing; ready(false): it cannot
    var c = document.getElementById('canvas');
    sizeCanvas();
    if (typeof Worker === 'function' && typeof OffscreenCanvas === 'function' && c.transferControlToOffscreen) {
      var worker = null, answered = false;
      var onPageInstead = function () {  // a fresh canvas: the old one belongs to the worker
        if (answered) return;
        answered = true;
        if (worker) worker.terminate();
        var fresh = c.cloneNode(false);
        c.parentNode.replaceChild(fresh, c);
        handedOver = false;
        sizeCanvas();
        onPage(fresh, ready);
      };
      try {
        worker = new Worker('/render.js');
        var off = c.transferControlToOffscreen();
        handedOver = true;
        worker.onmessage = function (e) {
          var m = e.data;
          if ('context' in m) {
            if (!m.context) return onPageInstead();
            answered = true;
            graphics.mode = 'worker';
            ready(true);
          }
          graphics.report(m);
          if ('done' in m) graphics.sendHeld();
        };
        worker.onerror = function (e) { if (!answered) { e.preventDefault(); onPageInstead(); } };
        // Frames never pile up behind the worker (a slow GPU, the editor's two live previews): while
        // it draws one, what the app sends next waits here, and goes as one batch once it is done,
        // of which the worker draws only the last frame on the canvas (the ones before it would be
        // covered before anyone saw them; their textures and previews are still made).
        var held = [], inFlight = false;
        var send = function () {
          if (inFlight || !held.length) return;
          var batch = held;
          held = [];
          inFlight = true;
          var transfer = [];
          batch.forEach(function (b) {
            transfer.push(b.stream);
            for (var k in b.pictures) transfer.push(b.pictures[k]);
          });
          worker.postMessage({ batch: batch, seq: batch[batch.length - 1].seq }, transfer);
        };
        graphics.submit = function (bytes, pictures) {
          held.push({ stream: bytes.slice().buffer, pictures: pictures, seq: ++graphics.sent });
          send();
        };
        graphics.sendHeld = function () { inFlight = false; send(); };
        worker.postMessage({ canvas: off }, [off]);
        return;
      } catch (e) {
        if (handedOver) return onPageInstead();
      }
    }
    onPage(c, ready);
  }
  function onPage(c, ready) {
    var s = document.createElement('script');
    s.src = '/render.js';
    s.onload = function () {
      if (!window.dynshopRender.start(c)) return ready(false);
      graphics.mode = 'page';
      graphics.submit = function (bytes, pictures) {
        var seq = ++graphics.sent;
        window.dynshopRender.run(bytes, pictures, graphics.report);
        graphics.report({ done: seq, width: c.width, height: c.height });
      };
      ready(true);
    };
    s.onerror = function () { ready(false); };
    document.head.appendChild(s);
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
  // On a phone network the first paint's pictures (the shop's banner, the product) come first: they
  // are what people see while the app downloads, so the app and its data start once they are in
  // (or after 2.5 s at most), not beside them. The full app (editor, console) starts at once.
  // Either way the page paints first: the app's work starts in a task after the next frame, so
  // the browser shows the HTML (and, on a consumer's page, its pictures) before any of it. On a
  // consumer's page, after the browser says the first paint is on the screen (its first contentful
  // paint, and each picture's own paint where the browser reports one: serve.py marks them with
  // elementtiming): a phone's GPU may show a frame well after the page painted it, and the app's
  // downloads would start before anything is seen.
  function whenShown(then) {
    var types = window.PerformanceObserver && PerformanceObserver.supportedEntryTypes;
    if (boot.app !== 'shop' || !types || types.indexOf('paint') < 0) return then();
    var pictures = types.indexOf('element') < 0 ? [] :
      Array.prototype.slice.call(document.querySelectorAll('#summary img[elementtiming]'));
    var painted = false, seen = [], done = false, observers = [];
    var check = function () {
      var waiting = pictures.filter(function (i) {
        return seen.indexOf(i) < 0 && !(i.complete && !i.naturalWidth);  // (a broken picture paints nothing)
      });
      if (painted && !waiting.length) shown();
    };
    var shown = function () {
      if (done) return;
      done = true;
      observers.forEach(function (o) { o.disconnect(); });
      then();
    };
    var watch = function (type, take) {
      var o = new PerformanceObserver(function (list) { list.getEntries().forEach(take); check(); });
      o.observe({ type: type, buffered: true });
      observers.push(o);
    };
    watch('paint', function (e) { if (e.name === 'first-contentful-paint') painted = true; });
    if (pictures.length) watch('element', function (e) { if (e.element) seen.push(e.element); });
    setTimeout(shown, 2500);  // (a page opened in a background tab paints nothing)
  }
  function afterFirstPaint(go) {
    var painted = function () { whenShown(function () { requestAnimationFrame(function () { setTimeout(go, 0); }); }); };
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
  var canDraw = null;  // a promise: whether the graphics started (startGraphics)
  script.onload = function () {
    canDraw.then(function (ok) {
      if (!ok) return;
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
    });
  };
  afterFirstPaint(function () {
    canDraw = new Promise(function (done) {
      startGraphics(function (ok) {
        if (!ok) {
          problem('This browser cannot draw the shop',
            'The shop needs WebGL 2, which this browser or device does not provide (it may be turned off). Try a current Chrome, Safari, Firefox or Edge, or another device.');
        }
        done(ok);
      });
    });
    // The app and its data download while the graphics start; the app starts once both are ready.
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
