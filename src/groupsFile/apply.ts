/**
 * Sends a plan's writes to one connection: a few at a time, waiting as a 429 asks, each create by
 * the rules of Create Group (never twice; a lost answer looked up) and each update only while its
 * group is as the plan read it. Every group ends with an outcome that the server's answers show.
 */
import * as l10n from '@vscode/l10n';
import { pause, untilAborted } from '../api/abort';
import { CapillaryError, errorText } from '../api/errors';
import type { Group, UpdateGroupInput } from '../api/types';
import type { FrontEndWords } from '../foundation/words';
import {
  type CreatedGroup,
  type GroupService,
  holds,
  NameTakenError,
  UnconfirmedCreateError,
  UnprovenUpdateError,
} from '../groups/groupService';
import { describeFailure } from '../messages/failures';
import { shortName } from '../messages/names';
import { changedSince, describeChange, type Plan, type PlanStep, rankText } from './plan';

/** `changed-meanwhile`: sent and stored, but the server shows someone else wrote the group around it. */
export type OutcomeKind = 'created' | 'updated' | 'changed-meanwhile' | 'unchanged' | 'skipped' | 'failed' | 'not-sent';

export interface GroupOutcome {
  kind: OutcomeKind;
  name: string;
  /** The group's id once known (read for the plan, or given by the create). */
  id?: number;
  /** Why, in a sentence: what was changed, what changed meanwhile, what failed. */
  detail: string;
  /** The group as the server last showed it, when this apply read or wrote it. */
  group?: Group;
  /** The user's Cancel is why it was not sent, or why its outcome is unknown. */
  byCancel?: true;
  /** Created, but not as the file says (a lost answer found a group of another rank): a new plan shows what is left. */
  incomplete?: true;
}

export interface ApplyResult {
  /** One per group of the file and per group `deactivateMissing` deactivates, in the plan's order. */
  outcomes: GroupOutcome[];
  /** The org's other groups, not in the file and left as they are. */
  leftAlone: number;
  cancelled: boolean;
  /** The failure that stopped the apply early (the host unreachable, the credentials refused, a RateLimitStopped). */
  stoppedBy?: unknown;
  /** The apply stopped waiting for the rate limit: the writes left were not sent. */
  rateLimitStopped?: true;
}

export interface ApplyOptions {
  /** Writes on their way at once (capillaryRewards.applyConcurrency). */
  concurrency: number;
  signal: AbortSignal;
  /** The connection key the user confirmed: a connection moved to another cluster gets nothing. */
  connectionKey: string;
  /** How the connection is named in sentences. */
  where: string;
  origin: string;
  /** How the front end names its things in an outcome's sentence (a setting, where the groups are listed). */
  words: FrontEndWords;
  onProgress?(done: number, total: number): void;
  /** A 429 asked every write to wait `seconds`; after `allowedSeconds` of waiting in all, `onRateLimitDeadline` is asked. */
  onRateLimited?(seconds: number, allowedSeconds: number): void;
  /** Waiting out 429s in all before `onRateLimitDeadline` is asked; RATE_LIMIT_WAIT_SECONDS by default. */
  rateLimitWaitSeconds?: number;
  /**
   * The apply has waited `rateLimitWaitSeconds` for 429s and the server still refuses: how many
   * seconds more to wait, or undefined to stop (the writes left are then not sent). Without it, the
   * apply stops.
   */
  onRateLimitDeadline?(state: { waitedSeconds: number; done: number; total: number }): Promise<number | undefined>;
  /** Called for each outcome as soon as it is known (the log, the tree). */
  onOutcome?(outcome: GroupOutcome): void;
}

/** Waiting out 429s in all before the user is asked: the limit is per minute, so this covers several of them. */
export const RATE_LIMIT_WAIT_SECONDS = 5 * 60;
/** What Keep Waiting adds. */
export const RATE_LIMIT_EXTEND_SECONDS = 5 * 60;
/** When a 429 gives no Retry-After, or one that cannot be read. */
const DEFAULT_RETRY_AFTER_SECONDS = 2;
/** The shortest wait after a 429, whatever its Retry-After says (0, negative, a past date): never a burst of resends. */
const MIN_RETRY_AFTER_SECONDS = 1;
const MAX_RETRY_AFTER_SECONDS = 120;

