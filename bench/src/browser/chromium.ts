// Debian's Chromium, driven by playwright-core, and a real sign-in through the IdP's pages.
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '@sesame/test-stack/chromium';

/** Headless Debian Chromium (`bash scripts/ensure-chromium.sh` installs it). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}

export const JANE = { login: 'jane.doe', password: 'sesame' };

/**
 * After the page started a sign-in: logs Jane in on the IdP's page and allows consent when they
 * are shown (an IdP session or remembered consent skips them), until `doneSelector` appears back
 * in the app.
 */
export async function completeIdpSignIn(page: Page, doneSelector: string): Promise<void> {
  const login = '#login';
  const consent = 'form[data-sesame-form=consent] button.primary';
  try {
    for (let step = 0; step < 3; step += 1) {
      const shown = await page.waitForSelector(`${doneSelector}, ${login}, ${consent}`, {
        timeout: 15_000,
      });
      if (await shown.evaluate((element, done) => element.matches(done), doneSelector)) return;
      if ((await shown.getAttribute('id')) === 'login') {
        await page.fill('#login', JANE.login);
        await page.fill('#password', JANE.password);
        await page.click('button[type=submit].primary');
      } else {
        await shown.click();
      }
      await page.waitForLoadState('load');
    }
    throw new Error('still not signed in after the login and consent pages');
  } catch (error) {
    const text = (await page.textContent('body').catch(() => '')) ?? '';
    throw new Error(`sign-in did not finish (at ${page.url()}: ${text.trim().slice(0, 300)})`, {
      cause: error,
    });
  }
}
