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