type WriteStep = Extract<PlanStep, { kind: 'create' | 'update' }>;
type CreateStep = Extract<PlanStep, { kind: 'create' }>;

/** Cancelled while waiting its turn (a 429's wait): nothing of this write was sent. */
class CancelledBeforeSending extends Error {
  constructor() {
    super('cancelled before it was sent');
  }
}

/** The server was still rate-limiting when the apply stopped waiting (the user's Stop, or no one to ask). */
export class RateLimitStopped extends Error {
  constructor(readonly waitedSeconds: number) {
    super(`stopped waiting for the rate limit after ${waitedSeconds} s`);
    this.name = 'RateLimitStopped';
  }
}

/** The plan changed on the server meanwhile: the update is not sent. */
class ChangedSincePlan extends Error {
  constructor(readonly now: Group) {
    super('changed since the plan');
  }
}

export async function applyPlan(plan: Plan, service: GroupService, options: ApplyOptions): Promise<ApplyResult> {
  const outcomes: (GroupOutcome | undefined)[] = plan.steps.map((step) => {
    if (step.kind === 'unchanged') {
      return {
        kind: 'unchanged',
        name: step.group.name,
        id: step.group.id,
        detail: l10n.t('already as the file says'),
        group: step.group,
      };
    }
    return undefined;
  });
  const queue = plan.steps.flatMap((step, index) =>
    step.kind === 'create' || step.kind === 'update' ? [{ step, index }] : [],
  );
  const total = queue.length;
  let done = 0;
  let stoppedBy: unknown;
  /** performance.now() before which nothing is sent: the server asked to wait (429). */
  let resumeAt = 0;
  /** Time every write was held back by 429s, and how much of it is allowed before asking. */
  let waitedMs = 0;
  let allowedMs = (options.rateLimitWaitSeconds ?? RATE_LIMIT_WAIT_SECONDS) * 1000;
  /** The question on its way, shared by the workers that reach the deadline together. */
  let deadlineAnswer: Promise<void> | undefined;
  let rateLimitStop: RateLimitStopped | undefined;
  /** Wakes the workers paused for a 429: on Cancel, and on Stop. */
  const holding = new AbortController();
  if (options.signal.aborted) holding.abort();
  else options.signal.addEventListener('abort', () => holding.abort(), { once: true });

  const settle = (index: number, outcome: GroupOutcome) => {
    outcomes[index] = outcome;
    done++;
    try {
      options.onOutcome?.(outcome);
    } catch {
      // A listener's failure (the log, the tree) must not stop the writes or lose this outcome.
    }
    options.onProgress?.(done, total);
  };
  const notSent = () => new CancelledBeforeSending();

  /** Asks whether to wait longer (once for every worker at the deadline); on Stop, every held write ends not sent. */
  const keepWaiting = async (): Promise<void> => {
    deadlineAnswer ??= (async () => {
      const waitedSeconds = Math.round(waitedMs / 1000);
      const asked = options.onRateLimitDeadline?.({ waitedSeconds, done, total });
      const more = asked === undefined ? undefined : await untilAborted(asked, options.signal, notSent);
      if (more !== undefined && more > 0) {
        allowedMs = waitedMs + more * 1000;
        return;
      }
      rateLimitStop = new RateLimitStopped(waitedSeconds);
      stoppedBy ??= rateLimitStop;
      holding.abort();
    })().finally(() => (deadlineAnswer = undefined));
    await deadlineAnswer;
  };
  const heldBack = () => rateLimitStop ?? notSent();
  /** Throws once the user chose Stop (a function: the workers' awaits change it behind the compiler's back). */
  const unlessStopped = () => {
    if (rateLimitStop) throw rateLimitStop;
  };

  /** Sends one write, again after each 429 once the wait it asks for has passed, within the apply's time for waiting. */
  const send = async <T>(write: () => Promise<T>): Promise<T> => {
    for (;;) {
      // Again after each pause: another write's 429 may have moved the time on meanwhile.
      for (let wait = resumeAt - performance.now(); wait > 0; wait = resumeAt - performance.now()) {
        await pause(wait, holding.signal, heldBack);
      }
      if (options.signal.aborted) throw notSent();
      unlessStopped();
      try {
        return await write();
      } catch (error) {
        // A 429 is the gateway refusing before the request reached the service: nothing was stored.
        if (!(error instanceof CapillaryError && error.status === 429)) throw error;
        const seconds = Math.max(
          MIN_RETRY_AFTER_SECONDS,
          Math.min(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS),
        );
        // What this wait adds to the time every write is held back (another write's 429 may hold them already).
        const added = () => Math.max(0, performance.now() + seconds * 1000 - Math.max(resumeAt, performance.now()));
        while (!rateLimitStop && waitedMs + added() > allowedMs) await keepWaiting();
        unlessStopped();
        waitedMs += added();
        resumeAt = Math.max(resumeAt, performance.now() + seconds * 1000);
        // The longest wait any 429 asked for is the one every write keeps.
        options.onRateLimited?.(Math.ceil((resumeAt - performance.now()) / 1000), Math.round(allowedMs / 1000));
      }
    }
  };

  /** Creates recovered before this account's user id was known, judged at the end. */
  const unproven: { step: CreateStep; index: number; created: CreatedGroup }[] = [];

  const run = async (step: WriteStep, index: number): Promise<GroupOutcome | undefined> => {
    if (step.kind === 'create') return create(step, index);
    return update(step, step.group, {
      ...(step.rank !== undefined ? { rank: step.rank } : {}),
      ...(step.isActive !== undefined ? { isActive: step.isActive } : {}),
    });
  };

  const create = async (step: CreateStep, index: number): Promise<GroupOutcome | undefined> => {
    const name = step.entry.name;
    let created;
    try {
      created = await send(() => service.createGroup({ name, rank: step.rank }, options.signal, options.connectionKey));
    } catch (error) {
      if (error instanceof NameTakenError) {
        const { existing } = error;
        // A create whose answer was lost may have been sent and stored: that is not a skip.
        return {
          kind: error.answerLost ? 'failed' : 'skipped',
          name,
          id: existing.id,
          group: existing,
          detail: error.answerLost ? notShownMine(existing) : takenSincePlan(existing),
        };
      }
      throw error;
    }
    if (created.creatorUnchecked) {
      // Found by name before any answer said who this account is: a colleague's group of the same
      // name and rank would pass every other test. Judged once this apply's other writes have answered.
      unproven.push({ step, index, created });
      return undefined;
    }
    return createdOutcome(step, created);
  };

  /** A create's outcome once the group is known to be this apply's: deactivated next when the file wants it inactive. */
  const createdOutcome = async (step: CreateStep, created: CreatedGroup): Promise<GroupOutcome> => {
    const { group } = created;
    const how = createdHow(created, step.rank);
    const incomplete = group.rank !== step.rank ? { incomplete: true as const } : {};
    if (!step.deactivate) {
      return {
        kind: 'created',
        name: group.name,
        id: group.id,
        group,
        detail: l10n.t('created with rank {0}{1}', rankText(group.rank), how),
        ...incomplete,
      };
    }
    // Created active, as every create is; the file wants it inactive.
    const second = await update(step, group, { isActive: false }).catch((error: unknown) =>
      failedOutcome(step, error, options),
    );
    if (second.kind === 'changed-meanwhile') {
      return {
        ...second,
        detail: l10n.t('created with rank {0}{1}, then deactivated: {2}', rankText(group.rank), how, second.detail),
      };
    }
    if (second.kind !== 'updated') {
      // The group exists; the file's state is not shown reached, and a new plan shows what is left.
      const now = second.group ?? group;
      const detail = now.isActive
        ? l10n.t('created with rank {0}{1}, but not deactivated: {2}', rankText(group.rank), how, second.detail)
        : l10n.t(
            'created with rank {0}{1}; it is inactive now, but the server does not show this apply deactivated it: {2}',
            rankText(group.rank),
            how,
            second.detail,
          );
      return { kind: 'failed', name: group.name, id: group.id, group: now, detail };
    }
    return {
      kind: 'created',
      name: group.name,
      id: group.id,
      group: second.group,
      detail: l10n.t('created with rank {0}, then deactivated{1}', rankText(group.rank), how),
      ...incomplete,
    };
  };

  const update = async (
    step: WriteStep,
    planned: Group,
    change: { rank?: number | null; isActive?: boolean },
  ): Promise<GroupOutcome> => {
    try {
      const updated = await send(() =>
        service.updateGroup(
          options.connectionKey,
          planned.id,
          (now) => {
            if (changedSince(planned, now)) throw new ChangedSincePlan(now);
            // Every field is re-sent as the server holds it but the change: an apply never renames, so rewards stay linked.
            return { name: now.name, rank: now.rank, isActive: now.isActive, ...change };
          },
          options.signal,
          { readBack: true },
        ),
      );
      const what = step.kind === 'update' ? describeChange(step) : l10n.t('deactivated');
      const other = writtenByOthers(updated.group, updated.sent, updated.after);
      if (other) {
        return {
          kind: 'changed-meanwhile',
          // Named as the plan read it: a rename meanwhile is in the detail.
          name: planned.name,
          id: other.id,
          group: other,
          detail: l10n.t(
            "{0}, but changed by someone else meanwhile: now '{1}', rank {2}, {3}, last changed by user {4}; plan again",
            what,
            shortName(other.name),
            rankText(other.rank),
            other.isActive ? l10n.t('active') : l10n.t('inactive'),
            other.lastUpdatedBy,
          ),
        };
      }
      // A lost answer read back: the group holds the change, written after it was read.
      const lost = !updated.recovered
        ? ''
        : updated.writerUnchecked
          ? ` ${l10n.t("(the answer was lost; read back, it holds the change, written by user {0}: this account's user id is not known yet, so check that user {0} is you)", updated.group.lastUpdatedBy)}`
          : ` ${l10n.t('(the answer was lost; read back afterwards)')}`;
      return {
        kind: 'updated',
        name: updated.group.name,
        id: updated.group.id,
        group: updated.group,
        detail: what + lost,
      };
    } catch (error) {
      if (error instanceof ChangedSincePlan) {
        return {
          kind: 'skipped',
          name: planned.name,
          id: planned.id,
          group: error.now,
          detail: l10n.t(
            'changed on the server since the plan ({0}); nothing was sent',
            whatChanged(planned, error.now),
          ),
        };
      }
      if (error instanceof UnprovenUpdateError) {
        return {
          kind: 'failed',
          name: planned.name,
          id: planned.id,
          group: error.after,
          detail: l10n.t(
            'the answer was lost; the group now holds the change, but it was last changed by user {0}, so it may not have been this apply',
            error.after.lastUpdatedBy,
          ),
        };
      }
      throw error;
    }
  };

  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { step, index } = next;
      const { name, id } = identity(step);
      if (options.signal.aborted || stoppedBy !== undefined) {
        settle(index, {
          kind: 'not-sent',
          name,
          id,
          detail: notSentText(options.signal.aborted, stoppedBy, options),
          ...(options.signal.aborted ? { byCancel: true as const } : {}),
        });
        continue;
      }
      await attempt(step, index, () => run(step, index));
    }
  };
  /** Runs a step's writes and settles its outcome; undefined: settled later. */
  const attempt = async (step: WriteStep, index: number, writes: () => Promise<GroupOutcome | undefined>) => {
    let outcome: GroupOutcome | undefined;
    try {
      outcome = await writes();
    } catch (error) {
      if (stopsTheApply(error) && stoppedBy === undefined && !options.signal.aborted) {
        stoppedBy = error instanceof UnconfirmedCreateError ? error.original : error;
      }
      outcome = failedOutcome(step, error, options);
    }
    if (outcome) settle(index, outcome);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, total)) }, worker));
  // The other writes' answers may have told who this account is by now.
  for (const { step, index, created } of unproven) {
    await attempt(step, index, async () => {
      const creator = await service.creatorOf(created).catch(() => 'unknown' as const);
      if (creator === 'this-account') return createdOutcome(step, { ...created, creatorUnchecked: false });
      const { group } = created;
      const detail =
        creator === 'someone-else'
          ? notShownMine(group)
          : l10n.t(
              "the answer was lost; a group of this name (#{0}) exists, created by user {1} with the name and rank sent, but no answer of this apply said which user this account is, so the server does not show it is this apply's: check whether user {1} is you",
              group.id,
              group.createdBy,
            );
      return { kind: 'failed', name: group.name, id: group.id, group, detail };
    });
  }
  // The org's groups the file does not list and the plan leaves alone are counted, not listed: an org may have thousands.
  const all = outcomes.filter((_outcome, index) => plan.steps[index]!.kind !== 'serverOnly').map((outcome) => outcome!);
  // A Cancel after the last write changed nothing.
  return {
    outcomes: all,
    leftAlone: plan.summary.serverOnly,
    ...(rateLimitStop ? { rateLimitStopped: true as const } : {}),
    cancelled: all.some((outcome) => outcome.byCancel),
    stoppedBy,
  };
}

