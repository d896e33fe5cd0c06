import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Variables } from 'graphql-request';
import { P2lError } from '../util/errors.js';
import type { MoClient } from './client.js';

export interface Page<TObject> {
  objects: TObject[];
  page_info: { next_cursor: string | null };
}

export interface PageProgress {
  pages: number;
  objects: number;
}

/**
 * Walks a paginated MO collection: `limit: pageSize, cursor: null`, then each
 * `next_cursor` until it is null. A short or empty page does not end the
 * walk (MO filters after limiting); only a null cursor does.
 */
export async function fetchAllPages<TResult, TVariables extends Variables & { limit: number; cursor?: string | null }, TObject>(
  client: MoClient,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: Omit<TVariables, 'limit' | 'cursor'>,
  pageOf: (result: TResult) => Page<TObject>,
  pageSize: number,
  onPage: (progress: PageProgress) => void = () => undefined,
): Promise<TObject[]> {
  const objects: TObject[] = [];
  const seenCursors = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: Page<TObject> = pageOf(await client.request(document, { ...variables, limit: pageSize, cursor } as TVariables));
    pages++;
    for (const object of page.objects) objects.push(object);
    onPage({ pages, objects: objects.length });
    cursor = page.page_info.next_cursor;
    if (cursor !== null) {
      if (seenCursors.has(cursor)) throw new P2lError('MO returned the same page cursor twice; the walk would never end: report this to MO\'s operators');
      seenCursors.add(cursor);
    }
  } while (cursor !== null);
  return objects;
}
