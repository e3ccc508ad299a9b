// Settings every bundle app uses. The values only have to be well-formed: these apps are built and
// weighed, never run.
export const ISSUER = 'https://idp.example.test';
export const CLIENT_ID = 'bank-dashboard';
export const REDIRECT_URI = 'https://app.example.test/callback';
