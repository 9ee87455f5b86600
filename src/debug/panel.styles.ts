/** The debug panel's stylesheet: a side panel on the right (the whole width on a phone), light and dark. */
export const PANEL_CSS = `
:host{all:initial;position:fixed;z-index:2147483647;inset:0 0 0 auto;width:min(30rem,100vw);box-sizing:border-box;display:block;
  font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;background:#fff;border-left:1px solid #8a8f98;
  box-shadow:-4px 0 16px rgb(0 0 0/.18);overflow-y:auto;overscroll-behavior:contain}
@media (prefers-color-scheme:dark){:host{color:#e8eaed;background:#1c1e21;border-color:#6b7079}
  a{color:#8ab4f8}.waiting,.bad{color:#ff9b8f}.ok{color:#81c995}code{background:#2d3035}
  button,input,select{color:#e8eaed;background:#2d3035;border-color:#8a8f98}}
*{box-sizing:border-box}
aside{padding:0 1rem 2rem}
header{position:sticky;top:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;padding:.75rem 0;background:inherit;border-bottom:1px solid #8a8f98}
:host header{background:#fff}
@media (prefers-color-scheme:dark){:host header{background:#1c1e21}}
h2{font-size:1.1rem;margin:0}
h2:focus{outline:2px solid #1a73e8;outline-offset:2px}
h3{font-size:1rem;margin:1.25rem 0 .5rem}
p,ul,dl{margin:.25rem 0 .5rem}
ul{padding-left:1.1rem}
li{margin:.35rem 0}
dl{display:grid;grid-template-columns:minmax(6rem,auto) 1fr;gap:.15rem .75rem}
dt{font-weight:600}
dd{margin:0;min-width:0}
code,dd,li,p{overflow-wrap:anywhere}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f4;padding:0 .2em;border-radius:3px}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.25rem 0;font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.waiting,.bad{color:#b3261e;font-weight:600}
.ok{color:#137333;font-weight:600}
.problem{border-left:4px solid #b3261e;padding:.25rem .5rem;margin:.5rem 0;list-style:none}
.problems{padding:0}
.fix::before{content:"Fix: ";font-weight:600}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.5rem 0}
button,input,select{font:inherit;color:#1b1f24;background:#fff;border:1px solid #5f6368;border-radius:4px;padding:.3rem .6rem;min-height:2rem}
button{cursor:pointer}
button:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid #1a73e8;outline-offset:2px}
label{display:inline-flex;gap:.35rem;align-items:center}
fieldset{border:1px solid #8a8f98;border-radius:4px;margin:.5rem 0;padding:.25rem .75rem .5rem;min-width:0}
legend{font-weight:600;padding:0 .25rem}
[role=status]:empty{display:none}
[role=status]{border:1px solid #1a73e8;border-radius:4px;padding:.4rem .6rem;margin:.75rem 0}
@media (max-width:480px){dl{grid-template-columns:1fr}dt{margin-top:.35rem}}
`;
