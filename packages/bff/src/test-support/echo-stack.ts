// The set-up of the proxy tests that need an echo API behind the BFF and a browser signed in as
// jane: started once for the calling `describe` (or file), stopped after it.
import { afterAll, beforeAll } from 'vitest';
import type { TestBrowser } from './browser';
import { startEchoServer } from './echo-server';
import { startBffStack, type BffStack, type BffStackOptions } from './stack';

/**
 * Before the calling block's tests: an echo server, a BFF stack made with `options(echoUrl)`, and a
 * browser signed in as jane; after them, both stopped. Read them through the getters, inside a test.
 */
export function echoStackSignedInAsJane(
  options: (echoUrl: string) => BffStackOptions | Promise<BffStackOptions>,
): {
  stack(): BffStack;
  echo(): Awaited<ReturnType<typeof startEchoServer>>;
  browser(): TestBrowser;
} {
  let stack: BffStack | undefined;
  let echo: Awaited<ReturnType<typeof startEchoServer>> | undefined;
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    echo = await startEchoServer();
    stack = await startBffStack(await options(echo.url));
    browser = stack.browser();
    await browser.signIn('jane');
  });
  afterAll(async () => {
    await stack?.stop();
    await echo?.stop();
  });
  return { stack: () => stack!, echo: () => echo!, browser: () => browser! };
}
