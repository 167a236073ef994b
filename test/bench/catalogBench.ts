import { moveGroup } from '../../src/commands/moveGroup';
import { catalogSections } from '../../src/groups/catalogOrder';
import { BRANDS_AT_ONCE, countRewards } from '../../src/groups/groupRewards';
import { Sandbox } from '../sandbox/server';
import { demoBasic, flowEnv } from '../support/env';
import { median } from './shared';

/**
 * The catalog figures of `npm run bench`, through the same model and command the view uses, over
 * real HTTP to a sandbox of their own: expanding a group's Rewards in an org of 5 brands × 2,000
 * rewards (requests, and the time to the first reward row's data), and reordering one group in a
 * 200-group catalog (update requests, which must be the fewest the rank scheme allows), also with
 * ranks of 0 and below; and the cancel latency of reading every reward of a group over 40 brands.
 */
const BRANDS = 5;
const REWARDS_PER_BRAND = 2_000;
const EXPAND_RUNS = 5;
const SECTIONS = 200;
const CANCEL_BRANDS = 40;
const CANCEL_REWARDS_PER_BRAND = 3_000;
const CANCEL_RUNS = 5;

export interface CatalogFigures {
  figures: Record<string, unknown>;
  failures: string[];
}

export async function catalogBench(): Promise<CatalogFigures> {
  const failures: string[] = [];
  const sandbox = await Sandbox.start();
  try {
    const expand = await expandFigures(sandbox, failures);
    const reorder = await reorderFigures(sandbox, failures);
    const cancel = await cancelFigures(sandbox, failures);
    return {
      figures: { expandRewards: expand, reorder200Sections: reorder, cancelRewardsRead40Brands: cancel },
      failures,
    };
  } finally {
    await sandbox.close();
  }
}

async function expandFigures(sandbox: Sandbox, failures: string[]): Promise<Record<string, unknown>> {
  sandbox.reset();
  sandbox.removeBrands();
  const groupNames = ['VIP Gold', 'VIP Silver', 'VIP Bronze', 'Welcome'];
  for (const [i, name] of groupNames.entries()) sandbox.addGroup({ name, rank: i + 1 });
  for (let b = 0; b < BRANDS; b++) {
    sandbox.seedRewards({
      brandId: sandbox.addBrand({ name: `Brand ${b + 1}` }).id,
      count: REWARDS_PER_BRAND,
      groupNames,
    });
  }
  const firstRowMs: number[] = [];
  const allFirstPagesMs: number[] = [];
  let requests = 0;
  let shown = 0;
  let counted = 0;
  for (let run = 0; run < EXPAND_RUNS; run++) {
    // A new window each run: nothing kept from the last.
    const env = flowEnv({ host: sandbox.url });
    await env.credentials.save(sandbox.url, demoBasic);
    await env.deps.list.refresh(sandbox.url);
    const gold = env.deps.list.get(sandbox.url)!.groups.find((g) => g.name === 'VIP Gold')!;
    const before = sandbox.requests.length;
    const started = performance.now();
    let first: number | undefined;
    const subscription = env.deps.rewards.onDidChange(() => {
      const snapshot = env.deps.rewards.get(sandbox.url, 'VIP Gold');
      if (first === undefined && snapshot?.brands?.some((entry) => entry.rewards.length > 0)) {
        first = performance.now() - started;
      }
    });
    const snapshot = await env.deps.rewards.load(sandbox.url, gold);
    allFirstPagesMs.push(performance.now() - started);
    subscription.dispose();
    firstRowMs.push(first ?? NaN);
    requests = sandbox.requests.length - before;
    shown = snapshot.brands!.reduce((sum, entry) => sum + entry.rewards.length, 0);
    counted = countRewards(snapshot).total;
  }
  // One brand list, then one first page per brand.
  if (requests !== 1 + BRANDS) failures.push(`requests to expand Rewards: ${requests}, expected ${1 + BRANDS}`);
  if (counted !== (BRANDS * REWARDS_PER_BRAND) / groupNames.length) {
    failures.push(`rewards counted: ${counted}, expected ${(BRANDS * REWARDS_PER_BRAND) / groupNames.length}`);
  }
  return {
    org: `${BRANDS} brands × ${REWARDS_PER_BRAND.toLocaleString('en-US')} rewards, ${groupNames.length} groups`,
    requests,
    rewardsShownAfterExpand: shown,
    rewardsCounted: counted,
    firstRewardRowMs: median(firstRowMs),
    everyBrandsFirstPageMs: median(allFirstPagesMs),
    runs: EXPAND_RUNS,
  };
}

