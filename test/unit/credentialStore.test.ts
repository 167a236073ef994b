import { strict as assert } from 'assert';
import { CredentialStore, secretKey } from '../../src/foundation/credentials';
import { MemorySecrets } from '../support/fakes';

describe('CredentialStore', () => {
  it('keys secrets by origin and method and ignores values it did not write', async () => {
    const secrets = new MemorySecrets();
    const store = new CredentialStore(secrets);
    await store.save('https://a', { method: 'oauth', key: 'k', secret: 's' });
    assert.deepEqual(await store.get('https://a', 'oauth'), { method: 'oauth', key: 'k', secret: 's' });
    assert.equal(await store.get('https://a', 'basic'), undefined);
    assert.equal(await store.get('https://b', 'oauth'), undefined);
    secrets.data.set(secretKey('https://a', 'basic'), 'not json');
    assert.equal(await store.get('https://a', 'basic'), undefined);
  });
});
