// The semantics mirror: the browser side of platform::set_semantics (src/ui/semantics.h), linked
// with --js-library after platform.js.
//
// [SECTION] Tree        each frame's nodes (role, key, name, rectangle) kept as real, transparent DOM
//                       elements over the canvas, in drawing order, updated by difference; a scrolling
//                       window's nodes move as one (a scroll changes one CSS variable, not every node)
// [SECTION] Fields      a text field's node is a real <input> (or <textarea>) holding the field's value:
//                       the person types into it (screen readers read it back, the browser fills it
//                       in); each change goes to the app whole, and the app's own changes come back
// [SECTION] Activation  a screen reader's or the keyboard's activation of a node is a press at its
//                       centre (flagged assistive)
// [SECTION] Focus       Tab moves through the nodes; the focused one is ringed on the canvas (a Focus
//                       event) and scrolled into view; a node that goes takes focus to the new screen's heading
//
// Pointers that land on a node are the canvas's (platform.js listens on both): a mouse or a finger
// acts on what is drawn, exactly as without the mirror.

var LibraryDynshopSemantics = {
  $DSM: {
    root: null, live: null, lists: null, dialog: '', beforeDialog: '', nodes: {}, order: [], focusKey: '', updates: 0, ms: 0, layers: {}, written: {}, flushTimer: 0, body: null,
    lineEl: null,
    pointerAt: -1e9, pointerDown: false, pendingPress: null, pendingSince: 0,
    TAGS: { b: 'button', w: 'button', l: 'a', f: 'input', '1': 'h1', '2': 'h2', i: 'div', s: 'div', t: 'div' },
    MODES: ['text', 'tel', 'numeric', 'email', 'search'],

    init: function () {
      DSM.lineEl = new Map();  // (made here: the library's fields are written out as JSON)
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
      root.addEventListener('keyup', DSM.onKeyUp);
      root.addEventListener('input', DSM.onInput);
      root.addEventListener('select', DSM.onInput);
      root.addEventListener('compositionstart', DSM.onComposition);
      root.addEventListener('compositionupdate', DSM.onComposition);
      root.addEventListener('compositionend', DSM.onComposition);
      document.addEventListener('selectionchange', function () {
        var el = document.activeElement;
        if (el && el.dsRole === 'f' && DSM.own(el)) DSM.sendField(el);
      });
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
        DSM.pointerDown = true;  // the click that follows (however late) is this press's
      }, true);
      window.dynshop = window.dynshop || {};
      // What a benchmark reads: how often the tree changed and the time its updates took.
      window.dynshop.semantics = function () {
        return { nodes: DSM.order.length, updates: DSM.updates, ms: DSM.ms, focus: DSM.focusKey };
      };
      return root;
    },

    // [SECTION] Tree -------------------------------------------------------------------------------
    make: function (role, key, traits) {
      var lines = role === 'f' && traits && traits.indexOf('m') >= 0;
      var el = document.createElement(lines ? 'textarea' : DSM.TAGS[role] || 'div');
      el.className = 'sem sem-' + role;
      el.dsKey = key;
      el.dsRole = role;
      if (role === 'b') el.type = 'button';
      else if (role === 'w') { el.type = 'button'; el.setAttribute('role', 'switch'); }
      else if (role === 'l') el.href = '#';
      else if (role === 'f') {
        if (!lines) el.type = traits && traits.indexOf('p') >= 0 ? 'password' : 'text';
        var mode = DSM.MODES[+(traits || '0').replace(/[^0-9]/g, '')] || 'text';
        el.setAttribute('inputmode', mode);
        if (mode === 'search') el.setAttribute('enterkeyhint', 'search');
        el.dsSent = [];
      }
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

    // An element (a node, a list, a list's entry) put in `parent` right after `prev` (the first when
    // none). What holds the focused node is never moved (a moved element loses focus, and the keys
    // typed before it gets it back with them, an IME's composition too): the elements in its way
    // are, after it (they are all still to be placed: what comes before has been).
    place: function (el, prev, focused, parent) {
      var holds = focused && el.contains(focused);
      if (holds && el.parentNode !== parent) return;  // (a focused node leaving its list waits until it is left)
      // (after a node that could not leave its list: at the end, for now)
      var want = !prev ? parent.firstChild : prev.parentNode === parent ? prev.nextSibling : null;
      if (want === el) return;
      if (!holds) { parent.insertBefore(el, want); return; }
      while (want && want !== el) { var n = want.nextSibling; parent.insertBefore(want, el.nextSibling); want = n; }
    },

    // Whether an element is one of the mirror's nodes now (in the root, or in a list's entry).
    own: function (el) { return !!(el && el.dsKey && DSM.nodes[el.dsKey] === el); },

    // A list ("G" line): its element (role list, named), kept by the list's id.
    list: function (id, name, old) {
      var l = old[id];
      if (!l) {
        l = document.createElement('div');
        l.className = 'sem-list';
        l.setAttribute('role', 'list');
        l.dsItems = {};
      }
      if (l.dsName !== name) { l.dsName = name; l.setAttribute('aria-label', name); }
      return l;
    },

    // A node's place in the tree: in its list's entry (role listitem, with its place in the whole
    // list: the nodes of one entry, a row's words and its buttons, share it) while it is one, else
    // in the root. Entries are kept by their place; those left empty go after the frame (sweep).
    put: function (el, at, focused) {
      var g = at.group;
      if (g && at.left > 0) {
        var pos = at.places[at.places.length - at.left], id = +pos > 0 ? pos : 'k' + el.dsKey, item = at.inList;
        if (!item || item.dsId !== id) {
          item = g.dsItems[id];
          if (!item) {
            item = g.dsItems[id] = document.createElement('div');
            item.className = 'sem-li';
            item.setAttribute('role', 'listitem');
            item.dsId = id;
            if (+pos > 0) item.setAttribute('aria-posinset', pos);
          }
          if (+pos > 0 && item.dsTotal !== at.total) { item.dsTotal = at.total; item.setAttribute('aria-setsize', at.total); }
          DSM.place(item, at.inList, focused, g);
          at.inList = item;
          at.inItem = null;
        }
        DSM.place(el, at.inItem, focused, item);
        at.inItem = el;
        at.left--;
        return;
      }
      DSM.place(el, at.prev, focused, DSM.root);
      at.prev = el;
    },

    // After a frame: the entries no node is in any more, and the lists no entry is.
    sweep: function (lists, oldLists) {
      for (var id in oldLists) if (lists[id] !== oldLists[id]) oldLists[id].remove();
      for (var l in lists) {
        var items = lists[l].dsItems;
        for (var k in items) {
          if (items[k].firstChild) continue;
          items[k].remove();
          delete items[k];
        }
      }
    },

    // Where a node is on screen now: a node of a scrolling window has its y in the window's content.
    rect: function (el) {
      var r = el.dsRect;
      return el.dsLayer ? [r[0], r[1] - (DSM.layers[el.dsLayer] || 0), r[2], r[3]] : r;
    },

    // The app's pixels are DS.s CSS pixels (the person's text size, web/platform.js DS.measure): the
    // nodes are placed in the app's pixels inside a root scaled by as much, so each lies over what
    // the canvas drew for it and every rectangle here is in the app's pixels.
    scale: function (s) {
      var st = DSM.root.style;
      st.transformOrigin = '0 0';
      st.transform = s === 1 ? '' : 'scale(' + s + ')';
      st.width = s === 1 ? '' : 100 / s + 'vw';
      st.height = s === 1 ? '' : 100 / s + 'vh';
      st.right = st.bottom = s === 1 ? '' : 'auto';
    },

    flushLayers: function () {
      if (DSM.flushTimer) clearTimeout(DSM.flushTimer);
      DSM.flushTimer = 0;
      for (var id in DSM.layers) {
        if (DSM.written[id] === DSM.layers[id]) continue;
        DSM.written[id] = DSM.layers[id];
        DSM.root.style.setProperty('--l' + id, -DSM.layers[id] + 'px');
      }
    },

    apply: function (text) {
      var t0 = performance.now();
      // The scrolling windows first: each moves its nodes as one (a CSS variable in their transform).
      var pos = 0;
      while (text.charCodeAt(pos) === 76 && text.charCodeAt(pos + 1) === 9) {  // "L\t<id>\t<scroll>"
        var nl = text.indexOf('\n', pos), l = text.slice(pos + 2, nl).split('\t');
        DSM.layers[l[0]] = +l[1];
        pos = nl + 1;
      }
      var body = pos ? text.slice(pos) : text;
      // A scroll and nothing else: the nodes stay as they are, and their windows' variables are
      // written at most every 100 ms while it goes on (then once when it stops). Nobody reads the
      // nodes' places meanwhile: a press or a tap takes a node's place from DSM.rect, which is exact.
      if (body === DSM.body && !DSM.pendingPress) {
        if (!DSM.flushTimer) DSM.flushTimer = setTimeout(DSM.flushLayers, 100);
        DSM.updates++;
        DSM.ms += performance.now() - t0;
        return;
      }
      DSM.flushLayers();
      DSM.body = body;
      var root = DSM.root, old = DSM.nodes, next = {}, order = [], focused = document.activeElement;
      var lines = body ? body.split('\n') : [], lineEl = new Map(), dialog = '', oldLists = DSM.lists || {}, lists = {};
      // Where the next node goes: after `prev` in the root, or (while `left` entries of a list are
      // to come) after `inList` in `group`.
      var at = { prev: null, group: null, left: 0, inList: null, inItem: null, total: 0, places: [] };
      for (var i = 0; i < lines.length; i++) {
        if (!lines[i]) continue;
        // A line as it was last time is a node as it was: only its place among the others is checked.
        var same = DSM.lineEl.get(lines[i]);
        if (same && old[same.dsKey] === same) {
          lineEl.set(lines[i], same);
          DSM.put(same, at, focused);
          next[same.dsKey] = same;
          order.push(same);
          continue;
        }
        var f = lines[i].split('\t');
        var role = f[0], key = f[1], x = +f[3], y = +f[4], w = +f[5], h = +f[6], layer = f[7];
        if (role === 'D') { dialog = f[2]; continue; }  // a modal dialog: the nodes that follow are its
        if (role === 'G') {  // a list: "G", id, name, how many of the next nodes are its entries, total, places
          var list = lists[key] || DSM.list(key, f[2], oldLists);
          lists[key] = list;
          DSM.place(list, at.prev, focused, root);
          at.prev = list;
          at.group = list; at.left = +f[3]; at.total = f[4]; at.places = f[5].split(','); at.inList = at.inItem = null;
          continue;
        }
        var el = old[key];
        if (!el) el = DSM.make(role, key, f[9]);
        DSM.name(el, f[2]);
        if (role === 'f' && f.length > 13) DSM.field(el, f);
        else if (role === 'w' && el.getAttribute('aria-checked') !== (f[8] === '1' ? 'true' : 'false'))
          el.setAttribute('aria-checked', f[8] === '1' ? 'true' : 'false');
        var r = el.dsRect;
        if (!r || r[0] !== x || r[1] !== y || r[2] !== w || r[3] !== h || el.dsLayer !== layer) {
          el.dsRect = [x, y, w, h];
          el.dsLayer = layer === '0' ? '' : layer;
          el.style.transform = el.dsLayer ? 'translate(' + x + 'px,calc(' + y + 'px + var(--l' + layer + ')))'
                                           : 'translate(' + x + 'px,' + y + 'px)';
          el.style.width = w + 'px';
          el.style.height = h + 'px';
        }
        DSM.put(el, at, focused);
        lineEl.set(lines[i], el);
        next[key] = el;
        order.push(el);
      }
      DSM.lineEl = lineEl;
      var lostFocus = null;
      for (var k in old) {
        if (next[k]) continue;
        if (document.activeElement === old[k]) lostFocus = old[k];
        old[k].remove();
      }
      DSM.sweep(lists, oldLists);
      DSM.lists = lists;
      DSM.nodes = next;
      DSM.order = order;
      // The shell's HTML summary said what the page was before the app drew it; now the mirror
      // says it, and the summary (links and all) is neither read nor reached by Tab twice.
      if (order.length && !DSM.summaryAway) {
        var summary = document.getElementById('summary');
        if (summary) { summary.setAttribute('aria-hidden', 'true'); summary.inert = true; }
        DSM.summaryAway = true;
      }
      // While a dialog is open the mirror is the dialog (its nodes are all there is: Tab stays in it);
      // when it closes, the keyboard goes back to what opened it.
      var back = null;
      if (dialog !== DSM.dialog) {
        if (dialog && !DSM.dialog) DSM.beforeDialog = focused && focused.dsKey;
        if (!dialog && DSM.dialog) back = DSM.nodes[DSM.beforeDialog] || null;
        root.setAttribute('role', dialog ? 'dialog' : 'main');
        if (dialog) { root.setAttribute('aria-modal', 'true'); root.setAttribute('aria-label', dialog); }
        else { root.removeAttribute('aria-modal'); root.removeAttribute('aria-label'); }
        DSM.dialog = dialog;
      }
      if (back && (lostFocus || document.activeElement === document.body) && !DSM.focusByPointer) back.focus({ preventScroll: true });
      else if ((lostFocus && !DSM.focusByPointer) || DSM.pendingPress) DSM.refocus(lostFocus);
      DSM.updates++;
      DSM.ms += performance.now() - t0;
    },

    // [SECTION] Fields -----------------------------------------------------------------------------
    unescape: function (v) {
      return v.indexOf('\\') < 0 ? v : v.replace(/\\(.)/g, function (m, c) {
        return c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c;
      });
    },

    // What the app says of a field: its id, autocomplete token, value and (while it is typed in) its
    // selection. The node shows it, except what is only the app catching up with the node (the
    // person typed on while the app drew what they had typed before: that is kept, not undone).
    field: function (el, f) {
      var value = DSM.unescape(f[11]), s = +f[12], e = +f[13];
      var said = value + '\u0000' + s + '\u0000' + e;
      if (el.dsSaid === said) return;  // nothing new from the app
      el.dsField = f[8];
      if (f[10] && el.getAttribute('autocomplete') !== f[10]) el.setAttribute('autocomplete', f[10]);
      el.dsSaid = said;
      el.dsActive = s >= 0;
      if (document.activeElement !== el) {
        if (el.value !== value) el.value = value;
        return;
      }
      if (DSM.composing) return;
      if (el.dsActive && !el.dsMet) {
        // The app has just taken the field: a keyboard's focus keeps the node's caret (the app
        // follows it), a finger's or the mouse's takes the app's (where the tap put it).
        el.dsMet = true;
        if (!el.dsByPointer) { el.dsSent.length = 0; DSM.sendField(el, true); return; }
      }
      if (el.dsSent.indexOf(said) >= 0) return;  // an echo of what the node sent
      if (el.value !== value) el.value = value;
      if (s >= 0 && (el.selectionStart !== s || el.selectionEnd !== e)) {
        try { el.setSelectionRange(s, e); } catch (err) {}
      }
    },

    // The node's value and selection to the app, whole, when they changed (typing, the browser's
    // autofill, the caret moved by arrows or a screen reader).
    sendField: function (el, always) {
      if (DSM.composing || el.dsField === undefined) return;
      var v = el.value, s = el.selectionStart || 0, e = el.selectionEnd || 0;
      var said = v + '\u0000' + s + '\u0000' + e;
      if (!always && el.dsSent[el.dsSent.length - 1] === said) return;
      el.dsSent.push(said);
      if (el.dsSent.length > 24) el.dsSent.shift();
      DS.event(15, s, e, 0, 0, 0, 0, 0, el.dsField + '\t' + v);
    },

    onInput: function (e) {
      var el = e.target;
      if (el.dsRole !== 'f' || e.isComposing) return;
      DSM.sendField(el);
    },

    // An IME's words being composed are shown by the app at the caret, not yet in the field; the
    // chosen words come in the node's value when the composition ends.
    onComposition: function (e) {
      if (e.target.dsRole !== 'f') return;
      if (e.type === 'compositionstart') DSM.composing = true;
      else if (e.type === 'compositionupdate') DS.event(8, 0, 0, 0, 0, 0, 0, 0, e.data || '');
      else {
        DSM.composing = false;
        DS.event(8, 0, 0, 0, 0, 0, 0, 0, '');
        DSM.sendField(e.target);
      }
    },

    // The field node the app's active field is drawn in (x, y inside it), if there is one.
    fieldNodeAt: function (x, y) {
      for (var i = 0; i < DSM.order.length; i++) {
        var el = DSM.order[i], r = DSM.rect(el);
        if (el.dsRole === 'f' && x >= r[0] && y >= r[1] && x < r[0] + r[2] && y < r[1] + r[3]) return el;
      }
      return null;
    },

    // A finger or the mouse on a field: its node takes the keyboard (inside the gesture, so a phone
    // opens its keyboard), the caret where the tap put the app's.
    pointField: function (x, y) {
      var el = DSM.fieldNodeAt(x, y);
      if (!el) return null;
      el.dsByPointer = true;
      DSM.pointerNode = el;
      DSM.pointerAt = performance.now();
      if (document.activeElement !== el) el.focus({ preventScroll: true });
      return el;
    },

    // The app took or left a text field by itself (text_input): the node follows, or the keyboard
    // goes where the person put it.
    appField: function (active, x, y) {
      var el = document.activeElement, onField = el && el.dsRole === 'f' && DSM.own(el);
      if (active) {
        // (the node the app said last frame was typed in; on the frame the app took it, none yet)
        var at = null;
        for (var i = 0; i < DSM.order.length && !at; i++) if (DSM.order[i].dsActive) at = DSM.order[i];
        if (!at) return onField || !!DSM.fieldNodeAt(x + 1, y + 1);
        // The keyboard is on a node (Tab moved on, to a button or to the next field, which the app
        // is about to take): it stays there. Only a field the app took by itself brings it over.
        if (el && el.dsKey) return true;
        DSM.quiet = true;
        at.dsByPointer = DSM.lastInput !== 'key';
        at.focus({ preventScroll: true });
        DSM.quiet = false;
        return true;
      }
      // A tap elsewhere closed the field: the phone's keyboard goes with it. (The keyboard's person
      // stays on the node, as on any web page after Enter.)
      if (onField && DSM.lastInput === 'pointer') el.blur();
      return onField;
    },

    // [SECTION] Activation -------------------------------------------------------------------------
    // retried: the press waited for the node to be brought on screen (once: a node that cannot be is
    // not pressed somewhere else).
    press: function (el, retried) {
      var r = DSM.rect(el), vw = DS.vp[0], vh = DS.vp[1];
      var x = r[0] + r[2] / 2, y = r[1] + r[3] / 2;
      if (x < 0 || y < 0 || x >= vw || y >= vh) {  // not on screen: bring it first, press it then
        // (the tree may follow a frame drawn before the app scrolled: the press waits up to a second)
        if (!retried) { DSM.reveal(el); DSM.pendingPress = el.dsKey; DSM.pendingSince = performance.now(); }
        else if (performance.now() - DSM.pendingSince < 1000) DSM.pendingPress = el.dsKey;
        return;
      }
      DS.event(3, x, y, 0, 0, 1, 64, 0, null);
      DS.event(1, x, y, 0, 0, 1, 64 | 2, 0, null);
      DS.event(2, x, y, 0, 0, 1, 64, 0, null);
      DS.event(3, -1e6, -1e6, 0, 0, 1, 64, 0, null);  // no hover left behind
    },

    onClick: function (e) {
      var el = e.target.closest && e.target.closest('.sem');
      if (!DSM.own(el)) return;
      if (el.dsRole === 'l') e.preventDefault();
      // A mouse or a finger already pressed the canvas through the node (its pointer events are the
      // canvas's); a keyboard's Enter or a screen reader's activation comes as a click alone. (The
      // node the click lands on may be a new one: the press changed its words, and so its node.)
      // A pointer's click follows its pointerdown however long the page was busy in between: a
      // time window (it was 1 s) let a slow page's click press the node a second time, toggling
      // back what the tap had just toggled (a switch, the shop picker).
      var byPointer = e.detail > 0 && DSM.pointerDown;
      DSM.pointerDown = false;
      if (byPointer) return;
      if (DSM.focusable(el)) DSM.press(el);
    },

    // [SECTION] Focus ------------------------------------------------------------------------------
    focusable: function (el) { return el.dsRole === 'b' || el.dsRole === 'w' || el.dsRole === 'l' || el.dsRole === 'f'; },

    // Keys in a field's node: Tab moves on (the browser's), Escape is the app's (window handler),
    // Enter is the app's (a form sent, a search made) or, before the app has the field, takes it;
    // in a text area Enter is a new line. Every other key edits the node as any input (arrows,
    // Backspace, Ctrl+A, Ctrl+Z, paste), and the app follows its value: the page's own key handling
    // (the editor's undo) never sees them.
    onKey: function (e) {
      var el = e.target;
      if (e.key === 'Tab' && DSM.dialog) {  // a dialog keeps the keyboard: Tab wraps around inside it
        var list = DSM.order.filter(DSM.focusable), at = list.indexOf(el);
        var to = e.shiftKey ? (at <= 0 ? list[list.length - 1] : null) : (at === list.length - 1 ? list[0] : null);
        if (to) { e.preventDefault(); to.focus({ preventScroll: true }); }
        return;
      }
      if (el.dsRole !== 'f' || e.isComposing || e.keyCode === 229) return;
      if (e.key === 'Tab' || e.key === 'Escape') return;
      if (e.key === 'Enter' && el.tagName !== 'TEXTAREA') {
        e.preventDefault();
        if (!el.dsActive) { DSM.press(el); return; }
        DS.event(6, 0, 0, 0, 0, 0, 2, 12, null);
        DS.event(6, 0, 0, 0, 0, 0, 0, 12, null);
        return;
      }
      e.stopPropagation();
    },

    onKeyUp: function (e) {
      var el = e.target;
      if (el.dsRole !== 'f' || e.key === 'Escape') return;
      e.stopPropagation();
      DSM.sendField(el);
    },

    // Tab from the IME textarea (a field with no node of its own): on to the page's first node.
    tabFromField: function (back) {
      var list = DSM.order.filter(DSM.focusable), to = list[back ? list.length - 1 : 0];
      if (to) to.focus({ preventScroll: true });
    },

    // The app brings the node on screen (its window scrolled so the node is in the middle), from
    // the layout of its next frame: where the page last put the node may be a frame old.
    reveal: function (el) {
      DS.event(16, 0, 0, 0, 0, 0, 0, 0, el.dsKey);
    },

    onFocus: function (e) {
      var el = e.target;
      if (!el.dsKey) return;
      // A finger or the mouse that pressed a node gave it focus on the way: the page stays where
      // it is, no ring, and when the node goes its focus goes with it (nobody is reading by focus).
      DSM.focusByPointer = el === DSM.pointerNode && performance.now() - DSM.pointerAt < 800;
      if (el.dsRole === 'f') { el.dsMet = false; if (!DSM.focusByPointer && !DSM.quiet) el.dsByPointer = false; }
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
      if (to && (to === DS.ime || DSM.own(to))) return;
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
        var r0 = DSM.rect(lost);
        for (var n = 0; n < DSM.order.length && !el; n++) {
          var o = DSM.order[n], r1 = DSM.rect(o);
          if (o.dsRole === lost.dsRole && Math.abs(r1[0] - r0[0]) < 2 && Math.abs(r1[1] - r0[1]) < 2) el = o;
        }
        for (var i = 0; i < DSM.order.length && !el; i++) if (DSM.order[i].dsRole === '1') el = DSM.order[i];
        for (var i2 = 0; i2 < DSM.order.length && !el; i2++) if (DSM.order[i2].dsRole === '2') el = DSM.order[i2];  // a dialog's title
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
