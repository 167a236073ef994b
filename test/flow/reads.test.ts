import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { editGroup } from '../../src/commands/editGroup';
import { exportGroups } from '../../src/commands/exportGroups';
import {
  BRANDS_AT_ONCE,
  MAX_BRANDS_READ,
  MAX_REWARD_PAGES_READ,
  REWARD_PAGE_SIZE,
} from '../../src/groups/groupRewards';
import { MAX_ORG_GROUPS } from '../../src/groups/groupService';
import type { Sandbox, SandboxGroup } from '../sandbox/server';
import type { FlowEnv } from '../support/env';
import { useSandbox } from '../support/sandboxTier';

/**
 * Reads that must end: Cancel stops a rewards read at once, every org and rewards read has a bound
 * that a server reporting ever more cannot pass, and a list without paging information is never
 * taken for the whole org unproven. Against the sandbox over real HTTP.
 */
describe('reads: cancel, bounds and missing paging information', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let env: FlowEnv;
  let gold: SandboxGroup;
  const rewardReads = () => sandbox.requests.filter((r) => r.path.includes('/reward/list/brand/'));
  const listReads = () => sandbox.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/group'));
  const target = () => ({
    connectionKey: sandbox.url,
    group: env.deps.list.get(sandbox.url)!.groups.find((g) => g.id === gold.id)!,
  });
  /** A request line of the log (`GET http://… → 200 in 3 ms`), as opposed to what a flow says. */
  const isRequestLine = (line: string) => /^(info|warn) (GET|POST|PUT) /.test(line);

  useSandbox({
    bind: (started) => (sandbox = started),
    env: { settings: (url) => ({ host: url, pageSize: 50 }), signedIn: true, bind: (fresh) => (env = fresh) },
    scriptUsed: true,
  });
  beforeEach(async () => {
    gold = sandbox.addGroup({ name: 'VIP Gold', rank: 1 });
    sandbox.addGroup({ name: 'VIP Silver', rank: 2 });
    await env.deps.list.refresh(sandbox.url);
    sandbox.requests.length = 0;
  });

  describe('rewards', () => {
    it('Cancel during a rename’s read over 40 brands stops at once: no request after those on their way, one log line, one tree event', async () => {
      sandbox.removeBrands();
      sandbox.seedBrands({ count: 40, rewardsPerBrand: 3 * REWARD_PAGE_SIZE, groupNames: ['VIP Gold'] });
      let events = 0;
      env.deps.rewards.onDidChange(() => events++);
      let atCancel: { requests: number; log: number; events: number } | undefined;
      env.ui.choose('Rename…').cancelWhenReported((report) => {
        const read = Number(/^([\d,]+) of/.exec(report)?.[1]?.replace(/,/g, '') ?? 0);
        if (read < 1_000) return false;
        atCancel = { requests: sandbox.requests.length, log: env.logLines.length, events };
        return true;
      });
      await editGroup(env.deps, target());
      assert.ok(atCancel, 'cancelled mid-read');
      const sentAfter = sandbox.requests.length - atCancel.requests;
      assert.ok(
        sentAfter <= BRANDS_AT_ONCE,
        `${sentAfter} requests reached the server after Cancel (at most ${BRANDS_AT_ONCE} were on their way)`,
      );
      const linesAfter = env.logLines.slice(atCancel.log);
      const said = linesAfter.filter((line) => !isRequestLine(line));
      assert.equal(said.length, 1, said.join('\n'));
      assert.match(said[0]!, /^info Reading which rewards name 'VIP Gold' on .* was cancelled/);
      assert.ok(
        linesAfter.length - said.length <= BRANDS_AT_ONCE,
        `${linesAfter.length - said.length} request lines after Cancel`,
      );
      assert.equal(events - atCancel.events, 1, 'one tree event after Cancel');
      assert.ok(rewardReads().length < 40 * 3, 'not every page was read');
      assert.deepEqual(env.ui.confirmations, [], 'no question after Cancel');
      // The row is as it was before the rename: nothing read, nothing loading.
      assert.equal(env.deps.rewards.get(sandbox.url, 'VIP Gold'), undefined);
    });

    it('an org with more brands than are read: the rename says so, and reads the first ones only', async () => {
      sandbox.removeBrands();
      sandbox.seedBrands({ count: MAX_BRANDS_READ + 2, rewardsPerBrand: 1, groupNames: ['VIP Gold'] });
      env.ui.choose('Rename…').askWith(undefined);
      await editGroup(env.deps, target());
      assert.equal(rewardReads().length, MAX_BRANDS_READ);
      assert.equal(
        env.ui.confirmations[0]!.text,
        `At least ${MAX_BRANDS_READ} reward(s) in ${MAX_BRANDS_READ} brand(s) name 'VIP Gold'. The org has ${MAX_BRANDS_READ + 2} brands: the rewards of the first ${MAX_BRANDS_READ} were read. Renaming unlinks them.`,
      );
    });

    it('a server whose reward count keeps growing: the rename stops at the bound, says so, and sends no more pages than it', async () => {
      sandbox.setListFault({ growingTotal: true, lists: 'rewards' });
      env.ui.choose('Rename…').askWith(undefined);
      await editGroup(env.deps, target());
      assert.equal(rewardReads().length, MAX_REWARD_PAGES_READ);
      const read = (MAX_REWARD_PAGES_READ * REWARD_PAGE_SIZE).toLocaleString('en-US');
      assert.match(
        env.ui.confirmations[0]!.text,
        new RegExp(
          `^At least ${read} reward\\(s\\) in 2 brand\\(s\\) name 'VIP Gold'\\. Stopped reading after ${read} rewards: the server kept reporting more \\(totalElements grew from [\\d,]+ to [\\d,]+\\)\\. Renaming unlinks them\\.$`,
        ),
      );
    });
  });

  describe('whole-org reads (export, plan, compare, reorder)', () => {
    it('a server whose group count keeps growing: the export stops at the bound, says so, saves nothing, and sends no more pages than it', async () => {
      sandbox.setListFault({ growingTotal: true, lists: 'groups' });
      await exportGroups(env.deps);
      assert.equal(listReads().length, MAX_ORG_GROUPS / 1000);
      assert.equal(
        env.ui.messages.at(-1)!.text,
        `Stopped reading after ${MAX_ORG_GROUPS.toLocaleString('en-US')} groups: the server kept reporting more (totalElements grew from 2,002 to 101,002). Nothing was changed.`,
      );
    });

    for (const paging of ['omit', 'partial'] as const) {
      it(`list answers with ${paging === 'omit' ? 'no pagingDto' : 'a pagingDto without last or totalElements'}: the export reads pages until an empty one and exports every group`, async () => {
        sandbox.seed(2_498);
        sandbox.setListFault({ paging, lists: 'groups' });
        const file = path.join(env.files.folder, 'org.capillary-groups.json');
        env.ui.saveAs(file);
        await exportGroups(env.deps);
        assert.deepEqual(
          listReads().map((r) => r.query.page),
          ['0', '1', '2', '3'],
        );
        const exported = (JSON.parse(fs.readFileSync(file, 'utf8')) as { groups: unknown[] }).groups;
        assert.equal(exported.length, 2_500);
        assert.match(env.ui.messages.at(-1)!.text, /^Exported 2500 groups of /);
        assert.ok(
          env.logLines.some((line) =>
            /gave no paging information .*: read pages until an empty one \(2,500 groups in 4 pages\)/.test(line),
          ),
          env.logLines.join('\n'),
        );
      });
    }

    it('no pagingDto and the same groups for every page (page ignored): the export says it cannot tell the whole org, and saves nothing', async () => {
      const body = JSON.stringify({
        status: { success: true, code: 12013, message: 'ok' },
        groupRoList: sandbox.groups(),
      });
      sandbox.inject({ status: 200, method: 'GET', pathIncludes: '/group?', body, times: 5 });
      await exportGroups(env.deps);
      assert.equal(listReads().length, 2);
      assert.match(
        env.ui.messages.at(-1)!.text,
        /^Could not read the groups of .*: .* gave no paging information \(pagingDto\) and answered page 2 with the groups of page 1, so whether the 2 groups read are the whole org cannot be told\. Nothing was changed\.$/,
      );
    });
  });
});
