// Each file starts its own IdP on port 0; RSA key generation and HTTP round trips need the same
// headroom as the APIs' tests, so the IdP shares their settings.
export { default } from '../../scripts/vitest-server-app';
