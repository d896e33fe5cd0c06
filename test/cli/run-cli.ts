import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../../src/util/paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** tsx's loader by its own path, so that the CLI also runs from a working folder outside the package. */
const tsxLoader = pathToFileURL(createRequire(join(packageRoot, 'package.json')).resolve('tsx')).href;

/** A `p2l` process started from the sources, and its end: what it printed and its exit code. */
export interface StartedCli {
  child: ChildProcess;
  ended: Promise<CliResult>;
}

/** Starts `p2l <args>` from the sources (through tsx) as its own process, as a cron job would; the caller may signal it. */
export function startCli(args: string[], env: Record<string, string | undefined> = {}, cwd = packageRoot): StartedCli {
  const child = spawn(process.execPath, ['--import', tsxLoader, join(packageRoot, 'src', 'cli.ts'), ...args], {
    cwd,
    env: { ...cleanEnvironment(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, ended };
}

/** Runs `p2l <args>` from the sources to its end. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}, cwd = packageRoot): Promise<CliResult> {
  return startCli(args, env, cwd).ended;
}

/** The environment without any p2l setting a developer may have exported, nor NODE_OPTIONS: p2l runs as an operator starts it. */
export function cleanEnvironment(): Record<string, string | undefined> {
  const settingLike = /^(MORA_|CRONTAB_|EXPORTERS_|INTEGRATIONS_|PLAN2LEARN_|CLIENT_|AUTH_|CUSTOMER_SETTINGS$|MOX_BASE$|LORA_BASE$|NODE_OPTIONS$)/;
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !settingLike.test(name)));
}
