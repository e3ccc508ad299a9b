// A user switch seen by an open tab (another tab signs in as someone else, storage 'local'): the
// protected subtree must never commit a render that shows the previous user's data, under
// StrictMode, with the real session engine and the real local IdP.
import { describe, expect, it } from 'vitest';
import { act, screen } from '@testing-library/react';
import { useEffect, useLayoutEffect, useState } from 'react';
import { createMemoryRouter } from 'react-router';
import { useAuth } from '@sesame/react';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { ProtectedRoute } from './index';
import {
  makeClient,
  renderRouter,
  signedIn,
  startIdpForEachTest,
  SHARED_TOKENS,
} from './test-support';

let idp: RunningIdp;
startIdpForEachTest((started) => (idp = started));

interface Commit {
  signedIn: string | null;
  shown: string | null;
}

/**
 * Per-user data held in component state, loaded by an effect for the signed-in user: the common
 * pattern that shows the previous user's data for one render when the user changes under it.
 */
function Statement({ commits }: { commits: Commit[] }) {
  const sub = useAuth((state) => state.user?.sub ?? null);
  const [statement, setStatement] = useState<{ owner: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    void Promise.resolve().then(() => {
      if (live) setStatement({ owner: sub });
    });
    return () => {
      live = false;
    };
  }, [sub]);
  useLayoutEffect(() => {
    commits.push({ signedIn: sub, shown: statement?.owner ?? null });
  });
  return <p>{statement ? `Statement of ${statement.owner}` : 'Loading statement…'}</p>;
}

describe('<ProtectedRoute> when the signed-in user changes under it', () => {
  it("never commits a render of the protected subtree with the previous user's data", async () => {
    const jane = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client } = makeClient(idp, SHARED_TOKENS); // this tab, sharing tokens with the others
    const commits: Commit[] = [];
    renderRouter(
      client,
      createMemoryRouter(
        [
          {
            element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
            children: [{ path: '/statement', element: <Statement commits={commits} /> }],
          },
        ],
        { initialEntries: ['/statement'] },
      ),
    );
    expect(await screen.findByText('Statement of usr_jane_doe')).toBeTruthy();

    // Another tab signs in as ann.viewer; this tab takes her session from the shared storage.
    const ann = await signedIn(idp, 'ann', SHARED_TOKENS);
    expect(await screen.findByText('Statement of usr_ann_viewer')).toBeTruthy();
    await act(() => Promise.resolve());

    const annSub = client.getSnapshot().user!.sub;
    expect(annSub).toBe('usr_ann_viewer');
    expect(commits.some((c) => c.shown === 'usr_jane_doe')).toBe(true); // Jane's data did show
    const stale = commits.filter((c) => c.shown !== null && c.shown !== c.signedIn);
    expect(stale).toEqual([]);
    jane.client.dispose();
    ann.client.dispose();
    client.dispose();
  });
});
