// The semantics mirror: the browser side of platform::set_semantics (src/ui/semantics.h), linked
// with --js-library after platform.js.
//
// [SECTION] Tree        each frame's nodes (role, key, name, rectangle) kept as real, transparent DOM
//                       elements over the canvas, in drawing order, updated by difference
// [SECTION] Activation  a screen reader's or the keyboard's activation of a node is a press at its
//                       centre (flagged assistive); a text field hands the keyboard to the IME textarea
// [SECTION] Focus       Tab moves through the nodes; the focused one is ringed on the canvas (a Focus
//                       event) and scrolled into view; a node that goes takes focus to the new screen's heading
//
// Pointers that land on a node are the canvas's (platform.js listens on both): a mouse or a finger
// acts on what is drawn, exactly as without the mirror.

var LibraryDynshopSemantics = {
  $DSM: {
    root: null, live: null, nodes: {}, order: [], focusKey: '', updates: 0, ms: 0, fieldNode: null,
    pointerAt: -1e9, pendingPress: null,
    TAGS: { b: 'button', l: 'a', f: 'input', '1': 'h1', '2': 'h2', i: 'div', s: 'div', t: 'div' },

    init: function () {
      var root = DSM.root = document.createElement('div');
      root.id = 'a11y';
      root.setAttribute('role', 'main');
      var live = DSM.live = document.createElement('div');
      live.id = 'a11y-live';
      live.setAttribute('aria-live', 'polite');
      live.className = 'sr-only';
      var canvas = document.getElementById('canvas');
      canvas.parentNode.insertBefore(root, canvas.nextSibling);
      canvas.parentNode.insertBefore(live, root.nextSibling);
      root.addEventListener('click', DSM.onClick);
      root.addEventListener('keydown', DSM.onKey);
      root.addEventListener('focusin', DSM.onFocus);
      root.addEventListener('focusout', DSM.onBlur);
      // The IME textarea is reached through a field, never by Tab, and is heard only while it is one.
      var ime = document.getElementById('ime');
      ime.tabIndex = -1;
      ime.setAttribute('aria-hidden', 'true');
      // Whether the keyboard or a pointer acted last: the ring is for the keyboard.
      window.addEventListener('keydown', function () { DSM.lastInput = 'key'; }, true);
      window.addEventListener('pointerdown', function (e) {
        DSM.lastInput = 'pointer';
        DSM.pointerAt = performance.now();
        DSM.pointerNode = e.target.closest ? e.target.closest('.sem') : null;
      }, true);
      window.dynshop = window.dynshop || {};
      // What a benchmark reads: how often the tree changed and the time its updates took.
      window.dynshop.semantics = function () {
        return { nodes: DSM.order.length, updates: DSM.updates, ms: DSM.ms, focus: DSM.focusKey };
      };
      return root;
    },

    // [SECTION] Tree -------------------------------------------------------------------------------
    make: function (role, key) {
      var el = document.createElement(DSM.TAGS[role] || 'div');
      el.className = 'sem sem-' + role;
      el.dsKey = key;
      el.dsRole = role;
      if (role === 'b') el.type = 'button';
      else if (role === 'l') el.href = '#';
      else if (role === 'f') { el.type = 'text'; el.autocomplete = 'off'; }
      else if (role === 'i') el.setAttribute('role', 'img');
      else if (role === 's') el.setAttribute('role', 'status');
      else if (role === '1' || role === '2') el.tabIndex = -1;  // focus lands here when a screen opens
      return el;
    },

    name: function (el, name) {
      if (el.dsName === name) return;
      el.dsName = name;
      if (el.dsRole === 'f' || el.dsRole === 'i') el.setAttribute('aria-label', name);
      else el.textContent = name;
      if (el.dsRole === 's') DSM.live.textContent = name;  // a status is heard when it appears or changes
    },

    apply: function (text) {
      var t0 = performance.now();
      var root = DSM.root, old = DSM.nodes, next = {}, order = [], prev = null;
      var lines = text ? text.split('\n') : [];
      for (var i = 0; i < lines.length; i++) {
        if (!lines[i]) continue;
        var f = lines[i].split('\t');
        var role = f[0], key = f[1], x = +f[3], y = +f[4], w = +f[5], h = +f[6];
        var el = old[key];
        if (!el) el = DSM.make(role, key);
        DSM.name(el, f[2]);
        var r = el.dsRect;
        if (!r || r[0] !== x || r[1] !== y || r[2] !== w || r[3] !== h) {
          el.dsRect = [x, y, w, h];
          el.style.transform = 'translate(' + x + 'px,' + y + 'px)';
          el.style.width = w + 'px';
          el.style.height = h + 'px';
        }
        var want = prev ? prev.nextSibling : root.firstChild;
        if (want !== el) root.insertBefore(el, want);
        next[key] = el;
        order.push(el);
        prev = el;
      }
      var lostFocus = null;
      for (var k in old) {
        if (next[k]) continue;
        if (document.activeElement === old[k]) lostFocus = old[k];
        root.removeChild(old[k]);
      }
      DSM.nodes = next;
      DSM.order = order;
      // The shell's HTML summary said what the page was before the app drew it; now the mirror
      // says it, and the summary (links and all) is neither read nor reached by Tab twice.
      if (order.length && !DSM.summaryAway) {
        var summary = document.getElementById('summary');
        if (summary) { summary.setAttribute('aria-hidden', 'true'); summary.inert = true; }
        DSM.summaryAway = true;
      }
      if ((lostFocus && !DSM.focusByPointer) || DSM.pendingPress) DSM.refocus(lostFocus);
      DSM.updates++;
      DSM.ms += performance.now() - t0;
    },

    // [SECTION] Activation -------------------------------------------------------------------------
    // retried: the press waited for the node to be brought on screen (once: a node that cannot be is
    // not pressed somewhere else).
    press: function (el, retried) {
      var r = el.dsRect, vw = window.innerWidth, vh = window.innerHeight;
      var x = r[0] + r[2] / 2, y = r[1] + r[3] / 2;
      if (x < 0 || y < 0 || x >= vw || y >= vh) {  // not on screen: bring it first, press it then
        if (!retried) { DSM.reveal(el); DSM.pendingPress = el.dsKey; }
        return;
      }
      DS.event(3, x, y, 0, 0, 1, 64, 0, null);
      DS.event(1, x, y, 0, 0, 1, 64 | 2, 0, null);
      var fld = DS.hitField(x, y);
      if (fld) DSM.toField(el, fld);
      DS.event(2, x, y, 0, 0, 1, 64, 0, null);
      DS.event(3, -1e6, -1e6, 0, 0, 1, 64, 0, null);  // no hover left behind
    },

    toField: function (el, fld) {
      // The app's text field takes the keyboard through the IME textarea (phone keyboards, IMEs): it
      // is named as the field, so what a screen reader announces is the field.
      DS.placeIme(fld[0], fld[1], fld[2], fld[3]);
      DSM.takeField(el);
      DS.ime.focus({ preventScroll: true });
    },

    // The textarea is this field's while it is typed into: named as it, and the field's node hidden
    // (one text box by that name).
    takeField: function (el) {
      DS.ime.setAttribute('aria-label', el.dsName);
      DS.ime.removeAttribute('aria-hidden');
      DSM.release();
      DSM.fieldNode = el;
      el.hidden = true;
    },

    // The field's node comes back when the keyboard leaves the field.
    release: function () {
      if (DSM.fieldNode) DSM.fieldNode.hidden = false;
    },

    // A finger or the mouse put the keyboard into a field: the textarea is that field's (its node's
    // name), found by where the press was.
    fieldAt: function (x, y) {
      for (var i = 0; i < DSM.order.length; i++) {
        var el = DSM.order[i], r = el.dsRect;
        if (el.dsRole === 'f' && x >= r[0] && y >= r[1] && x < r[0] + r[2] && y < r[1] + r[3]) return DSM.takeField(el);
      }
    },

    onClick: function (e) {
      var el = e.target.closest && e.target.closest('.sem');
      if (!el || el.parentNode !== DSM.root) return;
      if (el.dsRole === 'l') e.preventDefault();
      // A mouse or a finger already pressed the canvas through the node (its pointer events are the
      // canvas's); a keyboard's Enter or a screen reader's activation comes as a click alone. (The
      // node the click lands on may be a new one: the press changed its words, and so its node.)
      if (e.detail > 0 && performance.now() - DSM.pointerAt < 1000) return;
      if (el.dsRole === 'b' || el.dsRole === 'l' || el.dsRole === 'f') DSM.press(el);
    },

    // [SECTION] Focus ------------------------------------------------------------------------------
    focusable: function (el) { return el.dsRole === 'b' || el.dsRole === 'l' || el.dsRole === 'f'; },

    onKey: function (e) {
      if (e.key === 'Enter' && e.target.dsRole === 'f') { e.preventDefault(); DSM.press(e.target); }
    },

    // Tab from the IME textarea (the keyboard is in a text field): on to the node after the field.
    tabFromField: function (back) {
      DSM.release();
      var from = DSM.fieldNode, list = DSM.order.filter(DSM.focusable);
      var i = from ? list.indexOf(from) : -1;
      var to = i < 0 ? list[back ? list.length - 1 : 0] : list[i + (back ? -1 : 1)];
      if (to) to.focus({ preventScroll: true });
    },

    reveal: function (el) {
      var r = el.dsRect, vh = window.innerHeight;
      if (r[1] >= 0 && r[1] + r[3] <= vh) return;
      // Scroll the page under the canvas's middle: the node comes to the middle of the screen.
      DS.event(5, window.innerWidth / 2, vh / 2, 0, (r[1] + r[3] / 2) - vh / 2, 0, 0, 0, null);
    },

    fieldDone: function () {
      var el = DSM.fieldNode;
      DSM.release();
      DS.ime.setAttribute('aria-hidden', 'true');  // no text box but the fields' own while none is typed into
      if (!el || el.parentNode !== DSM.root || DSM.lastInput !== 'key') return;
      DSM.quiet = true;
      el.focus({ preventScroll: true });
      DSM.quiet = false;
    },

    onFocus: function (e) {
      var el = e.target;
      if (!el.dsKey) return;
      // A finger or the mouse that pressed a node gave it focus on the way: the page stays where
      // it is, no ring, and when the node goes its focus goes with it (nobody is reading by focus).
      DSM.focusByPointer = el === DSM.pointerNode && performance.now() - DSM.pointerAt < 800;
      if (DSM.focusByPointer) { DSM.setFocus(''); return; }
      DSM.reveal(el);
      // The ring follows the keyboard (and a screen reader's focus), not a mouse press.
      var ring = el.matches(':focus-visible') ||
                 (DSM.lastInput === 'key' && (el.dsRole === 'f' || el.dsRole === '1' || el.dsRole === '2'));
      DSM.setFocus(ring ? el.dsKey : '');
      if (el.dsRole === 'f' && !DSM.quiet) DSM.press(el);  // a text field focused is one to type in
    },

    onBlur: function (e) {
      var to = e.relatedTarget;
      if (to && (to === DS.ime || (to.dsKey && to.parentNode === DSM.root))) return;
      DSM.setFocus('');
    },

    setFocus: function (key) {
      if (DSM.focusKey === key) return;
      DSM.focusKey = key;
      DS.event(14, 0, 0, 0, 0, 0, 0, 0, key);
    },

    // A press that waited for its node to come on screen; else, the focused node went: the node now
    // in its place (a button whose words changed), else the new screen's first heading (or control).
    refocus: function (lost) {
      var el = null;
      if (DSM.pendingPress) {
        el = DSM.nodes[DSM.pendingPress];
        DSM.pendingPress = null;
        if (el) DSM.press(el, true);
        return;
      }
      if (lost) {
        var r0 = lost.dsRect;
        for (var n = 0; n < DSM.order.length && !el; n++) {
          var o = DSM.order[n], r1 = o.dsRect;
          if (o.dsRole === lost.dsRole && Math.abs(r1[0] - r0[0]) < 2 && Math.abs(r1[1] - r0[1]) < 2) el = o;
        }
        for (var i = 0; i < DSM.order.length && !el; i++) if (DSM.order[i].dsRole === '1') el = DSM.order[i];
        for (var j = 0; j < DSM.order.length && !el; j++) if (DSM.focusable(DSM.order[j])) el = DSM.order[j];
      }
      if (el) el.focus({ preventScroll: true });
    }
  },

  dynshop_set_semantics__deps: ['$DSM'],
  dynshop_set_semantics: function (ptr) {
    DSM.apply(UTF8ToString(ptr));
  }
};

autoAddDeps(LibraryDynshopSemantics, '$DSM');
mergeInto(LibraryManager.library, LibraryDynshopSemantics);
