import { strict as assert } from 'assert';
import { checkApiPrefix, checkGroupName, checkHostUrl, checkRank } from '../../src/validation';
import { parseSettings } from '../../src/settings';

describe('input validation', () => {
  describe('group name', () => {
    const accepted: [string, string][] = [
      ['VIP Gold', 'VIP Gold'],
      ['  VIP Gold  ', 'VIP Gold'],
      ['Gold 🥇', 'Gold 🥇'],
      ['ذهبي', 'ذهبي'],
      ['a'.repeat(255), 'a'.repeat(255)],
      [`  ${'b'.repeat(255)}  `, 'b'.repeat(255)],
    ];
    for (const [typed, sent] of accepted) {
      it(`accepts ${JSON.stringify(typed.length > 30 ? `${typed.slice(0, 10)}…(${typed.length})` : typed)}`, () => {
        assert.deepEqual(checkGroupName(typed), { ok: true, value: sent });
      });
    }
    const refused: [string, RegExp][] = [
      ['', /cannot be empty/],
      ['   ', /cannot be empty/],
      ['\t\n', /cannot be empty/],
      ['a'.repeat(256), /256 characters long; Capillary accepts at most 255/],
      ['x'.repeat(10_000), /10000 characters long/],
      ['Gold\u0007Tier', /control character \(U\+0007\)/],
      ['Gold\nTier', /control character \(U\+000A\)/],
      ['Gold\u009bTier', /control character \(U\+009B\)/],
    ];
    for (const [typed, message] of refused) {
      it(`refuses ${JSON.stringify(typed.slice(0, 20))}${typed.length > 20 ? '…' : ''} and says why`, () => {
        const result = checkGroupName(typed);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.message, message);
      });
    }
  });

  describe('rank', () => {
    const accepted: [string, number | null][] = [
      ['', null],
      ['   ', null],
      ['3', 3],
      [' 7 ', 7],
      ['0', 0],
      ['-0', 0],
      ['-1', -1],
      ['+3', 3],
      ['007', 7],
      ['2147483647', 2147483647],
      ['-2147483648', -2147483648],
    ];
    for (const [typed, value] of accepted) {
      it(`accepts ${JSON.stringify(typed)} as ${value}`, () => {
        // Strict deepEqual compares with Object.is, so -0 is not taken for 0.
        assert.deepEqual(checkRank(typed), { ok: true, value });
      });
    }
    const refused: [string, RegExp][] = [
      ['1.5', /whole number; '1\.5' has a decimal part/],
      ['1.0', /decimal part/],
      ['.5', /decimal part/],
      ['abc', /'abc' is not a number/],
      ['1e3', /without an exponent/],
      ['0x10', /not hexadecimal/],
      ['٣', /digits 0–9/],
      ['３', /digits 0–9/],
      ['2147483648', /between -2147483648 and 2147483647/],
      ['-2147483649', /between -2147483648 and 2147483647/],
      ['99999999999999999999', /between/],
      ['1 000', /not a number/],
      ['1,000', /not a number/],
      ['--1', /not a number/],
      ['Infinity', /not a number/],
      ['NaN', /not a number/],
    ];
    for (const [typed, message] of refused) {
      it(`refuses ${JSON.stringify(typed)} and says why`, () => {
        const result = checkRank(typed);
        assert.equal(result.ok, false);
        if (!result.ok) {
          assert.match(result.message, message);
          assert.match(result.message, /./);
        }
      });
    }
  });

  describe('cluster URL', () => {
    const accepted: [string, string][] = [
      ['https://eu.api.capillarytech.com', 'https://eu.api.capillarytech.com'],
      ['https://eu.api.capillarytech.com/', 'https://eu.api.capillarytech.com'],
      ['  https://EU.api.CapillaryTech.com  ', 'https://eu.api.capillarytech.com'],
      ['https://eu.api.capillarytech.com:443', 'https://eu.api.capillarytech.com'],
      ['https://host.example:8443', 'https://host.example:8443'],
      ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
      ['http://127.1.2.3:9000/', 'http://127.1.2.3:9000'],
      ['http://localhost:8787', 'http://localhost:8787'],
      ['http://[::1]:8787', 'http://[::1]:8787'],
    ];
    for (const [typed, origin] of accepted) {
      it(`accepts ${typed.trim()} as ${origin}`, () => assert.deepEqual(checkHostUrl(typed), { ok: true, value: origin }));
    }
    const refused: [string, RegExp][] = [
      ['', /Enter the cluster URL/],
      ['eu.api.capillarytech.com', /Start the URL with https:\/\/, for example https:\/\/eu\.api\.capillarytech\.com\./],
      ['eu.api.capillarytech.com/api_gateway', /for example https:\/\/eu\.api\.capillarytech\.com\./],
      ['127.0.0.1:8787/api', /Start the URL with http:\/\/, for example http:\/\/127\.0\.0\.1:8787\./],
      ['localhost:8787', /for example http:\/\/localhost:8787\./],
      ['http//127.0.0.1:46093', /for example http:\/\/127\.0\.0\.1:46093\./],
      ['https//eu.api.capillarytech.com', /for example https:\/\/eu\.api\.capillarytech\.com\./],
      ['http://eu.api.capillarytech.com', /Use https:\/\/.*only for this machine/],
      ['http://10.0.0.5', /Use https:\/\//],
      ['http://127.0.0.1.example.com', /Use https:\/\//],
      ['javascript:alert(1)', /Only https:\/\/ cluster URLs are accepted, not javascript:/],
      ['file:///etc/passwd', /not file:/],
      ['ftp://host', /not ftp:/],
      ['https://a:b@eu.api.capillarytech.com', /Remove the user name and password/],
      ['https://user@eu.api.capillarytech.com', /Remove the user name and password/],
      [
        'https://eu.api.capillarytech.com/api_gateway/core/v1',
        /only the cluster address \(https:\/\/eu\.api\.capillarytech\.com\); the API path is the setting capillaryRewards\.apiPrefix/,
      ],
      ['https://eu.api.capillarytech.com?x=1', /Remove the query/],
      ['https://eu.api.capillarytech.com/?', /Remove the query/],
      ['https://eu.api.capillarytech.com#top', /Remove the fragment/],
      ['https://', /not a valid URL/],
      ['https://exa mple.com', /not a valid URL/],
    ];
    for (const [typed, message] of refused) {
      it(`refuses ${JSON.stringify(typed)} and says why`, () => {
        const result = checkHostUrl(typed);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.message, message);
      });
    }
  });

  describe('API prefix', () => {
    it('normalises and defaults', () => {
      assert.deepEqual(checkApiPrefix('/api_gateway/rewards/core/v1/'), { ok: true, value: '/api_gateway/rewards/core/v1' });
      assert.deepEqual(checkApiPrefix(''), { ok: true, value: '/api_gateway/core/v1' });
    });
    for (const bad of ['api_gateway/core/v1', '/api gateway', '/a?b', '/a#b', '//evil.example/x', '/a\\b']) {
      it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(checkApiPrefix(bad).ok, false));
    }
  });

  describe('settings', () => {
    it('reads defaults when nothing is set', () => {
      assert.deepEqual(
        parseSettings(() => undefined),
        { host: { state: 'unset' }, apiPrefix: '/api_gateway/core/v1', authMethod: 'basic', timeoutMs: 30_000, pageSize: 50, problems: [] },
      );
    });

    it('reports an unusable host instead of using it', () => {
      const settings = parseSettings((key) => ({ host: 'http://example.com' })[key]);
      assert.equal(settings.host.state, 'invalid');
    });

    it('falls back to the default prefix and says why', () => {
      const settings = parseSettings((key) => ({ apiPrefix: 'no-slash' })[key]);
      assert.equal(settings.apiPrefix, '/api_gateway/core/v1');
      assert.match(settings.problems.join(), /capillaryRewards\.apiPrefix "no-slash" is ignored: .*must be a path.* Using \/api_gateway\/core\/v1\./);
    });

    it('bounds the timeout and accepts fractions', () => {
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: 0.5 })[key]).timeoutMs, 500);
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: -1 })[key]).timeoutMs, 30_000);
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: 'x' })[key]).timeoutMs, 30_000);
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: 1e9 })[key]).timeoutMs, 600_000);
    });

    it('treats anything but "oauth" as basic', () => {
      assert.equal(parseSettings((key) => ({ authMethod: 'oauth' })[key]).authMethod, 'oauth');
      assert.equal(parseSettings((key) => ({ authMethod: 'OAuth2' })[key]).authMethod, 'basic');
    });
  });
});
