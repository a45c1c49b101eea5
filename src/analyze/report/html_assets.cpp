#include "analyze/report/html_assets.h"

#include <openssl/evp.h>

namespace busytrap::analyze {
namespace {

// Light by default, dark when the reader's system prefers it. Series colours (c0..c9: Tableau
// 10) read on both backgrounds. Fonts are the system's own: nothing is fetched.
constexpr std::string_view kStylesheet = R"CSS(
:root{color-scheme:light dark;--bg:#f4f6f9;--fg:#1c2230;--muted:#5f6b7d;--card:#fff;--line:#e1e5eb;--accent:#2f6fde;--soft:#e8effc;--code:#f1f3f6;--head:#10213f;--headfg:#f3f6fb}
@media (prefers-color-scheme:dark){:root{--bg:#0e1217;--fg:#e2e6ec;--muted:#98a3b3;--card:#161b22;--line:#29303a;--accent:#6c9fff;--soft:#1b2638;--code:#1d232c;--head:#0a1a33;--headfg:#e9eef7}}
*{box-sizing:border-box}
html{scroll-behavior:smooth}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
code,.mono{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
header.top{background:var(--head);color:var(--headfg);padding:26px 0 20px}
header.top h1{margin:0;font-size:24px;font-weight:650;letter-spacing:-.01em}
header.top p{margin:6px 0 0;opacity:.8}
.wrap{max-width:1320px;margin:0 auto;padding:0 28px}
nav{position:sticky;top:0;z-index:2;background:var(--card);border-bottom:1px solid var(--line)}
nav .wrap{display:flex;flex-wrap:wrap;gap:2px 18px;padding-top:9px;padding-bottom:9px}
nav a{color:var(--muted);text-decoration:none;font-weight:550;font-size:13px}
nav a:hover{color:var(--accent)}
section{padding:22px 0 4px;scroll-margin-top:44px}
section>h2{font-size:19px;margin:0 0 4px;font-weight:650}
section>p.lead{margin:0 0 14px;color:var(--muted);max-width:980px}
h3{font-size:15px;margin:0 0 2px;font-weight:620}
.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 18px;min-width:0}
.meta{color:var(--muted);font-size:12.5px;margin:0 0 10px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(440px,100%),1fr));gap:0 18px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:12px;margin:0 0 18px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card .v{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;letter-spacing:-.01em}
.card .k{color:var(--muted);font-size:12.5px}
.card.small .v{font-size:18px}
.scroll{overflow-x:auto}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600;white-space:nowrap;user-select:none}
tbody tr:hover{background:var(--soft)}
td.n,th.n{text-align:right;white-space:nowrap}
td.key code{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word;background:var(--code);padding:1px 5px;border-radius:4px}
td.share{white-space:nowrap;text-align:right;width:1%}
.sb{display:inline-block;width:64px;height:7px;margin-right:8px;background:var(--line);border-radius:4px;overflow:hidden;vertical-align:middle}
.sb i{display:block;height:100%;background:var(--accent)}
.pc{display:inline-block;min-width:3.4em}
td small,.muted{color:var(--muted)}
.js th.sortable-col{cursor:pointer}
th[aria-sort=ascending]::after{content:" \25B2"}
th[aria-sort=descending]::after{content:" \25BC"}
.empty{color:var(--muted);font-style:italic;margin:4px 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:0}
.facts dt{color:var(--muted)}
.facts dd{margin:0;font-variant-numeric:tabular-nums}
pre.cmd{background:var(--code);border-radius:8px;padding:10px 12px;white-space:pre-wrap;overflow-wrap:anywhere;margin:6px 0 12px}
ul.notes{margin:4px 0;padding-left:18px}
ul.tree{list-style:none;margin:0;padding-left:18px;border-left:1px solid var(--line)}
ul.tree.root{border-left:0;padding-left:0}
ul.tree li{margin:2px 0}
ul.tree summary{cursor:pointer}
ul.tree .cnt{color:var(--muted);font-variant-numeric:tabular-nums;margin-left:6px}
.leaf{padding-left:16px}
svg.chart{display:block;max-width:100%;height:auto}
svg.chart.flow{min-width:760px}
.chart text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;font-size:12px;fill:var(--fg)}
.chart .axis{fill:var(--muted);font-size:11px}
.chart .clbl{font-size:11px}
.chart .val,.chart .cnt{fill:var(--muted)}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .axisline{stroke:var(--muted);stroke-width:1}
.chart .band{fill-opacity:.30;transition:fill-opacity .15s}
.chart .band:hover{fill-opacity:.6}
.flow .lbl{paint-order:stroke;stroke:var(--card);stroke-width:3.5px;stroke-linejoin:round}
.flow .otherlbl{font-style:italic}
.c0{fill:#4e79a7}.c1{fill:#f28e2b}.c2{fill:#e15759}.c3{fill:#76b7b2}.c4{fill:#59a14f}
.c5{fill:#edc948}.c6{fill:#b07aa1}.c7{fill:#ff9da7}.c8{fill:#9c755f}.c9{fill:#8c96c6}
.other{fill:#9aa3ae}.accent{fill:var(--accent)}
footer{color:var(--muted);font-size:12.5px;padding:16px 0 36px}
@media (max-width:640px){.wrap{padding:0 14px}.sb{display:none}.panel{padding:12px}}
@media print{nav{display:none}.panel{break-inside:avoid}}
)CSS";

// Sortable tables: numeric cells carry data-v, others sort by text. Plain ES5, no globals.
constexpr std::string_view kScript = R"JS(
(function () {
  document.documentElement.className += ' js';
  var tables = document.querySelectorAll('table.sortable');
  Array.prototype.forEach.call(tables, function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, column) {
      th.tabIndex = 0;
      th.className += ' sortable-col';
      th.title = 'Sort by this column';
      function sort() {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (x, y) {
          var a = x.cells[column], b = y.cells[column];
          var va = a.getAttribute('data-v'), vb = b.getAttribute('data-v');
          var order = (va !== null && vb !== null) ? parseFloat(va) - parseFloat(vb)
                                                   : a.textContent.localeCompare(b.textContent);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); }
      });
    });
  });
})();
)JS";

std::string sha256_source_expression(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  unsigned char base64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(base64, digest, static_cast<int>(length));
  return "'sha256-" + std::string(reinterpret_cast<const char*>(base64), static_cast<std::size_t>(n)) + "'";
}

}  // namespace

std::string_view html_stylesheet() noexcept { return kStylesheet; }
std::string_view html_script_source() noexcept { return kScript; }

const std::string& html_script_csp_hash() {
  static const std::string hash = sha256_source_expression(kScript);
  return hash;
}

}  // namespace busytrap::analyze
