/**
 * The consumer page's stylesheet, served from /assets/consumer-page.css (the CSP forbids inline
 * style). Mobile first; colours meet WCAG AA contrast on their backgrounds.
 */
export const CONSUMER_PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;font-size:100%;line-height:1.5;color:#1b1f24;background:#f4f6f8}
body{margin:0}
a{color:#0b4f9c}
a:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header.site{background:#14324f;color:#fff;padding:.75rem 1rem}
header.site p{margin:0;font-weight:600;letter-spacing:.02em}
main{max-width:40rem;margin:0 auto;padding:1rem}
section{background:#fff;border-radius:.75rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0 .5rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
.key{color:#4a5563;font-size:.9rem;word-break:break-all;margin:0 0 .5rem}
.maker{margin:.25rem 0 .5rem;font-size:1.05rem}
.product-image{display:block;max-width:100%;height:auto;border-radius:.5rem;margin:.5rem 0}
.alert{border-radius:.75rem;padding:1rem;margin:0 0 1rem;border:3px solid}
.alert h2{font-size:1.3rem;margin:0 0 .25rem}
.alert p{margin:.25rem 0}
.alert-recall{background:#fde8e8;border-color:#b3261e;color:#5c0f0a}
.alert-quarantine{background:#fff4d6;border-color:#8a5a00;color:#4a3000}
.ledger{display:flex;gap:.75rem;align-items:flex-start;border-left:6px solid}
.ledger-ok{border-color:#1e7a3c}
.ledger-warn{border-color:#8a5a00}
.ledger .mark{font-size:1.6rem;line-height:1;font-weight:700}
.ledger-ok .mark{color:#1e7a3c}
.ledger-warn .mark{color:#8a5a00}
.ledger p{margin:0 0 .25rem}
.ledger .verified-line{font-weight:700;font-size:1.05rem}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85rem;word-break:break-all;background:#eef1f4;padding:0 .2rem;border-radius:.2rem}
dl{margin:0;display:grid;grid-template-columns:minmax(7rem,auto) 1fr;gap:.35rem .75rem}
dt{color:#4a5563}
dd{margin:0;font-weight:600;overflow-wrap:anywhere}
ol.timeline{list-style:none;margin:0;padding:0;border-left:3px solid #c5ced8}
ol.timeline li{position:relative;margin:0 0 1rem;padding-left:1rem}
ol.timeline li::before{content:"";position:absolute;left:-.55rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:#14324f}
.step-title{font-weight:700;margin:0}
.step-when,.step-detail{margin:0;color:#3b4450;font-size:.95rem}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:0 .4rem;border-radius:.3rem;margin-top:.15rem}
.badge-ok{background:#e3f4e8;color:#14532a}
.badge-warn{background:#fff4d6;color:#4a3000}
.cold-ok{color:#14532a;font-weight:700}
.cold-bad{color:#8f1d16;font-weight:700}
.cold-none{color:#3b4450;font-weight:600}
.certificate{border-top:1px solid #dfe4ea;padding-top:.75rem;margin-top:.75rem}
.certificate h3{font-size:1rem;margin:0 0 .5rem}
.spec{display:inline-block;font-size:.8rem;font-weight:600;padding:0 .4rem;border-radius:.3rem}
.spec-ok{background:#e3f4e8;color:#14532a}
.spec-bad{background:#fde8e8;color:#8f1d16}
.spec-note{margin:0 0 .5rem;color:#3b4450;font-size:.9rem}
.out-of-spec,.excursion{background:#fde8e8;border-left:6px solid #b3261e;color:#5c0f0a;padding:.5rem .75rem;margin:0 0 .75rem;border-radius:.3rem}
.out-of-spec p,.excursion p{margin:0 0 .25rem}
.qr{text-align:center}
.qr img{width:12rem;height:12rem;image-rendering:pixelated}
.qr p{font-size:.85rem;word-break:break-all;color:#3b4450}
footer{max-width:40rem;margin:0 auto;padding:0 1rem 2rem;color:#3b4450;font-size:.85rem}
@media (min-width:48rem){main{padding:2rem 1rem}h1{font-size:2rem}}
`;
