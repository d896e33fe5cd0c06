/**
 * The simulator's two ways of paging, each as MO did it (src/sim/cursor.ts):
 * - keyset, MO since June 2026: OS2mo a092de2b8 "feat!: [#69932] keyset
 *   pagination", mora/graphapi/paged.py `paginate`, the cursor of
 *   mora/graphapi/types.py, tests/graphapi/test_pagination.py;
 * - offset, MO before: a092de2b8^ mora/graphapi/paged.py `to_paged` and
 *   mora/graphapi/resolvers.py (offset = int(cursor.last), out of range only
 *   after an empty page at an offset > 0), with the time filter applied after
 *   the limit as in the LoRa-era mora/lora.py `fetch` (66ce8cfe2^).
 * And p2l's walker (src/mo/paginate.ts) against both, over the Persons document
 * asked by uuid (an EmployeeFilter's uuids, MO's employee_predicate).
 */
import { describe, expect, it } from 'vitest';
import { PersonsDocument, type PersonsQuery } from '../../src/generated/graphql.js';
import type { MoClient } from '../../src/mo/client.js';
import { asReceived, fetchAllPages } from '../../src/mo/paginate.js';
import { decodeCursor, encodeCursor, keysetPage, offsetPage, type PaginationMode } from '../../src/sim/cursor.js';
import { serveSimulator } from '../support/sim-fixture.js';
import { morning, person, today } from './fixture.js';

interface Paged {
  objects: { uuid: string }[];
  page_info: { next_cursor: string | null };
}

interface Walk {
  pages: string[][];
  cursors: (string | null)[];
}

/** The JSON inside a cursor (MO's text: hash, ':', base64 of the JSON). */
const cursorJson = (cursor: string | null): string | null => (cursor === null ? null : Buffer.from(cursor.split(':')[1] ?? '', 'base64').toString('utf8'));

const pageQuery =
  'query Page($limit: int, $cursor: Cursor, $filter: EmployeeFilter) { persons(limit: $limit, cursor: $cursor, filter: $filter) { objects { uuid } page_info { next_cursor } } }';

/** Windows over the fixture's persons (clock: 2026-06-15 morning): 1, 2 and 5 now; 4 from August; 3 in the past. */
const now = null;
const fromToday = { from_date: today, to_date: null };
const allOfHistory = { from_date: null, to_date: null };
const before1900 = { from_date: '1899-01-01', to_date: '1899-12-31' };

function simulatorFor(pagination: PaginationMode | undefined) {
  const state = { clock: morning };
  const mo = serveSimulator({ now: () => state.clock, tokenLifetimeSeconds: 10 ** 9, ...(pagination === undefined ? {} : { pagination }) });
  const page = async (limit: number | null, cursor: string | null, filter: object | null = now): Promise<Paged> =>
    (await mo.data<{ persons: Paged }>(pageQuery, { limit, cursor, filter })).persons;
  const walk = async (limit: number, filter: object | null = now): Promise<Walk> => {
    const result: Walk = { pages: [], cursors: [] };
    let cursor: string | null = null;
    do {
      const answer: Paged = await page(limit, cursor, filter);
      result.pages.push(answer.objects.map((object) => object.uuid));
      cursor = answer.page_info.next_cursor;
      result.cursors.push(cursor);
    } while (cursor !== null && result.pages.length < 100);
    return result;
  };
  const errorOf = async (limit: number | null, cursor: string | null): Promise<string | undefined> => {
    const answer = await mo.query(pageQuery, { limit, cursor, filter: now });
    expect(answer.data).toBeNull();
    return answer.errors?.[0]?.message;
  };
  /** p2l's walker, as the exporter runs it (src/mo/paginate.ts), over the Persons document. */
  const p2lWalk = async (pageSize: number): Promise<{ uuids: string[]; pages: number }> => {
    const client: Pick<MoClient, 'request'> = { request: (document, variables) => mo.data(document, variables as Record<string, unknown>) };
    let pages = 0;
    // Every person of the fixture by uuid, as the exporter asks for the persons its engagements name.
    const walk = { document: PersonsDocument, variables: { uuids: [1, 2, 3, 4, 5].map(person), today }, pageOf: (result: PersonsQuery) => result.persons };
    const persons = await fetchAllPages(client, walk, {
      pageSize,
      onPage: (progress) => {
        pages = progress.pages;
      },
      take: asReceived,
    });
    return { uuids: persons.map((object) => object.uuid), pages };
  };
  return { state, mo, page, walk, errorOf, p2lWalk };
}

