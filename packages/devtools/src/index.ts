import type { ReactNode } from 'react';
import { SesameDevtools as Devtools, type SesameDevtoolsProps } from './devtools';

// Written as is into dist/index.js: the app's bundler replaces `process.env.NODE_ENV`, folds the
// condition, and in a production build drops the devtools' code altogether (TanStack Query
// Devtools' pattern). `@sesame/devtools/production` is the explicit way to ship them.
declare const process: { env: { NODE_ENV?: string } };

/**
 * Sesame's devtools panel (see `@sesame/devtools/production` for its full description). This entry
 * renders nothing when `process.env.NODE_ENV === 'production'`, and the bundler removes the panel's
 * code from that build.
 */
export const SesameDevtools: (props: SesameDevtoolsProps) => ReactNode =
  process.env.NODE_ENV === 'production' ? () => null : Devtools;

export type { SesameDevtoolsProps } from './devtools';
export type { Theme } from './theme';
