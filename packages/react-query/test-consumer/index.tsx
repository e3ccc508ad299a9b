// Compiled by `pnpm typecheck` against the *built* packages (dist/*.d.ts), the way an app sees them.
// It is the README's example, so the README cannot drift from the types.
import { createAuthClient, isAuthError, type AuthError } from '@sesame/core';
import { AuthProvider, useAuthClient } from '@sesame/react';
import {
  authRetry,
  authRetryDelay,
  bindQueryClient,
  createAuthQueryClient,
  fetchJson,
  HttpError,
  isHttpError,
  whenSignedIn,
} from '@sesame/react-query';
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';

interface Account {
  id: string;
  iban: string;
}
interface Receipt {
  id: string;
}
interface TransferInput {
  idempotencyKey: string;
  amount: string;
}

const API = 'https://api.bank.example';
const auth = createAuthClient({
  authority: 'https://idp.bank.example',
  client_id: 'bank-dashboard',
  redirect_uri: 'https://app.bank.example/callback',
  apiOrigins: [API],
});
const queryClient = createAuthQueryClient(auth, {
  onLoginRequired: (error: AuthError) => void auth.signIn({ loginHint: error.code }),
  defaultOptions: { queries: { staleTime: 30_000 } },
});

const own = new QueryClient({
  defaultOptions: { mutations: { retry: authRetry, retryDelay: authRetryDelay } },
});
const unbind: () => void = bindQueryClient(own, auth);
unbind();

function Accounts({ id }: { id: string | undefined }) {
  const client = useAuthClient();
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: ({ signal }) => fetchJson<{ items: Account[] }>(client, `${API}/accounts`, { signal }),
  });
  const one = useQuery({
    queryKey: ['account', id],
    queryFn: () => fetchJson<Account>(client, `${API}/accounts/${id}`),
    enabled: whenSignedIn(client, Boolean(id)),
  });
  const rates = useQuery({
    queryKey: ['rates'],
    queryFn: () => fetchJson<number>(client, 'https://rates.example/eur', { auth: 'none' }),
    meta: { auth: false },
  });
  const transfer = useMutation({
    mutationFn: (body: TransferInput) =>
      fetchJson<Receipt>(client, `${API}/transfers`, {
        method: 'POST',
        json: body,
        headers: { 'Idempotency-Key': body.idempotencyKey },
      }),
  });
  const error: unknown = transfer.error;
  if (isHttpError(error, 422)) return <p>{error.code}</p>;
  if (error instanceof HttpError && error.retryable) return <p>{error.status}</p>;
  if (isAuthError(error, 'insufficient_scope')) return <p>{error.challenge?.scope}</p>;
  const items: Account[] = accounts.data?.items ?? [];
  return (
    <ul onClick={() => transfer.mutate({ idempotencyKey: crypto.randomUUID(), amount: '1.00' })}>
      {items.map((account) => (
        <li key={account.id}>{account.iban}</li>
      ))}
      <li>{one.data?.iban}</li>
      <li>{rates.data}</li>
      <li>{transfer.data?.id}</li>
    </ul>
  );
}

export const App = () => (
  <AuthProvider client={auth}>
    <QueryClientProvider client={queryClient}>
      <Accounts id="acc_1" />
    </QueryClientProvider>
  </AuthProvider>
);
