import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';

/**
 * The root certificates a request trusts. With no extra certificates configured nothing is passed
 * to the request, so the platform's own choice stands (VS Code adds the system's roots; Node uses
 * its bundled ones and NODE_EXTRA_CA_CERTS). With some, a request must pass its roots itself, and
 * passing any replaces the platform's: so the store is the platform's roots plus the extra ones,
 * never the extra ones alone.
 */
export interface TrustStore {
  /** The PEM roots to pass as a request's `ca`; undefined when the platform's are used as they are. */
  ca?: string[];
  /** Where the roots came from, for Diagnose Connection. */
  parts: TrustPart[];
}

export interface TrustPart {
  kind: 'bundled' | 'system' | 'node-extra' | 'extra';
  count: number;
  /** The file read, for node-extra and extra. */
  path?: string;
  /** For extra: the subject of each certificate. */
  subjects?: string[];
  /** For system: why the system's roots could not be read here (then count is 0). */
  unavailable?: string;
}

/** Reads a text file from the machine the requests are made from (workspace.fs in the editor, fs on a command line). */
export type ReadText = (path: string) => Promise<string>;

export interface TrustInputs {
  /** PEM files to trust besides the platform's roots (capillaryRewards.extraCertificates, --extra-certificates). */
  extraFiles: readonly string[];
  /** Whether the platform adds the system's roots (VS Code does; Node does not), so the store must too. */
  includeSystem: boolean;
  /** process.env.NODE_EXTRA_CA_CERTS of the process that makes the requests. */
  nodeExtraCaCerts?: string;
  read: ReadText;
  /** Give the roots as a list even with no extra file (Diagnose Connection verifies with them itself). */
  always?: boolean;
}

/** A file of extra roots that cannot be used: unreadable, or holding no certificate. */
export class TrustStoreError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'TrustStoreError';
  }
}

/** Where Linux distributions (and macOS) keep the system's roots as one PEM file, first found wins. */
export const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

export async function loadTrustStore(inputs: TrustInputs): Promise<TrustStore> {
  const extra: TrustPart[] = [];
  const extraPems: string[] = [];
  for (const path of inputs.extraFiles) {
    const pems = await readCertificates(path, inputs.read);
    extraPems.push(...pems);
    extra.push({ kind: 'extra', count: pems.length, path, subjects: pems.map(subjectOf) });
  }
  const bundled: TrustPart = { kind: 'bundled', count: tls.rootCertificates.length };
  const parts: TrustPart[] = [bundled];
  const system = inputs.includeSystem ? await systemRoots(inputs.read) : undefined;
  if (system) parts.push(system.part);
  let nodeExtra: string[] = [];
  if (inputs.nodeExtraCaCerts) {
    // Node read it at start into its default roots; a request that passes its own must pass these too.
    nodeExtra = await readCertificates(inputs.nodeExtraCaCerts, inputs.read).catch(() => []);
    parts.push({ kind: 'node-extra', count: nodeExtra.length, path: inputs.nodeExtraCaCerts });
  }
  parts.push(...extra);
  if (extraPems.length === 0 && !inputs.always) return { parts };
  return { ca: [...tls.rootCertificates, ...(system?.pems ?? []), ...nodeExtra, ...extraPems], parts };
}

async function systemRoots(read: ReadText): Promise<{ pems: string[]; part: TrustPart }> {
  // Node 22.15 and later read the system's store on every platform (VS Code's extension host has such a Node).
  const fromNode = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (fromNode) {
    const pems = fromNode('system');
    return { pems, part: { kind: 'system', count: pems.length } };
  }
  for (const path of SYSTEM_BUNDLES) {
    const pems = await readCertificates(path, read).catch(() => undefined);
    if (pems) return { pems, part: { kind: 'system', count: pems.length, path } };
  }
  return {
    pems: [],
    part: {
      kind: 'system',
      count: 0,
      unavailable: `this Node (${process.version}) cannot read the system's store here`,
    },
  };
}

/** The certificates of a PEM file, each checked; a file without one is an error. */
export async function readCertificates(path: string, read: ReadText): Promise<string[]> {
  let text: string;
  try {
    text = await read(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new TrustStoreError(path, typeof code === 'string' ? `cannot be read (${code})` : 'cannot be read');
  }
  const pems = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (pems.length === 0) throw new TrustStoreError(path, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  for (const [index, pem] of pems.entries()) {
    try {
      new X509Certificate(pem);
    } catch {
      throw new TrustStoreError(path, `certificate ${index + 1} of ${pems.length} is not a valid certificate`);
    }
  }
  return pems;
}

/** "CN=Example Root CA, O=Example" from a PEM certificate. */
export function subjectOf(pem: string): string {
  return oneLine(new X509Certificate(pem).subject);
}

/** X509Certificate's subject is one attribute per line. */
export function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}
