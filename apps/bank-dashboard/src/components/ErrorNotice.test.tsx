import { StrictMode } from 'react';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthError } from '@sesame/core';
import { HttpError } from '@sesame/react-query';
import { DataState } from './DataState';
import { explainError } from './ErrorNotice';

afterEach(cleanup);

const networkError = (step: 'refresh' | 'request') =>
  new AuthError('network_error', 'x', { step, retryable: true });

describe('explainError', () => {
  it.each([
    // No token could be had: the sign-in service (the IdP) is down, whatever the bank API does.
    {
      what: 'network_error getting a token',
      error: networkError('refresh'),
      title: "We can't reach the sign-in service right now",
    },
    // The bank API did not answer, or answered 5xx.
    {
      what: 'network_error at the API',
      error: networkError('request'),
      title: "We can't reach the bank right now",
    },
    {
      what: 'HTTP 503 from the API',
      error: new HttpError(503, undefined),
      title: "We can't reach the bank right now",
    },
    // BFF mode: its session store (Redis) is down for a moment; the session is kept.
    {
      what: 'HTTP 503 session_store_unavailable from the BFF',
      error: new HttpError(503, { error: 'session_store_unavailable' }),
      title: 'Online banking is briefly unavailable',
    },
    {
      what: 'login_required',
      error: new AuthError('login_required', 'x', { step: 'refresh' }),
      title: 'Your session has ended',
    },
  ])('$what → "$title"', ({ error, title }) => {
    expect(explainError(error).title).toBe(title);
  });
});

describe('DataState', () => {
  const query = (data: string[] | undefined, error: unknown) => ({
    data,
    error,
    isPending: data === undefined && !error,
    isError: Boolean(error),
    refetch: () => undefined,
  });
  const show = (data: string[] | undefined, error: unknown) =>
    render(
      <StrictMode>
        <DataState query={query(data, error)} what="your accounts">
          {(items) => <p>{items.join(', ')}</p>}
        </DataState>
      </StrictMode>,
    );

  it('shows the error instead of data it could not load', () => {
    show(undefined, networkError('refresh'));
    const text = screen.getByRole('alert').textContent;
    expect(text).toContain("We can't reach the sign-in service right now");
    expect(text).toContain('We could not load your accounts.');
  });

  it('keeps data it could not update, under a notice that says so', () => {
    show(['Checking', 'Savings'], networkError('refresh'));
    expect(screen.getByText('Checking, Savings')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('We could not update your accounts.');
  });

  it('shows data without any notice when the last fetch worked', () => {
    show(['Checking'], null);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
