import type { ProxySource } from '../api/proxy';

/**
 * The few words a sentence of the core needs from the front end that shows it: how that front end
 * names its own things (a setting, the way to sign in, where the groups are listed, a failure's
 * buttons). The core's sentences stay whole and take these as their placeholders; the editor's
 * words are in src/ui/editorWords.ts, a command line's in src/node/commandLineWords.ts. A port,
 * like the settings source: settings problems and input rules (below src/messages) use it too.
 */
export interface FrontEndWords {
  /** A setting by its key in SettingKeys ('requestTimeoutSeconds'), as the user sets it in this front end. */
  setting(key: string): string;
  /** Reading the org's groups again, as an imperative that starts a clause: "Refresh the Groups view". */
  refreshGroups(): string;
  /** The same and then the step again, within a sentence: "refresh the Groups view and try again". */
  refreshAndRetry(): string;
  /** Where the user looks at a group the server holds, after "check that group": "in the Groups view". */
  whereGroupsShow(): string;
  /** How the user gives credentials, after "use": the "Sign In…" command. */
  signIn(): string;
  /** A failure's remedy as this front end offers it: a button's label. */
  action(kind: ActionKind): string;
  /** Where a proxy came from, after "from": `setting` is the editor's http.proxy; `env:NAME` a variable. */
  proxySource(source: ProxySource): string;
  /** How the user runs a connection's diagnosis: the "Diagnose Connection…" command. */
  diagnose(): string;
}

/** What can be done about a failure; `describeFailure` picks them, the front end names them. */
export type ActionKind = 'retry' | 'signIn' | 'selectCluster' | 'showLog';
