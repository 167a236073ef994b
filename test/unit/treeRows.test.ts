import { strict as assert } from 'assert';
import { CapillaryError } from '../../src/api/errors';
import type { Brand, Group, Reward } from '../../src/api/types';
import type { ConnectionSpec } from '../../src/foundation/settings';
import type { ListSnapshot } from '../../src/groups/groupList';
import type { BrandRewards, GroupReward, GroupRewardsSnapshot } from '../../src/groups/groupRewards';
import { DEFAULT_LIST_OPTIONS } from '../../src/groups/listOptions';
import {
  connectionRow,
  fieldRow,
  formatLocal,
  groupDescription,
  groupFields,
  groupRow,
  groupTooltip,
  hintRow,
  loadMoreRow,
  noticeRow,
  rewardRow,
  rewardsNoteRow,
  rewardsRow,
  unusableConnectionRow,
} from '../../src/views/groupPresentation';

/**
 * What every row kind of the Groups view says, read through the presentation module alone: the
 * tree's nodes only put these words into VS Code's rows.
 */
const ORIGIN = 'https://eu.api.capillarytech.com';

const group = (extra: Partial<Group> = {}): Group => ({
  id: 2412,
  orgId: 50672,
  name: 'VIP Gold',
  rank: 3,
  isActive: true,
  createdBy: 7,
  createdOn: Date.UTC(2025, 2, 17, 3, 58),
  createdOnDateTime: '2025-03-17T03:58:00Z',
  lastUpdatedBy: 8,
  lastUpdatedOn: Date.UTC(2025, 2, 18, 9, 0),
  lastUpdatedOnDateTime: '2025-03-18T09:00:00Z',
  ...extra,
});

const list = (extra: Partial<ListSnapshot> = {}): ListSnapshot => ({
  connectionKey: ORIGIN,
  options: DEFAULT_LIST_OPTIONS,
  pageSize: 50,
  groups: [group(), group({ id: 2413, name: 'VIP Silver' })],
  total: 1234,
  pagesLoaded: 1,
  last: false,
  loadedAt: Date.UTC(2025, 2, 19, 12, 0),
  source: 'server',
  newIds: new Set(),
  localIds: new Set(),
  generation: 1,
  ...extra,
});

const spec = (extra: Partial<ConnectionSpec> = {}): ConnectionSpec => ({
  name: 'UAT',
  origin: ORIGIN,
  authMethod: 'basic',
  apiPrefix: '/v2',
  production: false,
  key: `${ORIGIN}#UAT`,
  ...extra,
});

const brand: Brand = { id: 11, name: 'BUKL', enabled: true, orgId: 50672 };

const reward = (extra: Partial<Reward> = {}, groupRank: number | null = 2): GroupReward => ({
  brand,
  groupRank,
  reward: {
    id: 901,
    name: 'Free coffee',
    status: 'LIVE',
    enabled: true,
    groups: [{ groupName: 'VIP Gold', groupRank }],
    rewardRank: null,
    lastUpdatedOn: 0,
    brandId: brand.id,
    ...extra,
  },
});

const brandRewards = (extra: Partial<BrandRewards> = {}): BrandRewards => ({
  brand,
  rewards: [reward()],
  otherCase: [],
  counted: 1,
  notInSection: 0,
  pagesLoaded: 1,
  last: true,
  loading: false,
  ...extra,
});

const rewards = (extra: Partial<GroupRewardsSnapshot> = {}): GroupRewardsSnapshot => ({
  connectionKey: ORIGIN,
  groupName: 'VIP Gold',
  orgId: 50672,
  brands: [brandRewards()],
  loading: false,
  ...extra,
});

const unauthorized = new CapillaryError({ kind: 'http', method: 'GET', origin: ORIGIN, path: '/groups', status: 401 });
const unreachable = new CapillaryError({
  kind: 'network',
  method: 'GET',
  origin: ORIGIN,
  path: '/groups',
  cause: 'ECONNREFUSED',
});

