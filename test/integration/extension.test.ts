import { strict as assert } from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'capillary-rewards-groups.capillary-rewards-groups';
const COMMANDS = [
  'capillaryRewards.createGroup',
  'capillaryRewards.signIn',
  'capillaryRewards.signOut',
  'capillaryRewards.selectCluster',
  'capillaryRewards.refresh',
  'capillaryRewards.copyId',
  'capillaryRewards.showLog',
];

describe('Capillary Rewards Groups in the extension host', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
  });

  it('registers every command of the public contract', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of COMMANDS) assert.ok(registered.has(command), command);
  });

  it('reads the documented setting defaults', () => {
    const configuration = vscode.workspace.getConfiguration('capillaryRewards');
    assert.equal(configuration.get('host'), '');
    assert.equal(configuration.get('apiPrefix'), '/api_gateway/core/v1');
    assert.equal(configuration.get('authMethod'), 'basic');
    assert.equal(configuration.get('requestTimeoutSeconds'), 30);
  });

  it('opens the Groups view', async () => {
    await vscode.commands.executeCommand('capillaryRewards.groups.focus');
  });

  it('runs Show Log and Refresh without a cluster, without errors', async () => {
    await vscode.commands.executeCommand('capillaryRewards.showLog');
    await vscode.commands.executeCommand('capillaryRewards.refresh');
  });
});
