import { randomBytes } from 'node:crypto';
import pRetry from 'p-retry';
import { fileNames } from '../export/columns.js';
import { P2lError, messageOf } from '../util/errors.js';
import { isPermanent, type RemoteSession, type Transport } from './transport.js';

export interface LocalFile {
  /** The name on the server as well: `bruger.csv`. */
  name: string;
  path: string;
  bytes: number;
}

export interface RetryPolicy {
  /** Tries per file, the first included. */
  tries: number;
  /** The wait before the second try; each later wait doubles. */
  firstRetryDelayMs: number;
}

export interface DeliveredFile {
  name: string;
  bytes: number;
  tries: number;
}

/**
 * Delivers the set in two steps so that Plan2Learn never sees a mix of old
 * and new files: first every file is uploaded under a temporary name on a
 * fresh connection and its size on the server checked (a failed file is
 * retried with exponential backoff; one that still fails stops the run with
 * exit 1, its staged predecessors are removed and no final name has been
 * touched); only then are all five renamed to their final names, one after
 * the other on one connection.
 *
 * Before the first upload, on the first connection, the temporary files an
 * earlier, interrupted delivery left in the remote folder are removed (see
 * removeLeftovers); nothing else on the server is touched.
 */
export async function deliverFiles(
  transport: Transport,
  files: readonly LocalFile[],
  policy: RetryPolicy,
  log: (line: string) => void,
): Promise<DeliveredFile[]> {
  const staged: { file: LocalFile; temporary: string; tries: number }[] = [];
  const sweep: Sweep = { done: false };
  try {
    for (const file of files) {
      const { temporary, tries } = await stageWithRetries(transport, file, policy, log, sweep);
      log(`${file.name}: ${file.bytes} bytes uploaded as ${temporary}${tries > 1 ? ` on try ${tries}` : ''}`);
      staged.push({ file, temporary, tries });
    }
  } catch (error) {
    for (const { temporary } of staged) await removeLeftover(transport, temporary, log);
    throw error;
  }
  await publishWithRetries(transport, staged, policy, log);
  return staged.map(({ file, tries }) => ({ name: file.name, bytes: file.bytes, tries }));
}

async function stageWithRetries(
  transport: Transport,
  file: LocalFile,
  policy: RetryPolicy,
  log: (line: string) => void,
  sweep: Sweep,
): Promise<{ temporary: string; tries: number }> {
  const { value: temporary, tries } = await withRetries(
    policy,
    async () => {
      const temporary = temporaryNameOf(file.name);
      const progress = { uploadStarted: false };
      try {
        await stageOnce(transport, file, temporary, progress, sweep, log);
        return temporary;
      } catch (error) {
        if (progress.uploadStarted) await removeLeftover(transport, temporary, log);
        throw error;
      }
    },
    (error, attempt, wait) => log(`${file.name}: try ${attempt} of ${policy.tries} failed (${messageOf(error)}); trying again in ${formatSeconds(wait)}`),
    (error, attempts) => {
      const after = isPermanent(error) ? '' : ` after ${attempts} tries`;
      return new P2lError(`${file.name} was not shipped to ${transport.server}${after}: ${messageOf(error)}`);
    },
  );
  return { temporary, tries };
}

/**
 * `attempt` tried up to `policy.tries` times (p-retry), waiting
 * retryDelayMs after each failed try, without jitter so that the waits
 * logged are the waits made; an error isPermanent says is not tried again.
 * `retried` hears of each failed try that will be tried again; `giveUp`
 * makes the error thrown when no try succeeded.
 */
async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  retried: (error: unknown, attempt: number, waitMs: number) => void,
  giveUp: (error: unknown, attempts: number) => Error,
): Promise<{ value: T; tries: number }> {
  let tries = 0;
  try {
    const value = await pRetry(
      async () => {
        tries++;
        try {
          return await attempt();
        } catch (error) {
          // p-retry never retries a TypeError, and wraps a non-Error in one: as an Error, it is retried like any other failure.
          throw error instanceof TypeError || !(error instanceof Error) ? new Error(messageOf(error), { cause: error }) : error;
        }
      },
      {
        retries: Math.max(0, policy.tries - 1),
        minTimeout: policy.firstRetryDelayMs,
        factor: 2,
        randomize: false,
        shouldRetry: ({ error }) => !isPermanent(error),
        onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
          if (retriesLeft > 0 && !isPermanent(error)) retried(error, attemptNumber, retryDelayMs(attemptNumber, policy.firstRetryDelayMs));
        },
      },
    );
    return { value, tries };
  } catch (error) {
    throw giveUp(error, tries);
  }
}

async function stageOnce(
  transport: Transport,
  file: LocalFile,
  temporary: string,
  progress: { uploadStarted: boolean },
  sweep: Sweep,
  log: (line: string) => void,
): Promise<void> {
  const session = await transport.connect();
  try {
    if (!sweep.done) await removeLeftovers(transport, session, sweep, log);
    progress.uploadStarted = true;
    await session.upload(file.path, temporary);
    await checkSize(transport, session, file, temporary);
  } finally {
    await session.close();
  }
}

/**
 * Checks the size on the upload's connection while it lasts: Plan2Learn's
 * server closes the control connection after each upload, so when that
 * connection is gone the check runs on a fresh one.
 */
