#!/usr/bin/python3
"""Gathers what tools/bench.sh measured into one figures.json and prints the labelled figures.

Inputs (in BUILD/bench): release_native.json, release_wasm.json (bench_release), web.json
(tests/browser/bench_web.js). Sizes (figure 1) are measured here, from BUILD/site, with gzip -9.
"""
import argparse
import json
import os
import subprocess
import sys


def gzip9(path):
    out = subprocess.run(["gzip", "-9", "-c", "-n", path], check=True, stdout=subprocess.PIPE).stdout
    return len(out)


def size_of(path):
    return {"raw": os.path.getsize(path), "gzip9": gzip9(path)}


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("bench: missing or unreadable %s (%s)" % (path, e), file=sys.stderr)
        return None


def kib(n):
    return "%.1f KiB" % (n / 1024.0)


def ms(v):
    return "n/a" if v is None else "%.1f ms" % v


def ratio(a, b):
    return None if not a or not b else round(a / b, 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--elapsed", type=int, default=0)
    a = ap.parse_args()
    site = os.path.join(a.build, "site")
    bench = os.path.join(a.build, "bench")
    fig = {"build": a.build, "bench_seconds": a.elapsed}
    lines = []
    say = lines.append

    # ---- 1: sizes ---------------------------------------------------------------------------------
    sizes = {}
    for name in ("app.wasm", "app.js", "shop.wasm", "shop.js", "shell.js", "style.css", "index.html"):
        if os.path.exists(os.path.join(site, name)):
            sizes[name] = size_of(os.path.join(site, name))
    fonts = {}
    fonts_dir = os.path.join(site, "fonts")
    for name in sorted(os.listdir(fonts_dir)):
        fonts[name] = size_of(os.path.join(fonts_dir, name))
    fig["sizes"] = {"files": sizes, "fonts": fonts,
                    "app_total": {k: sizes["app.wasm"][k] + sizes["app.js"][k] for k in ("raw", "gzip9")},
                    "fonts_total": {k: sum(f[k] for f in fonts.values()) for k in ("raw", "gzip9")}}
    say("== Issue 2: foundation")
    for name in [n for n in ("app.wasm", "app.js", "shop.wasm", "shop.js") if n in sizes]:
        s = sizes[name]
        say("[1] size %-28s raw %9d B (%s)   gzip -9 %9d B (%s)" % (name, s["raw"], kib(s["raw"]), s["gzip9"], kib(s["gzip9"])))
    t = fig["sizes"]["app_total"]
    say("[1] size %-28s raw %9d B (%s)   gzip -9 %9d B (%s)" % ("app.wasm + app.js", t["raw"], kib(t["raw"]), t["gzip9"], kib(t["gzip9"])))
    for name, s in fonts.items():
        say("[1] size %-28s raw %9d B (%s)   gzip -9 %9d B (%s)" % ("fonts/" + name, s["raw"], kib(s["raw"]), s["gzip9"], kib(s["gzip9"])))
    t = fig["sizes"]["fonts_total"]
    say("[1] size %-28s raw %9d B (%s)   gzip -9 %9d B (%s)" % ("fonts total", t["raw"], kib(t["raw"]), t["gzip9"], kib(t["gzip9"])))

    web = load(os.path.join(bench, "web.json")) or {}
    fig["web"] = web
    kinds = ["html", "js", "css", "wasm", "fonts", "api_json", "images", "other"]

    def bytes_line(label, b):
        if not b:
            return "%s: not measured" % label
        parts = ", ".join("%s %s" % (k, kib(b["by_type"][k]["wire"])) for k in kinds if k in b["by_type"])
        return "%s: %s over %d requests, %s decoded (%s)" % (label, kib(b["total_wire"]), b["requests"], kib(b["total_body"]), parts)

    by = web.get("bytes", {})
    say(bytes_line("[2] bytes first visit %s (phone, cold)" % (by.get("demo_shop") or {}).get("path", "?"), by.get("demo_shop")))
    say(bytes_line("[2] bytes first visit %s (phone, cold)" % (by.get("scale_shop") or {}).get("path", "?"), by.get("scale_shop")))

    ff = web.get("first_frame", {})
    say("[3] machine: %s CPUs, load average %s at the start of the browser runs, %s at the end (other work shares it)"
        % (web.get("cpus"), web.get("loadavg_start"), web.get("loadavg_end")))
    for name, label in (("demo_phone", "phone 390x844@3"), ("demo_desktop", "desktop 1280x800"), ("scale_phone", "phone 390x844@3")):
        f = ff.get(name)
        if not f:
            say("[3] first frame %s: not measured" % name)
            continue
        say("[3] first frame %s %s: median %s of %d cold runs %s | html %s, app.js %s, wasm downloaded %s, "
            "wasm instantiated %s (compile+instantiate %s), shop json %s, CJK font %s (navigation-relative medians)"
            % (f["path"], label, ms(f["first_frame_ms"]), f["runs"], f["all_first_frame_ms"], ms(f["html_done_ms"]),
               ms(f["app_js_done_ms"]), ms(f["wasm_downloaded_ms"]), ms(f["wasm_instantiated_ms"]),
               ms(f["wasm_compile_instantiate_ms"]), ms(f["shop_json_done_ms"]), ms(f["cjk_font_done_ms"])))
        bt = f.get("boot_traced") or {}
        say("[3]   before that first frame: app frames %s wall (longest %s; median of runs) | traced run: main thread %s CPU "
            "in %s of tasks, app frames %s CPU in %d rAF callbacks (longest %s CPU), first frame at %s"
            % (ms(f.get("boot_frames_cpu_ms")), ms(f.get("boot_longest_frame_ms")), ms(bt.get("main_thread_cpu_ms")),
               ms(bt.get("main_thread_busy_ms")), ms(bt.get("raf_thread_cpu_sum_ms")), bt.get("raf_count") or 0,
               ms(bt.get("raf_thread_cpu_max_ms")), ms(bt.get("first_frame_ms"))))

    fr = web.get("frames", {})
    scen = (("demo_phone", "[4]", "demo grid /s/lily-tea, phone, touch flings"),
            ("scale_phone", "[6]", "3,000-SKU grid /s/scale-all, phone, touch flings"),
            ("scale_desktop", "[6]", "3,000-SKU grid /s/scale-all, desktop, mouse wheel"))
    for name, tag, label in scen:
        f = fr.get(name)
        if not f:
            say("%s frames %s: not measured" % (tag, name))
            continue
        say("%s idle, %s: %d frames drawn in %ds after load, %d in %ds after scrolling stopped"
            % (tag, label, f["idle"]["frames"], f["idle"]["seconds"], f["idle_after_scroll"]["frames"], f["idle_after_scroll"]["seconds"]))
        s = f["scroll"]
        rc = s.get("raf_thread_cpu_ms") or {}
        say("%s frame CPU scrolling %s: rAF thread CPU median %s p95 %s (Chromium trace, %s frames) | app wall clock: Canvas::frame "
            "median %s p95 %s, whole app frame median %s p95 %s | %d frames in %.1fs (%.1f fps), %d gestures, %d products passed, "
            "%d images fetched"
            % (tag, label, ms(rc.get("median")), ms(rc.get("p95")), rc.get("count"), ms(s["canvas_ms"]["median"]), ms(s["canvas_ms"]["p95"]),
               ms(s["app_ms"]["median"]), ms(s["app_ms"]["p95"]), s["frames"], s["seconds"], s["fps"], s["gestures"],
               s.get("distinct_products_seen", 0), s.get("images_fetched_during", 0)))

    # ---- issue 3 --------------------------------------------------------------------------------------
    say("== Issue 3: storefront")
    nat = load(os.path.join(bench, "release_native.json")) or {}
    was = load(os.path.join(bench, "release_wasm.json")) or {}
    kept = load(os.path.join(bench, "release_native_kept.json")) or {}
    rel = {"native": nat, "native_malloc_kept": kept, "wasm": was, "ratio_wasm_native": {}, "ratio_wasm_native_kept": {}}
    if nat:
        say("[5] %s: %d products; bundle %s, release payload %s"
            % (nat.get("shop"), nat.get("items", 0), kib(nat.get("bundle_bytes", 0)), kib(nat.get("release_payload_bytes", 0))))
    for step, label in (("open_release", "open_release (signature + parse + 3,000 content hashes)"),
                        ("compose_shop", "compose_shop scale-all (certs, chain, manifest, release)"),
                        ("bundle_parse", "bundle JSON -> ShopBundle"), ("sig_verify", "  of which Ed25519 over the payload"),
                        ("payload_parse", "  of which payload JSON parse"), ("search_all", "search_shop, no filter"),
                        ("search_word", "search_shop, one word")):
        n = (nat.get(step) or {}).get("median_ms")
        w = (was.get(step) or {}).get("median_ms")
        k = (kept.get(step) or {}).get("median_ms")
        rel["ratio_wasm_native"][step] = ratio(w, n)
        rel["ratio_wasm_native_kept"][step] = ratio(w, k)
        say("[5] %-58s native %s  wasm %s  wasm/native %s | native, malloc keeping memory %s: wasm/native %s  (medians of %s / %s runs)"
            % (label, ms(n), ms(w), rel["ratio_wasm_native"][step], ms(k), rel["ratio_wasm_native_kept"][step],
               (nat.get(step) or {}).get("runs"), (was.get(step) or {}).get("runs")))
    fig["release"] = rel
    f = fr.get("scale_phone")
    if f:
        s = f["scroll"]
        rc = s.get("raf_thread_cpu_ms") or {}
        say("[6] frame CPU scrolling the 3,000-SKU grid (phone): rAF thread CPU median %s p95 %s | whole app frame (wall) median %s p95 %s"
            % (ms(rc.get("median")), ms(rc.get("p95")), ms(s["app_ms"]["median"]), ms(s["app_ms"]["p95"])))
    say(bytes_line("[7] bytes first product page %s (phone, cold)" % (by.get("demo_product") or {}).get("path", "?"), by.get("demo_product")))
    say(bytes_line("[7] bytes first product page %s (phone, cold)" % (by.get("scale_product") or {}).get("path", "?"), by.get("scale_product")))

    # ---- issue 5: the distributor editor --------------------------------------------------------------
    say("== Issue 5: distributor editor")
    ed = load(os.path.join(bench, "editor.json")) or {}
    dn = load(os.path.join(bench, "dashboard_native.json")) or {}
    dw = load(os.path.join(bench, "dashboard_wasm.json")) or {}
    fig["editor"] = {"browser": ed, "dashboard_native": dn, "dashboard_wasm": dw}
    ob = ed.get("onboarding")
    if ob:
        say("[E1] invite opened -> shop published (scripted, desktop, typing instant): median %s of %d runs %s | invite page ready %s, "
            "slug checked free %s, \"Open my shop\" -> live (Argon2id, enrollment, first manifest) %s"
            % (ms(ob["total_ms"]), ob["runs"], ob["all_total_ms"], ms(ob["invite_page_ms"]), ms(ob["slug_check_ms"]), ms(ob["create_ms"])))
    else:
        say("[E1] invite -> published shop: not measured")
    efr = ed.get("frames") or {}
    for key, label in (("typing_greeting", "typing the greeting"), ("typing_search", "typing a product search"),
                       ("scrolling_editor", "scrolling the editor"), ("scrolling_preview", "scrolling the phone preview's grid")):
        for size in ("desktop", "phone"):
            f = efr.get("%s_%s" % (size, key))
            if not f:
                continue
            rc = f["raf_thread_cpu_ms"]
            say("[E2] editor frame CPU, 3,000-SKU shop with live previews, %s, %s: rAF thread CPU median %s p95 %s (%d rAF callbacks) | "
                "app frame wall median %s p95 %s | %d frames in %.1fs"
                % (size, label, ms(rc["median"]), ms(rc["p95"]), rc["count"], ms(f["app_ms"]["median"]), ms(f["app_ms"]["p95"]),
                   f["frames"], f["seconds"]))
    if ed:
        say("[E2] machine: %s CPUs, load average %s at the start of the editor runs, %s at the end"
            % (ed.get("cpus"), ed.get("loadavg_start"), ed.get("loadavg_end")))
    for name, d in (("native", dn), ("wasm under node", dw)):
        if not d:
            say("[E3] dashboard %s: not measured" % name)
            continue
        say("[E3] dashboard over %d events, %d orders (%s MB of activity JSON), %s: compute_dashboard median %s (min %s); "
            "parsing the pages median %s (min %s)"
            % (d["events"], d["orders"], d["json_mb"], name, ms(d["dashboard_ms"]["median"]), ms(d["dashboard_ms"]["min"]),
               ms(d["parse_ms"]["median"]), ms(d["parse_ms"]["min"])))

    # ---- settlement over the scale ledger (issue 2 item 6: 1,000,000 orders) -------------------------------
    say("== Settlement: the 1,000,000-order scale ledger")
    sn = load(os.path.join(bench, "settlement_native.json")) or {}
    sw = load(os.path.join(bench, "settlement_wasm.json")) or {}
    fig["settlement"] = {"native": sn, "wasm": sw}
    for name, d in (("native", sn), ("wasm under node", sw)):
        if not d:
            say("[S] settlement %s: not measured" % name)
            continue
        say("[S] %s: %d orders, %d shares, %d payees: load %s; balances (pending/settleable/paid/clawback) %s; four weekly payout "
            "batches + CSV %s (last batch %d lines, %d bytes of CSV); re-run of the last batch %s; checks %s"
            % (name, d["orders"], d["shares"], d["payees"], ms(d["load_ms"]["median"]), ms(d["balances_ms"]["median"]),
               ms(d["batches_ms"]["median"]), d["last_batch_lines"], d["csv_bytes"], ms(d["rerun_ms"]["median"]),
               "ok" if d.get("ok") else "FAILED"))
    if sn and sw:
        say("[S] wasm / native: balances x%s, batches x%s" % (ratio(sw["balances_ms"]["median"], sn["balances_ms"]["median"]),
                                                              ratio(sw["batches_ms"]["median"], sn["batches_ms"]["median"])))

    # ---- summary --------------------------------------------------------------------------------------
    def g(d, *keys):
        for k in keys:
            if not isinstance(d, dict) or k not in d:
                return None
            d = d[k]
        return d

    summary = [
        "app.wasm+app.js %s gzip -9 (%s raw); fonts %s gzip -9" % (kib(fig["sizes"]["app_total"]["gzip9"]), kib(fig["sizes"]["app_total"]["raw"]),
                                                                  kib(fig["sizes"]["fonts_total"]["gzip9"])),
        "first visit demo shop %s, 3,000-SKU shop %s; first product page demo %s, 3,000-SKU %s (wire bytes, cold, phone)"
        % tuple(kib(g(by, k, "total_wire") or 0) for k in ("demo_shop", "scale_shop", "demo_product", "scale_product")),
        "first frame (cold, median of %s): demo phone %s, 3,000-SKU phone %s, demo desktop %s; main-thread CPU before it (traced): %s, %s, %s"
        % (web.get("runs"), ms(g(ff, "demo_phone", "first_frame_ms")), ms(g(ff, "scale_phone", "first_frame_ms")),
           ms(g(ff, "demo_desktop", "first_frame_ms")), ms(g(ff, "demo_phone", "boot_traced", "main_thread_cpu_ms")),
           ms(g(ff, "scale_phone", "boot_traced", "main_thread_cpu_ms")), ms(g(ff, "demo_desktop", "boot_traced", "main_thread_cpu_ms"))),
        "idle frames in 3 s: demo %s, 3,000-SKU %s" % (g(fr, "demo_phone", "idle", "frames"), g(fr, "scale_phone", "idle", "frames")),
        "scrolling frame CPU median/p95 (rAF thread CPU): demo phone %s/%s, 3,000-SKU phone %s/%s, 3,000-SKU desktop wheel %s/%s"
        % (ms(g(fr, "demo_phone", "scroll", "raf_thread_cpu_ms", "median")), ms(g(fr, "demo_phone", "scroll", "raf_thread_cpu_ms", "p95")),
           ms(g(fr, "scale_phone", "scroll", "raf_thread_cpu_ms", "median")), ms(g(fr, "scale_phone", "scroll", "raf_thread_cpu_ms", "p95")),
           ms(g(fr, "scale_desktop", "scroll", "raf_thread_cpu_ms", "median")), ms(g(fr, "scale_desktop", "scroll", "raf_thread_cpu_ms", "p95"))),
        "open 3,000-SKU release: native %s, wasm %s (x%s; native with malloc keeping memory %s, x%s); compose shop: native %s, wasm %s (x%s; kept %s, x%s)"
        % (ms(g(nat, "open_release", "median_ms")), ms(g(was, "open_release", "median_ms")), rel["ratio_wasm_native"].get("open_release"),
           ms(g(kept, "open_release", "median_ms")), rel["ratio_wasm_native_kept"].get("open_release"),
           ms(g(nat, "compose_shop", "median_ms")), ms(g(was, "compose_shop", "median_ms")), rel["ratio_wasm_native"].get("compose_shop"),
           ms(g(kept, "compose_shop", "median_ms")), rel["ratio_wasm_native_kept"].get("compose_shop")),
    ]
    summary.append("editor: invite -> published shop %s (median); frame CPU typing %s/%s, scrolling the preview %s/%s "
                   "(3,000-SKU shop, desktop, rAF thread CPU median/p95); dashboard over %s events native %s, wasm %s"
                   % (ms(g(ed, "onboarding", "total_ms")),
                      ms(g(efr, "desktop_typing_greeting", "raf_thread_cpu_ms", "median")), ms(g(efr, "desktop_typing_greeting", "raf_thread_cpu_ms", "p95")),
                      ms(g(efr, "desktop_scrolling_preview", "raf_thread_cpu_ms", "median")), ms(g(efr, "desktop_scrolling_preview", "raf_thread_cpu_ms", "p95")),
                      g(dn, "events"), ms(g(dn, "dashboard_ms", "median")), ms(g(dw, "dashboard_ms", "median"))))
    summary.append("settlement of %s orders for %s payees: balances native %s, wasm %s; four payout batches native %s, wasm %s"
                   % (g(sn, "orders"), g(sn, "payees"), ms(g(sn, "balances_ms", "median")), ms(g(sw, "balances_ms", "median")),
                      ms(g(sn, "batches_ms", "median")), ms(g(sw, "batches_ms", "median"))))
    summary.append("machine: %s CPUs, load average %s -> %s during the browser runs" % (web.get("cpus"), web.get("loadavg_start"), web.get("loadavg_end")))
    fig["summary"] = summary
    for line in lines:
        print(line)
    print("== Summary (%s, %ds)" % (a.build, a.elapsed))
    for line in summary:
        print("  " + line)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(fig, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("figures: %s" % a.out)


if __name__ == "__main__":
    main()
