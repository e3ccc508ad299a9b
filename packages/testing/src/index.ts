export { createMockAuthClient } from './mock-client';
export type { MockAuthCalls, MockAuthClient, MockAuthOptions } from './mock-client';
export { MockAuthProvider } from './mock-provider';
export type { MockAuthProviderProps } from './mock-provider';
export type { MockUserInput } from './mock-user';
export { mockAccessToken, parseMockToken, bearerOf, expectBearer } from './mock-token';
export type { HasHeaders, MockTokenInfo } from './mock-token';