async function checkSize(transport: Transport, session: RemoteSession, file: LocalFile, temporary: string): Promise<void> {
  const check = async (on: RemoteSession) => {
    const bytes = await on.size(temporary);
    if (bytes !== file.bytes) throw new Error(`the server holds ${bytes} bytes of ${temporary}, not the ${file.bytes} sent`);
  };
  if (session.isOpen()) {
    try {
      await check(session);
      return;
    } catch (error) {
      if (session.isOpen()) throw error;
    }
  }
  const fresh = await transport.connect();
  try {
    await check(fresh);
  } finally {
    await fresh.close();
  }
}

/** Renames every staged file to its final name; a dropped connection is retried on a fresh one for the files still to go. */
async function publishWithRetries(
  transport: Transport,
  staged: readonly { file: LocalFile; temporary: string }[],
  policy: RetryPolicy,
  log: (line: string) => void,
): Promise<void> {
  const remaining = [...staged];
  if (remaining.length === 0) return;
  const names = (): string => remaining.map((r) => r.file.name).join(', ');
  await withRetries(
    policy,
    async () => {
      let session: RemoteSession | undefined;
      try {
        session = await transport.connect();
        while (remaining.length > 0) {
          const next = remaining[0] as (typeof remaining)[number];
          await renameReplacing(session, next.temporary, next.file.name);
          log(`${next.file.name}: in place`);
          remaining.shift();
        }
      } finally {
        await session?.close();
      }
    },
    (error, attempt, wait) =>
      log(`renaming ${names()}: try ${attempt} of ${policy.tries} failed (${messageOf(error)}); trying again in ${formatSeconds(wait)}`),
    (error, attempts) =>
      new P2lError(`${names()} uploaded to ${transport.server} but not renamed to the final name after ${attempts} tries: ${messageOf(error)}`),
  );
}

/** Renames over the final name; a server that refuses to replace a file gets the old one deleted first. */
async function renameReplacing(session: RemoteSession, from: string, to: string): Promise<void> {
  try {
    await session.rename(from, to);
  } catch (renameError) {
    if (!session.isOpen()) throw renameError;
    try {
      await session.remove(to);
    } catch {
      throw renameError;
    }
    await session.rename(from, to);
  }
}

/** Best effort, on a fresh connection: a failed try should leave no temporary file behind. */
async function removeLeftover(transport: Transport, temporary: string, log: (line: string) => void): Promise<void> {
  let session: RemoteSession | undefined;
  try {
    session = await transport.connect();
    await session.remove(temporary);
  } catch (error) {
    const stillThere = session?.isOpen()
      ? await session.size(temporary).then(
          () => true,
          () => false,
        )
      : true;
    if (stillThere) log(`could not remove the temporary file ${temporary} from ${transport.server} (${messageOf(error)}): remove it by hand if it is there`);
  } finally {
    await session?.close();
  }
}

/** Whether this delivery has looked for an earlier delivery's leftovers yet. */
interface Sweep {
  done: boolean;
}

/**
 * Removes the temporary files a delivery killed mid-way left in the remote
 * folder (they hold CPR numbers): the regular files whose whole name is
 * `.<one of the five files>.<8 lowercase hex digits>.part`, the form
 * temporaryNameOf gives, and nothing else. Best effort: a file that cannot
 * be removed is a warning, never a failed delivery. Runs on the first
 * connection, before anything of this delivery is uploaded, so it never
 * meets this delivery's own temporary files; a listing lost with its
 * connection is tried again on the next one.
 */
async function removeLeftovers(transport: Transport, session: RemoteSession, sweep: Sweep, log: (line: string) => void): Promise<void> {
  let names: string[];
  try {
    names = (await session.list()).map((file) => file.name).filter(isLeftoverName);
  } catch (error) {
    if (!session.isOpen()) return;
    sweep.done = true;
    log(`warning: could not list ${transport.folder} on ${transport.server} to look for temporary files an interrupted delivery left (${messageOf(error)})`);
    return;
  }
  sweep.done = true;
  let removed = 0;
  for (const name of names) {
    try {
      await session.remove(name);
      removed += 1;
    } catch (error) {
      log(
        `warning: could not remove ${name}, a temporary file an interrupted delivery left, from ${transport.server} (${messageOf(error)}): remove it by hand`,
      );
    }
  }
  if (names.length > 0) {
    const failed = names.length - removed;
    log(
      `removed ${removed} temporary file${removed === 1 ? '' : 's'} an interrupted delivery left in ${transport.folder}${failed > 0 ? `; ${failed} could not be removed` : ''}`,
    );
  }
}

const leftoverPattern = new RegExp(`^\\.(?:${fileNames.map((file) => `${file}\\.csv`).join('|')})\\.[0-9a-f]{8}\\.part$`);

/** Whether `name` is exactly a temporary name temporaryNameOf gives: `.bruger.csv.3f9a1c2b.part`. */
export function isLeftoverName(name: string): boolean {
  return leftoverPattern.test(name);
}

/** `.bruger.csv.3f9a1c2b.part`: hidden, unique per try, and never a name Plan2Learn imports. */
export function temporaryNameOf(name: string): string {
  return `.${name}.${randomBytes(4).toString('hex')}.part`;
}

/** The wait after try `attempt` (1-based): first, 2 × first, 4 × first, … */
export function retryDelayMs(attempt: number, firstRetryDelayMs: number): number {
  return firstRetryDelayMs * 2 ** (attempt - 1);
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
