import { P2lError, messageOf } from '../util/errors.js';
import type { LocalFile } from './deliver.js';
import type { RemoteFile, Transport } from './transport.js';

/**
 * `--dry-run`: connects, logs in, lists the remote folder and says what an
 * upload would do, without writing anything on the server.
 */
export async function previewDelivery(transport: Transport, files: readonly LocalFile[], log: (line: string) => void): Promise<void> {
  let listing: RemoteFile[];
  try {
    const session = await transport.connect();
    try {
      listing = await session.list();
    } finally {
      await session.close();
    }
  } catch (error) {
    throw new P2lError(`dry run: could not list ${transport.folder} on ${transport.server}: ${messageOf(error)}`);
  }
  log(`dry run: logged in to ${transport.server}; ${transport.folder} holds ${listing.length} file${listing.length === 1 ? '' : 's'}`);
  const remoteBytes = new Map(listing.map((file) => [file.name, file.bytes]));
  for (const file of files) log(`dry run: would upload ${file.name} (${file.bytes} bytes)${replacing(remoteBytes.get(file.name))}`);
}

function replacing(bytes: number | undefined): string {
  return bytes === undefined ? ', a new file' : `, replacing ${bytes} bytes`;
}
