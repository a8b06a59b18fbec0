// The page's graphics: draws the app's frames on its canvas with WebGL2, from the command stream
// the renderer writes (src/ui/renderer.h lists the commands; this file reads them in the same order).
//
// [SECTION] Context and shaders
// [SECTION] Textures and targets
// [SECTION] Commands
// [SECTION] Where it runs
//
// It runs in a worker that owns the canvas (the shell hands it over as an OffscreenCanvas): making
// a WebGL context takes hundreds of milliseconds on a phone whose GPU driver is slow or missing, and
// that wait, the shader compile and every draw call happen beside the page's main thread, which keeps
// answering touches and running the app. A browser that cannot hand a canvas to a worker (or whose
// worker has no WebGL2) runs this same file on the page (web/shell.js decides).
(function (scope) {
  'use strict';
  var OP = { shaders: 1, texture: 2, picture: 3, deleteTexture: 4, fontAtlas: 5, fontRows: 6, target: 7,
             bindTarget: 8, deleteTarget: 9, draw: 10 };
  var canvas = null, gl = null, program = null, u = {}, vao = null, vbo = null, ibo = null;
  var textures = {}, targets = {}, bound = 0;
  var report = function () {};  // tells the shell how the start went (below: where it runs)

  // [SECTION] Context and shaders ----------------------------------------------------------------
  // The attributes the app has always asked for: no depth, stencil or multisampling (ImGui
  // anti-aliases its own shapes), no extensions (enabling them all cost a fifth of a second of a
  // phone's start on software GL).
  function start(c) {
    canvas = c;
    try {
      gl = c.getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false,
                                    premultipliedAlpha: false, preserveDrawingBuffer: false });
    } catch (e) { gl = null; }
    return !!gl;
  }

  function compile(vsText, fsText) {
    if (!gl) return false;
    var shader = function (type, text) {
      var s = gl.createShader(type);
      gl.shaderSource(s, text);
      gl.compileShader(s);
      return s;
    };
    var vs = shader(gl.VERTEX_SHADER, vsText), fs = shader(gl.FRAGMENT_SHADER, fsText);
    program = gl.createProgram();
    gl.attachShader(program, vs);
    gl.attachShader(program, fs);
    gl.bindAttribLocation(program, 0, 'a_position');
    gl.bindAttribLocation(program, 1, 'a_uv');
    gl.bindAttribLocation(program, 2, 'a_color');
    gl.linkProgram(program);
    var ok = !!gl.getProgramParameter(program, gl.LINK_STATUS);
    if (!ok) console.warn('shaders failed: ' + gl.getShaderInfoLog(vs) + ' ' + gl.getShaderInfoLog(fs) + ' ' + gl.getProgramInfoLog(program));
    gl.deleteShader(vs);
    gl.deleteShader(fs);
    if (!ok) return false;
    u.projection = gl.getUniformLocation(program, 'u_projection');
    u.texture = gl.getUniformLocation(program, 'u_texture');
    u.alphaOnly = gl.getUniformLocation(program, 'u_alpha_only');
    vao = gl.createVertexArray();
    vbo = gl.createBuffer();
    ibo = gl.createBuffer();
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, vbo);
    gl.enableVertexAttribArray(0);
    gl.enableVertexAttribArray(1);
    gl.enableVertexAttribArray(2);
    gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 20, 0);          // ImDrawVert: pos
    gl.vertexAttribPointer(1, 2, gl.FLOAT, false, 20, 8);          // uv
    gl.vertexAttribPointer(2, 4, gl.UNSIGNED_BYTE, true, 20, 16);  // col
    gl.bindVertexArray(null);
    return true;
  }

  // [SECTION] Textures and targets ---------------------------------------------------------------
  // A texture with the renderer's sampling: linear, clamped, mipmapped when `mips` (grids draw
  // pictures smaller than their pixels).
  function newTexture(id, mips) {
    if (textures[id]) gl.deleteTexture(textures[id]);
    var t = textures[id] = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, t);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, mips ? gl.LINEAR_MIPMAP_LINEAR : gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.LINEAR);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
    gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    return t;
  }
  function dropTarget(id) {
    var t = targets[id];
    if (!t) return;
    gl.deleteFramebuffer(t);
    delete targets[id];
    if (textures[id]) { gl.deleteTexture(textures[id]); delete textures[id]; }
  }

  // [SECTION] Commands ---------------------------------------------------------------------------
  // How many words a command's operands take (W: the stream's words, i: just past the command): the
  // one place the stream's layout is read for its sizes, by run and by targetsDrawn.
  function size(n) { return (n + 3) >> 2; }
  function operandWords(op, W, i) {
    switch (op) {
      case OP.shaders: return 2 + size(W[i]) + size(W[i + 1]);
      case OP.texture: return 3 + size(W[i + 1] * W[i + 2] * 4);
      case OP.picture: return 2;
      case OP.deleteTexture: case OP.bindTarget: case OP.deleteTarget: return 1;
      case OP.fontAtlas: { var r = atlasRows(W, i); return 5 + size(r.above + r.under); }
      case OP.fontRows: return 4 + size(W[i + 2] * W[i + 3]);
      case OP.target: return 3;
      case OP.draw: {
        var lists = W[i + 8], j = i + 9;
        for (var n = 0; n < lists; n++) j += 3 + W[j] * 5 + W[j + 1] + W[j + 2] * 7;
        return j - i;
      }
    }
    return -1;
  }
  // A font atlas's rows above the empty band and below it (bytes of each).
  function atlasRows(W, i) {
    var fw = W[i + 1], fh = W[i + 2], ey = W[i + 3], below = ey + W[i + 4];
    return { above: ey * fw, under: below < fh ? (fh - below) * fw : 0, below: below };
  }

  // The targets (live previews) a stream draws into: a batch's earlier draws into a target a later
  // stream draws again are skipped (each draw clears its target and draws all of it).
  function targetsDrawn(bytes) {
    var W = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
    var found = {}, into = 0, i = 0;
    while (i < W.length) {
      var op = W[i++], n = operandWords(op, W, i);
      if (n < 0) break;
      if (op === OP.bindTarget) into = W[i];
      else if (op === OP.draw && into) found[into] = true;
      i += n;
    }
    return found;
  }

  // Runs one stream (a Uint8Array starting on a word) and the pictures its picture commands name
  // ({number: ImageBitmap}, each closed once it is a texture). `covered`: a later stream of the same
  // batch draws the canvas again, so this one's canvas frames are skipped (nobody would see them);
  // `redrawn`: the targets a later stream draws again, skipped the same way.
  function run(bytes, pictures, covered, redrawn) {
    var buf = bytes.buffer, base = bytes.byteOffset, words = bytes.byteLength >> 2;
    var W = new Uint32Array(buf, base, words), I = new Int32Array(buf, base, words), F = new Float32Array(buf, base, words);
    var at = function (i, n) { return new Uint8Array(buf, base + i * 4, n); };
    var drew = false, i = 0;
    while (i < words) {
      var op = W[i++], n = operandWords(op, W, i), next = i + n;
      if (n < 0) {
        console.warn('graphics: unknown command ' + op);
        return drew;
      }
      if (op === OP.shaders) {
        var vl = W[i], fl = W[i + 1], dec = new TextDecoder();
        var vs = dec.decode(at(i + 2, vl)), fs = dec.decode(at(i + 2 + size(vl), fl));
        report({ shaders: compile(vs, fs) });
        i = next;
        continue;
      }
      if (!program) return drew;  // nothing can be drawn: the app was told (Failed)
      if (op === OP.texture) {
        var id = W[i], w = W[i + 1], h = W[i + 2];
        newTexture(id, true);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, w, h, 0, gl.RGBA, gl.UNSIGNED_BYTE, at(i + 3, w * h * 4));
        gl.generateMipmap(gl.TEXTURE_2D);
      } else if (op === OP.picture) {
        var pic = pictures && pictures[W[i + 1]];
        newTexture(W[i], true);
        if (pic) {
          gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, pic);
          gl.generateMipmap(gl.TEXTURE_2D);
          pic.close();
        }
      } else if (op === OP.deleteTexture) {
        if (textures[W[i]]) { gl.deleteTexture(textures[W[i]]); delete textures[W[i]]; }
      } else if (op === OP.fontAtlas) {
        // The rows above the empty band, then those below it; a new texture starts cleared.
        var fid = W[i], fw = W[i + 1], fh = W[i + 2], ey = W[i + 3], rows = atlasRows(W, i);
        newTexture(fid, false);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.R8, fw, fh, 0, gl.RED, gl.UNSIGNED_BYTE, null);
        if (rows.above) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, fw, ey, gl.RED, gl.UNSIGNED_BYTE, at(i + 5, rows.above));
        if (rows.under) gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, rows.below, fw, fh - rows.below, gl.RED, gl.UNSIGNED_BYTE,
                                         new Uint8Array(buf, base + (i + 5) * 4 + rows.above, rows.under));
      } else if (op === OP.fontRows) {
        var rw = W[i + 2], rh = W[i + 3];
        if (textures[W[i]]) {
          gl.bindTexture(gl.TEXTURE_2D, textures[W[i]]);
          gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
          gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, W[i + 1], rw, rh, gl.RED, gl.UNSIGNED_BYTE, at(i + 4, rw * rh));
        }
      } else if (op === OP.target) {
        var tid = W[i], tw = W[i + 1], th = W[i + 2];
        newTexture(tid, false);
        gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, tw, th, 0, gl.RGBA, gl.UNSIGNED_BYTE, null);
        if (!targets[tid]) targets[tid] = gl.createFramebuffer();
        gl.bindFramebuffer(gl.FRAMEBUFFER, targets[tid]);
        gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, textures[tid], 0);
        gl.bindFramebuffer(gl.FRAMEBUFFER, bound ? targets[bound] || null : null);
      } else if (op === OP.bindTarget) {
        bound = W[i];
        gl.bindFramebuffer(gl.FRAMEBUFFER, bound ? targets[bound] || null : null);
      } else if (op === OP.deleteTarget) {
        dropTarget(W[i]);
      } else if (op === OP.draw) {
        if (!(bound ? redrawn && redrawn[bound] : covered)) draw(W, I, F, at, i);
        if (!bound) drew = true;
      }
      i = next;
    }
    return drew;
  }

  function draw(W, I, F, at, i) {
    var fbw = W[i], fbh = W[i + 1], rgb = W[i + 2], font = W[i + 3];
    var L = F[i + 4], T = F[i + 5], R = F[i + 6], B = F[i + 7], lists = W[i + 8];
    i += 9;
    if (!bound && (canvas.width !== fbw || canvas.height !== fbh) && fbw > 0 && fbh > 0) {
      canvas.width = fbw;
      canvas.height = fbh;
    }
    gl.viewport(0, 0, fbw, fbh);
    gl.clearColor(((rgb >> 16) & 255) / 255, ((rgb >> 8) & 255) / 255, (rgb & 255) / 255, 1);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (!lists) return i;
    gl.enable(gl.BLEND);
    gl.blendEquation(gl.FUNC_ADD);
    gl.blendFuncSeparate(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA, gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.disable(gl.CULL_FACE);
    gl.disable(gl.DEPTH_TEST);
    gl.enable(gl.SCISSOR_TEST);
    gl.useProgram(program);
    gl.uniformMatrix4fv(u.projection, false, [2 / (R - L), 0, 0, 0, 0, 2 / (T - B), 0, 0, 0, 0, -1, 0,
                                             (R + L) / (L - R), (T + B) / (B - T), 0, 1]);
    gl.uniform1i(u.texture, 0);
    gl.activeTexture(gl.TEXTURE0);
    gl.bindVertexArray(vao);
    gl.bindBuffer(gl.ARRAY_BUFFER, vbo);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, ibo);
    var current = -1;
    for (var n = 0; n < lists; n++) {
      var nv = W[i], ni = W[i + 1], nc = W[i + 2];
      i += 3;
      gl.bufferData(gl.ARRAY_BUFFER, at(i, nv * 20), gl.STREAM_DRAW);
      i += nv * 5;
      gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, at(i, ni * 4), gl.STREAM_DRAW);
      i += ni;
      for (var c = 0; c < nc; c++, i += 7) {
        gl.scissor(I[i], I[i + 1], I[i + 2], I[i + 3]);
        var tex = W[i + 4];
        if (tex !== current) {
          gl.bindTexture(gl.TEXTURE_2D, textures[tex] || null);
          gl.uniform1i(u.alphaOnly, tex === font ? 1 : 0);
          current = tex;
        }
        gl.drawElements(gl.TRIANGLES, W[i + 5], gl.UNSIGNED_INT, W[i + 6] * 4);
      }
    }
    gl.disable(gl.SCISSOR_TEST);
    gl.bindVertexArray(null);
    return i;
  }

  // [SECTION] Where it runs ----------------------------------------------------------------------
  // In a worker: the shell sends {canvas} once, then batches of {stream, pictures, seq}; the worker
  // says whether the context was made, whether the shaders linked, and which batch it has drawn
  // (with the canvas buffer's size then: the page's canvas element no longer knows it).
  // On the page: the shell calls the same functions through window.dynshopRender.
  if (typeof WorkerGlobalScope !== 'undefined' && scope instanceof WorkerGlobalScope) {
    report = function (m) { scope.postMessage(m); };
    scope.onmessage = function (e) {
      var m = e.data;
      if (m.canvas) return scope.postMessage({ context: start(m.canvas) });
      if (m.batch) {
        // Always answered: the page holds the next frames until this one is done.
        var problem = '', streams = m.batch.map(function (f) { return new Uint8Array(f.stream); });
        // What each stream's later ones draw again (from the last back): skipped in it.
        var later = [], seen = {};
        for (var k = streams.length - 1; k >= 0; k--) {
          later[k] = Object.assign({}, seen);
          if (k) Object.assign(seen, targetsDrawn(streams[k]));
        }
        for (var b = 0; b < streams.length; b++) {
          try {
            run(streams[b], m.batch[b].pictures, b < streams.length - 1, later[b]);
          } catch (err) { problem = String(err && err.message || err); }
        }
        var answer = function () {
          scope.postMessage({ done: m.seq, width: canvas.width, height: canvas.height, problem: problem });
        };
        // Answered at the worker's next animation frame: the frame drawn above is on its way to the
        // screen then (it goes when this task ends), not only in the GPU's queue. What waits for
        // "drawn" (the shell's first paint fading, a test's screenshot) then sees it.
        if (scope.requestAnimationFrame) scope.requestAnimationFrame(answer); else answer();
      }
    };
  } else {
    scope.dynshopRender = {
      start: start,
      run: function (bytes, pictures, tell) {
        report = tell;
        try { return run(bytes, pictures); } catch (err) { console.warn('graphics: ' + (err && err.message || err)); return false; }
      }
    };
  }
})(self);
