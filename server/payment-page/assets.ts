/**
 * The payment page's style, served from this origin (/pay/page.css) so the strict CSP holds. Its
 * base style and its script are the customer pages' (/orders/customer-page.css and .js); this adds
 * the items table, totals, transfer data, the QR code and button rows.
 */
export const paymentPageStyle = `.skip{position:absolute;left:-999px;top:0;background:#fff;color:#0b4f39;padding:.5rem 1rem;z-index:2}
.skip:focus{left:.5rem}
main{max-width:48rem}
.wrap{max-width:48rem}
h2{font-size:1.2rem;color:#0b4f39;margin:1.75rem 0 .6rem;border-top:1px solid #d5dfda;padding-top:1.1rem}
h3{font-size:1.05rem;margin:0 0 .35rem;color:#a4161a}
.table-scroll{overflow-x:auto}
table.items{width:100%;border-collapse:collapse}
table.items th,table.items td{padding:.45rem .5rem;border-bottom:1px solid #d5dfda;text-align:left;vertical-align:top}
table.items thead th{font-size:.9rem;color:#4a4a48}
table.items tr.group th{background:#f3f8f6;color:#0b4f39;font-size:.95rem}
td:first-child{color:#1d1d1b}
.num{text-align:right;white-space:nowrap}
.doc{font-size:.85rem;color:#4a4a48}
.status{font-size:.9rem}
.status-disputed{color:#7a4b00;font-weight:600}
.status-not_due,.status-collecting,.status-credit{color:#4a4a48}
tr.item-disputed td{background:#fff8e6}
table.totals{margin:1rem 0 .5rem auto;min-width:16rem}
table.totals th{text-align:left;font-weight:400;padding:.2rem 1rem .2rem 0}
table.totals tr.total th,table.totals tr.total td{font-weight:700;font-size:1.15rem;border-top:2px solid #1d1d1b;padding-top:.4rem}
.transfer{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start}
dl.bank{display:grid;grid-template-columns:auto 1fr;gap:.2rem 1rem;margin:0}
dl.bank dt{color:#4a4a48}dl.bank dd{margin:0;font-weight:600;word-break:break-word}
figure.girocode{margin:0;text-align:center}figure.girocode img{display:block;background:#fff}
figcaption{font-size:.9rem;color:#4a4a48}
.buttons{display:flex;flex-wrap:wrap;gap:.75rem}
button.secondary{background:#fff;color:#0b4f39;border:2px solid #0b6e4f}
button.secondary:hover{background:#f3f8f6}
select,textarea{width:100%;max-width:32rem;font:inherit;padding:.55rem .7rem;border:2px solid #6b6b68;border-radius:.35rem;background:#fff;color:#1d1d1b}
select:focus-visible,textarea:focus-visible,.skip:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
textarea[aria-invalid=true],select[aria-invalid=true]{border-color:#a4161a;background:#fff7f7}
.form-msg:not(:empty){margin-top:1rem;padding:.75rem 1rem;border-radius:.35rem;background:#f3f8f6;border-left:.3rem solid #0b6e4f}
.form-msg.failed{background:#fff7f7;border-left-color:#a4161a;color:#a4161a}
.button-link{display:inline-block;font-weight:600;padding:.7rem 1.4rem;border-radius:.35rem;background:#0b6e4f;color:#fff;text-decoration:none}
.button-link:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
@media (max-width:30rem){table.items thead{display:none}table.items td{display:block;border:0;padding:.15rem .5rem}table.items tr.item{display:block;border-bottom:1px solid #d5dfda;padding:.4rem 0}.num{text-align:left}table.totals{margin-left:0;width:100%}}
`;
