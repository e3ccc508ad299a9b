import { z } from 'zod';

/** Misbehaviour the API can be told to show, for client tests and the demo's chaos switch. */
export interface FaultSettings {
  /** Added to every API response, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of authenticated requests answered 500, always before anything is applied. */
  errorRate: number;
  /** The next N requests carrying a valid token get 401 invalid_token; then back to normal. */
  rejectNextValidTokens: number;
  /** Every valid token gets 401 (to prove a client does not loop on it). */
  rejectAllValidTokens: boolean;
}

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  errorRate: 0,
  rejectNextValidTokens: 0,
  rejectAllValidTokens: false,
});

/** Accepts a partial update; unknown keys and out-of-range values are refused. */
export const faultSettingsPatchSchema = z
  .strictObject({
    latencyMs: z.number().int().min(0).max(60_000),
    errorRate: z.number().min(0).max(1),
    rejectNextValidTokens: z.number().int().min(0).max(1_000_000),
    rejectAllValidTokens: z.boolean(),
  })
  .partial();

/** Validates a patch and drops absent keys, so that `{ ...settings, ...patch }` stays complete. */
export function parseFaultPatch(patch: unknown): Partial<FaultSettings> {
  const parsed = faultSettingsPatchSchema.parse(patch);
  const clean: Partial<FaultSettings> = {};
  if (parsed.latencyMs !== undefined) clean.latencyMs = parsed.latencyMs;
  if (parsed.errorRate !== undefined) clean.errorRate = parsed.errorRate;
  if (parsed.rejectNextValidTokens !== undefined) {
    clean.rejectNextValidTokens = parsed.rejectNextValidTokens;
  }
  if (parsed.rejectAllValidTokens !== undefined) {
    clean.rejectAllValidTokens = parsed.rejectAllValidTokens;
  }
  return clean;
}

/** Live fault settings, shared by the request pipeline and the admin endpoints. */
export class FaultController {
  #settings: FaultSettings;
  readonly #random: () => number;

  constructor(initial: Partial<FaultSettings> = {}, random: () => number = Math.random) {
    this.#settings = { ...NO_FAULTS, ...parseFaultPatch(initial) };
    this.#random = random;
  }

  get(): FaultSettings {
    return { ...this.#settings };
  }

  /** Applies a partial update; throws a ZodError on invalid values. */
  set(patch: Partial<FaultSettings>): void {
    this.#settings = { ...this.#settings, ...parseFaultPatch(patch) };
  }

  /** Back to no faults at all (not to the start-up settings: "reset" means a clean API). */
  reset(): void {
    this.#settings = { ...NO_FAULTS };
  }

  /** Called once per request whose token was valid: true if it must be refused anyway. */
  consumeTokenRejection(): boolean {
    if (this.#settings.rejectAllValidTokens) return true;
    if (this.#settings.rejectNextValidTokens > 0) {
      this.#settings.rejectNextValidTokens -= 1;
      return true;
    }
    return false;
  }

  /** Rolls the dice for an injected 500. */
  shouldFail(): boolean {
    return this.#settings.errorRate > 0 && this.#random() < this.#settings.errorRate;
  }

  get latencyMs(): number {
    return this.#settings.latencyMs;
  }
}
