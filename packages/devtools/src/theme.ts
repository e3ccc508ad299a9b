/** The panel's colours: the system's preference (`prefers-color-scheme`), or one forced by the toggle. */
export type Theme = 'system' | 'light' | 'dark';
