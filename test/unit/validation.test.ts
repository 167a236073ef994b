import { strict as assert } from 'assert';
import {
  checkApiPrefix,
  checkConnectionName,
  checkGroupName,
  checkHostUrl,
  checkRank,
  nameKey,
  sameName,
} from '../../src/foundation/validation';
import { parseSettings } from '../../src/foundation/settings';
import { commandLineWords } from '../../src/node/commandLineWords';
import { editorWords } from '../../src/ui/editorWords';

describe('input validation', () => {
  describe('group name', () => {
    const accepted: [string, string][] = [
      ['VIP Gold', 'VIP Gold'],
      ['  VIP Gold  ', 'VIP Gold'],
      ['Gold 🥇', 'Gold 🥇'],
      ['ذهبي', 'ذهبي'],
      ['a'.repeat(255), 'a'.repeat(255)],
      [`  ${'b'.repeat(255)}  `, 'b'.repeat(255)],
      // 127 emoji are 254 UTF-16 units, one more character is 255: what Capillary (Java) counts.
      [`${'🥇'.repeat(127)}x`, `${'🥇'.repeat(127)}x`],
      // A joiner between pictographs draws one emoji; it is seen, so it stays.
      ['Family 👨‍👩‍👧 Tier', 'Family 👨‍👩‍👧 Tier'],
      ['Dev 👨🏽‍💻', 'Dev 👨🏽‍💻'],
      ['Pride 🏳️‍🌈', 'Pride 🏳️‍🌈'],
      // A flag's tag sequence is seen (England), so its tag characters stay.
      [
        'England \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
        'England \u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}',
      ],
      // An accent typed as a combining mark is sent as typed; it is compared as the letter it draws (nameKey).
      ['Cafe\u0301', 'Cafe\u0301'],
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
      // 128 emoji look like 128 characters but are 256 UTF-16 units, which Capillary counts.
      [
        '🥇'.repeat(128),
        /^The name is 256 UTF-16 units long \(emoji and some other characters count as two\); Capillary accepts at most 255\.$/,
      ],
      [`${'a'.repeat(254)}🥇`, /256 UTF-16 units long \(emoji/],
      ['Gold\u202ERLO', /^The name contains an invisible bidirectional control character \(U\+202E\); remove it\.$/],
      ['\u202AGold', /bidirectional control character \(U\+202A\)/],
      ['Gold\u2066x\u2069', /bidirectional control character \(U\+2066\)/],
      ['Gold\u2069', /bidirectional control character \(U\+2069\)/],
      ['Gold\u200ETier', /bidirectional control character \(U\+200E\)/],
      ['Gold\u200FTier', /bidirectional control character \(U\+200F\)/],
      ['ذهبي\u061C', /bidirectional control character \(U\+061C\)/],
      ['Gold\u200BTier', /^The name contains an invisible zero-width character \(U\+200B\); remove it\.$/],
      ['Gold\u200CTier', /zero-width character \(U\+200C\)/],
      ['Gold\u200DTier', /zero-width character \(U\+200D\)/],
      ['Gold\u2060Tier', /zero-width character \(U\+2060\)/],
      ['Gold\uFEFFTier', /zero-width character \(U\+FEFF\)/],
      ['Gold \uD83E Tier', /broken character \(a lone UTF-16 surrogate, U\+D83E\)/],
      ['Gold \uDD47', /lone UTF-16 surrogate, U\+DD47/],
      ['\u3164', /^The name contains a filler character that shows as blank \(U\+3164\); remove it\.$/],
      ['Gold\u3164Tier', /filler character that shows as blank \(U\+3164\)/],
      ['\uFFA0\uFFA0', /filler character that shows as blank \(U\+FFA0\)/],
      ['\u2800', /filler character that shows as blank \(U\+2800\)/],
      ['Gold\u{E0041}\u{E0042}', /^The name contains an invisible tag character \(U\+E0041\); remove it\.$/],
      ['\u{E007F}', /invisible tag character \(U\+E007F\)/],
      ['\u00AD', /^The name has no visible character \(only U\+00AD\); type a name that can be read\.$/],
      ['\u034F\u0301', /no visible character \(only U\+034F, U\+0301\)/],
      ['\uFE0F', /no visible character \(only U\+FE0F\)/],
    ];
    for (const [typed, message] of refused) {
      it(`refuses ${JSON.stringify(typed.slice(0, 20))}${typed.length > 20 ? '…' : ''} and says why`, () => {
        const result = checkGroupName(typed);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.message, message);
      });
    }
  });

  describe('names that look the same', () => {
    const same: [string, string][] = [
      ['Café', 'Cafe\u0301'],
      ['CAFÉ', 'cafe\u0301'],
      ['  VIP Gold ', 'vip gold'],
      ['Ångström', 'A\u030Angstro\u0308m'],
    ];
    for (const [a, b] of same) {
      it(`${JSON.stringify(a)} and ${JSON.stringify(b)} are one name`, () => {
        assert.equal(sameName(a, b), true);
        assert.equal(nameKey(a), nameKey(b));
      });
    }
    it('names that differ when seen stay different', () => {
      assert.equal(sameName('Cafe', 'Café'), false);
      assert.equal(sameName('VIP Gold', 'VIP  Gold'), false);
    });
    it('a connection name that looks like one already taken is refused, and a filler is named', () => {
      assert.deepEqual(checkConnectionName('Cafe\u0301', ['Café']), {
        ok: false,
        message: "A connection named 'Café' already exists; choose another name.",
      });
      assert.deepEqual(checkConnectionName('UAT\u3164', []), {
        ok: false,
        message: 'The name contains an invisible character (U+3164); remove it.',
      });
    });
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
      ['http://[0:0:0:0:0:0:0:1]:8787', 'http://[::1]:8787'],
      // Internationalised names keep working, in their punycode form.
      ['https://bücher.example', 'https://xn--bcher-kva.example'],
      ['https://xn--bcher-kva.example', 'https://xn--bcher-kva.example'],
      ['https://a-b.c-d.example', 'https://a-b.c-d.example'],
      [`https://${'a'.repeat(63)}.example`, `https://${'a'.repeat(63)}.example`],
      ['https://10.1.2.3', 'https://10.1.2.3'],
    ];
    for (const [typed, origin] of accepted) {
      it(`accepts ${typed.trim()} as ${origin}`, () =>
        assert.deepEqual(checkHostUrl(typed, editorWords), { ok: true, value: origin }));
    }
    const refused: [string, RegExp][] = [
      ['', /Enter the cluster URL/],
      [
        'eu.api.capillarytech.com',
        /Start the URL with https:\/\/, for example https:\/\/eu\.api\.capillarytech\.com\./,
      ],
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
      // URL parsers rewrite these silently; the message shows what they would become.
      ['https://x.com.', /^Remove the dot at the end of the host name; write it as https:\/\/x\.com\.$/],
      ['https://x.com.:8443', /write it as https:\/\/x\.com:8443\./],
      ['http://localhost.:8787', /write it as http:\/\/localhost:8787\./],
      ['https:evil.com', /^'https:evil\.com' is read as https:\/\/evil\.com; write it as https:\/\/evil\.com\.$/],
      ['https:\\\\evil.com', /is read as https:\/\/evil\.com; write it as https:\/\/evil\.com\./],
      ['https:/evil.com', /is read as https:\/\/evil\.com; write it as https:\/\/evil\.com\./],
      ['https:///evil.com', /write it as https:\/\/evil\.com\./],
      ['https://\\evil.com', /write it as https:\/\/evil\.com\./],
      ['https://evil.com\\@good.com', /write it as https:\/\/evil\.com\./],
      [
        'https://ev%69l.com',
        /'https:\/\/ev%69l\.com' is read as https:\/\/evil\.com; write it as https:\/\/evil\.com\./,
      ],
      ['https://a.b%2e', /write it as https:\/\/a\.b\./],
      ['http://127.1:8787', /is read as http:\/\/127\.0\.0\.1:8787; write it as http:\/\/127\.0\.0\.1:8787\./],
      ['http://2130706433', /write it as http:\/\/127\.0\.0\.1\./],
      ['https://a..b', /^The host name 'a\.\.b' has an empty part between two dots; did you mean https:\/\/a\.b\?$/],
      [
        'https://-x-.com',
        /^The host name part '-x-' starts or ends with '-', which a host name cannot; did you mean https:\/\/x\.com\?$/,
      ],
      ['https://eu-.api.capillarytech.com', /part 'eu-' starts or ends with '-'/],
      [
        'https://my_host.example',
        /part 'my_host' contains '_'; a host name has only letters, digits, hyphens and dots\./,
      ],
      [`https://${'a'.repeat(64)}.example`, /is 64 characters long; at most 63 are allowed/],
      [`https://${'abcdefghi.'.repeat(26)}com`, /The host name is 263 characters long; at most 253 are allowed/],
    ];
    for (const [typed, message] of refused) {
      it(`refuses ${JSON.stringify(typed)} and says why`, () => {
        const result = checkHostUrl(typed, editorWords);
        assert.equal(result.ok, false);
        if (!result.ok) assert.match(result.message, message);
      });
    }
  });

  describe('API prefix', () => {
    it('normalises and defaults', () => {
      assert.deepEqual(checkApiPrefix('/api_gateway/rewards/core/v1/'), {
        ok: true,
        value: '/api_gateway/rewards/core/v1',
      });
      assert.deepEqual(checkApiPrefix(''), { ok: true, value: '/api_gateway/core/v1' });
    });
    for (const bad of ['api_gateway/core/v1', '/api gateway', '/a?b', '/a#b', '//evil.example/x', '/a\\b']) {
      it(`refuses ${JSON.stringify(bad)}`, () => assert.equal(checkApiPrefix(bad).ok, false));
    }
    // The URL parser resolves dot segments (also percent-encoded), so the request would go elsewhere.
    for (const bad of [
      '/api_gateway/../v3/oauth',
      '/api_gateway/core/..',
      '/./api_gateway',
      '/api_gateway/core/v1/.',
      '/a/%2e%2e/b',
      '/a/%2E/b',
      '/a/.%2e/b',
      '/..',
    ]) {
      it(`refuses the dot segment in ${JSON.stringify(bad)} and says why`, () => {
        const result = checkApiPrefix(bad);
        assert.equal(result.ok, false);
        const dotSegment =
          /^The API prefix must be a path such as \/api_gateway\/core\/v1: it contains a '\.' or '\.\.' segment, which would change the path it names\.$/;
        if (!result.ok) assert.match(result.message, dotSegment);
      });
    }
    for (const good of ['/api.gateway/v1', '/a/...', '/a/.well-known', '/v1.2']) {
      it(`accepts dots inside a segment: ${JSON.stringify(good)}`, () =>
        assert.deepEqual(checkApiPrefix(good), { ok: true, value: good }));
    }
  });

  describe('settings', () => {
    it('reads defaults when nothing is set', () => {
      assert.deepEqual(
        parseSettings(() => undefined, editorWords),
        {
          host: { state: 'unset' },
          apiPrefix: '/api_gateway/core/v1',
          authMethod: 'basic',
          timeoutMs: 30_000,
          pageSize: 50,
          applyConcurrency: 4,
          extraCertificates: [],
          connections: [{ state: 'unset', id: '' }],
          problems: [],
        },
      );
    });

    it('keeps the absolute paths of capillaryRewards.extraCertificates and names every item it skips', () => {
      const settings = parseSettings(
        (key) =>
          ({
            extraCertificates: [
              '/etc/ssl/corp.pem',
              '~/certs/root.pem',
              'C:\\certs\\root.pem',
              'relative.pem',
              42,
              '/etc/ssl/corp.pem',
            ],
          })[key],
        editorWords,
      );
      assert.deepEqual(settings.extraCertificates, ['/etc/ssl/corp.pem', '~/certs/root.pem', 'C:\\certs\\root.pem']);
      assert.deepEqual(settings.problems, [
        'capillaryRewards.extraCertificates: "relative.pem" is skipped: each item must be the absolute path of a PEM file, such as "/etc/ssl/certs/corporate-root.pem".',
        'capillaryRewards.extraCertificates: 42 is skipped: each item must be the absolute path of a PEM file, such as "/etc/ssl/certs/corporate-root.pem".',
      ]);
      const notAList = parseSettings((key) => ({ extraCertificates: '/etc/ssl/corp.pem' })[key], commandLineWords);
      assert.deepEqual(notAList.extraCertificates, []);
      assert.deepEqual(notAList.problems, [
        '--extra-certificates must be a list of PEM file paths, not "/etc/ssl/corp.pem". No extra certificate is trusted.',
      ]);
    });

    it('reports an unusable host instead of using it', () => {
      const settings = parseSettings((key) => ({ host: 'http://example.com' })[key], editorWords);
      assert.equal(settings.host.state, 'invalid');
    });

    it('falls back to the default prefix and says why', () => {
      const settings = parseSettings((key) => ({ apiPrefix: 'no-slash' })[key], editorWords);
      assert.equal(settings.apiPrefix, '/api_gateway/core/v1');
      assert.match(
        settings.problems.join(),
        /capillaryRewards\.apiPrefix "no-slash" is ignored: .*must be a path.* Using \/api_gateway\/core\/v1\./,
      );
    });

    it('ignores a prefix with a dot segment and says why', () => {
      const settings = parseSettings((key) => ({ apiPrefix: '/api_gateway/core/v1/../../v3' })[key], editorWords);
      assert.equal(settings.apiPrefix, '/api_gateway/core/v1');
      assert.deepEqual(settings.problems, [
        `capillaryRewards.apiPrefix "/api_gateway/core/v1/../../v3" is ignored: The API prefix must be a path such as /api_gateway/core/v1: it contains a '.' or '..' segment, which would change the path it names. Using /api_gateway/core/v1.`,
      ]);
    });

    it('reports a host that URL parsers would rewrite, with the form to write', () => {
      const cases: [raw: string, written: string][] = [
        ['https:evil.com', 'https://evil.com'],
        ['https://eu.api.capillarytech.com.', 'https://eu.api.capillarytech.com'],
      ];
      for (const [raw, written] of cases) {
        const settings = parseSettings((key) => ({ host: raw })[key], editorWords);
        assert.equal(settings.host.state, 'invalid', raw);
        if (settings.host.state === 'invalid') {
          assert.match(settings.host.message, new RegExp(`write it as ${written.replace(/[./]/g, '\\$&')}\\.$`));
        }
      }
    });

    it('bounds the timeout and accepts fractions', () => {
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: 0.5 })[key], editorWords).timeoutMs, 500);
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: -1 })[key], editorWords).timeoutMs, 30_000);
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: 'x' })[key], editorWords).timeoutMs, 30_000);
      assert.equal(parseSettings((key) => ({ requestTimeoutSeconds: 1e9 })[key], editorWords).timeoutMs, 600_000);
    });

    it('treats anything but "oauth" as basic', () => {
      assert.equal(parseSettings((key) => ({ authMethod: 'oauth' })[key], editorWords).authMethod, 'oauth');
      assert.equal(parseSettings((key) => ({ authMethod: 'OAuth2' })[key], editorWords).authMethod, 'basic');
    });
  });
});
