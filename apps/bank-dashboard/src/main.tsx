import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { loadConfig } from './config/app-config';
import './styles/index.css';

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App config={loadConfig()} />
  </StrictMode>,
);

// A page restored from the back/forward cache could show data from before a sign-out: reload it,
// so the session is checked again.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});
