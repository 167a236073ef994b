import { basicAuthorization, md5Hex } from '../../src/api/auth';
import { describeFailure } from '../../src/messages/failures';
import { groupDescription, groupFields, groupTooltip, listSummary } from '../../src/views/groupPresentation';
import { DEMO_CREDENTIALS, TOKEN_PATH, type RecordedRequest, type Sandbox } from '../sandbox/server';
import type { FlowEnv } from './env';
import { editorWords } from '../../src/ui/editorWords';

/** Header names that carry credentials by design; everything else must be free of them. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-cap-api-oauth-token']);

/**
 * Every secret value a scenario could have handled: the demo passwords and their MD5, the Basic
 * header values, the OAuth client secret and every token the sandbox issued, each with its
 * derived forms (see secretForms).
 */
export function knownSecrets(sandbox: Sandbox): string[] {
  const { basic, basicTestVector, noAccess, colleague, oauth, secondOrg } = DEMO_CREDENTIALS;
  const tills = [basic, basicTestVector, noAccess, colleague, secondOrg.basic, secondOrg.colleague];
  return secretForms(
    [...tills.map((till) => till.password), oauth.secret, secondOrg.oauth.secret, ...sandbox.issuedTokens],
    tills.map((till) => till.username),
  );
}

/**
 * Each secret and the forms it takes on its way: URL-encoded, JSON-escaped, its MD5 hash (what
 * Basic sends), and for every till username the Base64 of `user:md5hash` (the Basic header) and
 * of `user:password` (a plain Basic header), plus the pair `user:md5hash` itself.
 */
export function secretForms(
  secrets: string[],
  usernames: string[] = [...Object.values(DEMO_CREDENTIALS), ...Object.values(DEMO_CREDENTIALS.secondOrg)].flatMap(
    (c) => ('username' in c ? [c.username] : []),
  ),
): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [
    ...new Set(
      secrets.flatMap((secret) => {
        const hash = md5Hex(secret);
        const plain = [
          secret,
          encodeURIComponent(secret),
          new URLSearchParams({ v: secret }).toString().slice(2),
          JSON.stringify(secret).slice(1, -1),
          hash,
        ];
        const basicForms = usernames.flatMap((user) => [
          basicAuthorization(user, hash).replace(/^Basic /, ''),
          base64(`${user}:${secret}`),
          `${user}:${hash}`,
        ]);
        return [...plain, ...basicForms];
      }),
    ),
  ];
}

/** Everything a user or an onlooker can read after a scenario, by where it is shown. */
export function visibleText(env: FlowEnv, sandbox: Sandbox): { where: string; text: string }[] {
  const places: { where: string; text: string }[] = [];
  const add = (where: string, text: string | undefined) => {
    if (text) places.push({ where, text });
  };
  // The lines as the code wrote them: the redactor is the second fence, not the first.
  env.rawLogLines.forEach((line, i) => add(`log line ${i + 1}`, line));
  env.logLines.forEach((line, i) => add(`redacted log line ${i + 1}`, line));
  env.ui.messages.forEach((message, i) => add(`message ${i + 1}`, [message.text, ...message.actions].join(' ')));
  env.ui.inputs.forEach((input, i) => {
    const { title, prompt, placeholder, value, password } = input.request;
    add(
      `prompt ${i + 1}`,
      [title, prompt, placeholder, password ? '' : value, ...input.rejected.map((r) => r.message)].join(' '),
    );
  });
  env.ui.picks.forEach((pick, i) => add(`quick pick ${i + 1}`, [pick.title, ...pick.labels].join(' ')));
  env.ui.confirmations.forEach((c, i) => add(`question ${i + 1}`, [c.text, c.detail, c.action].join(' ')));
  add('progress titles', env.ui.progressTitles.join(' '));
  add('status bar', env.ui.statuses.join(' '));
  add('clipboard', env.ui.clipboard);
  env.ui.documents.forEach((doc) => add(`document ${doc.name}`, doc.content));
  add('settings', JSON.stringify(env.settings.values));
  add('global state', JSON.stringify([...env.memento.data]));
  const snapshot = env.deps.list.get(sandbox.url);
  if (snapshot) {
    const rows = snapshot.groups.flatMap((group) => [
      groupDescription(group),
      groupTooltip(group),
      ...groupFields(group).map((f) => f.value),
    ]);
    const failure = snapshot.error
      ? describeFailure(snapshot.error, { origin: snapshot.connectionKey, doing: 'list the groups' }, editorWords)
          ?.message
      : undefined;
    add('tree', [listSummary(snapshot), ...rows, failure ?? ''].join('\n'));
  }
  sandbox.requests.forEach((request, i) =>
    add(`sandbox request ${i + 1} (${request.method} ${request.path})`, requestText(request)),
  );
  return places;
}

/**
 * What a recorded request carries that is not meant for credentials: path, query, headers other
 * than the credential ones, and the body (except the OAuth token request's, which holds the secret).
 */
export function requestText(request: RecordedRequest): string {
  const headers = Object.entries(request.headers).filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()));
  const body = request.path === TOKEN_PATH ? '' : request.body;
  return [request.path, JSON.stringify(request.query), JSON.stringify(headers), body].join(' ');
}

/** Where any of the secrets shows up, as "secret #n in <place>": the index, so that the report does not leak it again. */
export function leaksIn(places: { where: string; text: string }[], secrets: string[]): string[] {
  return places.flatMap(({ where, text }) =>
    secrets.flatMap((secret, n) => (text.includes(secret) ? [`secret #${n + 1} in ${where}`] : [])),
  );
}

/** Where any known secret shows up after a flow scenario; empty when none leaked. */
export function findLeaks(env: FlowEnv, sandbox: Sandbox, extraSecrets: string[] = []): string[] {
  return leaksIn(visibleText(env, sandbox), [...new Set([...knownSecrets(sandbox), ...secretForms(extraSecrets)])]);
}

/** Where any known secret shows up in what a run of the command line printed; empty when none leaked. */
export function outputLeaks(ran: { stdout: string; stderr: string }, sandbox: Sandbox): string[] {
  return leaksIn(
    [
      { where: 'stdout', text: ran.stdout },
      { where: 'stderr', text: ran.stderr },
    ],
    knownSecrets(sandbox),
  );
}
