/** The realm every challenge names, so clients can tell which protection space refused them. */
export const REALM = 'sesame-bank';

// RFC 6750 §3: attribute values may not contain '"' or '\', and must be printable ASCII.
function quote(value: string): string {
  return `"${value.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '')}"`;
}

/** Builds a `WWW-Authenticate: Bearer ...` challenge from RFC 6750 attributes. */
export function bearerChallenge(attributes: {
  error?: string | undefined;
  errorDescription?: string | undefined;
  scope?: string | undefined;
}): string {
  const parts = [`realm=${quote(REALM)}`];
  if (attributes.error !== undefined) parts.push(`error=${quote(attributes.error)}`);
  if (attributes.errorDescription !== undefined) {
    parts.push(`error_description=${quote(attributes.errorDescription)}`);
  }
  if (attributes.scope !== undefined) parts.push(`scope=${quote(attributes.scope)}`);
  return `Bearer ${parts.join(', ')}`;
}