describe('tree rows: the wording of every row kind', () => {
  describe('connection rows', () => {
    it('names a connection, then its flags, cluster and org; the tooltip says what each means', () => {
      const row = connectionRow(spec({ production: true }), {
        active: true,
        orgId: 50672,
        method: 'Basic',
        snapshot: undefined,
      });
      assert.equal(row.label, 'UAT');
      assert.equal(row.description, 'PRODUCTION · active · eu.api.capillarytech.com · org 50672');
      assert.equal(
        row.tooltip,
        [
          '**UAT** — production: every change asks first',
          `Cluster: ${ORIGIN}`,
          'Org: 50672',
          'Sign-in: Basic',
          'The active connection: palette commands act on it.',
        ].join('\n\n'),
      );
      assert.equal(row.accessibilityLabel, 'UAT, PRODUCTION · active · eu.api.capillarytech.com · org 50672');
    });

    it('does not name the cluster twice, says when the org is not known yet, and ends with the list summary', () => {
      const row = connectionRow(spec({ name: 'eu.api.capillarytech.com' }), {
        active: false,
        orgId: undefined,
        method: 'OAuth',
        snapshot: list(),
      });
      assert.equal(row.description, '');
      assert.deepEqual(row.tooltip.split('\n\n'), [
        '**eu\\.api\\.capillarytech\\.com**',
        `Cluster: ${ORIGIN}`,
        'Org: not known yet',
        'Sign-in: OAuth',
        'Showing 2 of 1,234 groups · by rank, lowest first',
      ]);
    });

    it('says an item is not usable, naming it and its host as written when it has them', () => {
      const invalid = {
        state: 'invalid' as const,
        id: 'c3',
        name: 'Staging',
        raw: 'staging.example',
        message: "'host' must be an https:// URL",
        index: 2,
      };
      assert.deepEqual(unusableConnectionRow(invalid), {
        label: 'Staging',
        description: 'not usable · staging.example',
        tooltip: "'host' must be an https:// URL",
      });
      assert.deepEqual(unusableConnectionRow(undefined), {
        label: 'Connection',
        description: 'not usable',
        tooltip: undefined,
      });
    });
  });

  describe('hint rows', () => {
    const facts = { detail: '', name: 'UAT', method: 'Basic' };

    it('asks a signed-out connection to sign in, naming it and its sign-in method', () => {
      assert.deepEqual(hintRow('signed-out', facts), {
        label: 'Sign in to UAT (Basic)…',
        tooltip: 'Sign in to UAT (Basic)…',
        title: 'Sign In',
      });
    });

    it('says what is wrong with an item, and that a click opens the settings', () => {
      assert.deepEqual(hintRow('invalid', { ...facts, detail: "'host' is missing" }), {
        label: "Not usable: 'host' is missing",
        tooltip: "Not usable: 'host' is missing Click to open your settings.",
        title: 'Open Settings',
      });
    });

    it('shows a keychain problem as it is, with the log a click opens', () => {
      const row = hintRow('keychain', { ...facts, detail: 'The keychain is locked.' });
      assert.deepEqual(row, {
        label: 'The keychain is locked.',
        tooltip: 'The keychain is locked.',
        title: 'Show Log',
      });
    });

    it('says why a signed-in connection shows no groups, and what a click does about it', () => {
      assert.equal(hintRow('empty', facts).label, 'This org has no reward groups yet. Create Group…');
      assert.equal(hintRow('empty', facts).title, 'Create Group');
      assert.equal(hintRow('no-active', facts).label, 'No active groups in this org. Show All Groups');
      assert.equal(hintRow('no-active', facts).title, 'Show All Groups');
      assert.deepEqual(hintRow('no-match', { ...facts, detail: 'gold' }), {
        label: "No group matches 'gold'. Clear Filter",
        tooltip: "No group matches 'gold'. Clear Filter",
        title: 'Clear Filter',
      });
    });
  });

  describe('notice rows', () => {
    it('says the groups of a host that failed could not be loaded, why, and that a click retries', () => {
      const row = noticeRow(
        list({ groups: [], error: unreachable, failedLoad: 'first' }),
        'UAT (eu.api.capillarytech.com)',
      );
      assert.equal(row.label, 'Could not load the groups of UAT (eu.api.capillarytech.com). Retry');
      assert.equal(row.title, 'Retry');
      assert.equal(row.signIn, false);
      assert.equal(
        row.description,
        'Could not reach UAT (eu.api.capillarytech.com) to list the groups of UAT (eu.api.capillarytech.com): ECONNREFUSED. Check the cluster URL, your network and proxy settings.',
      );
      assert.equal(
        row.tooltip,
        `Could not load the groups of UAT (eu.api.capillarytech.com).\n\n${row.description}\n\nClick to try again.`,
      );
    });

    it('offers Sign In when the host refused the credentials', () => {
      const row = noticeRow(list({ groups: [], error: unauthorized, failedLoad: 'first' }), 'UAT');
      assert.equal(row.label, 'Could not load the groups of UAT. Sign In');
      assert.equal(row.title, 'Sign In');
      assert.equal(row.signIn, true);
      assert.match(row.tooltip, /\n\nClick to sign in\.$/);
    });

    it('says a cached list is shown while offline or while the cluster is unavailable', () => {
      const loadedAt = Date.UTC(2025, 2, 19, 12, 0);
      const offline = noticeRow(list({ source: 'cache', error: unreachable, failedLoad: 'first', loadedAt }), 'UAT');
      assert.equal(offline.label, `Offline: cached list from ${formatLocal(loadedAt)}. Retry`);
      const unavailable = new CapillaryError({
        kind: 'http',
        method: 'GET',
        origin: ORIGIN,
        path: '/groups',
        status: 503,
      });
      const down = noticeRow(list({ source: 'cache', error: unavailable, failedLoad: 'first', loadedAt }), 'UAT');
      assert.equal(down.label, `Cluster unavailable (HTTP 503): cached list from ${formatLocal(loadedAt)}. Retry`);
    });
  });

  describe('Load more rows', () => {
    it('counts what is loaded of the total', () => {
      assert.deepEqual(loadMoreRow(list()), {
        label: 'Load more…',
        description: '2 of 1,234 loaded',
        tooltip: undefined,
        title: 'Load More',
      });
      // Groups created here count among the loaded even before the server's total includes them.
      assert.equal(loadMoreRow(list({ total: 1 })).description, '2 of 2 loaded');
    });

    it('offers a retry when the next page failed, and says why', () => {
      const row = loadMoreRow(list({ error: unreachable, failedLoad: 'more' }));
      assert.equal(row.label, 'Could not load more. Retry');
      assert.ok(row.tooltip, 'the tooltip says why');
      assert.equal(row.description, `2 of 1,234 loaded · ${row.tooltip}`);
    });
  });

  describe('group and field rows', () => {
    it("reads a group row's label, description and tooltip", () => {
      const gold = group({ isActive: false });
      const row = groupRow(gold, { isNew: true, rank: true });
      assert.equal(row.label, 'VIP Gold');
      assert.equal(row.description, `rank 3 · ${groupDescription(gold, true)}`);
      assert.match(row.description, /^rank 3 · #2412 · .+ · new · inactive$/);
      assert.equal(row.accessibilityLabel, 'VIP Gold, group 2412, new, inactive');
      const tooltip = groupTooltip(gold).split('\n');
      assert.deepEqual(tooltip.slice(0, 4), ['**VIP Gold**', '', '| field | value |', '|---|---|']);
      assert.ok(tooltip.includes('| isActive | false \\(inactive\\) |'));
    });

    it('shows a field by its JSON key and value', () => {
      const [id, name, rank] = groupFields(group({ rank: null }));
      assert.deepEqual(fieldRow(id!), { label: 'id', description: '2412', tooltip: 'id: 2412' });
      assert.deepEqual(fieldRow(name!), { label: 'name', description: 'VIP Gold', tooltip: 'name: VIP Gold' });
      assert.deepEqual(fieldRow(rank!), { label: 'rank', description: 'none (null)', tooltip: 'rank: none (null)' });
    });
  });

  describe('rewards rows', () => {
    const tooltip =
      'The rewards of every brand of the org that name this group, in the order the Rewards Catalog shows them.';

    it('says Rewards until they are read, then counts them', () => {
      assert.deepEqual(rewardsRow(undefined), { label: 'Rewards', description: 'expand to read', tooltip });
      assert.deepEqual(rewardsRow(rewards({ brands: undefined, loading: true })), {
        label: 'Rewards',
        description: 'reading…',
        tooltip,
      });
      assert.deepEqual(rewardsRow(rewards()), { label: 'Rewards (1)', description: '1 live', tooltip });
    });

    it("reads a reward's row: name, then id, brand, status and rank in the group", () => {
      const row = rewardRow(reward({ status: 'UPCOMING', enabled: false }, null));
      assert.equal(row.label, 'Free coffee');
      assert.equal(row.description, '#901 · BUKL · UPCOMING · unranked · disabled');
      assert.equal(row.accessibilityLabel, 'Free coffee, reward 901, UPCOMING, unranked');
    });
  });

  describe('lines among the rewards that are not rewards', () => {
    it('offers a retry when the brands could not be read', () => {
      const row = rewardsNoteRow('brands-failed', rewards({ brands: undefined, brandsError: unreachable }));
      assert.equal(row.label, 'Could not read the brands of org 50672. Retry');
      assert.ok(row.description, 'it says why');
      assert.equal(row.tooltip, `${row.label}\n\n${row.description}`);
      assert.deepEqual([row.icon, row.action, row.title], ['warning', 'retry', 'Retry']);
    });

    it('says when the org has no brands, or no reward names the group', () => {
      assert.deepEqual(rewardsNoteRow('no-brands', rewards({ brands: [] })), {
        label: 'Org 50672 has no brands, so no rewards.',
        description: '',
        tooltip: 'Org 50672 has no brands, so no rewards.',
        icon: 'info',
        action: undefined,
        title: 'Retry',
      });
      assert.equal(rewardsNoteRow('none', rewards()).label, "No reward names 'VIP Gold'.");
    });

    it("offers a brand's next page with counts, and a retry when a brand failed", () => {
      const more = brandRewards({ last: false, counted: 250 });
      const row = rewardsNoteRow('brand-more', rewards({ brands: [more] }), more);
      assert.equal(row.label, 'Load more of BUKL…');
      assert.equal(row.description, '1 of 250 loaded');
      assert.deepEqual([row.icon, row.action, row.title], ['more', 'load-more', 'Load More']);
      const failed = brandRewards({ error: unreachable });
      assert.equal(
        rewardsNoteRow('brand-failed', rewards({ brands: [failed] }), failed).label,
        'Could not read the rewards of BUKL. Retry',
      );
    });

    it('names the rewards that name the group in another case', () => {
      const typo = reward({ id: 905, groups: [{ groupName: 'vip gold', groupRank: 1 }] });
      const one = rewardsNoteRow('other-case', rewards({ brands: [brandRewards({ otherCase: [typo] })] }));
      assert.equal(one.label, "1 more reward names it 'vip gold': not in this section (names must match exactly)");
      assert.equal(one.description, '#905');
      const other = reward({ id: 906, groups: [{ groupName: 'VIP GOLD', groupRank: 1 }] });
      const two = rewardsNoteRow('other-case', rewards({ brands: [brandRewards({ otherCase: [typo, other] })] }));
      assert.equal(
        two.label,
        "2 more rewards name it 'vip gold', 'VIP GOLD': not in this section (names must match exactly)",
      );
      assert.equal(two.description, '#905 #906');
    });
  });
});
