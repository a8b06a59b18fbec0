// The browser side of src/platform/web.cpp, linked with --js-library.
//
// [SECTION] State and helpers
// [SECTION] Frames           requestAnimationFrame only when the app asks: idle means no work
// [SECTION] Graphics         the renderer's commands to web/render.js
// [SECTION] Input            pointer/wheel/keys on the canvas, text through a hidden textarea
// [SECTION] Network/storage  fetch (with the shell's prefetches), IndexedDB
// [SECTION] Browser          history, clipboard, files, share, progress, test hook
//
// Events go to C++ through the exported _dynshop_event(); pointer presses and keys are delivered
// synchronously inside the browser's handler, so whatever the app does in response (focusing the
// textarea for the phone keyboard, writing the clipboard, opening the file picker) happens inside
// the user gesture that browsers require for it.

var LibraryDynshop = {
  // [SECTION] State and helpers ------------------------------------------------------------------
  $DS: {
    canvas: null, ime: null, prefs: 0, s: 1, framePending: false, frameTimer: 0, fields: [], textActive: false,
    composing: false, db: null, dbWaiters: [], nextId: 1, cursor: '', pictures: {}, lastPicture: 0,
    str: function (s) {  // JS string -> malloc'd UTF-8 (C++ frees it)
      s = s == null ? '' : String(s);
      var len = lengthBytesUTF8(s) + 1, ptr = _malloc(len);
      stringToUTF8(s, ptr, len);
      return ptr;
    },
    bytes: function (u8) {  // Uint8Array -> malloc'd copy
      var ptr = _malloc(Math.max(1, u8.length));
      HEAPU8.set(u8, ptr);
      return ptr;
    },
    event: function (kind, x, y, dx, dy, pointer, flags, key, text) {
      var tp = text ? DS.str(text) : 0;
      Module['_dynshop_event'](kind, x, y, dx, dy, pointer, flags, key, tp);
    },
    flags: function (e, touch, down) {
      return (touch ? 1 : 0) | (down ? 2 : 0) | (e.ctrlKey ? 4 : 0) | (e.shiftKey ? 8 : 0) |
             (e.altKey ? 16 : 0) | (e.metaKey ? 32 : 0);
    },
    keyCode: function (e) {
      var map = { Tab: 1, ArrowLeft: 2, ArrowRight: 3, ArrowUp: 4, ArrowDown: 5, PageUp: 6, PageDown: 7,
                  Home: 8, End: 9, Delete: 10, Backspace: 11, Enter: 12, Escape: 13, ' ': 14 };
      if (map[e.key]) return map[e.key];
      if (e.ctrlKey || e.metaKey) {
        var k = (e.key || '').toLowerCase();
        var letters = { a: 15, c: 16, v: 17, x: 18, y: 19, z: 20 };
        if (letters[k]) return letters[k];
      }
      return 0;
    },
    modifier: function (e) { return e.key === 'Control' || e.key === 'Meta' || e.key === 'Shift' || e.key === 'Alt'; },
    // The window's size, pixel ratio and the on-screen keyboard's inset, read when they change (a
    // resize, the visual viewport moving), not each frame: reading them forces the browser to lay
    // out what changed since (the semantics mirror's nodes), in the middle of the app's frame.
    //
    // The person's text size is a zoom of the app (it draws in its own units, not the page's fonts):
    // the browser's default font size (16px unless they chose larger or smaller text, or a text-only
    // zoom) over 16 is how many CSS pixels one of the app's pixels takes. The app then lays out a
    // narrower window with everything in it larger, as the browser's own zoom does, and the canvas's
    // buffer stays the window's (the app's pixel ratio grows as its window shrinks). A phone keeps
    // at least 320 of the app's pixels across, the narrowest width the layouts are made for (WCAG's
    // reflow width); DS.s is 1 when the setting is the default.
    measure: function () {
      var vv = window.visualViewport, w = window.innerWidth, h = window.innerHeight;
      var root = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      var s = Math.max(0.75, Math.min(2, root / 16, Math.max(1, w / 320)));
      s = Math.round(s * 100) / 100;
      DS.vp = [w / s, h / s, Math.min(window.devicePixelRatio || 1, 3) * s,
               vv ? Math.max(0, h - vv.height - vv.offsetTop) / s : 0];
      if (DS.s !== s) {
        DS.s = s;
        if (DSM.root) DSM.scale(s);
      }
    },
    // A field with no node of its own (no name) types through the hidden textarea.
    focusIme: function () {
      DS.ime.removeAttribute('aria-hidden');
      DS.ime.focus({ preventScroll: true });
    },
    resize: function () {
      DS.measure();
      var s = window.dynshopShell.sizeCanvas();  // web/shell.js: the one place the canvas is sized
      DS.event(9, s[0], s[1], 0, 0, 0, 0, 0, null);
    },
    placeIme: function (x, y, w, h) {  // (the app's pixels)
      var s = DS.ime.style, k = DS.s;
      s.left = Math.max(0, x * k) + 'px'; s.top = Math.max(0, y * k) + 'px';
      s.width = Math.max(1, w * k) + 'px'; s.height = Math.max(1, h * k) + 'px';
    },
    hitField: function (x, y) {
      for (var i = 0; i < DS.fields.length; i++) {
        var f = DS.fields[i];
        if (x >= f[0] && y >= f[1] && x < f[0] + f[2] && y < f[1] + f[3]) return f;
      }
      return null;
    },
    withDb: function (fn) {
      if (DS.db) return fn(DS.db);
      DS.dbWaiters.push(fn);
      if (DS.dbWaiters.length > 1) return;
      var fail = function () { var w = DS.dbWaiters; DS.dbWaiters = []; w.forEach(function (f) { f(null); }); };
      try {
        var req = indexedDB.open('dynshop', 1);
        req.onupgradeneeded = function () { req.result.createObjectStore('kv'); };
        req.onsuccess = function () {
          DS.db = req.result;
          var w = DS.dbWaiters; DS.dbWaiters = [];
          w.forEach(function (f) { f(DS.db); });
        };
        req.onerror = fail;
        req.onblocked = fail;
      } catch (e) { fail(); }
    }
  },

  dynshop_platform_init__deps: ['$DS', '$DSM', 'dynshop_request_frame'],
  dynshop_platform_init: function () {
    var canvas = DS.canvas = document.getElementById('canvas');
    var ime = DS.ime = document.getElementById('ime');
    window.dynshop = window.dynshop || {};

    // [SECTION] Input --------------------------------------------------------------------------
    // The semantics mirror's nodes lie over the canvas (web/semantics.js): what a pointer does on
    // one is done to the canvas under it, so both listen alike.
    var mirror = DSM.init();
    var both = function (type, fn, opts) {
      canvas.addEventListener(type, fn, opts);
      mirror.addEventListener(type, fn, opts);
    };
    var touchish = function (e) { return e.pointerType === 'touch' || e.pointerType === 'pen'; };
    both('pointerdown', function (e) {
      e.preventDefault();
      try { canvas.setPointerCapture(e.pointerId); } catch (err) {}
      DS.event(1, e.clientX / DS.s, e.clientY / DS.s, 0, 0, e.pointerId, DS.flags(e, touchish(e), true), e.button, null);
    });
    both('pointermove', function (e) {
      var list = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
      var last = list.length ? list[list.length - 1] : e;
      DS.event(3, last.clientX / DS.s, last.clientY / DS.s, 0, 0, e.pointerId, DS.flags(e, touchish(e), e.buttons !== 0), 0, null);
    });
    both('pointerup', function (e) {
      // A tap on a text field focuses its node (web/semantics.js) here, in the gesture, before the
      // app runs: phones open their keyboard only for a focus that happens inside a user gesture. A
      // field with no node (no name) takes the hidden textarea instead.
      var x = e.clientX / DS.s, y = e.clientY / DS.s, f = DS.hitField(x, y);
      if (f && !DSM.pointField(x, y)) {
        DS.placeIme(f[0], f[1], f[2], f[3]);
        DS.focusIme();
      }
      DS.event(2, x, y, 0, 0, e.pointerId, DS.flags(e, touchish(e), false), e.button, null);
    });
    both('pointercancel', function (e) {
      DS.event(4, e.clientX / DS.s, e.clientY / DS.s, 0, 0, e.pointerId, DS.flags(e, touchish(e), false), 0, null);
    });
    canvas.addEventListener('pointerleave', function (e) {
      if (e.pointerType === 'mouse') DS.event(3, -1e6, -1e6, 0, 0, e.pointerId, 0, 0, null);
    });
    both('wheel', function (e) {
      // Ctrl + wheel (and a trackpad's pinch, which browsers send as one) zooms the page: the
      // browser's, never swallowed (one-finger drags are the app's; two-finger pinches, the
      // browser's: touch-action: pinch-zoom in style.css).
      if (e.ctrlKey) return;
      e.preventDefault();
      var scale = (e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? window.innerHeight : 1) / DS.s;
      DS.event(5, e.clientX / DS.s, e.clientY / DS.s, e.deltaX * scale, e.deltaY * scale, 0, DS.flags(e, false, false), 0, null);
    }, { passive: false });
    both('contextmenu', function (e) { e.preventDefault(); });

    var keyHandler = function (down) {
      return function (e) {
        if (e.isComposing || e.keyCode === 229) return;  // the IME owns this key
        var code = DS.keyCode(e);
        // Releasing Ctrl/Cmd/Shift/Alt alone updates the modifiers (ImGui ignores typed characters
        // while it believes Ctrl is held).
        if (!code) { if (!down && DS.modifier(e)) DS.event(6, 0, 0, 0, 0, 0, DS.flags(e, false, false), 0, null); return; }
        // Tab leaves the text field for the next node of the page (the semantics mirror's order).
        if (code === 1 && DSM.order.length) {
          e.preventDefault();
          if (down) DSM.tabFromField(e.shiftKey);
          return;
        }
        var paste = code === 17;  // ctrl+V: let the browser paste into the textarea (see 'paste')
        // A plain space is also text: the textarea must get it (see 'input'), or typed words run together.
        var space = code === 14 && !e.ctrlKey && !e.metaKey && !e.altKey;
        if (!paste && !space) e.preventDefault();
        DS.event(6, 0, 0, 0, 0, 0, DS.flags(e, false, down), code, null);
      };
    };
    ime.addEventListener('keydown', keyHandler(true));
    ime.addEventListener('keyup', keyHandler(false));
    window.addEventListener('keydown', function (e) {
      if (e.target === ime) return;
      var code = DS.keyCode(e);
      if (code === 1 && DSM.order.length) return;  // Tab: the browser moves through the mirror's nodes
      // Tab, Escape, arrows and paging keys; Ctrl/Cmd+Z and +Y (undo, redo) for the editor.
      if (code === 1 || code === 13 || (code >= 2 && code <= 9) || code === 19 || code === 20) {
        e.preventDefault();
        DS.event(6, 0, 0, 0, 0, 0, DS.flags(e, false, true), code, null);
      }
    });
    window.addEventListener('keyup', function (e) {
      if (e.target === ime) return;
      var code = DS.keyCode(e);
      if (code || DS.modifier(e)) DS.event(6, 0, 0, 0, 0, 0, DS.flags(e, false, false), code, null);
    });
    ime.addEventListener('beforeinput', function (e) {
      if (e.isComposing || DS.composing) return;
      if (e.inputType === 'deleteContentBackward') {
        e.preventDefault();
        DS.event(6, 0, 0, 0, 0, 0, 2, 11, null); DS.event(6, 0, 0, 0, 0, 0, 0, 11, null);
      } else if (e.inputType === 'insertLineBreak' || e.inputType === 'insertParagraph') {
        e.preventDefault();
        DS.event(6, 0, 0, 0, 0, 0, 2, 12, null); DS.event(6, 0, 0, 0, 0, 0, 0, 12, null);
      }
    });
    ime.addEventListener('input', function (e) {
      if (DS.composing || e.isComposing) return;
      var v = ime.value;
      ime.value = '';
      if (v) DS.event(7, 0, 0, 0, 0, 0, 0, 0, v);
    });
    ime.addEventListener('compositionstart', function () { DS.composing = true; });
    ime.addEventListener('compositionupdate', function (e) { DS.event(8, 0, 0, 0, 0, 0, 0, 0, e.data || ''); });
    ime.addEventListener('compositionend', function (e) {
      DS.composing = false;
      ime.value = '';
      DS.event(8, 0, 0, 0, 0, 0, 0, 0, '');
      if (e.data) DS.event(7, 0, 0, 0, 0, 0, 0, 0, e.data);
    });
    ime.addEventListener('paste', function (e) {
      var t = (e.clipboardData || window.clipboardData).getData('text');
      e.preventDefault();
      if (t) DS.event(7, 0, 0, 0, 0, 0, 0, 0, t);
    });

    window.addEventListener('resize', DS.resize);
    // The person's settings for motion and contrast, read once and again when they change (a
    // Resize event makes the app read them and draw).
    var media = [['(prefers-reduced-motion: reduce)', 1], ['(prefers-contrast: more)', 2]].map(function (q) {
      var mq = window.matchMedia(q[0]);
      mq.addEventListener('change', function () { readPrefs(); DS.resize(); });
      return [mq, q[1]];
    });
    var readPrefs = function () { DS.prefs = media.reduce(function (b, m) { return b | (m[0].matches ? m[1] : 0); }, 0); };
    readPrefs();
    // The text size setting has no event: an element one rem wide is watched (a rem is the
    // browser's default font size, style.css never sets the root's).
    if (window.ResizeObserver) {
      var rem = document.createElement('div');
      rem.setAttribute('aria-hidden', 'true');
      rem.style.cssText = 'position:fixed;left:0;top:0;width:1rem;height:0;visibility:hidden;pointer-events:none';
      document.body.appendChild(rem);
      var remPx = 0;
      new ResizeObserver(function (entries) {
        var px = entries[entries.length - 1].contentRect.width;
        if (remPx && px !== remPx) DS.resize();
        remPx = px;
      }).observe(rem);
    }
    if (window.visualViewport) {
      window.visualViewport.addEventListener('resize', DS.resize);
      // (a page panned under the keyboard moves the inset without resizing anything)
      window.visualViewport.addEventListener('scroll', function () { DS.measure(); _dynshop_request_frame(); });
    }
    var watchDpr = function () {
      var mq = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
      var onChange = function () { mq.removeEventListener('change', onChange); DS.resize(); watchDpr(); };
      mq.addEventListener('change', onChange);
    };
    watchDpr();
    window.addEventListener('popstate', function () {
      DS.event(10, 0, 0, 0, 0, 0, 0, 0, location.pathname + location.search);
    });
    window.addEventListener('online', function () { DS.event(11, 0, 0, 0, 0, 0, 0, 0, null); });
    window.addEventListener('offline', function () { DS.event(12, 0, 0, 0, 0, 0, 0, 0, null); });
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) DS.event(13, 0, 0, 0, 0, 0, 0, 0, null);
    });
    DS.resize();

    window.dynshop.state = function () {
      var p = Module['_dynshop_test_state']();
      var s = UTF8ToString(p);
      _free(p);
      var st = JSON.parse(s);
      // A frame is on its way: the drawn items (positions) may not show the state above yet, or
      // the graphics have not drawn what was sent.
      st.frame_pending = DS.framePending || window.dynshopGraphics.pending();
      // The first frame is shown once the graphics drew it and the shell showed the canvas.
      st.first_frame = st.first_frame && document.body.classList.contains('app-ready');
      return st;
    };
  },

  // [SECTION] Frames -----------------------------------------------------------------------------
  dynshop_request_frame__deps: ['$DS'],
  dynshop_request_frame: function () {
    if (DS.framePending) return;
    DS.framePending = true;
    requestAnimationFrame(function () {
      DS.framePending = false;
      Module['_dynshop_frame']();
    });
  },
  // [SECTION] Graphics: the renderer's commands go to web/render.js, which the shell started
  // (a worker owning the canvas, or the page), with the decoded pictures they name.
  dynshop_graphics_state: function () { return window.dynshopGraphics.state; },
  dynshop_graphics_submit__deps: ['$DS'],
  dynshop_graphics_submit: function (ptr, bytes, pics, count) {
    var pictures = {};
    for (var i = 0; i < count; i++) {
      var n = HEAP32[(pics >> 2) + i];
      if (DS.pictures[n]) { pictures[n] = DS.pictures[n]; delete DS.pictures[n]; }
    }
    window.dynshopGraphics.submit(HEAPU8.subarray(ptr, ptr + bytes), pictures);
  },
  dynshop_request_frame_in__deps: ['$DS', 'dynshop_request_frame'],
  dynshop_request_frame_in: function (ms) {
    // Several parts ask for a later frame (caret blink, send delay, retry backoff, autosave). Every
    // deadline is kept: one timer for the earliest, and when it fires the next one is armed. Keeping
    // only the earliest lost the later ones (an event batch due in 400 ms waited for the next touch
    // when a caret blink had asked for 300 ms first).
    var now = performance.now(), due = now + Math.max(0, ms);
    var dues = DS.frameDues || (DS.frameDues = []);
    for (var i = 0; i < dues.length; i++) if (Math.abs(dues[i] - due) < 4) return;  // already asked for
    dues.push(due);
    dues.sort(function (a, b) { return a - b; });
    if (dues.length > 64) dues.length = 64;  // the latest ones go; the app asks again when it must
    var arm = function () {
      if (DS.frameTimer) clearTimeout(DS.frameTimer);
      DS.frameTimer = 0;
      if (!DS.frameDues.length) return;
      DS.frameDue = DS.frameDues[0];
      DS.frameTimer = setTimeout(function () {
        DS.frameTimer = 0;
        var t = performance.now() + 2;
        while (DS.frameDues.length && DS.frameDues[0] <= t) DS.frameDues.shift();
        _dynshop_request_frame();
        arm();
      }, Math.max(0, DS.frameDue - performance.now()));
    };
    if (!DS.frameTimer || DS.frameDue > dues[0]) arm();
  },
  dynshop_post_task__deps: ['$DS'],
  dynshop_post_task: function (id) {
    // A message to ourselves: a task of its own that runs as soon as the page is free, without the
    // 4 ms clamp of nested timers or waiting for a display frame.
    if (!DS.taskPort) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (e) { Module['_dynshop_task'](e.data); };
      DS.taskPort = channel.port2;
    }
    DS.taskPort.postMessage(id);
  },
  dynshop_viewport__deps: ['$DS'],
  dynshop_viewport: function (out) {
    if (!DS.vp) DS.measure();
    for (var i = 0; i < 4; i++) HEAPF32[(out >> 2) + i] = DS.vp[i];
  },
  dynshop_now_ms: function () { return performance.now(); },
  dynshop_utc_ms: function () { return Date.now(); },

  dynshop_set_text_fields__deps: ['$DS'],
  dynshop_set_text_fields: function (ptr, count) {
    var f = [];
    for (var i = 0; i < count; i++) {
      var b = (ptr >> 2) + i * 4;
      f.push([HEAPF32[b], HEAPF32[b + 1], HEAPF32[b + 2], HEAPF32[b + 3]]);
    }
    DS.fields = f;
  },
  dynshop_text_input__deps: ['$DS'],
  dynshop_text_input: function (active, x, y, w, h, mode) {
    var ime = DS.ime;
    var modes = ['text', 'tel', 'numeric', 'email', 'search'];
    var m = modes[mode] || 'text';
    if (ime.getAttribute('inputmode') !== m) ime.setAttribute('inputmode', m);
    var onNode = document.activeElement && document.activeElement.dsKey;  // the keyboard moved on (Tab)
    if (active) {
      // The active field's node takes the keyboard (it may have it already); a field with no node,
      // the textarea.
      DS.placeIme(x, y, w, h);
      if (!DSM.appField(true, x, y) && document.activeElement !== ime && !onNode) DS.focusIme();
    } else if (document.activeElement === ime && !DS.composing) {
      ime.blur();
      ime.setAttribute('aria-hidden', 'true');  // no text box but the fields' own while none is typed into
    } else if (!DSM.composing) {
      DSM.appField(false);
    }
    DS.textActive = !!active;
  },
  dynshop_set_cursor__deps: ['$DS', '$DSM'],
  dynshop_set_cursor: function (kind) {
    var c = ['default', 'pointer', 'text'][kind] || 'default';
    if (DS.cursor !== c) { DS.canvas.style.cursor = c; DSM.root.style.cursor = c; DS.cursor = c; }
  },

  // [SECTION] Network/storage --------------------------------------------------------------------
  dynshop_fetch__deps: ['$DS'],
  dynshop_fetch: function (id, method, url, body, bodyLen, ctype, headersJson) {
    method = UTF8ToString(method); url = UTF8ToString(url); ctype = UTF8ToString(ctype);
    var init = { method: method, headers: {} };
    try { init.headers = JSON.parse(UTF8ToString(headersJson)) || {}; } catch (e) { init.headers = {}; }
    if (bodyLen > 0 || method === 'POST' || method === 'PUT') {
      init.body = HEAPU8.slice(body, body + bodyLen);
      init.headers['Content-Type'] = ctype;
    }
    var deliver = function (status, buf, err) {
      var ptr = buf ? DS.bytes(buf) : 0;
      var ep = err ? DS.str(err) : 0;
      Module['_dynshop_fetch_done'](id, status, ptr, buf ? buf.length : 0, ep);
    };
    // The shell starts the first requests while the wasm downloads; reuse them once.
    var pre = window.dynshopPrefetch && method === 'GET' && !Object.keys(init.headers).length && window.dynshopPrefetch[url];
    var p;
    if (pre) { delete window.dynshopPrefetch[url]; p = pre; } else { p = fetch(url, init); }
    p.then(function (r) {
      return r.arrayBuffer().then(function (ab) { deliver(r.status, new Uint8Array(ab), null); });
    }).catch(function (e) { deliver(0, null, (e && e.message) || 'network error'); });
  },
  dynshop_storage_get__deps: ['$DS'],
  dynshop_storage_get: function (id, key) {
    key = UTF8ToString(key);
    DS.withDb(function (db) {
      var done = function (v) {
        var found = typeof v === 'string';
        Module['_dynshop_storage_done'](id, found ? 1 : 0, found ? DS.str(v) : 0);
      };
      if (!db) return done(undefined);
      try {
        var req = db.transaction('kv', 'readonly').objectStore('kv').get(key);
        req.onsuccess = function () { done(req.result); };
        req.onerror = function () { done(undefined); };
      } catch (e) { done(undefined); }
    });
  },
  dynshop_storage_put__deps: ['$DS'],
  dynshop_storage_put: function (id, key, value) {
    key = UTF8ToString(key); value = UTF8ToString(value);
    DS.withDb(function (db) {
      var done = function (ok) { Module['_dynshop_storage_done'](id, ok ? 1 : 0, 0); };
      if (!db) return done(false);
      try {
        var tx = db.transaction('kv', 'readwrite');
        tx.objectStore('kv').put(value, key);
        tx.oncomplete = function () { done(true); };
        tx.onerror = tx.onabort = function () { done(false); };
      } catch (e) { done(false); }
    });
  },
  dynshop_storage_delete__deps: ['$DS'],
  dynshop_storage_delete: function (key) {
    key = UTF8ToString(key);
    DS.withDb(function (db) {
      if (db) try { db.transaction('kv', 'readwrite').objectStore('kv').delete(key); } catch (e) {}
    });
  },

  // [SECTION] Browser ----------------------------------------------------------------------------
  dynshop_location__deps: ['$DS'],
  dynshop_location: function () { return DS.str(location.pathname + location.search); },
  dynshop_origin__deps: ['$DS'],
  dynshop_origin: function () { return DS.str(location.origin); },
  // Entries the app pushed are marked, so "back" knows whether the page before is still the app.
  dynshop_push_url: function (p) { history.pushState({ dynshop: 1 }, '', UTF8ToString(p)); },
  dynshop_replace_url: function (p) { history.replaceState(history.state, '', UTF8ToString(p)); },
  // Only this site's paths (the app's routes): never another origin.
  dynshop_load_page: function (p) {
    var path = UTF8ToString(p);
    if (path.charAt(0) === '/' && path.charAt(1) !== '/') location.assign(path);
  },
  dynshop_history_back: function () {
    if (!history.state || !history.state.dynshop) return 0;
    history.back();
    return 1;
  },
  dynshop_set_title: function (p) { document.title = UTF8ToString(p); },
  dynshop_set_summary: function (h, p) {
    var main = document.getElementById('summary');
    if (!main) return;
    var h1 = document.createElement('h1'), para = document.createElement('p');
    h1.textContent = UTF8ToString(h);
    para.textContent = UTF8ToString(p);
    var section = document.createElement('section');
    section.className = 'fp-shop';
    section.appendChild(h1); section.appendChild(para);
    main.replaceChildren(section);
  },
  dynshop_clipboard_write: function (p) {
    var text = UTF8ToString(p);
    var fallback = function () {
      var t = document.createElement('textarea');
      t.value = text; t.style.position = 'fixed'; t.style.opacity = '0';
      document.body.appendChild(t); t.select();
      try { document.execCommand('copy'); } catch (e) {}
      document.body.removeChild(t);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(fallback);
    else fallback();
  },
  dynshop_pick_file__deps: ['$DS'],
  dynshop_pick_file: function (id, accept) {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = UTF8ToString(accept);
    input.onchange = function () {
      var f = input.files && input.files[0];
      if (!f) return;
      f.arrayBuffer().then(function (ab) {
        var u8 = new Uint8Array(ab);
        Module['_dynshop_file_done'](id, DS.str(f.name), DS.bytes(u8), u8.length);
      });
    };
    input.click();
  },
  // createImageBitmap decodes on the browser's own threads; the picture waits in DS.pictures until
  // the renderer makes a texture of it (dynshop_graphics_submit sends it to the graphics).
  dynshop_decode_image__deps: ['$DS'],
  dynshop_decode_image: function (id, ptr, len, maxSide) {
    var opts = { premultiplyAlpha: 'none', colorSpaceConversion: 'none' };
    createImageBitmap(new Blob([HEAPU8.slice(ptr, ptr + len)]), opts).then(function (bmp) {
      var s = maxSide / Math.max(bmp.width, bmp.height);
      if (s >= 1) return bmp;
      opts.resizeWidth = Math.max(1, Math.floor(bmp.width * s));
      opts.resizeHeight = Math.max(1, Math.floor(bmp.height * s));
      opts.resizeQuality = 'medium';
      return createImageBitmap(bmp, opts).then(function (small) { bmp.close(); return small; });
    }).then(function (bmp) {
      var picture = ++DS.lastPicture;
      DS.pictures[picture] = bmp;
      Module['_dynshop_image_done'](id, picture, bmp.width, bmp.height);
    }).catch(function () { Module['_dynshop_image_done'](id, 0, 0, 0); });
  },
  dynshop_drop_picture__deps: ['$DS'],
  dynshop_drop_picture: function (picture) {
    var bmp = DS.pictures[picture];
    delete DS.pictures[picture];
    if (bmp) bmp.close();
  },
  dynshop_download: function (name, mime, ptr, len) {
    var blob = new Blob([HEAPU8.slice(ptr, ptr + len)], { type: UTF8ToString(mime) });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(name);
    document.body.appendChild(a); a.click(); document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  },
  dynshop_share_sheet: function (title, url) {
    if (!navigator.share) return 0;
    navigator.share({ title: UTF8ToString(title), url: UTF8ToString(url) }).catch(function () {});
    return 1;
  },
  dynshop_open_url: function (p) {
    var url = UTF8ToString(p);
    if (!/^https:\/\//.test(url)) return;
    // A new tab that cannot reach back into this page; a browser that allows none: this tab.
    var w = window.open(url, '_blank');
    if (w) { try { w.opener = null; } catch (e) {} } else { location.assign(url); }
  },
  dynshop_online: function () { return navigator.onLine ? 1 : 0; },
  dynshop_preferences__deps: ['$DS'],
  dynshop_preferences: function () { return DS.prefs; },
  // The shell's first paint fades once the frame is on the canvas (the graphics' worker draws it a
  // moment after the app sent it).
  dynshop_first_frame_ready: function () {
    if (window.dynshopShell) window.dynshopGraphics.afterDrawn(window.dynshopShell.firstFrame);
  },
  dynshop_fatal_error: function (title, text) {
    if (window.dynshopShell) window.dynshopShell.problem(UTF8ToString(title), UTF8ToString(text));
  },
  dynshop_report_progress: function (fraction, label) {
    if (window.dynshopShell) window.dynshopShell.progress(fraction, UTF8ToString(label));
  },

  // [SECTION] Notifications ----------------------------------------------------------------------
  // window.Notification is looked up at each call (tests wrap it). Permission: 0 unsupported,
  // 1 default (not asked yet), 2 granted, 3 denied (platform::NotifyPermission).
  $notifyPermission: function () {
    var N = window.Notification;
    if (typeof N !== 'function') return 0;
    return N.permission === 'granted' ? 2 : N.permission === 'denied' ? 3 : 1;
  },
  dynshop_notify_permission__deps: ['$notifyPermission'],
  dynshop_notify_permission: function () { return notifyPermission(); },
  dynshop_notify_request__deps: ['$notifyPermission'],
  dynshop_notify_request: function (id) {
    var done = function () { Module['_dynshop_notify_done'](id, notifyPermission()); };
    var N = window.Notification;
    if (typeof N !== 'function' || N.permission !== 'default') return done();
    try {
      // Older browsers answer through a callback, newer ones with a promise; either way, once.
      var answered = false;
      var once = function () { if (!answered) { answered = true; done(); } };
      var p = N.requestPermission(once);
      if (p && p.then) p.then(once, once);
    } catch (e) { done(); }
  },
  dynshop_notify_show: function (title, body, tag) {
    var N = window.Notification;
    if (typeof N !== 'function' || N.permission !== 'granted') return;
    try {
      var n = new N(UTF8ToString(title), { body: UTF8ToString(body), tag: UTF8ToString(tag) });
      n.onclick = function () { try { window.focus(); n.close(); } catch (e) {} };
    } catch (e) {
      // Phones allow notifications only through a service worker, which this app does not have:
      // the toast on the page says it instead.
    }
  }
};

autoAddDeps(LibraryDynshop, '$DS');
mergeInto(LibraryManager.library, LibraryDynshop);
