import * as l10n from '@vscode/l10n';
import { md5Hex } from '../api/auth';
import type { Credentials } from '../api/types';
import { CapillaryError, errorText } from '../api/errors';
import type { Connection } from '../connections/connections';
import { credentialsLabel } from '../foundation/credentials';
import { describeFailure } from '../messages/failures';
import { Actions } from '../ui/editorWords';
import { AUTH_METHOD_NAMES } from '../foundation/settings';
import { validationMessage } from '../ui/port';
import { checkAccountName, checkSecret } from '../foundation/validation';
import { chooseCluster } from './steps/chooseCluster';
import type { CommandDeps } from './deps';
import { offerRetry } from './steps/flow';
import { connectionFor } from './steps/connection';

export interface SignInValues {
  user?: string;
  secret?: string;
}

export interface SignInOptions {
  /** A step of a longer flow (a command that needed a sign-in) that goes on by itself: no success message. */
  chained?: boolean;
  /** Already signed in is enough: no prompts then (Create Group's first step). */
  onlyIfNeeded?: boolean;
  /** The connection to sign in to; the active one by default. */
  connection?: Connection;
}

/**
 * Capillary Rewards: Sign In… — asks for Basic or OAuth credentials (per capillaryRewards.authMethod),
 * checks them with one authenticated call, and only then stores them in SecretStorage.
 * Returns true when the user is signed in at the end.
 */
export async function signIn(
  deps: CommandDeps,
  initial: SignInValues = {},
  options: SignInOptions = {},
): Promise<boolean> {
  const { ui } = deps;
  const connection = options.connection ?? deps.connections.active();
  const { session } = connection;
  let readiness = await session.readiness();
  if (readiness.state === 'invalid-host' && connection.named) {
    void ui.message(
      'error',
      l10n.t(
        'The connection {0} in capillaryRewards.connections is not usable: {1}',
        connection.label(),
        readiness.message,
      ),
    );
    return false;
  }
  if (readiness.state === 'no-host' || readiness.state === 'invalid-host') {
    if (!(await chooseCluster(deps, connection))) return false;
    readiness = await session.readiness();
    if (readiness.state === 'no-host' || readiness.state === 'invalid-host') return false;
  }
  if (options.onlyIfNeeded && readiness.state === 'ready') return true;
  if (readiness.state === 'signed-out' && readiness.keychainProblem) {
    // Typing credentials that cannot be stored would only lose them.
    const text = l10n.t(
      '{0}. Sign-in needs the OS keychain; check that it is unlocked and available to VS Code.',
      readiness.keychainProblem,
    );
    ui.notify('error', text, { label: Actions.showLog, run: () => Promise.resolve(deps.showLog()) });
    return false;
  }
  const origin = readiness.origin;
  const method = readiness.spec.authMethod;
  const host = connection.label();
  const basic = method === 'basic';
  const known = readiness.state === 'ready' ? credentialsLabel(readiness.credentials) : undefined;
  // The method's name as in the capillaryRewards.authMethod setting: not translated.
  const methodName = AUTH_METHOD_NAMES[method];

  const user = await ui.input({
    title: l10n.t('Sign In to {0} ({1}) 1/2', host, methodName),
    prompt: basic ? l10n.t('Till username (or Store Center username)') : l10n.t('OAuth client key'),
    value: initial.user ?? known,
    validate: validationMessage((value) =>
      checkAccountName(value, basic ? l10n.t('till username') : l10n.t('client key'), basic),
    ),
  });
  if (user === undefined) return false;
  const secret = await ui.input({
    title: l10n.t('Sign In to {0} ({1}) 2/2', host, methodName),
    prompt: basic ? l10n.t("Password of the till '{0}'", user.trim()) : l10n.t('OAuth client secret'),
    value: initial.secret,
    password: true,
    validate: validationMessage((value) => checkSecret(value, basic ? l10n.t('password') : l10n.t('client secret'))),
  });
  if (secret === undefined) return false;

  const name = user.trim();
  const credentials: Credentials = basic
    ? { method, username: name, passwordMd5: md5Hex(secret) }
    : { method: 'oauth', key: name, secret };

  try {
    // The session holds what the log must scrub (the typed password too) while the check runs, and
    // forgets it if the check fails.
    await ui.withProgress(l10n.t('Checking the credentials with {0}…', host), (signal) =>
      session.signIn(origin, credentials, signal, basic ? [secret] : []),
    );
  } catch (error) {
    const failure = describeFailure(
      error,
      {
        origin,
        where: host,
        doing: l10n.t('sign in'),
        signingIn: { method, user: name },
      },
      deps.words,
    );
    if (!failure) return false;
    deps.log.error(`Sign in to ${connection.logName()} failed: ${errorText(error)}`);
    // A rejected password is not offered again (it would only be sent again); after any other
    // failure, and a redirect's Select Cluster, the prompts hold what was typed.
    const rejected = error instanceof CapillaryError && error.isAuthFailure;
    return (
      (await offerRetry(deps, failure, () => signIn(deps, { user, secret: rejected ? undefined : secret }, options), {
        selectCluster: () => chooseCluster(deps, connection),
      })) ?? false
    );
  }

  // Another till or client may belong to another org: its list is read afresh.
  await deps.list.forget(readiness.spec.key);
  await deps.viewState.rememberCluster(origin);
  deps.stateChanged();
  deps.log.info(`Signed in to ${connection.logName()} as ${name} (${method})`);
  const message = l10n.t('Signed in to {0} as {1}.', host, name);
  if (options.chained) ui.status(message);
  else void ui.message('info', message);
  return true;
}

/** Capillary Rewards: Sign In… as a command: to the row's connection, else the active one. */
export async function signInTo(deps: CommandDeps, connectionId?: string): Promise<boolean> {
  const connection = connectionFor(deps, connectionId);
  return connection ? signIn(deps, {}, { connection }) : false;
}
