/** One challenge of a `WWW-Authenticate` header: the scheme (lower case) and its parameters (names in lower case). */
export interface AuthChallenge {
  /** The auth scheme in lower case (`bearer`, `dpop`...). */
  scheme: string;
  /** The challenge's parameters (`realm`, `error`, `scope`...), names in lower case. */
  params: Record<string, string>;
}

const TOKEN = "[!#$%&'*+.^_`|~\\w-]+";
// At each position: a parameter `name = token | "quoted \" string"`, or a scheme with an optional token68.
const PART = new RegExp(
  `[\\s,]*(?:(${TOKEN})\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|(${TOKEN}))|(${TOKEN})(?:\\s+[\\w.~+/-]+=*(?=\\s*(?:,|$)))?)`,
  'y',
);

/**
 * Parses a `WWW-Authenticate` header (RFC 9110 §11.6.1) into its challenges. Lenient and total: it
 * never throws, and stops at the first thing it cannot read, keeping what came before.
 */
export function parseWwwAuthenticate(header: string | null | undefined): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  if (!header) return challenges;
  PART.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (PART.lastIndex < header.length && (match = PART.exec(header))) {
    const [, name, quoted, bare, scheme] = match;
    if (scheme) challenges.push({ scheme: scheme.toLowerCase(), params: {} });
    else if (challenges[0]) {
      challenges.at(-1)!.params[name!.toLowerCase()] =
        quoted === undefined ? bare! : quoted.replace(/\\(.)/g, '$1');
    } else break; // a parameter before any scheme: not a challenge list
  }
  return challenges;
}

/**
 * The parameters of the `Bearer` challenge (RFC 6750 §3: `error`, `scope`, `error_description`...),
 * or of the `DPoP` one (RFC 9449 §7.1, the same parameters): the first of the two that names an
 * `error`, else the Bearer one. (An API that takes both offers both; only the one that refused the
 * request says why.)
 */
export function bearerChallenge(header: string | null | undefined) {
  const challenges = parseWwwAuthenticate(header);
  return (
    challenges.find((c) => /^(bearer|dpop)$/.test(c.scheme) && c.params.error) ??
    challenges.find((c) => c.scheme === 'bearer')
  )?.params;
}
