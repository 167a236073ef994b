import { strict as assert } from 'assert';
import { CapillaryError, type CapillaryErrorDetails } from '../../src/api/errors';
import type { Group } from '../../src/api/types';
import { parseSettings } from '../../src/foundation/settings';
import { checkHostUrl } from '../../src/foundation/validation';
import type { FrontEndWords } from '../../src/foundation/words';
import { NameTakenError, UnconfirmedCreateError } from '../../src/groups/groupService';
import { describeFailure } from '../../src/messages/failures';
import { commandLineWords, flagOf } from '../../src/node/commandLineWords';
import { HostChangedError } from '../../src/session/session';
import { editorWords } from '../../src/ui/editorWords';

const origin = 'https://eu.api.capillarytech.com';
const base: Omit<CapillaryErrorDetails, 'kind'> = { method: 'POST', origin, path: '/api_gateway/core/v1/group/create' };
const context = { origin, doing: "create the group 'Gold'", name: 'Gold' };
const gold: Group = {
  id: 7,
  orgId: 1,
  name: 'Gold',
  rank: 1,
  isActive: true,
  createdBy: 42,
  createdOn: Date.UTC(2025, 0, 1),
  createdOnDateTime: '2025-01-01T00:00:00Z',
  lastUpdatedBy: 42,
  lastUpdatedOn: Date.UTC(2025, 0, 1),
  lastUpdatedOnDateTime: '2025-01-01T00:00:00Z',
};

/** Every failure whose sentence takes a word of the front end, and what each front end says there. */
const worded: { name: string; error: unknown; editor: RegExp; commandLine: RegExp }[] = [
  {
    name: 'a timeout',
    error: new CapillaryError({ ...base, kind: 'timeout', cause: 'no answer within 30 s' }),
    editor: /Try again, or raise capillaryRewards\.requestTimeoutSeconds\.$/,
    commandLine: /Try again, or raise --timeout\.$/,
  },
  {
    name: 'a wrong prefix',
    error: new CapillaryError({ ...base, kind: 'http', status: 404, serverMessage: 'Not Found' }),
    editor: /Check capillaryRewards\.apiPrefix: newer clusters/,
    commandLine: /Check --api-prefix: newer clusters/,
  },
  {
    name: 'a lost create whose lookup failed',
    error: new UnconfirmedCreateError(new CapillaryError({ ...base, kind: 'network', cause: 'reset' }), 'failed'),
    editor: /\(looking it up failed too\): Refresh the Groups view before you retry\.$/,
    commandLine: /\(looking it up failed too\): Read the org again with capillary-groups export before you retry\.$/,
  },
  {
    name: 'a retry refused as a duplicate after a lost create',
    error: new UnconfirmedCreateError(
      new CapillaryError({
        ...base,
        kind: 'http',
        status: 400,
        code: 12012,
        serverMessage: 'Group name must be unique',
      }),
      'failed',
    ),
    editor: /\(looking it up failed\): Refresh the Groups view before you choose another name\.$/,
    commandLine: /\(looking it up failed\): Read the org again with capillary-groups export before you choose another/,
  },
  {
    name: "a lost create and someone else's group of that name",
    error: new NameTakenError(new CapillaryError({ ...base, kind: 'network', cause: 'reset' }), gold, true),
    editor: /choose another name, or check that group in the Groups view\.$/,
    commandLine: /choose another name, or check that group in what capillary-groups export writes\.$/,
  },
  {
    name: 'a row whose connection moved to another cluster',
    error: new HostChangedError(origin, 'https://us.api.capillarytech.com'),
    editor:
      /^Could not create the group 'Gold': That group belongs to https:\/\/eu\.api\.capillarytech\.com, but its connection's cluster is now https:\/\/us\.api\.capillarytech\.com; refresh the Groups view and try again$/,
    commandLine:
      /cluster is now https:\/\/us\.api\.capillarytech\.com; read the org again with capillary-groups export, then try again$/,
  },
];

/** What only the editor has, which a command line's sentence never names. */
const EDITOR_THINGS = /Groups view|capillaryRewards\.|Sign In|Select Cluster|Show Log|Open Settings/;

describe("the front end's words in the core's sentences", () => {
  for (const c of worded) {
    it(`${c.name}: each front end says it in its words`, () => {
      const said = (words: FrontEndWords) => describeFailure(c.error, context, words)!.message;
      assert.match(said(editorWords), c.editor);
      assert.match(said(commandLineWords), c.commandLine);
      assert.doesNotMatch(said(commandLineWords), EDITOR_THINGS);
    });
  }

  it("labels a failure's remedies in the front end's words", () => {
    const expired = new CapillaryError({ ...base, kind: 'http', status: 498 });
    assert.deepEqual(describeFailure(expired, context, editorWords)!.actions, ['Sign In', 'Show Log']);
    assert.deepEqual(describeFailure(expired, context, commandLineWords)!.actions, [
      'check the credentials in the environment',
      'see the log',
    ]);
  });

  it("names the settings in a problem as the settings' front end does", () => {
    const values: Record<string, unknown> = {
      apiPrefix: 'no-slash',
      authMethod: 'token',
      requestTimeoutSeconds: -1,
      pageSize: 0,
      applyConcurrency: 99,
    };
    const editor = parseSettings((key) => values[key], editorWords).problems;
    const commandLine = parseSettings((key) => values[key], commandLineWords).problems;
    assert.equal(commandLine.length, 5);
    assert.deepEqual(
      editor.map((problem) => /^\S+/.exec(problem)![0]),
      [
        'capillaryRewards.apiPrefix',
        'capillaryRewards.authMethod',
        'capillaryRewards.requestTimeoutSeconds',
        'capillaryRewards.pageSize',
        'capillaryRewards.applyConcurrency',
      ],
    );
    assert.deepEqual(
      commandLine.map((problem) => /^\S+/.exec(problem)![0]),
      ['--api-prefix', '--auth-method', '--timeout', '--page-size', '--concurrency'],
    );
    const notAList = parseSettings(() => 'x', commandLineWords).problems.join(' ');
    assert.match(notAList, /--connections must be a list of connections in \[ \], not "x"\. Using --host instead\./);
    assert.doesNotMatch([...commandLine, notAList].join(' '), EDITOR_THINGS);
  });

  it('says how to give credentials and where the API path goes, as each front end does', () => {
    const refused = (typed: string, words: FrontEndWords) => {
      const checked = checkHostUrl(typed, words);
      return checked.ok ? '' : checked.message;
    };
    const withPassword = 'https://a:b@eu.api.capillarytech.com';
    assert.match(refused(withPassword, editorWords), /; use "Sign In…" for credentials\.$/);
    assert.match(
      refused(withPassword, commandLineWords),
      /; use CAPILLARY_TILL and CAPILLARY_PASSWORD \(or CAPILLARY_CLIENT_KEY and CAPILLARY_CLIENT_SECRET\) for credentials\.$/,
    );
    const withPath = 'https://eu.api.capillarytech.com/api_gateway/core/v1';
    assert.match(refused(withPath, commandLineWords), /the API path is the setting --api-prefix\.$/);
  });

  it('gives each setting a flag: its own, or its key in kebab case', () => {
    assert.equal(flagOf('requestTimeoutSeconds'), '--timeout');
    assert.equal(flagOf('host'), '--host');
    assert.equal(flagOf('apiPrefix'), '--api-prefix');
  });
});
