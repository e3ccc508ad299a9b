// React-only baseline: the same component shape as every auth app, with no auth library.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

function Greeting() {
  const [name, setName] = useState<string | undefined>(undefined);
  return name ? <p>{name}</p> : <button onClick={() => setName('Jane')}>Sign in</button>;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Greeting />
  </StrictMode>,
);