/**
 * The group as someone else left it around this apply's PUT, when the server shows that: the PUT's
 * answer holds other values than were sent, or the read back after it was written again since
 * (later, or at the same time by another user or with other values). A read back older than the
 * PUT's answer is a stale copy, not a write. A write landing between the re-read and the PUT is
 * overwritten by the PUT and shows nowhere: the API has no conditional PUT.
 */
function writtenByOthers(answer: Group, sent: UpdateGroupInput, after: Group | undefined): Group | undefined {
  if (!holds(answer, sent)) return answer;
  if (!after || after.lastUpdatedOn < answer.lastUpdatedOn) return undefined;
  const same =
    after.lastUpdatedOn === answer.lastUpdatedOn &&
    after.lastUpdatedBy === answer.lastUpdatedBy &&
    after.name === answer.name &&
    after.rank === answer.rank &&
    after.isActive === answer.isActive;
  return same ? undefined : after;
}

/** A group found by name after a lost answer that the server does not show is this apply's. */
function notShownMine(existing: Group): string {
  return l10n.t(
    "the answer was lost; a group of this name (#{0}) exists, created by user {1}, but the server does not show it is this apply's",
    existing.id,
    existing.createdBy,
  );
}

function takenSincePlan(existing: Group): string {
  return l10n.t(
    'a group of this name (#{0}) was created on the server since the plan (by user {1}); it was left as it is',
    existing.id,
    existing.createdBy,
  );
}

