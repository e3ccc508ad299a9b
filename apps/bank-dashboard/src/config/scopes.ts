/**
 * The scopes the dashboard asks for, in either mode (the page's client in browser mode, the BFF on
 * the server in BFF mode); the IdP caps them per customer (ann.viewer: read only).
 */
export const SCOPES = 'openid profile email accounts:read transfers:write cards:write';
