// Loader data after a user switch (another tab signs in as someone else, storage 'local'): the data
// router keeps the previous user's loader data until it revalidates, so <ProtectedRoute> must not
// render its subtree with it. StrictMode, a memory data router, the real engine and the real IdP.
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { createMemoryRouter, Outlet, useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { type AuthUser } from '@sesame/core';
import { useAuth } from '@sesame/react';
import type { RunningIdp } from '@sesame/test-stack/real-idp';
import { ProtectedRoute, protectedLoader } from './index';
import {
  makeClient,
  renderRouter,
  signedIn,
  startIdpForEachTest,
  SHARED_TOKENS,
} from './test-support';

const JANE = 'usr_jane_doe';
const ANN = 'usr_ann_viewer';

let idp: RunningIdp;
startIdpForEachTest((started) => (idp = started));

interface Commit {
  signedIn: string | null;
  shown: string;
}

/** Renders the loader's statement and records, at every commit, whose data it showed to whom. */
function Statement({ commits }: { commits: Commit[] }) {
  const { owner } = useLoaderData<{ owner: string }>();
  const sub = useAuth((state) => state.user?.sub ?? null);
  useLayoutEffect(() => {
    commits.push({ signedIn: sub, shown: owner });
  });
  return <p>Statement of {owner}</p>;
}

type Client = ReturnType<typeof makeClient>['client'];
type Body = (args: LoaderFunctionArgs, user: AuthUser) => Promise<{ owner: string }>;

function statementRouter(client: Client, body: Body, commits: Commit[]) {
  return createMemoryRouter(
    [
      {
        element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
        children: [
          {
            path: '/statement',
            loader: protectedLoader(client, body),
            element: <Statement commits={commits} />,
          },
        ],
      },
    ],
    { initialEntries: ['/statement'] },
  );
}

const staleIn = (commits: Commit[]) => commits.filter((c) => c.shown !== c.signedIn);

/** A loader body that answers with the user it ran for, and records each run in `loads`. */
function recordingBody(): { loads: string[]; body: Body } {
  const loads: string[] = [];
  const body: Body = async (_args, user) => {
    loads.push(user.sub);
    return { owner: user.sub };
  };
  return { loads, body };
}

describe("<ProtectedRoute> and the data router's loader data when the user changes", () => {
  it("never commits the previous user's loader data; the next user's appears once the router revalidated", async () => {
    const jane = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client } = makeClient(idp, SHARED_TOKENS); // this tab, sharing tokens with the others
    const { loads, body } = recordingBody();
    const commits: Commit[] = [];
    renderRouter(client, statementRouter(client, body, commits));
    expect(await screen.findByText(`Statement of ${JANE}`)).toBeTruthy();
    expect(loads).toEqual([JANE]); // no needless revalidation for the user the data was loaded for

    // Another tab signs in as ann.viewer; this tab takes her session from the shared storage.
    const ann = await signedIn(idp, 'ann', SHARED_TOKENS);
    expect(await screen.findByText(`Statement of ${ANN}`)).toBeTruthy();
    await act(() => Promise.resolve());

    expect(client.getSnapshot().user?.sub).toBe(ANN);
    expect(loads.filter((sub) => sub === JANE)).toHaveLength(1);
    expect(loads).toContain(ANN);
    expect(commits.some((c) => c.shown === JANE)).toBe(true); // Jane's data did show, to Jane
    expect(staleIn(commits)).toEqual([]);
    jane.client.dispose();
    ann.client.dispose();
    client.dispose();
  });

  it('a user switch while the loader is still running: its result never renders for the next user', async () => {
    const jane = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client } = makeClient(idp, SHARED_TOKENS);
    const loads: string[] = [];
    const commits: Commit[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const body: Body = async (_args, user) => {
      loads.push(user.sub);
      if (user.sub === JANE) await gate; // Jane's statement is slow to come back
      return { owner: user.sub };
    };
    renderRouter(client, statementRouter(client, body, commits));
    await waitFor(() => expect(loads).toEqual([JANE]));

    // Ann takes over while Jane's loader is still out; then Jane's answer arrives.
    const ann = await signedIn(idp, 'ann', SHARED_TOKENS);
    await waitFor(() => expect(client.getSnapshot().user?.sub).toBe(ANN));
    release();

    expect(await screen.findByText(`Statement of ${ANN}`)).toBeTruthy();
    await act(() => Promise.resolve());
    expect(screen.queryByText(`Statement of ${JANE}`)).toBeNull();
    expect(staleIn(commits)).toEqual([]);
    expect(commits.some((c) => c.shown === JANE)).toBe(false);
    jane.client.dispose();
    ann.client.dispose();
    client.dispose();
  });

  it('a sign-out in another tab, then a sign-in as someone else: the loaders run again before anything renders', async () => {
    const jane = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client } = makeClient(idp, SHARED_TOKENS);
    const { loads, body } = recordingBody();
    const commits: Commit[] = [];
    renderRouter(client, statementRouter(client, body, commits));
    expect(await screen.findByText(`Statement of ${JANE}`)).toBeTruthy();

    await jane.client.signOut({ redirect: false });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'You signed out in another tab.',
    );
    const ann = await signedIn(idp, 'ann', SHARED_TOKENS);
    expect(await screen.findByText(`Statement of ${ANN}`)).toBeTruthy();
    await act(() => Promise.resolve());

    expect(loads.filter((sub) => sub === JANE)).toHaveLength(1);
    expect(staleIn(commits)).toEqual([]);
    jane.client.dispose();
    ann.client.dispose();
    client.dispose();
  });

  it('a sign-out in another tab, then the same user back: data from before the sign-out is loaded again', async () => {
    const jane = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client } = makeClient(idp, SHARED_TOKENS);
    const { loads, body } = recordingBody();
    renderRouter(client, statementRouter(client, body, []));
    expect(await screen.findByText(`Statement of ${JANE}`)).toBeTruthy();

    await jane.client.signOut({ redirect: false });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'You signed out in another tab.',
    );
    const again = await signedIn(idp, 'jane', SHARED_TOKENS);
    await waitFor(() => expect(loads).toEqual([JANE, JANE]));
    expect(await screen.findByText(`Statement of ${JANE}`)).toBeTruthy();
    jane.client.dispose();
    again.client.dispose();
    client.dispose();
  });

  it('a switch while no guard is mounted: the next guard revalidates once, and later guards trust that', async () => {
    const jane = await signedIn(idp, 'jane', SHARED_TOKENS);
    const { client } = makeClient(idp, SHARED_TOKENS);
    let rootLoads = 0;
    const body: Body = async (_args, user) => ({ owner: user.sub });
    const router = createMemoryRouter(
      [
        {
          path: '/',
          loader: () => ++rootLoads, // a plain loader above the guard, rerun only by revalidations
          element: <Outlet />,
          children: [
            { index: true, element: <p>Home</p> },
            {
              element: <ProtectedRoute fallback={<p>Checking your session…</p>} />,
              children: [
                {
                  path: 'statement',
                  loader: protectedLoader(client, body),
                  element: <Statement commits={[]} />,
                },
                { path: 'plain', element: <p>Plain page</p> },
              ],
            },
          ],
        },
      ],
      { initialEntries: ['/statement'] },
    );
    renderRouter(client, router);
    expect(await screen.findByText(`Statement of ${JANE}`)).toBeTruthy();
    await act(() => router.navigate('/'));
    expect(await screen.findByText('Home')).toBeTruthy();

    const ann = await signedIn(idp, 'ann', SHARED_TOKENS);
    await waitFor(() => expect(client.getSnapshot().user?.sub).toBe(ANN));
    expect(rootLoads).toBe(1);
    // The guard mounts for Ann over data its loader guard last loaded for Jane: it revalidates
    // (StrictMode's second effect starts it twice, so the root loader may run twice).
    await act(() => router.navigate('/plain'));
    expect(await screen.findByText('Plain page')).toBeTruthy();
    await waitFor(() => expect(router.state.revalidation).toBe('idle'));
    expect(rootLoads).toBeGreaterThan(1);
    const afterRevalidation = rootLoads;
    // That revalidation made the router's data Ann's: the next guard mounts without another.
    await act(() => router.navigate('/'));
    await act(() => router.navigate('/plain'));
    expect(await screen.findByText('Plain page')).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(rootLoads).toBe(afterRevalidation);
    jane.client.dispose();
    ann.client.dispose();
    client.dispose();
  });
});
