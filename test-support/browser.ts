import npmChromium from "@sparticuz/chromium";
import { type Browser, chromium } from "playwright-core";

/**
 * Flags that keep a test browser quiet on a machine without a network: no background
 * connections, no component updates, no first-run work.
 */
const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/**
 * Flags of the npm Chromium's defaults that tests drop: two that make it less strict than a
 * user's browser (pages are tested under the same-origin and mixed-content rules users get), and
 * single-process mode, in which closing one page ends the whole browser.
 */
const DROPPED_FLAGS = new Set([
  "--disable-web-security",
  "--allow-running-insecure-content",
  "--single-process",
]);

/** Where the browser comes from and with which flags it starts. */
export interface BrowserSource {
  /** The Chromium executable. */
  readonly executablePath: string;
  /** Command-line flags passed to it. */
  readonly args: readonly string[];
  /** `IQF_CHROMIUM` when that variable chose it, else `@sparticuz/chromium`. */
  readonly origin: "IQF_CHROMIUM" | "@sparticuz/chromium";
}

/**
 * The Chromium every browser test uses: the binary named by `IQF_CHROMIUM` when that variable is
 * set, otherwise the headless Chromium shipped inside the `@sparticuz/chromium` npm package
 * (unpacked to the system temp folder on first use). A system browser found by chance is never
 * used, so a green run proves that `npm ci` is all the set-up a machine needs.
 */
export async function browserSource(): Promise<BrowserSource> {
  const fromEnv = process.env.IQF_CHROMIUM;
  if (fromEnv) {
    return {
      executablePath: fromEnv,
      args: ["--headless", "--no-sandbox", "--disable-gpu", ...QUIET_FLAGS],
      origin: "IQF_CHROMIUM",
    };
  }
  const executablePath = await npmChromium.executablePath();
  const args = [...npmChromium.args.filter((flag) => !DROPPED_FLAGS.has(flag)), ...QUIET_FLAGS];
  return { executablePath, args, origin: "@sparticuz/chromium" };
}

/**
 * Launches the test Chromium (see {@link browserSource}) through playwright-core. A browser that
 * cannot start rejects with the executable, where it came from and the underlying reason, so the
 * calling test fails with it instead of being skipped.
 */
export async function launchTestBrowser(): Promise<Browser> {
  let source: BrowserSource | undefined;
  try {
    source = await browserSource();
    return await chromium.launch({ executablePath: source.executablePath, args: [...source.args] });
  } catch (error) {
    const where = source ? `${source.executablePath} (from ${source.origin})` : "the npm Chromium";
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not start ${where}: ${reason}`, { cause: error });
  }
}
