import { strict as assert } from 'assert';
import { type CiConnection, ciCommand, listedConnection, shellQuoted } from '../../src/commands/steps/ciCommand';
import { credentialVariables } from '../../src/node/environmentCredentials';
import { editorWords } from '../../src/ui/editorWords';

const EU = 'https://eu.api.capillarytech.com';
const single: CiConnection = { name: '', origin: EU, authMethod: 'basic', apiPrefix: '/api_gateway/core/v1' };
const uat: CiConnection = { ...single, name: 'UAT' };

describe('Copy CI Command: the command line of a groups file and a connection', () => {
  it('names the cluster, and nothing else when the prefix and the method are the defaults', () => {
    assert.deepEqual(ciCommand('UAT.capillary-groups.json', single), {
      line: 'npx --no-install capillary-groups plan UAT.capillary-groups.json --host https://eu.api.capillarytech.com',
      variables: ['CAPILLARY_TILL', 'CAPILLARY_PASSWORD'],
    });
  });

  it('adds the prefix when it is not the default, and --auth oauth for OAuth (nothing for Basic)', () => {
    const rows: [CiConnection, string, [string, string]][] = [
      [
        { ...single, authMethod: 'oauth', apiPrefix: '/v2/loyalty' },
        'npx --no-install capillary-groups plan g.capillary-groups.json --host https://eu.api.capillarytech.com --api-prefix /v2/loyalty --auth oauth',
        ['CAPILLARY_CLIENT_KEY', 'CAPILLARY_CLIENT_SECRET'],
      ],
      [
        { ...single, authMethod: 'oauth' },
        'npx --no-install capillary-groups plan g.capillary-groups.json --host https://eu.api.capillarytech.com --auth oauth',
        ['CAPILLARY_CLIENT_KEY', 'CAPILLARY_CLIENT_SECRET'],
      ],
      [
        { ...single, apiPrefix: '/gateway/v1' },
        'npx --no-install capillary-groups plan g.capillary-groups.json --host https://eu.api.capillarytech.com --api-prefix /gateway/v1',
        ['CAPILLARY_TILL', 'CAPILLARY_PASSWORD'],
      ],
      [
        { ...uat, origin: 'http://127.0.0.1:8787' },
        'npx --no-install capillary-groups plan g.capillary-groups.json --host http://127.0.0.1:8787',
        ['CAPILLARY_TILL', 'CAPILLARY_PASSWORD'],
      ],
    ];
    for (const [connection, line, variables] of rows) {
      assert.deepEqual(ciCommand('g.capillary-groups.json', connection), { line, variables });
    }
  });

  it('names a connection the connections file lists, with the variables of its name and of its method there', () => {
    assert.deepEqual(ciCommand('groups/UAT.capillary-groups.json', uat, uat), {
      line: 'npx --no-install capillary-groups plan groups/UAT.capillary-groups.json --connection UAT',
      variables: ['CAPILLARY_TILL_UAT', 'CAPILLARY_PASSWORD_UAT'],
      connectionName: 'UAT',
    });
    const spaced: CiConnection = { ...uat, name: "UAT eu-1 (Maria's)", authMethod: 'oauth', apiPrefix: '/v2' };
    assert.deepEqual(ciCommand('g.capillary-groups.json', spaced, spaced), {
      line: "npx --no-install capillary-groups plan g.capillary-groups.json --connection 'UAT eu-1 (Maria'\\''s)'",
      variables: ['CAPILLARY_CLIENT_KEY_UAT_EU_1_MARIA_S', 'CAPILLARY_CLIENT_SECRET_UAT_EU_1_MARIA_S'],
      connectionName: "UAT eu-1 (Maria's)",
    });
    // The file's item says OAuth: the command line signs in as the file says.
    assert.deepEqual(ciCommand('g.capillary-groups.json', uat, { ...uat, authMethod: 'oauth' }).variables, [
      'CAPILLARY_CLIENT_KEY_UAT',
      'CAPILLARY_CLIENT_SECRET_UAT',
    ]);
  });

  it('quotes a path with spaces or shell characters for a POSIX shell, and keeps relative and absolute paths as given', () => {
    const rows: [string, string][] = [
      ['groups/Team A.capillary-groups.json', "'groups/Team A.capillary-groups.json'"],
      ["it's.capillary-groups.json", "'it'\\''s.capillary-groups.json'"],
      ['$HOME.capillary-groups.json', "'$HOME.capillary-groups.json'"],
      ['a;rm -rf x.capillary-groups.json', "'a;rm -rf x.capillary-groups.json'"],
      ['`id`.capillary-groups.json', "'`id`.capillary-groups.json'"],
      ['*.capillary-groups.json', "'*.capillary-groups.json'"],
      ['~/x.capillary-groups.json', "'~/x.capillary-groups.json'"],
      ['Grüppen.capillary-groups.json', "'Grüppen.capillary-groups.json'"],
      ['/home/ci/repo/team.capillary-groups.json', '/home/ci/repo/team.capillary-groups.json'],
      ['/tmp/My Files/team.capillary-groups.json', "'/tmp/My Files/team.capillary-groups.json'"],
      ['v1.2_team-a@eu+1,x=y%.capillary-groups.json', 'v1.2_team-a@eu+1,x=y%.capillary-groups.json'],
      // Not taken for a flag.
      ['-x.capillary-groups.json', './-x.capillary-groups.json'],
    ];
    for (const [path, word] of rows) {
      assert.equal(
        ciCommand(path, single).line,
        `npx --no-install capillary-groups plan ${word} --host https://eu.api.capillarytech.com`,
        path,
      );
    }
    assert.equal(shellQuoted(''), "''");
  });

  it('finds the connection in the connections file by its name on the same cluster, as the settings read it', () => {
    const file = (items: unknown) => JSON.stringify(items);
    const found = (text: string | undefined, connection = uat) => listedConnection(text, connection, editorWords);
    // The same origin written otherwise (case, trailing slash, default port) is the same cluster.
    assert.deepEqual(found(file([{ name: 'UAT', host: 'HTTPS://EU.api.capillarytech.com:443/' }])), {
      ...uat,
      production: false,
      key: `${EU}|UAT`,
    });
    assert.equal(found(file([{ name: 'UAT', host: 'https://eu.api.capillarytech.com' }]))?.name, 'UAT');
    assert.equal(
      found(file([{ name: 'UAT', host: EU, authMethod: 'oauth', apiPrefix: '/v2' }]))?.authMethod,
      'oauth',
      'the file’s method',
    );
    // Items written wrong do not hide a usable one.
    assert.equal(found(file([{ name: 'Broken', host: 'ftp://x' }, 42, { name: 'UAT', host: EU }]))?.name, 'UAT');
    // Not listed: --host.
    for (const text of [
      undefined,
      '',
      '{ not json',
      file({ name: 'UAT', host: EU }),
      file([]),
      file([{ name: 'UAT', host: 'https://apac.api.capillarytech.com' }]),
      file([{ name: 'uat', host: EU }]),
      file([{ name: 'Production', host: EU }]),
      file([{ name: 'UAT', host: EU, authMethod: 'token' }]),
      file([{ name: 'UAT', host: EU, colour: 'blue' }]),
    ]) {
      assert.equal(found(text), undefined, String(text));
    }
    // The single-host connection has no name to give.
    assert.equal(found(file([{ name: 'UAT', host: EU }]), single), undefined);
  });

  it('the variables follow the command line’s rule (EnvironmentCredentials)', () => {
    assert.deepEqual(credentialVariables('basic', ''), ['CAPILLARY_TILL', 'CAPILLARY_PASSWORD']);
    assert.deepEqual(credentialVariables('oauth', 'prod'), [
      'CAPILLARY_CLIENT_KEY_PROD',
      'CAPILLARY_CLIENT_SECRET_PROD',
    ]);
    assert.deepEqual(credentialVariables('basic', 'UAT eu-1'), [
      'CAPILLARY_TILL_UAT_EU_1',
      'CAPILLARY_PASSWORD_UAT_EU_1',
    ]);
  });
});
