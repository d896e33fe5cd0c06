import { open, readFile, rm } from 'node:fs/promises';
import { P2lError } from '../util/errors.js';

export interface Lock {
  release(): Promise<void>;
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

/**
 * Keeps two runs off the same output folder: `<out>.lock` holds the
 * holder's process id. A second run stops at once, naming the holder; a
 * lock left by a process that no longer exists is taken over with a warning.
 */
export async function lockOutput(out: string, warn: (line: string) => void): Promise<Lock> {
  const file = `${out}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new P2lError(`another p2l run (process ${holder}) is writing ${out}: wait for it to finish, or remove ${file} if that process is not p2l`);
    }
    warn(`warning: taking over ${file}, left by process ${Number.isInteger(holder) ? holder : '?'} which no longer runs`);
    await rm(file, { force: true });
  }
  throw new P2lError(`could not lock ${out}: another run took the lock at the same moment; try again`);
}
