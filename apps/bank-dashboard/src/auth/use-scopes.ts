import { useAuth } from '@sesame/react';

/** True when the signed-in user's access token carries `scope`. */
export function useHasScope(scope: string): boolean {
  return useAuth((state) => state.user?.scopes.includes(scope) ?? false);
}
