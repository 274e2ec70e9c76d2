/**
 * The regulator view's stylesheet, served from /regulator/assets/regulator.css (the CSP forbids
 * inline style). Dense tables for a desk, still readable on a phone: wide tables and the genealogy
 * scroll sideways inside their section instead of squeezing.
 */
export const REGULATOR_PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;font-size:100%;line-height:1.45;color:#1b1f24;background:#f1f3f5}
body{margin:0}
a{color:#0b4f9c}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header.site{background:#2b2d42;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between}
header.site a{color:#fff;text-decoration:none}
header.site .brand{margin:0;font-weight:700;letter-spacing:.02em}
header.site .who{display:flex;gap:.75rem;align-items:center;font-size:.9rem}
header.site form{margin:0}
.link-button{background:none;border:1px solid #fff;color:#fff;border-radius:.3rem;padding:.15rem .6rem;font:inherit;cursor:pointer}
main{max-width:80rem;margin:0 auto;padding:1rem}
section{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:1.35rem;margin:0 0 .75rem}
h2{font-size:1.2rem;margin:0 0 .75rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
label{display:block;font-weight:600;margin:0 0 .35rem}
.lookup .row{display:flex;gap:.5rem;flex-wrap:wrap}
.lookup input{flex:1 1 16rem;min-width:0;font:inherit;padding:.5rem;border:1px solid #8a94a0;border-radius:.3rem}
textarea{width:100%;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem;padding:.5rem;border:1px solid #8a94a0;border-radius:.3rem;margin:0 0 .75rem}
button{font:inherit;font-weight:600;background:#0b4f9c;color:#fff;border:0;border-radius:.3rem;padding:.5rem 1rem;cursor:pointer}
.hint,.muted{color:#4a5563;font-size:.85rem}
.hint{margin:.5rem 0 0}
.notice{background:#fff4d6;border-left:5px solid #8a5a00;padding:.5rem .75rem}
.problem{border-left:6px solid #b3261e}
.key{margin:0 0 .75rem}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.8rem}
code{word-break:break-all;background:#eef1f4;padding:0 .2rem;border-radius:.2rem}
pre{white-space:pre-wrap;word-break:break-all;background:#f6f8fa;padding:.5rem;border-radius:.3rem;max-width:40rem}
dl{margin:0;display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.3rem .75rem}
dt{color:#4a5563}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
.holds{margin:0;padding-left:1rem;font-weight:400}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.88rem}
caption{text-align:left;font-weight:600;padding:0 0 .4rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #dfe4ea}
th{background:#f6f8fa;white-space:nowrap}
table.history{min-width:60rem}
table.impact{min-width:42rem}
table.counts{width:auto;min-width:16rem}
table.alerts{min-width:50rem}
tr.alert-open td:first-child{border-left:4px solid #8a5a00}
td.wrap{overflow-wrap:anywhere;max-width:22rem}
.badge{display:inline-block;font-size:.75rem;font-weight:700;padding:0 .35rem;border-radius:.3rem}
.badge-ok{background:#e3f4e8;color:#14532a}
.badge-warn{background:#fff4d6;color:#4a3000}
dd.node-recalled,tr.node-recalled td:nth-child(4){color:#8f1d16;font-weight:700}
dd.node-quarantined,tr.node-quarantined td:nth-child(4){color:#6b4500;font-weight:700}
.download{display:inline-block;font-weight:600;border:2px solid #0b4f9c;border-radius:.3rem;padding:.3rem .75rem;text-decoration:none}
.legend{font-size:.85rem;color:#3b4450;display:flex;gap:1rem;flex-wrap:wrap}
.key-transformation{color:#14324f}
.key-aggregation{color:#6b4f9c}
.key-association{color:#5a6470}
.graph{border:1px solid #dfe4ea;border-radius:.4rem;background:#fbfcfd}
svg.genealogy{display:block;max-width:none;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
svg.genealogy .node rect{fill:#fff;stroke:#14324f;stroke-width:1.5}
svg.genealogy .node-root rect{fill:#e8f0fb;stroke-width:3}
svg.genealogy .node-recalled rect{fill:#fde8e8;stroke:#b3261e}
svg.genealogy .node-quarantined rect{fill:#fff4d6;stroke:#8a5a00}
svg.genealogy .node:focus-visible rect,svg.genealogy .node:hover rect{stroke:#0b4f9c;stroke-width:3}
svg.genealogy .node-label{font-size:12px;font-weight:600;fill:#1b1f24}
svg.genealogy .node-meta{font-size:11px;fill:#4a5563}
svg.genealogy .edge{fill:none;stroke-width:1.8}
svg.genealogy .edge-transformation{stroke:#14324f}
svg.genealogy .edge-aggregation{stroke:#6b4f9c;stroke-dasharray:6 4}
svg.genealogy .edge-association{stroke:#5a6470;stroke-dasharray:2 3}
svg.genealogy .arrow-head{fill:#3b4450}
@media (min-width:48rem){main{padding:1.5rem 1rem}h1{font-size:1.6rem}}
`;
