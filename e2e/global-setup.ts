/** Runs once before the e2e specs: without a browser, say how to get one instead of a launch stack trace. */
import { missingChromium } from './chromium';

export default function globalSetup(): void {
  const problem = missingChromium();
  if (!problem) return;
  process.stderr.write(`${problem}\n`);
  // Exiting here keeps Playwright from printing the error again with its stack.
  process.exit(1);
}
