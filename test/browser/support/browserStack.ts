/**
 * One describe block's world: the real backend and simulator (support/stack.ts) and a Chromium,
 * started before its tests and stopped after them.
 */
import type { Browser } from "playwright-core";
import type { SimulatorOptions } from "../../../src/simulator";
import { launchChromium } from "./chromium";
import { startStack, type Stack } from "./stack";

export interface BrowserStack {
  stack: Stack;
  browser: Browser;
}

export function useBrowserStack(simulatorOptions: Partial<SimulatorOptions> = {}): BrowserStack {
  const world = {} as BrowserStack;
  let closeBrowser: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    world.stack = await startStack(simulatorOptions);
    ({ browser: world.browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await world.stack?.close();
  });
  return world;
}