async function reorderFigures(sandbox: Sandbox, failures: string[]): Promise<Record<string, unknown>> {
  const cases: { name: string; rank: (i: number) => number; from: number; to: number; fewest: number }[] = [
    // Ranks 10, 20, …: room between every two sections, so the moved group alone changes.
    {
      name: 'spaced ranks (10, 20, …), one group moved from place 151 to 21',
      rank: (i) => (i + 1) * 10,
      from: 150,
      to: 20,
      fewest: 1,
    },
    // Ranks 1, 2, …: no room; the moved group and the 50 it passes change (catalogOrder.test.ts proves 51 is the fewest).
    {
      name: 'dense ranks (1, 2, …), one group moved from place 121 to 71',
      rank: (i) => i + 1,
      from: 120,
      to: 70,
      fewest: 51,
    },
    // Ranks 1, 2, …, one place up: a swap, both ranks change (no whole number lies between).
    {
      name: 'dense ranks (1, 2, …), one group moved one place up (Move Up)',
      rank: (i) => i + 1,
      from: 100,
      to: 99,
      fewest: 2,
    },
    // Ranks ≤ 0 are kept: from 0 (0, 1, 2, …), the third moved up one place: the first keeps 0, two change (none fits between 0 and 1).
    { name: 'ranks from 0 (0, 1, 2, …), the third moved up one place', rank: (i) => i, from: 2, to: 1, fewest: 2 },
    // From −99 (−99, …, 100), a group moved to the bottom: the 199 others keep their ranks, below 1 or not.
    {
      name: 'ranks from −99 (−99, …, 100), the group ranked 1 moved to the bottom',
      rank: (i) => i - 99,
      from: 100,
      to: 199,
      fewest: 1,
    },
  ];
  const results: Record<string, unknown>[] = [];
  for (const test of cases) {
    sandbox.reset();
    for (let i = 0; i < SECTIONS; i++) {
      sandbox.addGroup({ name: `Section ${String(i + 1).padStart(3, '0')}`, rank: test.rank(i) });
    }
    const env = flowEnv({ host: sandbox.url });
    await env.credentials.save(sandbox.url, demoBasic);
    await env.deps.list.refresh(sandbox.url);
    const sections = catalogSections(sandbox.groups());
    const moved = sections[test.from]!;
    const onto = sections[test.to]!;
    const before = sandbox.requests.length;
    env.ui.confirmWith(true);
    const started = performance.now();
    await moveGroup(
      env.deps,
      { connectionKey: sandbox.url, group: moved },
      { onto: { connectionKey: sandbox.url, group: onto } },
    );
    const ms = performance.now() - started;
    const sent = sandbox.requests.slice(before);
    const updates = sent.filter((r) => r.method === 'PUT').length;
    const place = catalogSections(sandbox.groups()).findIndex((g) => g.id === moved.id);
    if (updates !== test.fewest) failures.push(`${test.name}: ${updates} updates, expected ${test.fewest}`);
    if (place !== test.to) {
      failures.push(`${test.name}: the group ended at place ${place + 1}, expected ${test.to + 1}`);
    }
    results.push({
      case: test.name,
      updateRequests: updates,
      fewestPossible: test.fewest,
      listRequests: sent.filter((r) => r.method === 'GET' && r.path.endsWith('/group')).length,
      ms: Math.round(ms),
    });
  }
  return { sections: SECTIONS, cases: results };
}

