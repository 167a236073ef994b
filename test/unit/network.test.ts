import { strict as assert } from 'assert';
import * as tls from 'tls';
import { decideProxy, proxyCredentials, rawProxyValue, type ProxyInputs } from '../../src/api/proxy';
import { loadTrustStore, readCertificates, TrustStoreError } from '../../src/api/trust';
import { makeTlsFixtures, type TlsFixtures } from '../support/tlsFixtures';
import * as fs from 'fs';

const inputs = (extra: Partial<ProxyInputs> = {}): ProxyInputs => ({ env: {}, systemResolves: true, ...extra });
const ORIGIN = 'https://eu.api.capillarytech.com';

describe('the proxy in effect', () => {
  it('follows VS Code: off, loopback, no-proxy, the setting, the environment, then the system', () => {
    assert.deepEqual(decideProxy(ORIGIN, inputs({ proxySupport: 'off', proxySetting: 'http://p:1' })), {
      kind: 'direct',
      reason: 'proxy-support-off',
    });
    for (const origin of ['https://localhost:8443', 'http://127.0.0.1:8787', 'https://[::1]:1']) {
      assert.deepEqual(decideProxy(origin, inputs({ proxySetting: 'http://p:1' })), {
        kind: 'direct',
        reason: 'loopback',
      });
    }
    // 127.0.0.2 is not one VS Code sends straight: a test proxy is used for it.
    assert.equal(decideProxy('https://127.0.0.2:9', inputs({ proxySetting: 'http://p:1' })).kind, 'proxy');
    assert.deepEqual(
      decideProxy(ORIGIN, inputs({ proxySetting: 'http://p:1', noProxySetting: ['.capillarytech.com'] })),
      {
        kind: 'direct',
        reason: 'no-proxy-setting',
      },
    );
    // With http.noProxy set, NO_PROXY is not read.
    assert.equal(
      decideProxy(ORIGIN, inputs({ proxySetting: 'http://p:1', noProxySetting: ['other'], env: { NO_PROXY: '*' } }))
        .kind,
      'proxy',
    );
    assert.deepEqual(
      decideProxy(ORIGIN, inputs({ env: { NO_PROXY: 'eu.api.capillarytech.com:443', HTTPS_PROXY: 'http://e:2' } })),
      {
        kind: 'direct',
        reason: 'no-proxy-env',
      },
    );
    assert.equal(
      decideProxy(ORIGIN, inputs({ env: { NO_PROXY: 'eu.api.capillarytech.com:8443', HTTPS_PROXY: 'http://e:2' } }))
        .kind,
      'proxy',
    );
    assert.deepEqual(
      decideProxy(ORIGIN, inputs({ proxySetting: 'http://u:secret@p.corp:3128', env: { HTTPS_PROXY: 'http://e:2' } })),
      {
        kind: 'proxy',
        url: 'http://p.corp:3128',
        source: 'setting',
        hasCredentials: true,
      },
    );
    assert.deepEqual(decideProxy(ORIGIN, inputs({ env: { http_proxy: 'e.corp:8080' } })), {
      kind: 'proxy',
      url: 'http://e.corp:8080',
      source: 'env:http_proxy',
      hasCredentials: false,
    });
    assert.deepEqual(decideProxy(ORIGIN, inputs()), { kind: 'system' });
    assert.deepEqual(decideProxy(ORIGIN, inputs({ systemResolves: false })), {
      kind: 'direct',
      reason: 'nothing-configured',
    });
    assert.deepEqual(decideProxy(ORIGIN, inputs({ proxySetting: 'socks5://s:1080' })), {
      kind: 'direct',
      reason: 'unsupported-scheme',
    });
  });

  it('keeps the credentials of a proxy URL out of the decision, for the tunnel only', () => {
    const given = inputs({ env: { HTTPS_PROXY: 'http://corp%40x:p%3Ass@p:1' }, systemResolves: false });
    const decision = decideProxy(ORIGIN, given);
    assert.ok(!JSON.stringify(decision).includes('p%3Ass'));
    assert.deepEqual(proxyCredentials(rawProxyValue(decision, given)!), { username: 'corp@x', password: 'p:ss' });
  });
});

describe('the trusted roots', function () {
  this.timeout(30_000);
  let fixtures: TlsFixtures;
  before(() => (fixtures = makeTlsFixtures()));
  after(() => fixtures.remove());
  const read = (path: string) => fs.promises.readFile(path, 'utf8');

  it('passes nothing with no extra file, and adds an extra file to the bundled, system and NODE_EXTRA_CA_CERTS roots', async () => {
    const none = await loadTrustStore({ extraFiles: [], includeSystem: true, read });
    assert.equal(none.ca, undefined, 'the platform keeps its own roots');
    const store = await loadTrustStore({
      extraFiles: [fixtures.rootFile],
      includeSystem: true,
      nodeExtraCaCerts: fixtures.otherRootFile,
      read,
    });
    const system = store.parts.find((part) => part.kind === 'system')!;
    assert.ok(system.count > 0, 'this machine has a system bundle');
    for (const root of tls.rootCertificates) assert.ok(store.ca!.includes(root));
    assert.ok(store.ca!.includes(fixtures.rootPem.trim()));
    assert.ok(store.ca!.includes(fs.readFileSync(fixtures.otherRootFile, 'utf8').trim()));
    assert.equal(store.ca!.length, tls.rootCertificates.length + system.count + 2);
    assert.deepEqual(store.parts.find((part) => part.kind === 'extra')!.subjects, [
      'O=Capillary Groups Tests, CN=Capillary Groups Test Root CA',
    ]);
  });

  it('refuses a file that cannot be read or holds no certificate', async () => {
    await assert.rejects(readCertificates(fixtures.notPemFile, read), (error: unknown) => {
      assert.ok(error instanceof TrustStoreError);
      assert.match(error.problem, /holds no PEM certificate/);
      return true;
    });
    await assert.rejects(readCertificates('/nonexistent/root.pem', read), /cannot be read \(ENOENT\)/);
    const broken = `${fixtures.dir}/broken.pem`;
    fs.writeFileSync(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    await assert.rejects(readCertificates(broken, read), /certificate 1 of 1 is not a valid certificate/);
  });
});
