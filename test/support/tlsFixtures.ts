/**
 * Certificates for the proxy and TLS tests, made with the machine's openssl in a temporary
 * folder at test time (nothing of the kind is committed): a test root, a server certificate it
 * signs for 127.0.0.2 / 127.0.0.1 / localhost, and a second root that signs nothing (untrusted).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface TlsFixtures {
  dir: string;
  /** The test root's certificate (PEM) and its file. */
  rootPem: string;
  rootFile: string;
  /** Another root, which signed nothing here. */
  otherRootFile: string;
  /** The server's certificate and key, signed by the test root. */
  serverCert: string;
  serverKey: string;
  /** A file holding no certificate at all. */
  notPemFile: string;
  remove(): void;
}

export const TEST_ROOT_SUBJECT = 'Capillary Groups Test Root CA';
export const SERVER_SUBJECT = 'sandbox.test';

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeRoot(dir: string, name: string, subject: string): void {
  openssl(
    dir,
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`]
      .concat(['-days', '30', '-subj', `/O=Capillary Groups Tests/CN=${subject}`])
      .concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
  );
}

export function makeTlsFixtures(): TlsFixtures {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capillary-tls-'));
  makeRoot(dir, 'root', TEST_ROOT_SUBJECT);
  makeRoot(dir, 'other-root', 'Some Other Root CA');
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    `/CN=${SERVER_SUBJECT}`,
  ]);
  fs.writeFileSync(
    path.join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.2,IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    dir,
    ['x509', '-req', '-in', 'server.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial'].concat([
      '-out',
      'server.pem',
      '-days',
      '30',
      '-extfile',
      'server.ext',
    ]),
  );
  fs.writeFileSync(path.join(dir, 'not-a-certificate.pem'), 'this is not a certificate\n');
  const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
  return {
    dir,
    rootPem: read('root.pem'),
    rootFile: path.join(dir, 'root.pem'),
    otherRootFile: path.join(dir, 'other-root.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    notPemFile: path.join(dir, 'not-a-certificate.pem'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
