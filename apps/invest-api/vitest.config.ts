export { default } from '../../scripts/vitest-server-app';
