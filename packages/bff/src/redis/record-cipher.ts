// Encryption at rest of the records a shared store keeps (tokens, the session's DPoP private key):
// AES-256-GCM from node:crypto under keys from the BFF's configuration. Whoever reads the store
// (a dump, a replica, a backup, MONITOR) sees ciphertext; without a key it names no token.
// Each record is sealed to the store key it is written under (GCM's additional data), so a record
// copied under another key (a sign-in record planted as a session) fails to open.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { BffError } from '../errors';

/** One AES-256 key, with the short id written next to each record it seals. */
export interface SealingKey {
  readonly id: string;
  readonly bytes: Buffer;
}

/** Why a stored record could not be opened (logged; the record's content never is). */
export type OpenFailure = 'malformed' | 'unknown_key' | 'not_authentic';

const FORMAT = 's1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function invalid(message: string): never {
  throw new BffError('invalid_options', message);
}

/** The key's id: 8 characters of a hash of it (tells keys apart during rotation, reveals nothing). */
const keyId = (bytes: Buffer): string =>
  createHash('sha256')
    .update('sesame-bff-record-key')
    .update(bytes)
    .digest('base64url')
    .slice(0, 8);

/**
 * The keys of `encryptionKey`: one base64 (or base64url) string of 32 random bytes, or a list of
 * them for rotation: records are sealed with the first and opened with whichever sealed them.
 * Throws a {@link BffError} `invalid_options` that says what is wrong, naming no key.
 */
export function sealingKeys(value: unknown, option = 'encryptionKey'): SealingKey[] {
  const hint = `Make one with: openssl rand -base64 32 (or node -e "console.log(crypto.randomBytes(32).toString('base64'))").`;
  if (value === undefined || value === null || value === '') {
    invalid(
      `${option} is required: tokens are encrypted in the session store with it (AES-256-GCM). ${hint}`,
    );
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) invalid(`${option} must hold at least one key. ${hint}`);
  const keys = list.map((entry, index) => {
    const which = list.length > 1 ? ` (key ${index + 1} of ${list.length})` : '';
    if (typeof entry !== 'string') {
      invalid(`${option}${which} must be a base64 string of 32 random bytes. ${hint}`);
    }
    const text = entry.trim();
    if (!BASE64.test(text) && !BASE64URL.test(text)) {
      invalid(`${option}${which} is not base64: give 32 random bytes in base64. ${hint}`);
    }
    const bytes = Buffer.from(text, BASE64URL.test(text) ? 'base64url' : 'base64');
    if (bytes.length !== 32) {
      invalid(
        `${option}${which} decodes to ${bytes.length} bytes; AES-256 needs exactly 32. ${hint}`,
      );
    }
    return { id: keyId(bytes), bytes };
  });
  if (new Set(keys.map((key) => key.id)).size !== keys.length) {
    invalid(`${option} lists the same key twice.`);
  }
  return keys;
}

/** Seals `plaintext` with the first key, bound to `context` (the store key it is written under). */
export function seal(keys: readonly SealingKey[], context: string, plaintext: string): string {
  const key = keys[0];
  if (!key) throw new Error('No sealing key.');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.bytes, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    FORMAT,
    key.id,
    iv.toString('base64url'),
    body.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.');
}

/** Opens what {@link seal} made for `context`, with whichever of `keys` sealed it. */
export function open(
  keys: readonly SealingKey[],
  context: string,
  sealed: string,
): { ok: true; plaintext: string } | { ok: false; reason: OpenFailure } {
  const parts = sealed.split('.');
  const [format, id, iv, body, tag] = parts;
  if (
    parts.length !== 5 ||
    format !== FORMAT ||
    iv === undefined ||
    body === undefined ||
    tag === undefined ||
    ![iv, body, tag].every((part) => part === '' || BASE64URL.test(part))
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const key = keys.find((candidate) => candidate.id === id);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const ivBytes = Buffer.from(iv, 'base64url');
  const tagBytes = Buffer.from(tag, 'base64url');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    return { ok: false, reason: 'malformed' };
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, ivBytes, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tagBytes);
    const plaintext = Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
    return { ok: true, plaintext };
  } catch {
    // GCM's tag did not verify: another key with a colliding id, a changed byte, another context.
    return { ok: false, reason: 'not_authentic' };
  }
}