/**
 * Cancel latency of a rewards read over 40 brands: every page of a group's rewards read as a
 * guard reads them, aborted once 1,000 rewards were read. From the abort to the read's promise
 * settling, and what happened meanwhile: requests that reached the server, log lines and tree
 * events. Counts that must hold are failures; times are only printed.
 */
async function cancelFigures(sandbox: Sandbox, failures: string[]): Promise<Record<string, unknown>> {
  sandbox.reset();
  sandbox.removeBrands();
  sandbox.addGroup({ name: 'VIP Gold', rank: 1 });
  sandbox.seedBrands({ count: CANCEL_BRANDS, rewardsPerBrand: CANCEL_REWARDS_PER_BRAND, groupNames: ['VIP Gold'] });
  const settleMs: number[] = [];
  let worst = { requestsAfterAbort: 0, logLinesAfterAbort: 0, treeEventsAfterAbort: 0 };
  for (let run = 0; run < CANCEL_RUNS; run++) {
    const env = flowEnv({ host: sandbox.url });
    await env.credentials.save(sandbox.url, demoBasic);
    await env.deps.list.refresh(sandbox.url);
    const gold = env.deps.list.get(sandbox.url)!.groups.find((g) => g.name === 'VIP Gold')!;
    let events = 0;
    const subscription = env.deps.rewards.onDidChange(() => events++);
    const controller = new AbortController();
    let at: { ms: number; requests: number; log: number; events: number } | undefined;
    const reading = env.deps.rewards.loadAll(sandbox.url, gold, controller.signal, (read) => {
      if (at || read < 1_000) return;
      at = { ms: performance.now(), requests: sandbox.requests.length, log: env.logLines.length, events };
      controller.abort();
    });
    await reading.catch(() => undefined);
    const settled = performance.now();
    subscription.dispose();
    if (!at) {
      failures.push('cancel latency: the read ended before it was cancelled');
      continue;
    }
    settleMs.push(settled - at.ms);
    const after = {
      requestsAfterAbort: sandbox.requests.length - at.requests,
      logLinesAfterAbort: env.logLines.length - at.log,
      treeEventsAfterAbort: events - at.events,
    };
    worst = {
      requestsAfterAbort: Math.max(worst.requestsAfterAbort, after.requestsAfterAbort),
      logLinesAfterAbort: Math.max(worst.logLinesAfterAbort, after.logLinesAfterAbort),
      treeEventsAfterAbort: Math.max(worst.treeEventsAfterAbort, after.treeEventsAfterAbort),
    };
  }
  // At most the requests on their way reach the server (and are logged); the section is put back once.
  if (worst.requestsAfterAbort > BRANDS_AT_ONCE) {
    failures.push(
      `cancel latency: ${worst.requestsAfterAbort} requests after the abort, at most ${BRANDS_AT_ONCE} expected`,
    );
  }
  if (worst.logLinesAfterAbort > BRANDS_AT_ONCE) {
    failures.push(
      `cancel latency: ${worst.logLinesAfterAbort} log lines after the abort, at most ${BRANDS_AT_ONCE} expected`,
    );
  }
  if (worst.treeEventsAfterAbort !== 1) {
    failures.push(`cancel latency: ${worst.treeEventsAfterAbort} tree events after the abort, 1 expected`);
  }
  return {
    org: `${CANCEL_BRANDS} brands × ${CANCEL_REWARDS_PER_BRAND.toLocaleString('en-US')} rewards naming the group`,
    abortAfterRewardsRead: 1_000,
    abortToSettledMs: median(settleMs),
    abortToSettledMaxMs: Math.round(Math.max(...settleMs) * 10) / 10,
    ...worst,
    runs: CANCEL_RUNS,
  };
}
