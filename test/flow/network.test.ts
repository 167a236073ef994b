// The command line behind a corporate network: an HTTPS sandbox on 127.0.0.2 whose certificate a
// test root signs, reached through a CONNECT proxy on 127.0.0.2 (HTTPS_PROXY), with the root
// trusted by --extra-certificates, CAPILLARY_EXTRA_CERTIFICATES or NODE_EXTRA_CA_CERTS, or not.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { md5Hex } from '../../src/api/auth';
import { DEMO_CREDENTIALS, Sandbox, SANDBOX_ORG_ID } from '../sandbox/server';
import { cli, cliEnv } from '../support/cli';
import { ConnectProxy } from '../support/connectProxy';
import { makeTlsFixtures, type TlsFixtures } from '../support/tlsFixtures';

describe('the command line through a proxy, with a company root certificate', function () {
  this.timeout(60_000);
  let tls: TlsFixtures;
  let sandbox: Sandbox;
  let proxy: ConnectProxy;
  let dir: string;
  let target: string;

  before(async () => {
    tls = makeTlsFixtures();
    sandbox = await Sandbox.start({ tls: { cert: tls.serverCert, key: tls.serverKey }, address: '127.0.0.2' });
    target = sandbox.url.replace('https://', '');
  });
  after(async () => {
    await sandbox.close();
    tls.remove();
  });
  beforeEach(async () => {
    sandbox.reset();
    sandbox.addGroup({ name: 'Gold', rank: 1 });
    proxy = await ConnectProxy.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-net-'));
  });
  afterEach(async () => {
    await proxy.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (args: string[], extra: Record<string, string>) =>
    cli(args, { cwd: dir, env: cliEnv(sandbox.url, 'basic', { HTTPS_PROXY: proxy.url, ...extra }) });

  it('exports through the proxy when the root is given with --extra-certificates', async () => {
    const ran = await run(['export', '--json', '--extra-certificates', tls.rootFile], {});
    assert.equal(ran.code, 0, ran.stderr);
    const content = (JSON.parse(ran.stdout) as { content: string }).content;
    assert.deepEqual(
      (JSON.parse(content) as { groups: { name: string }[] }).groups.map((group) => group.name),
      ['Gold'],
    );
    assert.ok(proxy.openedTo(target) >= 1, `the proxy saw: ${JSON.stringify(proxy.connects)}`);
    assert.ok(sandbox.requests.length >= 1);
  });

  it('trusts the root from CAPILLARY_EXTRA_CERTIFICATES, and from NODE_EXTRA_CA_CERTS alone', async () => {
    const byVariable = await run(['export'], { CAPILLARY_EXTRA_CERTIFICATES: tls.rootFile });
    assert.equal(byVariable.code, 0, byVariable.stderr);
    const byNode = await run(['export'], { NODE_EXTRA_CA_CERTS: tls.rootFile });
    assert.equal(byNode.code, 0, byNode.stderr);
    // An extra file given as well must not drop what NODE_EXTRA_CA_CERTS added.
    const both = await run(['export', '--extra-certificates', tls.otherRootFile], {
      NODE_EXTRA_CA_CERTS: tls.rootFile,
    });
    assert.equal(both.code, 0, both.stderr);
    assert.equal(proxy.openedTo(target), 3);
  });

  it('applies a file through the proxy: the group is created on the HTTPS server', async () => {
    fs.writeFileSync(
      path.join(dir, 'g.capillary-groups.json'),
      JSON.stringify({ groups: [{ name: 'Silver', rank: 2 }] }),
    );
    const ran = await run(['apply', 'g.capillary-groups.json', '--yes', '--extra-certificates', tls.rootFile], {});
    assert.equal(ran.code, 0, ran.stderr + ran.stdout);
    assert.ok(sandbox.groups(SANDBOX_ORG_ID).some((group) => group.name === 'Silver'));
  });

  it('names the certificate problem, the host, the proxy and the fix when the root is not trusted', async () => {
    for (const extra of [[], ['--extra-certificates', tls.otherRootFile]]) {
      const ran = await run(['export', ...extra], {});
      assert.equal(ran.code, 1);
      assert.match(ran.stderr, /the certificate 127\.0\.0\.2:\d+ presented is not trusted here/);
      assert.match(
        ran.stderr,
        /UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
      );
      assert.ok(
        ran.stderr.includes(`through the proxy ${proxy.url} (from the HTTPS_PROXY environment variable)`),
        ran.stderr,
      );
      assert.match(ran.stderr, /add its root certificate \(a PEM file\) to --extra-certificates/);
      assert.match(ran.stderr, /capillary-groups diagnose shows the certificates/);
    }
    assert.equal(sandbox.requests.length, 0, 'nothing reached the server');
  });

  it('refuses a certificate file that cannot be used, naming it, and sends nothing', async () => {
    for (const [file, why] of [
      [tls.notPemFile, /holds no PEM certificate/],
      [path.join(dir, 'missing.pem'), /cannot be read \(ENOENT\)/],
    ] as const) {
      const ran = await run(['export', '--extra-certificates', file], {});
      assert.equal(ran.code, 1);
      assert.ok(ran.stderr.includes(`the certificate file ${file} in --extra-certificates`), ran.stderr);
      assert.match(ran.stderr, why);
    }
    assert.equal(proxy.connects.length, 0);
  });

  it('sends the proxy credentials of HTTPS_PROXY, and says so when the proxy asks for some', async () => {
    await proxy.close();
    proxy = await ConnectProxy.start({ credentials: { username: 'corp', password: 'pr0xy-pass' } });
    const withCredentials = proxy.url.replace('http://', 'http://corp:pr0xy-pass@');
    const ok = await run(['export', '--extra-certificates', tls.rootFile], { HTTPS_PROXY: withCredentials });
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(proxy.connects.every((record) => record.authorized));
    assert.ok(!ok.stderr.includes('pr0xy-pass') && !ok.stdout.includes('pr0xy-pass'));

    const refused = await run(['export', '--extra-certificates', tls.rootFile], {});
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /the proxy http:\/\/127\.0\.0\.2:\d+ asks for credentials \(407 Proxy Authentication Required\)/,
    );
    assert.match(refused.stderr, /Give them in the HTTPS_PROXY environment variable/);
  });

  it('says which proxy cannot be reached', async () => {
    const port = new URL(proxy.url).port;
    await proxy.close();
    const ran = await run(['export', '--extra-certificates', tls.rootFile], {});
    assert.equal(ran.code, 1);
    assert.ok(
      ran.stderr.includes(
        `the proxy http://127.0.0.2:${port} (from the HTTPS_PROXY environment variable) cannot be reached`,
      ),
      ran.stderr,
    );
    proxy = await ConnectProxy.start();
  });

  it('goes direct for the hosts of NO_PROXY', async () => {
    const ran = await run(['export', '--extra-certificates', tls.rootFile], { NO_PROXY: 'example.com,127.0.0.2' });
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(proxy.connects.length, 0);
  });
});

describe('capillary-groups diagnose', function () {
  this.timeout(60_000);
  let tls: TlsFixtures;
  let sandbox: Sandbox;
  let proxy: ConnectProxy;
  let dir: string;

  before(async () => {
    tls = makeTlsFixtures();
    sandbox = await Sandbox.start({ tls: { cert: tls.serverCert, key: tls.serverKey }, address: '127.0.0.2' });
    proxy = await ConnectProxy.start({ credentials: { username: 'corp', password: 'pr0xy-pass' } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-diag-'));
  });
  after(async () => {
    await proxy.close();
    await sandbox.close();
    tls.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const proxyWithCredentials = () => proxy.url.replace('http://', 'http://corp:pr0xy-pass@');
  const run = (args: string[], env: Record<string, string>) => cli(['diagnose', ...args], { cwd: dir, env });

  it('reports every step through the proxy, the chain and the request ids, with no secret (basic and OAuth)', async () => {
    for (const method of ['basic', 'oauth'] as const) {
      sandbox.reset();
      sandbox.addGroup({ name: 'Gold', rank: 1 });
      const ran = await run(
        ['--extra-certificates', tls.rootFile],
        cliEnv(sandbox.url, method, { HTTPS_PROXY: proxyWithCredentials() }),
      );
      assert.equal(ran.code, 0, ran.stdout + ran.stderr);
      const report = ran.stdout;
      assert.match(report, /\*\*Every check passed\.\*\*/);
      assert.ok(
        report.includes(
          `${proxy.url}, from the HTTPS_PROXY environment variable, with a user name and password (not shown)`,
        ),
        report,
      );
      assert.match(report, /\| TCP connection \| ✓ \| \d+ ms \| 127\.0\.0\.2:\d+ \(the proxy\) accepts connections \|/);
      assert.match(report, /\| Proxy tunnel \(CONNECT\) \| ✓ .*HTTP\/1\.1 200 Connection Established/);
      assert.match(report, /\| TLS handshake \| ✓ .*the chain is trusted and names 127\.0\.0\.2/);
      assert.match(report, /1\. CN=sandbox\.test/);
      assert.match(report, /issued by O=Capillary Groups Tests, CN=Capillary Groups Test Root CA/);
      assert.ok(
        report.includes(`Extra: ${tls.rootFile}: O=Capillary Groups Tests, CN=Capillary Groups Test Root CA`),
        report,
      );
      assert.match(report, /\| Signed request \| ✓ \| \| (demo\.till|demo-key) is accepted; the org has 1 group \|/);
      assert.match(report, /\| Server's clock \| ✓ \| \| in step with this machine's clock \|/);
      // Each request the diagnosis sent, with the id the server gave it.
      for (const request of sandbox.requests) assert.ok(report.includes(`| ${request.requestId} |`), request.requestId);
      assert.equal(sandbox.requests.length, method === 'oauth' ? 2 : 1);
      const { basic, oauth } = DEMO_CREDENTIALS;
      for (const secret of [
        'pr0xy-pass',
        basic.password,
        md5Hex(basic.password),
        oauth.secret,
        ...sandbox.issuedTokens,
      ]) {
        assert.ok(!report.includes(secret) && !ran.stderr.includes(secret), `${secret} is in the output`);
      }
    }
  });

  it('names the certificate problem and still shows the chain when the root is not trusted', async () => {
    sandbox.reset();
    const ran = await run([], cliEnv(sandbox.url, 'basic', { HTTPS_PROXY: proxyWithCredentials() }));
    assert.equal(ran.code, 1);
    assert.match(
      ran.stdout,
      /\*\*The TLS handshake check failed: TLS[^;]*; the chain is not trusted: (UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)\*\*/,
    );
    assert.match(ran.stdout, /1\. CN=sandbox\.test/);
    assert.match(ran.stdout, /\| Signed request \| ✗ .*the certificate 127\.0\.0\.2:\d+ presented is not trusted here/);
  });

  it('says where a proxy that cannot be reached came from, and a file of no certificates', async () => {
    const closed = await ConnectProxy.start();
    const url = closed.url;
    await closed.close();
    const ran = await run(['--extra-certificates', tls.notPemFile], cliEnv(sandbox.url, 'basic', { HTTPS_PROXY: url }));
    assert.equal(ran.code, 1);
    assert.ok(
      ran.stdout.includes(`A certificate file cannot be used: ${tls.notPemFile}: holds no PEM certificate`),
      ran.stdout,
    );
    assert.match(ran.stdout, /\| TCP connection \| ✗ \| \d+ ms \| 127\.0\.0\.2:\d+ \(the proxy\): ECONNREFUSED \|/);
    assert.match(ran.stdout, /not sent: a certificate file cannot be used/);
  });

  it('runs without credentials: the network checks pass, and it says which variables to set (exit 1: not every check ran)', async () => {
    const ran = await run(['--extra-certificates', tls.rootFile], {
      CAPILLARY_HOST: sandbox.url,
      NO_PROXY: '127.0.0.2',
      HTTPS_PROXY: proxy.url,
    });
    assert.equal(ran.code, 1, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /\*\*The network checks passed; no signed request was sent \(not signed in\)\.\*\*/);
    assert.match(ran.stdout, /127\.0\.0\.2:\d+ \(the cluster\) accepts connections/);
    assert.match(ran.stdout, /None: the host is listed in NO_PROXY\./);
    assert.match(ran.stdout, /not sent: not signed in \(use CAPILLARY_TILL and CAPILLARY_PASSWORD/);
  });
});
