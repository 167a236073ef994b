/**
 * How the command line's requests leave the machine: through the proxy of HTTPS_PROXY (or
 * https_proxy, HTTP_PROXY), except for NO_PROXY's hosts and this machine's loopback addresses, with
 * Node's roots (NODE_EXTRA_CA_CERTS included) plus --extra-certificates / CAPILLARY_EXTRA_CERTIFICATES.
 * Node does not read the proxy variables itself, so the tool routes through the proxy on its own.
 */
import * as fs from 'fs';
import * as path from 'path';
import { createRouter, type NetworkInputs } from '../api/network';
import { textOption, type Options } from './args';

/** The part of the command's context the network comes from (its environment and folder). */
interface Where {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The extra certificate files, from the flag else the variable, as absolute paths. */
export function extraCertificateFiles(options: Options, ctx: Where): string[] {
  const list = textOption(options, 'extra-certificates') ?? ctx.env.CAPILLARY_EXTRA_CERTIFICATES ?? '';
  return list
    .split(path.delimiter)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => path.resolve(ctx.cwd, item));
}

export function commandLineNetworkInputs(options: Options, ctx: Where): NetworkInputs {
  return {
    proxy: { env: ctx.env, systemResolves: false },
    extraCertificates: extraCertificateFiles(options, ctx),
    includeSystem: false,
  };
}

export function createCommandLineRouter(inputs: NetworkInputs): ReturnType<typeof createRouter> {
  return createRouter({ inputs: () => inputs, read: (file) => fs.promises.readFile(file, 'utf8'), routesItself: true });
}
