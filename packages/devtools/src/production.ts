// `@sesame/devtools/production`: the devtools in every build, production included, for an app that
// wants them behind its own switch (as TanStack Query Devtools' `/production` entry does).
export { SesameDevtools } from './devtools';
export type { SesameDevtoolsProps } from './devtools';
export type { Theme } from './theme';