describe('keyset pagination, the default (MO since June 2026: OS2mo a092de2b8, mora/graphapi/paged.py)', () => {
  const { state, page, walk, errorOf, p2lWalk } = simulatorFor(undefined);

  it("pages the objects in the time window by uuid; the cursor is MO's, naming the last uuid of the page", async () => {
    expect(await walk(2)).toEqual({
      pages: [[person(1), person(2)], [person(5)]],
      // The text MO's Cursor scalar writes (mora/graphapi/types.py): shake_128 of the JSON, hex 6; ':'; the JSON in base64.
      cursors: ['68e2d9:eyJsYXN0IjogIjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLWIwMDAwMDAwMDAwMiJ9', null],
    });
    expect(cursorJson((await page(1, null)).page_info.next_cursor)).toBe(`{"last": "${person(1)}"}`);
  });

  it('applies the time window before the limit: no short or empty page while more remain', async () => {
    expect((await walk(1)).pages).toEqual([[person(1)], [person(2)], [person(5)]]);
    expect((await walk(3, fromToday)).pages).toEqual([[person(1), person(2), person(4)], [person(5)]]);
  });

  it('ends on a page that exactly fills the limit, without an extra empty page (limit + 1 read; MO tests/graphapi/test_pagination.py)', async () => {
    expect(await walk(3)).toEqual({ pages: [[person(1), person(2), person(5)]], cursors: [null] });
    expect(await walk(5, allOfHistory)).toEqual({ pages: [[1, 2, 3, 4, 5].map(person)], cursors: [null] });
  });

  it("reads each page at its own request's now: the cursor pins no moment", async () => {
    const first = await page(2, null);
    state.clock = new Date('2026-08-15T12:00:00+02:00');
    try {
      // Carl (person 4) has started by now and is ahead of the cursor: he appears.
      expect(await page(2, first.page_info.next_cursor)).toEqual({ objects: [{ uuid: person(4) }, { uuid: person(5) }], page_info: { next_cursor: null } });
    } finally {
      state.clock = morning;
    }
  });

  it("answers all with limit null or omitted, nothing and no cursor with 0 or -1, and PostgreSQL's error below that", async () => {
    expect(await page(null, null, allOfHistory)).toEqual({ objects: [1, 2, 3, 4, 5].map((n) => ({ uuid: person(n) })), page_info: { next_cursor: null } });
    const after1 = (await page(1, null)).page_info.next_cursor;
    expect(await page(null, after1)).toEqual({ objects: [{ uuid: person(2) }, { uuid: person(5) }], page_info: { next_cursor: null } });
    // MO's `int` is a plain scalar (mora/graphapi/schema.py scalar_overrides), so PositiveInt is not enforced:
    // LIMIT 1 with nothing kept for 0, LIMIT 0 for -1, and a negative LIMIT for PostgreSQL to refuse below that.
    expect(await page(0, null)).toEqual({ objects: [], page_info: { next_cursor: null } });
    expect(await page(-1, null)).toEqual({ objects: [], page_info: { next_cursor: null } });
    expect(await errorOf(-2, null)).toBe('LIMIT must not be negative');
  });

  it('reads a cursor as MO does: only what follows the colon; anything else malformed is a GraphQL error', async () => {
    const json = Buffer.from(`{"last": "${person(1)}"}`).toString('base64');
    expect((await page(5, `000000:${json}`)).objects).toEqual([{ uuid: person(2) }, { uuid: person(5) }]);
    const malformed = [
      'not a cursor',
      json,
      `abcdef:${Buffer.from('{"last": "b0"}').toString('base64')}`,
      `abcdef:${Buffer.from('[1, 2]').toString('base64')}`,
      'abcdef:%%%',
    ];
    // Refused while the variables are read, as MO's scalar refuses it: an error without a path.
    for (const cursor of malformed) expect(await errorOf(2, cursor)).toContain(`malformed cursor: ${JSON.stringify(cursor)}`);
  });

  it('takes max(1, ceil(n / L)) requests for n objects in the window', async () => {
    for (const [filter, n] of [
      [before1900, 0],
      [now, 3],
      [fromToday, 4],
      [allOfHistory, 5],
    ] as const) {
      for (const limit of [1, 2, 3, 4, 5, 6]) {
        const { pages } = await walk(limit, filter);
        expect(pages.length, `n=${n}, L=${limit}`).toBe(Math.max(1, Math.ceil(n / limit)));
        expect(pages.slice(0, -1).every((objects) => objects.length === limit)).toBe(true);
      }
    }
  });

  it("is walked to the end by p2l's walker in ceil(n / L) pages", async () => {
    for (const pageSize of [1, 2, 3, 4, 5]) {
      expect(await p2lWalk(pageSize)).toEqual({ uuids: [1, 2, 4, 5].map(person), pages: Math.ceil(4 / pageSize) });
    }
  });
});

