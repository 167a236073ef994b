import { strict as assert } from 'assert';
import { ConnectProxy } from '../support/connectProxy';
import { makeTlsFixtures } from '../support/tlsFixtures';
import {
  BASIC,
  createGroup,
  openGroupsView,
  signIn,
  toast,
  treeRow,
  useScenario,
  webviewTexts,
  welcome,
} from './support';
import { waitUntil, type VSCodeSession } from './vscode';

/**
 * A first day at a company whose network inspects TLS: the cluster (an HTTPS sandbox on
 * 127.0.0.2, its certificate signed by the company's root) is reached only through the company's
 * proxy (http.proxy, a CONNECT proxy on 127.0.0.2; VS Code never proxies 127.0.0.1). With the root
 * in capillaryRewards.extraCertificates everything works through the proxy; without it the
 * failure names the certificate problem; with http.proxySupport off the requests go direct.
 * Diagnose Connection's report for each.
 */
describe('UI: behind a TLS-inspecting proxy, with the company root in capillaryRewards.extraCertificates', function () {
  this.timeout(180_000);
  const tls = makeTlsFixtures();
  let proxy: ConnectProxy;
  const scenario = useScenario(
    'network',
    async (sandbox) => {
      proxy = await ConnectProxy.start();
      return {
        userSettings: {
          'capillaryRewards.host': sandbox.url,
          'http.proxy': proxy.url,
          'capillaryRewards.extraCertificates': [tls.rootFile],
        },
      };
    },
    { tls: { cert: tls.serverCert, key: tls.serverKey }, address: '127.0.0.2' },
  );
  after(async () => {
    await proxy.close();
    tls.remove();
  });
  const target = () => scenario.sandbox.url.replace('https://', '');

  /** Runs Diagnose Connection… from the palette; the report's rendered text once it shows `until`. */
  async function diagnose(vscode: VSCodeSession, until: RegExp): Promise<string> {
    await vscode.runCommand('Notifications: Clear All Notifications');
    await vscode.runCommand('Capillary Rewards: Diagnose Connection…');
    const report = await waitUntil(
      async () => (await webviewTexts(vscode)).join('\n'),
      (text) => until.test(text),
      { message: `a diagnosis report matching ${until}`, timeoutMs: 45_000 },
    );
    return report;
  }

  it('signs in, creates a group and lists it, every request through the proxy', async () => {
    const { vscode, sandbox } = scenario;
    await openGroupsView(vscode);
    await welcome(vscode, /not signed in/);
    await signIn(vscode, BASIC.username, BASIC.password);
    await welcome(vscode, /This org has no reward groups yet/);
    await createGroup(vscode, 'Proxied Gold', '1');
    await toast(vscode, /Created the group 'Proxied Gold'/);
    await treeRow(vscode, /^Proxied Gold (rank 1 · )?#\d+/);
    assert.ok(sandbox.groups().some((group) => group.name === 'Proxied Gold'));
    // The sandbox listens on 127.0.0.2 only: every request it answered came through a tunnel.
    assert.ok(proxy.openedTo(target()) >= 1, JSON.stringify(proxy.connects));
    assert.deepEqual(proxy.plainRequests, []);
  });

  it('Diagnose Connection… reports the proxy, the trusted chain and each request id; Copy Report copies it', async () => {
    const { vscode, sandbox } = scenario;
    const before = sandbox.requests.length;
    const report = await diagnose(vscode, /Every check passed/);
    assert.ok(report.includes(`${proxy.url}, from the http.proxy setting`), report);
    assert.match(report, /Proxy tunnel \(CONNECT\)\s+✓/);
    assert.match(report, /the chain is trusted and names 127\.0\.0\.2/);
    assert.match(report, /CN=sandbox\.test/);
    assert.match(report, /issued by O=Capillary Groups Tests, CN=Capillary Groups Test Root CA/);
    assert.ok(report.includes(`Extra: ${tls.rootFile}`), report);
    assert.match(report, /demo\.till is accepted; the org has 1 group/);
    const sent = sandbox.requests.slice(before);
    assert.equal(sent.length, 1, 'one signed read, nothing written');
    assert.ok(report.includes(sent[0]!.requestId), 'the request id is in the report');
    await vscode.screenshot('diagnose-connection');
    await vscode.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(vscode.url).origin,
    });
    await toast(vscode, /Every check passed/);
    await vscode.clickNotificationButton('Copy Report');
    const copied = await waitUntil(
      async () => String(await vscode.page.evaluate('navigator.clipboard.readText()')),
      (text) => text.includes('# Connection diagnosis'),
      { message: 'the report on the clipboard' },
    );
    assert.ok(copied.includes(`| ${sent[0]!.requestId} |`));
    assert.ok(!copied.includes(BASIC.password));
  });
});
