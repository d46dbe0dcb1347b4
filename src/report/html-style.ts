/**
 * The stylesheet of report.html, inlined (the file must open anywhere, offline). System fonts, status
 * colours that stay legible in print and in dark mode, tables that scroll instead of overflowing.
 */
export const HTML_STYLE = `
:root {
  --fg: #1f2328; --muted: #59636e; --bg: #f3f5f8; --card: #fff; --border: #d8dee4; --code-bg: #f6f8fa;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9; --warn: #9a6700; --warn-bg: #fff8c5;
  --skip: #59636e; --skip-bg: #eaeef2; --info: #0969da; --info-bg: #ddf4ff; --accent: #0969da;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --card: #151b23; --border: #3d444d; --code-bg: #0d1117;
    --pass: #3fb950; --pass-bg: #12361f; --fail: #f85149; --fail-bg: #3c1618; --warn: #d29922; --warn-bg: #3a2d0b;
    --skip: #9198a1; --skip-bg: #262c36; --info: #4493f8; --info-bg: #0c2d6b; --accent: #4493f8;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
code, pre, .mono { font-family: var(--mono); font-size: 13px; }
code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
header.hero { background: var(--card); border-bottom: 1px solid var(--border); border-top: 6px solid var(--skip); }
header.hero.pass { border-top-color: var(--pass); } header.hero.fail { border-top-color: var(--fail); }
.hero .wrap { padding-top: 20px; padding-bottom: 18px; }
.eyebrow { color: var(--muted); font-size: 12px; letter-spacing: .08em; text-transform: uppercase; }
h1 { margin: 2px 0 6px; font-size: 28px; line-height: 1.25; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; overflow-wrap: anywhere; }
h2 { font-size: 20px; margin: 0 0 14px; padding-bottom: 8px; border-bottom: 1px solid var(--border); }
h2 .aside { font-size: 14px; font-weight: 400; color: var(--muted); margin-left: 6px; }
h3 { font-size: 16px; margin: 22px 0 10px; }
.meta { color: var(--muted); font-size: 14px; overflow-wrap: anywhere; }
.meta b { color: var(--fg); font-weight: 600; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: 10px; margin-top: 16px; }
.stat { display: block; color: inherit; background: var(--bg); border: 1px solid var(--border); border-left: 4px solid var(--skip); border-radius: 8px; padding: 8px 12px; }
a.stat:hover { text-decoration: none; border-color: var(--accent); }
.stat.pass { border-left-color: var(--pass); } .stat.fail { border-left-color: var(--fail); } .stat.warn { border-left-color: var(--warn); } .stat.info { border-left-color: var(--info); }
.stat .k { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.stat .v { font-size: 20px; font-weight: 650; font-variant-numeric: tabular-nums; }
.stat .d { font-size: 12.5px; color: var(--muted); }
nav.toc { position: sticky; top: 0; z-index: 5; background: color-mix(in srgb, var(--bg) 92%, transparent); backdrop-filter: blur(6px); border-bottom: 1px solid var(--border); }
nav.toc .wrap { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; padding-top: 8px; padding-bottom: 8px; }
nav.toc a { padding: 3px 10px; border-radius: 999px; color: var(--fg); font-size: 13.5px; border: 1px solid transparent; }
nav.toc a:hover { border-color: var(--border); background: var(--card); text-decoration: none; }
nav.toc a .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: var(--skip); vertical-align: 1px; }
nav.toc a .dot.pass { background: var(--pass); } nav.toc a .dot.fail { background: var(--fail); } nav.toc a .dot.warn { background: var(--warn); } nav.toc a .dot.info { background: var(--info); }
nav.toc .tools { margin-left: auto; display: flex; gap: 6px; }
main { padding: 20px 0 40px; }
section { background: var(--card); border: 1px solid var(--border); border-radius: 10px; padding: 18px 20px 20px; margin: 0 0 18px; scroll-margin-top: 56px; }
.pill { display: inline-block; font-size: 12px; font-weight: 600; line-height: 18px; padding: 1px 8px; border-radius: 999px; white-space: nowrap; vertical-align: 1px; }
.pill.pass { color: var(--pass); background: var(--pass-bg); } .pill.fail { color: var(--fail); background: var(--fail-bg); }
.pill.warn { color: var(--warn); background: var(--warn-bg); } .pill.skip { color: var(--skip); background: var(--skip-bg); }
.pill.info { color: var(--info); background: var(--info-bg); }
.pill.big { font-size: 15px; line-height: 24px; padding: 2px 14px; letter-spacing: .04em; }
.scroll { overflow-x: auto; }
table.tbl { border-collapse: collapse; width: 100%; font-size: 14px; }
.tbl th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; padding: 6px 10px; border-bottom: 1px solid var(--border); white-space: nowrap; }
.tbl td { padding: 7px 10px; border-bottom: 1px solid var(--border); vertical-align: top; overflow-wrap: anywhere; }
.tbl tbody tr:last-child td { border-bottom: 0; }
.tbl tbody tr:hover td { background: var(--bg); }
.tbl .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tbl td details summary { cursor: pointer; }
pre.code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 10px 12px; margin: 6px 0 10px; max-height: 26em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.45; }
details.card { border: 1px solid var(--border); border-left: 4px solid var(--border); border-radius: 8px; margin: 0 0 10px; background: var(--card); }
details.card.pass { border-left-color: var(--pass); } details.card.fail { border-left-color: var(--fail); } details.card.warn { border-left-color: var(--warn); }
details.card.skip { border-left-color: var(--skip); } details.card.info { border-left-color: var(--info); }
details.card > summary { cursor: pointer; padding: 9px 12px; list-style: none; display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
details.card > summary::-webkit-details-marker { display: none; }
details.card > summary::before { content: "▸"; color: var(--muted); width: 12px; flex: none; transition: transform .12s; }
details.card[open] > summary::before { transform: rotate(90deg); }
details.card > summary:hover { background: var(--bg); }
details.card .card-body { padding: 2px 14px 12px 32px; }
.summary-main { font-weight: 600; overflow-wrap: anywhere; }
.summary-sub { color: var(--muted); font-size: 13.5px; overflow-wrap: anywhere; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; }
.label-line { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-top: 8px; display: flex; gap: 8px; align-items: center; }
.hint { background: var(--info-bg); border-radius: 6px; padding: 7px 10px; margin: 8px 0; }
.hint b { color: var(--info); }
.msg { white-space: pre-wrap; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 8px; font-size: 14px; }
dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; overflow-wrap: anywhere; }
ul.plain { margin: 4px 0 8px; padding-left: 20px; } ul.plain li { margin: 2px 0; overflow-wrap: anywhere; }
.meter { display: inline-block; width: 120px; height: 8px; background: var(--skip-bg); border-radius: 4px; overflow: hidden; vertical-align: middle; margin-right: 8px; }
.meter.wide { width: 100%; max-width: 520px; height: 12px; border-radius: 6px; }
.tbl .meter { width: 72px; }
.nowrap { white-space: nowrap; }
.meter .fill { display: block; height: 100%; border-radius: 4px; background: var(--skip); }
.meter .fill.pass { background: var(--pass); } .meter .fill.fail { background: var(--fail); } .meter .fill.warn { background: var(--warn); } .meter .fill.info { background: var(--info); }
.stack { display: flex; height: 10px; border-radius: 5px; overflow: hidden; background: var(--skip-bg); margin: 6px 0 12px; }
.stack span { display: block; height: 100%; }
.stack .pass { background: var(--pass); } .stack .warn { background: var(--warn); } .stack .skip { background: var(--skip); } .stack .fail { background: var(--fail); }
.legend { display: flex; gap: 14px; flex-wrap: wrap; align-items: center; font-size: 13.5px; color: var(--muted); margin-bottom: 10px; }
.method { display: inline-block; font: 600 11.5px/18px var(--mono); padding: 0 6px; border-radius: 4px; margin: 1px 2px 1px 0; border: 1px solid var(--border); color: var(--muted); }
.method.hit { color: var(--pass); background: var(--pass-bg); border-color: transparent; }
.method.reached { color: var(--warn); background: var(--warn-bg); border-color: transparent; }
.big-number { font-size: 34px; font-weight: 700; font-variant-numeric: tabular-nums; }
button { font: inherit; font-size: 13px; color: var(--fg); background: var(--card); border: 1px solid var(--border); border-radius: 6px; padding: 3px 10px; cursor: pointer; }
button:hover { border-color: var(--accent); color: var(--accent); }
button.copy[data-state="copied"] { color: var(--pass); border-color: var(--pass); }
button.copy[data-state="manual"] { color: var(--warn); border-color: var(--warn); }
svg { max-width: 100%; height: auto; display: block; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; fill: var(--fg); }
svg .tick, svg .sub, svg .beyond { fill: var(--muted); font-size: 11px; }
svg .label { font-weight: 600; }
svg .grid { stroke: var(--border); stroke-dasharray: 2 3; }
svg .axis, svg .whisker { stroke: var(--muted); stroke-width: 1; }
svg .median { stroke: var(--fg); stroke-width: 2.5; }
svg .dot { fill-opacity: .5; }
svg .dot.fail, svg .bar.fail, svg .point.fail { fill: var(--fail); } svg .dot.info, svg .bar.info, svg .point.info { fill: var(--info); }
svg .dot.pass, svg .bar.pass, svg .point.pass { fill: var(--pass); } svg .dot.warn, svg .bar.warn, svg .point.warn { fill: var(--warn); }
svg .dot.skip, svg .bar.skip, svg .point.skip { fill: var(--skip); }
svg .box { fill-opacity: .14; stroke-width: 1.5; }
svg .box.fail { fill: var(--fail); stroke: var(--fail); } svg .box.info { fill: var(--info); stroke: var(--info); }
svg .box.pass { fill: var(--pass); stroke: var(--pass); } svg .box.warn { fill: var(--warn); stroke: var(--warn); } svg .box.skip { fill: var(--skip); stroke: var(--skip); }
svg .ref { stroke: var(--muted); stroke-dasharray: 2 2; }
svg .interval { stroke-width: 3; stroke-linecap: round; stroke: var(--skip); }
svg .interval.pass { stroke: var(--pass); } svg .interval.fail { stroke: var(--fail); } svg .interval.warn { stroke: var(--warn); } svg .interval.info { stroke: var(--info); }
svg.plot { margin: 8px 0 4px; }
footer { color: var(--muted); font-size: 13px; padding: 0 0 32px; }
@media (max-width: 700px) { nav.toc { position: static; } .wrap { padding: 0 12px; } section { padding: 14px 12px; } details.card .card-body { padding-left: 14px; } }
@media print { nav.toc { display: none; } section { break-inside: avoid-page; } }
`;