describe('offset pagination on request (MO before June 2026: OS2mo a092de2b8^, mora/graphapi/paged.py to_paged)', () => {
  const { state, mo, page, walk, errorOf, p2lWalk } = simulatorFor('offset');
  const offsetCursor = (offset: number, time = '2026-06-15T10:00:00+02:00') =>
    `{"last": "00000000-0000-0000-0000-${String(offset).padStart(12, '0')}", "registration_time": "${time}"}`;

  it('cuts `limit` candidates, then drops those outside the window: a page can be empty while more remain, and the last one is empty', async () => {
    const walked = await walk(2);
    // Persons 3 (past) and 4 (future) fill the second page; the walk ends after an empty page past the end.
    expect(walked.pages).toEqual([[person(1), person(2)], [], [person(5)], []]);
    // MO's old cursor text: `last` the offset as a uuid (UUID(int=offset)), and the walk's registration time.
    expect(walked.cursors).toEqual([
      'ebf0c0:eyJsYXN0IjogIjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMiIsICJyZWdpc3RyYXRpb25fdGltZSI6ICIyMDI2LTA2LTE1VDEwOjAwOjAwKzAyOjAwIn0=',
      'c72602:eyJsYXN0IjogIjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwNCIsICJyZWdpc3RyYXRpb25fdGltZSI6ICIyMDI2LTA2LTE1VDEwOjAwOjAwKzAyOjAwIn0=',
      'ab076c:eyJsYXN0IjogIjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwNiIsICJyZWdpc3RyYXRpb25fdGltZSI6ICIyMDI2LTA2LTE1VDEwOjAwOjAwKzAyOjAwIn0=',
      null,
    ]);
    expect(walked.cursors.slice(0, -1).map(cursorJson)).toEqual([offsetCursor(2), offsetCursor(4), offsetCursor(6)]);
  });

  it('asks once more even when there is nothing: an empty page ends the walk only at an offset > 0', async () => {
    const units = async (cursor: string | null) =>
      (
        await mo.data<{ org_units: Paged }>(
          'query U($c: Cursor) { org_units(filter: { uuids: [] }, limit: 3, cursor: $c) { objects { uuid } page_info { next_cursor } } }',
          { c: cursor },
        )
      ).org_units;
    const first = await units(null);
    expect(first).toEqual({ objects: [], page_info: { next_cursor: expect.any(String) } });
    expect(cursorJson(first.page_info.next_cursor)).toBe(offsetCursor(3));
    expect(await units(first.page_info.next_cursor)).toEqual({ objects: [], page_info: { next_cursor: null } });
    // Persons have no filter but time: m = 5 candidates, all dropped by a window before their time.
    expect((await walk(3, before1900)).pages).toEqual([[], [], []]);
  });

  it('keeps the registration moment of the first page for the whole walk, microseconds as Python writes them', async () => {
    state.clock = new Date('2026-06-15T10:00:00.250+02:00');
    const first = await page(3, null);
    expect(cursorJson(first.page_info.next_cursor)).toBe(offsetCursor(3, '2026-06-15T10:00:00.250000+02:00'));
    state.clock = new Date('2026-08-15T12:00:00+02:00');
    try {
      // Carl (person 4) exists by now, but not at the walk's moment.
      expect((await page(3, first.page_info.next_cursor)).objects).toEqual([{ uuid: person(5) }]);
      expect((await page(5, null)).objects).toEqual([1, 2, 4, 5].map((n) => ({ uuid: person(n) })));
    } finally {
      state.clock = morning;
    }
  });

  it("answers all with limit null, nothing and no cursor with 0, and PostgreSQL's error for a negative limit", async () => {
    expect(await page(null, null, allOfHistory)).toEqual({ objects: [1, 2, 3, 4, 5].map((n) => ({ uuid: person(n) })), page_info: { next_cursor: null } });
    expect(await page(0, null)).toEqual({ objects: [], page_info: { next_cursor: null } });
    expect(await errorOf(-1, null)).toBe('LIMIT must not be negative');
  });

  it("needs the registration time in the cursor, as MO's old Cursor did", async () => {
    const keysetCursor = `000000:${Buffer.from(`{"last": "${person(1)}"}`).toString('base64')}`;
    expect(await errorOf(2, keysetCursor)).toBe('malformed cursor: an offset cursor needs a registration_time');
  });

  it('takes one more request than keyset: max(1, ceil(m / L)) + 1 for m candidates before the time filter', async () => {
    for (const filter of [before1900, now, fromToday, allOfHistory]) {
      for (const limit of [1, 2, 3, 4, 5, 6]) {
        expect((await walk(limit, filter)).pages.length, `${JSON.stringify(filter)}, L=${limit}`).toBe(Math.max(1, Math.ceil(5 / limit)) + 1);
      }
    }
  });

  it("is walked to the end by p2l's walker, through the short and empty pages", async () => {
    for (const pageSize of [1, 2, 3, 4, 5]) {
      expect(await p2lWalk(pageSize)).toEqual({ uuids: [1, 2, 4, 5].map(person), pages: Math.ceil(5 / pageSize) + 1 });
    }
  });
});

