// The panel's whole stylesheet, inside its shadow root: nothing here reaches the app, and nothing of
// the app's reaches the panel (`all: initial` stops inherited fonts and colours at the host).
// Light by default, dark with the system's preference, or either one forced by the theme toggle.
const LIGHT =
  '--bg:#ffffff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--accent:#0a58ca;--ok:#116329;--bad:#b3261e;--chip:#eef1f4;';
const DARK =
  '--bg:#16191d;--fg:#e6edf3;--muted:#a5afba;--line:#3b434c;--accent:#7fb4ff;--ok:#5fd07f;--bad:#ff8a80;--chip:#262c33;';

export const STYLES = `
:host { all: initial; }
.root { ${LIGHT} font: 13px/1.45 system-ui, sans-serif; color: var(--fg); }
.root[data-theme='dark'] { ${DARK} }
@media (prefers-color-scheme: dark) { .root[data-theme='system'] { ${DARK} } }
.toggle { position: fixed; right: 16px; bottom: 16px; z-index: 2147483646; padding: 8px 14px;
  border-radius: 20px; border: 1px solid var(--line); background: var(--bg); color: var(--fg);
  font: inherit; font-weight: 600; cursor: pointer; box-shadow: 0 2px 8px rgb(0 0 0 / 0.25); }
.panel { position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483647; height: min(420px, 60vh);
  display: flex; flex-direction: column; background: var(--bg); color: var(--fg);
  border-top: 1px solid var(--line); box-shadow: 0 -4px 16px rgb(0 0 0 / 0.2); }
.bar { display: flex; align-items: center; gap: 8px; padding: 6px 10px; border-bottom: 1px solid var(--line); }
.bar h2 { font-size: 14px; margin: 0 8px 0 0; }
[role='tablist'] { display: flex; gap: 2px; }
[role='tab'] { font: inherit; color: var(--fg); background: none; border: 0; border-bottom: 2px solid transparent;
  padding: 6px 10px; cursor: pointer; }
[role='tab'][aria-selected='true'] { border-bottom-color: var(--accent); color: var(--accent); font-weight: 600; }
.spacer { flex: 1; }
button { font: inherit; color: var(--fg); background: var(--chip); border: 1px solid var(--line);
  border-radius: 4px; padding: 4px 8px; cursor: pointer; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
[role='tabpanel'] { flex: 1; overflow: auto; padding: 10px 14px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
h3 { font-size: 13px; margin: 12px 0 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
.ok { color: var(--ok); }
.bad { color: var(--bad); }
.muted { color: var(--muted); }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.actions-row { padding: 6px 14px; border-top: 1px solid var(--line); }
.filters { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 8px; border: 0; padding: 0; }
.axis { position: relative; height: 28px; margin: 4px 6px 10px; border-bottom: 1px solid var(--line); }
.tick { position: absolute; bottom: -5px; width: 9px; height: 9px; margin-left: -5px; border-radius: 50%;
  background: var(--accent); }
.tick.bad { background: var(--bad); }
code { font: 12px ui-monospace, monospace; }
`;
