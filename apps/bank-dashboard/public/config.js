// Runtime settings. The dashboard's server replaces this file; with `vite` or `vite preview` the
// values built in (VITE_SESAME_* variables, or the local demo's defaults) apply.
window.__SESAME_BANK_CONFIG__ = {};