describe('the two page functions', () => {
  const items = ['a', 'b', 'c', 'd', 'e'].map((uuid) => ({ uuid }));
  const all = () => true;

  it('keyset: limit + 1 read, the next cursor the last uuid of a page with more after it', () => {
    expect(keysetPage(items, all, 2, null)).toEqual({ items: items.slice(0, 2), next: { last: 'b' } });
    expect(keysetPage(items, all, 2, { last: 'b' })).toEqual({ items: items.slice(2, 4), next: { last: 'd' } });
    expect(keysetPage(items, all, 2, { last: 'd' })).toEqual({ items: items.slice(4), next: null });
    expect(keysetPage(items, all, 5, null)).toEqual({ items, next: null });
    expect(keysetPage(items, (item) => item.uuid !== 'c', 2, { last: 'a' })).toEqual({ items: [items[1], items[3]], next: { last: 'd' } });
    // A cursor between two uuids, or past the end.
    expect(keysetPage(items, all, null, { last: 'bb' })).toEqual({ items: items.slice(2), next: null });
    expect(keysetPage(items, all, 2, { last: 'z' })).toEqual({ items: [], next: null });
  });

  it('offset: `limit` from the offset, null only after an empty page at an offset > 0', () => {
    const at = (offset: number) => ({ last: `00000000-0000-0000-0000-${offset.toString(16).padStart(12, '0')}`, registrationTime: 7 });
    expect(offsetPage(items, 2, null, 7)).toEqual({ items: items.slice(0, 2), next: at(2), moment: 7 });
    expect(offsetPage(items, 2, at(4), 99)).toEqual({ items: items.slice(4), next: at(6), moment: 7 });
    expect(offsetPage(items, 2, at(6), 99)).toEqual({ items: [], next: null, moment: 7 });
    expect(offsetPage([], 2, null, 7)).toEqual({ items: [], next: at(2), moment: 7 });
  });

  it('reads back the cursors it writes', () => {
    const keyset = { last: person(3) };
    const offset = { last: '00000000-0000-0000-0000-0000000003e8', registrationTime: Date.parse('2026-06-15T10:00:00.123+02:00') };
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
    expect(decodeCursor(encodeCursor(offset))).toEqual(offset);
    // An upper-case or unhyphenated uuid is the same uuid, as Python's UUID reads it.
    const upper = `000000:${Buffer.from(`{"last": "${person(3).toUpperCase().replaceAll('-', '')}"}`).toString('base64')}`;
    expect(decodeCursor(upper)).toEqual(keyset);
  });

  it('walks n items at page size L in max(1, ceil(n / L)) keyset requests and one more offset request', () => {
    for (let n = 0; n <= 12; n++) {
      const candidates = Array.from({ length: n }, (_, i) => ({ uuid: String(i).padStart(3, '0') }));
      for (let limit = 1; limit <= 6; limit++) {
        let keyset = 0;
        for (let page = keysetPage(candidates, all, limit, null); ; page = keysetPage(candidates, all, limit, page.next)) {
          keyset++;
          if (page.next === null) break;
        }
        let offset = 0;
        for (let page = offsetPage(candidates, limit, null, 0); ; page = offsetPage(candidates, limit, page.next, 0)) {
          offset++;
          if (page.next === null) break;
        }
        expect([keyset, offset], `n=${n}, L=${limit}`).toEqual([Math.max(1, Math.ceil(n / limit)), Math.max(1, Math.ceil(n / limit)) + 1]);
      }
    }
  });
});
