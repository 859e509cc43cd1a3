import { browserSource } from "./browser.js";

/**
 * Vitest global set-up: unpacks the npm Chromium once, in the main process, before test files
 * start in parallel workers (two workers unpacking it at the same moment could start a half-written
 * binary). A failure here is left to the browser tests themselves, which fail with the reason.
 */
export default async function unpackTestBrowser(): Promise<void> {
  await browserSource().catch(() => undefined);
}
