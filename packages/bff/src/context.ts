import type { DpopHandles } from './dpop-keys';
import type { Idp } from './idp';
import type { ResolvedOptions } from './options';
import type { Sessions } from './sessions';

/** What every route works with: one per BFF, made by `createBff`. */
export interface BffContext {
  options: ResolvedOptions;
  idp: Idp;
  sessions: Sessions;
  handles: DpopHandles;
}

/** What an adapter knows about a request besides the `Request` itself. */
export interface BffRequestInfo {
  /**
   * The request target exactly as received (`req.url` in node:http), before URL parsing resolved
   * its dot segments: the proxy refuses tricks in it too.
   */
  rawPath?: string;
}
