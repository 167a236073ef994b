import { spawnSync } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import { startCodeServer, type CodeServer } from '../e2e/vscode';
import { DEMO_CREDENTIALS, Sandbox, SECOND_ORG_ID } from '../sandbox/server';

/**
 * `npm start`: the extension in a real VS Code against the local sandbox, in one command.
 * Packages the .vsix, starts the sandbox (with a few groups, and rewards naming them), starts
 * code-server with the extension installed and its user settings pointed at the sandbox (a
 * workspace's settings could not: the cluster is read from the user settings only), prints the URL
 * and the demo credentials, and stops everything on Ctrl+C.
 */
const root = path.resolve(__dirname, '../../..');
const SANDBOX_PORT = 8787;
const VSCODE_PORT = Number(process.env.PORT) || 8080;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The preferred port when it is free, else any free one (0). */
async function portOr0(preferred: number): Promise<number> {
  return (await portIsFree(preferred)) ? preferred : 0;
}

async function main(): Promise<void> {
  console.log('Packaging the extension…');
  const packaged = spawnSync('npm', ['run', '--silent', 'package'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (packaged.status !== 0) throw new Error('npm run package failed');

  const sandbox = await Sandbox.start({ port: await portOr0(SANDBOX_PORT) });
  for (const [name, rank] of [
    ['Gold Tier', 1],
    ['Silver Tier', 2],
    ['Bronze Tier', 3],
  ] as const) {
    sandbox.addGroup({ name, rank });
    // A second org on the same cluster (another till), a tier ahead: Add Connection shows both side by side.
    sandbox.addGroup({ name, rank, org: SECOND_ORG_ID });
  }
  sandbox.addGroup({ name: 'Platinum Tier', rank: 0, org: SECOND_ORG_ID });

  // A few rewards per default brand (1 and 2 in the first org, 3 in the second), so that a group
  // shows the rewards naming it: mixed statuses and ranks, and one that spells a group's name in
  // another case (Capillary links by name, so it belongs to no group shown).
  const inGroups = (...links: [groupName: string, groupRank: number | null][]) =>
    links.map(([groupName, groupRank]) => ({ groupName, groupRank }));
  sandbox.addReward({ brandId: 1, name: 'Free Coffee', groups: inGroups(['Gold Tier', 1], ['Silver Tier', 2]) });
  sandbox.addReward({ brandId: 1, name: 'Airport Lounge Pass', groups: inGroups(['Gold Tier', 2]) });
  sandbox.addReward({
    brandId: 1,
    name: 'Birthday Voucher',
    status: 'UPCOMING',
    groups: inGroups(['Gold Tier', null], ['Silver Tier', 1], ['Bronze Tier', 1]),
  });
  sandbox.addReward({ brandId: 1, name: 'Summer Sale 10% Off', status: 'ENDED', groups: inGroups(['Bronze Tier', 2]) });
  sandbox.addReward({ brandId: 1, name: 'Welcome Gift', groups: inGroups(['gold tier', 3]) });
  sandbox.addReward({ brandId: 2, name: 'Kids Meal Deal', groups: inGroups(['Silver Tier', 1]) });
  sandbox.addReward({
    brandId: 2,
    name: 'Toy Store Voucher',
    status: 'UPCOMING',
    groups: inGroups(['Bronze Tier', null]),
  });
  sandbox.addReward({ brandId: 3, name: 'Platinum Concierge', groups: inGroups(['Platinum Tier', 1]) });
  sandbox.addReward({ brandId: 3, name: 'Spa Day', groups: inGroups(['Gold Tier', 1], ['Platinum Tier', 2]) });

  // Set once VS Code is up: a Ctrl+C before that stops only the sandbox.
  const started: { vscode?: CodeServer } = {};
  const stop = async () => {
    console.log('\nStopping…');
    await started.vscode?.stop();
    await sandbox.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());

  console.log('Starting VS Code (code-server); the first run installs it, which takes a few minutes…');
  const vscode = await startCodeServer({
    vsixPath: path.join(root, 'dist', 'capillary-rewards-groups.vsix'),
    // code-server's User/settings.json, written before it starts.
    userSettings: { 'capillaryRewards.host': sandbox.url },
    artifactsDir: path.join(root, 'test-results', 'demo'),
    name: 'demo',
    port: (await portOr0(VSCODE_PORT)) || undefined,
  });
  started.vscode = vscode;

  const { basic, oauth, secondOrg } = DEMO_CREDENTIALS;
  console.log(`
Capillary Rewards Groups demo
  VS Code:  ${vscode.url}   (open it in a browser on this machine)
  Sandbox:  ${sandbox.url}   (capillaryRewards.host is already set to it in the user settings)
  Sign in:  till ${basic.username} / ${basic.password}   (or set capillaryRewards.authMethod to "oauth": ${oauth.key} / ${oauth.secret})
  Then:     Capillary Rewards: Create Group… from the Command Palette (Ctrl+Shift+P)
  Existing: Gold Tier, Silver Tier, Bronze Tier (try one to see the duplicate-name message)
  Two orgs: Capillary Rewards: Add Connection… on the same cluster, till ${secondOrg.basic.username} / ${secondOrg.basic.password}: org ${SECOND_ORG_ID} (it has a Platinum Tier too)
  Rewards:  a few in each org's brands name these groups (one spells "gold tier" in lower case, so it belongs to no group)
${spawnSync('which', ['code']).status === 0 ? `  Desktop:  code --extensionDevelopmentPath=${root} (after npm run build), with the same settings\n` : ''}
Press Ctrl+C to stop.`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
