import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporaryNameOf } from './deliver.js';
import type { Transport } from './transport.js';

/**
 * Proves that the login can write where the files go: uploads a small
 * temporary file (a name Plan2Learn never imports), checks its size and
 * removes it. Returns the line to report.
 */
export async function proveWritable(transport: Transport): Promise<string> {
  const local = await mkdtemp(join(tmpdir(), 'p2l-check-'));
  const path = join(local, 'probe');
  const content = Buffer.from('p2l check: write permission\r\n');
  const remote = temporaryNameOf('p2l-check');
  try {
    await writeFile(path, content, { mode: 0o600 });
    const session = await transport.connect();
    try {
      await session.upload(path, remote);
      const bytes = await session.size(remote);
      await session.remove(remote);
      if (bytes !== content.length) throw new Error(`the server holds ${bytes} bytes of ${remote}, not the ${content.length} sent`);
    } finally {
      await session.close();
    }
    return `${transport.server}: logged in, wrote and removed ${remote} in ${transport.folder}`;
  } finally {
    await rm(local, { recursive: true, force: true });
  }
}