/** How a step's group is named in its outcome: the file's name for a group to create, the server's (and its id) otherwise. */
function identity(step: WriteStep): { name: string; id?: number } {
  return step.kind === 'create' ? { name: step.entry.name } : { name: step.group.name, id: step.group.id };
}

/** Failures after which the other writes would fail the same way: they are not sent. */
function stopsTheApply(error: unknown): boolean {
  // A create whose answer was lost stops the apply only when looking its name up failed the same way (the host is gone).
  if (error instanceof UnconfirmedCreateError) return error.lookup === 'failed' && stopsTheApply(error.original);
  if (!(error instanceof CapillaryError)) return true;
  return error.kind === 'network' || error.kind === 'timeout' || error.kind === 'redirect' || error.isAuthFailure;
}

function failedOutcome(step: WriteStep, error: unknown, options: ApplyOptions): GroupOutcome {
  const { name, id } = identity(step);
  if (error instanceof RateLimitStopped) {
    return { kind: 'not-sent', name, id, detail: notSentText(false, error, options) };
  }
  if (error instanceof CancelledBeforeSending) {
    return { kind: 'not-sent', name, id, detail: l10n.t('cancelled before it was sent'), byCancel: true };
  }
  if (error instanceof CapillaryError && error.kind === 'cancelled') {
    // A create cancelled before its POST, or an update before its PUT (while re-reading the group): nothing was sent.
    // An update whose PUT was cancelled and whose read-back does not show the change may still be stored later.
    // (A create's own POST never ends here: its cancel is looked up by the service. A POST here is the token request.)
    if (error.method !== 'PUT') {
      return { kind: 'not-sent', name, id, detail: l10n.t('cancelled before it was sent'), byCancel: true };
    }
    return {
      kind: 'failed',
      name,
      id,
      detail: l10n.t('cancelled; plan again to see whether the change was stored'),
      byCancel: true,
    };
  }
  if (error instanceof UnconfirmedCreateError) {
    const detail =
      error.lookup === 'not-found'
        ? l10n.t(
            'the answer was lost and no group of this name was found afterwards: it was most likely not created; plan again',
          )
        : l10n.t(
            'the answer was lost and looking the name up failed: whether it was created is unknown; plan again to see',
          );
    return { kind: 'failed', name, detail };
  }
  return { kind: 'failed', name, id, detail: failureText(error, options, name, step.kind === 'create') };
}

