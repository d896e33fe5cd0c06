import { readFileSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { P2lError } from '../util/errors.js';
import { onInterrupt } from '../util/interrupt.js';

export interface Lock {
  release(): Promise<void>;
}

/**
 * Who holds a lock: the process id, and, where /proc exists (Linux), the
 * machine's boot id and the process's start time in clock ticks since boot
 * (field 22 of /proc/PID/stat). A process id alone is reused: in a
 * container every run is process 1, so a dead run's lock would name the
 * live next run. The pair (boot id, start time) tells that process 1 from
 * the earlier one, and can be checked from outside for any process id.
 */
export interface Holder {
  pid: number;
  /** `<boot id>/<start ticks>`; undefined without /proc, or in a lock written before it was recorded. */
  started?: string | undefined;
}

/** `<boot id>/<start ticks>` of process `pid`, or undefined when /proc cannot tell (no /proc, no such process). */
export function startOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2, the command name, is in parentheses and may hold blanks and parentheses: count from after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields[22 - 3];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return ticks && /^\d+$/.test(ticks) ? `${boot}/${ticks}` : undefined;
  } catch {
    return undefined;
  }
}

/** The lock file's text: `<pid>\n` and, when known, `started <boot id>/<start ticks>\n`. */
export function lockText(holder: Holder): string {
  return `${holder.pid}\n${holder.started ? `started ${holder.started}\n` : ''}`;
}

function parseLock(text: string): Holder | undefined {
  const [first, second] = text.split('\n');
  const pid = Number.parseInt(first ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const started = /^started (\S+)$/.exec(second ?? '')?.[1];
  return { pid, started };
}

/** True when a process with this id exists (it may belong to another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the holder still runs: its process id exists and, when the lock recorded one, with the same start. */
export function holderRuns(holder: Holder): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.started === undefined) return true;
  const now = startOf(holder.pid);
  // When /proc cannot tell (hidden by hidepid), a live process id counts as the holder.
  return now === undefined || now === holder.started;
}

/**
 * Keeps two runs off the same output folder: `<out>.lock` names the
 * holder (process id and start, see Holder). A second run stops at once,
 * naming the holder; a lock left by a process that no longer runs (also
 * one whose process id is now another process's, as process 1 of the next
 * container) is taken over with a warning. The lock is released when the
 * run ends, and also when SIGTERM or SIGINT stops it.
 */
export async function lockOutput(out: string, warn: (line: string) => void): Promise<Lock> {
  const file = `${out}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(lockText({ pid: process.pid, started: startOf(process.pid) }));
      } finally {
        await handle.close();
      }
      const forget = onInterrupt(() => rm(file, { force: true }));
      return {
        release: async () => {
          forget();
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = parseLock(await readFile(file, 'utf8').catch(() => ''));
    if (holder && holderRuns(holder)) {
      throw new P2lError(`another p2l run (process ${holder.pid}) is writing ${out}: wait for it to finish, or remove ${file} if that process is not p2l`);
    }
    warn(`warning: taking over ${file}, left by process ${holder ? holder.pid : '?'} which no longer runs`);
    await rm(file, { force: true });
  }
  throw new P2lError(`could not lock ${out}: another run took the lock at the same moment; try again`);
}
