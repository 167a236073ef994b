// The setup every flow test shares: one sandbox per describe, a clean sandbox before each test and,
// when asked, a fresh FlowEnv (optionally signed in) and a check that the test used its whole script.
import { Sandbox, type SandboxOptions } from '../sandbox/server';
import { demoBasic, flowEnv as buildFlowEnv, type FlowEnv } from './env';

export interface SandboxTierOptions {
  /** Given the sandbox once it listens (before the describe's first test). */
  bind: (sandbox: Sandbox) => void;
  start?: SandboxOptions;
  /** A FlowEnv built before each test, after the sandbox's reset. */
  env?: {
    settings: (url: string) => Record<string, unknown>;
    /** The demo till's Basic credentials saved for the sandbox's URL. */
    signedIn?: boolean;
    bind: (env: FlowEnv) => void;
  };
  /** After each test, fail it if the last FlowEnv built during it was left scripted answers. */
  scriptUsed?: boolean;
}

/** The FlowEnv built last in the running test: a test that replaces its env gets the new one checked. */
let lastBuilt: FlowEnv | undefined;

/** flowEnv, remembered for the scriptUsed check. */
export function flowEnv(settings: Record<string, unknown>): FlowEnv {
  lastBuilt = buildFlowEnv(settings);
  return lastBuilt;
}

/** Registers the hooks in the calling describe; call it before that describe's own hooks, which may use the sandbox. */
export function useSandbox(options: SandboxTierOptions): void {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await Sandbox.start(options.start);
    options.bind(sandbox);
  });
  after(async () => sandbox?.close());
  beforeEach(async () => {
    lastBuilt = undefined;
    sandbox!.reset();
    if (!options.env) return;
    const env = flowEnv(options.env.settings(sandbox!.url));
    if (options.env.signedIn) await env.credentials.save(sandbox!.url, demoBasic);
    options.env.bind(env);
  });
  if (options.scriptUsed) {
    // A test that built no env has nothing new to check: an earlier test's env was checked after it.
    afterEach(() => lastBuilt?.ui.assertScriptUsed());
  }
}
