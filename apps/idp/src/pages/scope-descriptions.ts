/** What each scope lets an app do, in the customer's words. Unknown scopes are shown by name. */
const DESCRIPTIONS: Record<string, string> = {
  openid: 'Confirm that it is you when you sign in',
  profile: 'See your name',
  email: 'See your email address',
  'accounts:read': 'View your accounts, balances and transactions',
  'transfers:write': 'Make transfers from your accounts',
  'cards:write': 'Manage your cards, such as freezing a card or changing its limits',
  'portfolio:read': 'View your investments, their performance and allocation',
  'portfolio:trade': 'Buy and sell investments for you',
};

export function describeScope(scope: string): string {
  return DESCRIPTIONS[scope] ?? `Use the permission "${scope}"`;
}

/** Scopes in a stable, meaningful order (identity first), without duplicates. */
export function orderScopes(scopes: Iterable<string>): string[] {
  const order = Object.keys(DESCRIPTIONS);
  const rank = (scope: string): number => {
    const index = order.indexOf(scope);
    return index === -1 ? order.length : index;
  };
  return [...new Set(scopes)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
