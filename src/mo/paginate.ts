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
 * `next_cursor` until it is null. Only a null cursor ends the walk, never a
 * short or empty page, so it is right for both ways MO has paged
 * (src/sim/cursor.ts): keyset since June 2026 (full pages until the last,
 * whose cursor is null), and offset before (pages filtered after the limit,
 * short or empty while more remain, and an empty one last). A cursor seen
 * twice in one walk would loop forever, so it fails the walk. The next page
 * is asked for before this one's objects go to `take` (which may work on
 * them, as the snapshot's sharing does), so that work overlaps MO's.
 */
export async function fetchAllPages<TResult, TVariables extends Variables & { limit: number; cursor?: string | null }, TObject>(
  client: Pick<MoClient, 'request'>,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: Omit<TVariables, 'limit' | 'cursor'>,
  pageOf: (result: TResult) => Page<TObject>,
  pageSize: number,
  onPage: (progress: PageProgress) => void = () => undefined,
  take: (objects: TObject[]) => void = () => undefined,
): Promise<TObject[]> {
  const request = (cursor: string | null): Promise<TResult> => {
    const answer = client.request(document, { ...variables, limit: pageSize, cursor } as TVariables);
    // Awaited on the next round; should `take` throw first, the walk has failed already and this answer is moot.
    answer.catch(() => undefined);
    return answer;
  };
  const objects: TObject[] = [];
  const seenCursors = new Set<string>();
  let pages = 0;
  for (let next: Promise<TResult> | null = request(null); next !== null; ) {
    const page: Page<TObject> = pageOf(await next);
    pages++;
    const cursor = page.page_info.next_cursor;
    if (cursor !== null) {
      if (seenCursors.has(cursor)) throw new P2lError('MO returned the same page cursor twice; the walk would never end: report this to MO\'s operators');
      seenCursors.add(cursor);
    }
    next = cursor === null ? null : request(cursor);
    take(page.objects);
    for (const object of page.objects) objects.push(object);
    onPage({ pages, objects: objects.length });
  }
  return objects;
}
