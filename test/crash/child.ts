import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/paths.js';

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  /** Kills the run with SIGKILL at once (no handler can run), once. */
  kill(): void;
  killed(): boolean;
  stdout(): string;
  stderr(): string;
  ended: Promise<Ended>;
}

/** The built CLI, as an operator runs it. */
export const builtCli = join(packageRoot, 'dist', 'cli.js');

/** Starts `node dist/cli.js <args>` with an environment free of p2l settings a developer may have exported. */
export function startCli(args: readonly string[]): RunningCli {
  const settingLike = /^(MORA_|CRONTAB_|EXPORTERS_|INTEGRATIONS_|PLAN2LEARN_|CLIENT_|AUTH_|NODE_OPTIONS$)/;
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !settingLike.test(name)));
  const child = spawn(process.execPath, [builtCli, ...args], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Ended>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    kill: () => {
      if (sent || child.exitCode !== null) return;
      sent = true;
      child.kill('SIGKILL');
    },
    killed: () => sent,
    stdout: () => stdout,
    stderr: () => stderr,
    ended,
  };
}
