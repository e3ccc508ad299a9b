// Data routers rendered under StrictMode inside <AuthProvider>, from this package so that
// react-router resolves to 6.30. (The IdP and the engine clients come from @sesame/test-stack, whose
// idp-clients and real-idp modules import no React and no react-router.)
import { StrictMode } from 'react';
import { render, type RenderResult } from '@testing-library/react';
import { RouterProvider, useLocation, type createMemoryRouter } from 'react-router';
import type { AuthClient } from '@sesame/core';
import { AuthProvider } from '@sesame/react';

/** Shows the router's location, so tests can read where the router is. */
export function Where() {
  const { pathname, search, hash } = useLocation();
  return <output data-testid="where">{pathname + search + hash}</output>;
}

export function renderRouter(
  client: AuthClient,
  router: ReturnType<typeof createMemoryRouter>,
): RenderResult {
  return render(
    <StrictMode>
      <AuthProvider client={client} skipCallback>
        <RouterProvider router={router} />
      </AuthProvider>
    </StrictMode>,
  );
}
