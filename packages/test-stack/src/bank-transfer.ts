// The bank API's transfer request, as the tests that book one through a proxy send it.

/** `init` for POST /transfers: 1.00 EUR from `fromAccountId` to `toAccountId`, with a fresh idempotency key. */
export function transferRequest(fromAccountId: string, toAccountId: string) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ fromAccountId, toAccountId, amount: '1.00', currency: 'EUR' }),
  };
}
