// How every browser test and benchmark launches Chromium: Debian's build, since Playwright's own
// browser download does not work on these machines (`bash scripts/ensure-chromium.sh` installs it).
// Plain data, no Playwright import: Playwright configs (`use.launchOptions`), @playwright/test's and
// playwright-core's `chromium.launch()` all take it.

/** Launch options for Debian's Chromium, headless; `CHROMIUM_PATH` points at another build. */
export const chromiumLaunchOptions: { executablePath: string; args: string[] } = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