function failureText(error: unknown, options: ApplyOptions, name: string, creating = false): string {
  const doing = creating ? l10n.t("create the group '{0}'", shortName(name)) : l10n.t("change '{0}'", shortName(name));
  return (
    describeFailure(error, { origin: options.origin, where: options.where, doing, name }, options.words)?.message ??
    errorText(error)
  );
}

function notSentText(cancelled: boolean, stoppedBy: unknown, options: ApplyOptions): string {
  if (cancelled) return l10n.t('not sent: the apply was cancelled');
  if (stoppedBy instanceof RateLimitStopped) {
    return l10n.t(
      'not sent: {0} was still rate-limiting (HTTP 429) when the apply stopped waiting, after {1} of waiting',
      options.where,
      durationText(stoppedBy.waitedSeconds),
    );
  }
  return l10n.t('not sent: the apply stopped after a failure ({0})', errorText(stoppedBy));
}

/** "5 min", "4 min 59 s", "2 s". */
export function durationText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return l10n.t('{0} s', rest);
  return rest === 0 ? l10n.t('{0} min', minutes) : l10n.t('{0} min {1} s', minutes, rest);
}

/** How a create was known to have worked, when not from its own answer; and a rank that is not the file's. */
function createdHow(created: CreatedGroup, wantedRank: number | null): string {
  const notes: string[] = [];
  if (created.recovered === 'lost-answer') notes.push(l10n.t('the answer was lost; found by name afterwards'));
  if (created.recovered === 'earlier-attempt') {
    notes.push(l10n.t('by an earlier attempt whose answer was lost; found by name, not created twice'));
  }
  if (created.creatorUnchecked) {
    notes.push(
      l10n.t(
        "created by user {0}: this account's user id is not known yet, so check that user {0} is you",
        created.group.createdBy,
      ),
    );
  }
  if (created.group.rank !== wantedRank) {
    notes.push(
      l10n.t("its rank is {0}, not the file's {1}: plan again", rankText(created.group.rank), rankText(wantedRank)),
    );
  }
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}

function whatChanged(planned: Group, now: Group): string {
  const parts: string[] = [];
  if (planned.name !== now.name) parts.push(l10n.t("renamed to '{0}'", shortName(now.name)));
  if (planned.rank !== now.rank) parts.push(l10n.t('rank {0} → {1}', rankText(planned.rank), rankText(now.rank)));
  if (planned.isActive !== now.isActive) parts.push(now.isActive ? l10n.t('activated') : l10n.t('deactivated'));
  if (parts.length === 0) parts.push(l10n.t('updated by user {0}', now.lastUpdatedBy));
  return parts.join(', ');
}
