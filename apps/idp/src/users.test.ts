import { describe, expect, it } from 'vitest';
import { authenticate, DEMO_USERS, findUserBySub } from './users';

describe('demo users', () => {
  it('include jane.doe, john.smith and the read-only ann.viewer', () => {
    expect(DEMO_USERS.map((user) => [user.login, user.sub, user.name])).toEqual([
      ['jane.doe', 'usr_jane_doe', 'Jane Doe'],
      ['john.smith', 'usr_john_smith', 'John Smith'],
      ['ann.viewer', 'usr_ann_viewer', 'Ann Viewer'],
    ]);
    expect(findUserBySub('usr_ann_viewer')?.apiScopes).toEqual(['accounts:read', 'portfolio:read']);
  });

  it('authenticate needs both the login and the password to match', () => {
    expect(authenticate('jane.doe', 'sesame')?.sub).toBe('usr_jane_doe');
    expect(authenticate('  Jane.Doe ', 'sesame')?.sub).toBe('usr_jane_doe');
    expect(authenticate('jane.doe', 'Sesame')).toBeUndefined();
    expect(authenticate('jane.doe', '')).toBeUndefined();
    expect(authenticate('nobody', 'sesame')).toBeUndefined();
  });
});
