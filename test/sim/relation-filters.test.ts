// The filters p2l's documents use to ask MO only for what the files need,
// held to MO's semantics (OS2mo mora/graphapi/resolvers.py):
// - `org_unit` of engagements and managers (engagement_predicate,
//   manager_predicate) matches the units themselves, not their descendants
//   (tests/graphapi/test_engagements.py, test_engagement_filters: an
//   org_unit filter of the root unit finds only the root's own engagements);
//   descendants come from a nested `ancestor` (organisation_unit_predicate;
//   tests/graphapi/test_organisation_units.py, test_org_unit_ancestor_filter);
// - its `uuids` are taken verbatim, skipping the rest of the nested filter and
//   the units' validity (uuid_shortcircuit);
// - the relation counts within the outer filter's window (_get_active_period_clause);
// - `uuids` of persons (employee_predicate).
import { describe, expect, it } from 'vitest';
import { ClassesDocument, type ClassesQuery } from '../../src/generated/graphql.js';
import { serveSimulator } from '../support/sim-fixture.js';
import { cls, engagement, manager, morning, person, today, unit } from './fixture.js';

const fromToday = `from_date: "${today}", to_date: null`;
const below = (root: number) => `ancestor: { uuids: ["${unit(root)}"], ${fromToday} }, ${fromToday}`;

describe('what p2l asks of MO: the org_unit, uuids and class filters', () => {
  const mo = serveSimulator({ now: () => morning, tokenLifetimeSeconds: 10 ** 9 });

  const uuids = async (collection: 'engagements' | 'managers' | 'persons', filter: string): Promise<string[]> => {
    const answer = await mo.data<Record<string, { objects: { uuid: string }[] }>>(`{ ${collection}(filter: { ${filter} }) { objects { uuid } } }`);
    return (answer[collection]?.objects ?? []).map((object) => object.uuid);
  };

  it('engagements: org_unit matches the unit itself, not the units below it', async () => {
    expect(await uuids('engagements', `org_unit: { uuids: ["${unit(2)}"] }, ${fromToday}`)).toEqual([engagement(1), engagement(4), engagement(5)]);
    // Kommune (unit 1) has no engagement of its own: those in Skole below it are not found.
    expect(await uuids('engagements', `org_unit: { uuids: ["${unit(1)}"] }, ${fromToday}`)).toEqual([]);
  });

  it('engagements: org_unit with ancestor finds the whole subtree, as the Units document selects it', async () => {
    expect(await uuids('engagements', `org_unit: { ${below(1)} }, ${fromToday}`)).toEqual([engagement(1), engagement(3), engagement(4), engagement(5)]);
    // Andet træ (unit 4) has Børnehuset below it from 2026-07-01, and no engagement there.
    expect(await uuids('engagements', `org_unit: { ${below(4)} }, ${fromToday}`)).toEqual([]);
  });

  it('engagements: the relation counts within the outer window (engagement 2 was in Børnehave until 2019)', async () => {
    expect(await uuids('engagements', `org_unit: { uuids: ["${unit(3)}"] }, ${fromToday}`)).toEqual([]);
    expect(await uuids('engagements', `org_unit: { uuids: ["${unit(3)}"] }, from_date: null, to_date: null`)).toEqual([engagement(2)]);
  });

  it('engagements: org_unit uuids are taken as given (uuid_shortcircuit); without them the units must exist in the nested window', async () => {
    // Fremtid (unit 6) opens on 2026-09-01; the nested filter's dates, left out, are the server's now (2026-06-15).
    expect(await uuids('engagements', `org_unit: { uuids: ["${unit(6)}"] }, ${fromToday}`)).toEqual([engagement(3)]);
    expect(await uuids('engagements', `org_unit: { ancestor: { uuids: ["${unit(6)}"] } }, ${fromToday}`)).toEqual([]);
    expect(await uuids('engagements', `org_unit: { ancestor: { uuids: ["${unit(6)}"], ${fromToday} }, ${fromToday} }, ${fromToday}`)).toEqual([engagement(3)]);
  });

  it('engagements: org_unit and engagement_type together; the type counts within the window too', async () => {
    expect(await uuids('engagements', `org_unit: { ${below(1)} }, engagement_type: { uuids: ["${cls(4)}"] }, ${fromToday}`)).toEqual([engagement(5)]);
    // Engagement 2 was of type Timeløn, but only before today.
    expect(await uuids('engagements', `engagement_type: { uuids: ["${cls(4)}"] }, from_date: null, to_date: null`)).toEqual([engagement(2), engagement(5)]);
  });

  it('managers: org_unit as for engagements', async () => {
    expect(await uuids('managers', `org_unit: { ${below(1)} }, ${fromToday}`)).toEqual([manager(1), manager(2)]);
    expect(await uuids('managers', `org_unit: { uuids: ["${unit(1)}"] }, ${fromToday}`)).toEqual([manager(1)]);
    expect(await uuids('managers', `org_unit: { uuids: ["${unit(2)}"] }, from_date: null, to_date: null`)).toEqual([manager(2), manager(3)]);
  });

  it('persons: by uuid, within the window; an empty list selects nothing', async () => {
    expect(await uuids('persons', `uuids: ["${person(4)}", "${person(3)}", "${person(1)}"], ${fromToday}`)).toEqual([person(1), person(4)]);
    expect(await uuids('persons', `uuids: [], ${fromToday}`)).toEqual([]);
  });

  it('Classes: each class once, its name and scope on the day; an unknown uuid is left out', async () => {
    const answer = await mo.data<ClassesQuery>(ClassesDocument, { uuids: [cls(12), cls(3), cls(99)], today, limit: 10, cursor: null });
    expect(answer.classes).toEqual({
      objects: [
        { uuid: cls(3), current: { name: 'Månedsløn', scope: null } },
        { uuid: cls(12), current: { name: 'Postadresse', scope: 'DAR' } },
      ],
      page_info: { next_cursor: null },
    });
  });

  it('counts the objects it resolves, by type: every object, version and reference answered', async () => {
    mo.sim.resetStats();
    await mo.data(`{ persons(filter: { uuids: ["${person(1)}"], ${fromToday} }) { objects { uuid validities { name validity { from } } } } }`);
    expect(mo.sim.stats.objects).toEqual({ EmployeeResponsePaged: 1, EmployeeResponse: 1, Employee: 1, OpenValidity: 1 });
    mo.sim.resetStats();
    expect(mo.sim.stats.objects).toEqual({});
  });
});
