// Runs the Capillary sandbox from the command line, for demos and out-of-process tests.
//
//   node out/test/sandbox/cli.js [--port N] [--seed N] [--seed-second N] [--seed-rewards N] [--token-ttl S] [--rate-limit N]
//
// --seed fills the first org (demo.till's), --seed-second the second org (uat.till's);
// --seed-rewards gives each brand of the first org rewards naming its (seeded) groups.
// Port: --port, else the PORT environment variable, else 8787 when free (otherwise a free port).
// An explicitly requested port that is busy is an error. Logs one line per request: method,
// path, status, duration and request id — never credentials, tokens, query strings or bodies.

import { DEMO_CREDENTIALS, SANDBOX_ORG_ID, SECOND_ORG_ID, Sandbox, type SandboxLogEntry } from './server';

const DEFAULT_PORT = 8787;

interface CliOptions {
  port: number | undefined;
  seed: number;
  seedSecond: number;
  seedRewards: number;
  tokenTtl: number | undefined;
  rateLimit: number | undefined;
}

const USAGE = `Usage: node out/test/sandbox/cli.js [--port N] [--seed N] [--seed-second N] [--seed-rewards N] [--token-ttl S] [--rate-limit N]
  --port N          port on 127.0.0.1 (0 = any free port; default: $PORT, else 8787 when free)
  --seed N          create N sample groups in the first org (${SANDBOX_ORG_ID}) at start (default 0)
  --seed-second N   create N sample groups in the second org (${SECOND_ORG_ID}) at start (default 0)
  --seed-rewards N  add N rewards to each brand of the first org, spread over its groups' names (default 0)
  --token-ttl S     lifetime of OAuth tokens in seconds (default 300)
  --rate-limit N    answer 429 past N group requests per account in any minute (default: no limit)`;

function fail(message: string): never {
  console.error(`capillary sandbox: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseNumber(flag: string, text: string | undefined, integer: boolean): number {
  if (text === undefined || text.trim() === '') fail(`${flag} needs a value`);
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    fail(`${flag}: invalid value "${text}"`);
  }
  return value;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    port: undefined,
    seed: 0,
    seedSecond: 0,
    seedRewards: 0,
    tokenTtl: undefined,
    rateLimit: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--port': {
        const port = parseNumber(flag, value(), true);
        if (port > 65535) fail(`--port: invalid value "${port}"`);
        options.port = port;
        break;
      }
      case '--seed':
        options.seed = parseNumber(flag, value(), true);
        break;
      case '--seed-second':
        options.seedSecond = parseNumber(flag, value(), true);
        break;
      case '--seed-rewards':
        options.seedRewards = parseNumber(flag, value(), true);
        break;
      case '--token-ttl': {
        const ttl = parseNumber(flag, value(), false);
        if (ttl <= 0) fail('--token-ttl must be greater than 0');
        options.tokenTtl = ttl;
        break;
      }
      case '--rate-limit': {
        const perMinute = parseNumber(flag, value(), true);
        if (perMinute <= 0) fail('--rate-limit must be greater than 0');
        if (!Number.isSafeInteger(perMinute)) fail(`--rate-limit: invalid value "${perMinute}"`);
        options.rateLimit = perMinute;
        break;
      }
      default:
        fail(`unknown argument "${arg}"`);
    }
  }
  if (options.port === undefined && process.env.PORT !== undefined && process.env.PORT.trim() !== '') {
    const port = parseNumber('PORT', process.env.PORT, true);
    if (port > 65535) fail(`PORT: invalid value "${port}"`);
    options.port = port;
  }
  return options;
}

function logLine(entry: SandboxLogEntry): void {
  const time = new Date().toISOString().slice(11, 23);
  const tag = entry.control ? ' (control)' : '';
  const status = entry.status === 0 ? 'RESET' : String(entry.status);
  console.log(`${time} ${entry.method} ${entry.path} ${status} ${entry.durationMs}ms ${entry.requestId}${tag}`);
}

async function start(options: CliOptions): Promise<Sandbox> {
  const common = {
    seedGroups: options.seed,
    seedSecondOrgGroups: options.seedSecond,
    onResponse: logLine,
    ...(options.tokenTtl !== undefined ? { tokenTtlSeconds: options.tokenTtl } : {}),
    ...(options.rateLimit !== undefined ? { rateLimitPerMinute: options.rateLimit } : {}),
  };
  if (options.port !== undefined) return Sandbox.start({ ...common, port: options.port });
  try {
    return await Sandbox.start({ ...common, port: DEFAULT_PORT });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.log(`Port ${DEFAULT_PORT} is busy; using a free port instead.`);
    return Sandbox.start({ ...common, port: 0 });
  }
}

async function main(): Promise<void> {
  // A closed pipe (e.g. `| head`) must not crash the sandbox.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  const options = parseArgs(process.argv.slice(2));
  let sandbox: Sandbox;
  try {
    sandbox = await start(options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    console.error(
      `capillary sandbox: cannot listen: ${e.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : e.message}`,
    );
    process.exit(1);
  }
  const { basic, oauth, noAccess, secondOrg } = DEMO_CREDENTIALS;
  console.log(`Capillary sandbox listening on ${sandbox.url}`);
  console.log(`  Basic  (till):  ${basic.username} / ${basic.password}`);
  console.log(`  OAuth (client): ${oauth.key} / ${oauth.secret}`);
  console.log(`  No group access (403): ${noAccess.username} / ${noAccess.password}`);
  // A second org on the same host: its users never see the first org's groups.
  console.log(
    `  Second org ${SECOND_ORG_ID}, Basic (till):  ${secondOrg.basic.username} / ${secondOrg.basic.password}`,
  );
  console.log(`  Second org ${SECOND_ORG_ID}, OAuth (client): ${secondOrg.oauth.key} / ${secondOrg.oauth.secret}`);
  console.log(`  Set capillaryRewards.host to ${sandbox.url} (Select Cluster… → Enter URL…)`);
  if (options.seed > 0) console.log(`  Seeded ${options.seed} groups.`);
  if (options.seedSecond > 0) console.log(`  Seeded ${options.seedSecond} groups in the second org.`);
  if (options.seedRewards > 0) {
    // After the groups, so that the rewards name groups that exist.
    const groupNames = sandbox.groups(SANDBOX_ORG_ID).map((group) => group.name);
    const brands = sandbox.brands(SANDBOX_ORG_ID);
    for (const brand of brands) sandbox.seedRewards({ brandId: brand.id, count: options.seedRewards, groupNames });
    const over =
      groupNames.length > 0
        ? `, over ${groupNames.length} group names`
        : ', naming no group (no groups to name: add --seed)';
    console.log(
      `  Seeded ${options.seedRewards} rewards in each of ${brands.map((brand) => brand.brand).join(', ')}${over}.`,
    );
  }
  // A POST /__sandbox/reset lifts it: say so, or a demo that resets would look unlimited by mistake.
  if (options.rateLimit !== undefined) {
    console.log(`  Rate limit: ${options.rateLimit} group requests per minute per account (until /__sandbox/reset).`);
  }
  console.log('  Press Ctrl+C to stop.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, stopping sandbox.`);
    const force = setTimeout(() => process.exit(0), 3000);
    force.unref();
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
