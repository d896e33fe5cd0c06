/**
 * The simulator fixture with what LoRa's tests need besides: an engagement
 * with a gap across the summer-time change that ends, every kind of address
 * URN, and a vacant manager with two responsibilities. Kept apart from
 * fixture.ts so that the GraphQL tests' expectations stay as they are.
 */
import type { Dataset } from '../../src/dataset/format.js';
import { address, cls, engagement, fixture, manager, person, unit } from './fixture.js';

export function loraFixture(): Dataset {
  const dataset = fixture();
  dataset.classes.push(
    { uuid: cls(19), facet: 'org_unit_address_type', user_key: 'Afdelingskode', name: 'Afdelingskode', scope: 'TEXT' },
    { uuid: cls(20), facet: 'org_unit_address_type', user_key: 'EAN', name: 'EAN-nummer', scope: 'EAN' },
    { uuid: cls(21), facet: 'org_unit_address_type', user_key: 'P-nummer', name: 'P-nummer', scope: 'PNUMBER' },
    { uuid: cls(22), facet: 'org_unit_address_type', user_key: 'Web', name: 'Webadresse', scope: 'WWW' },
  );
  const e6 = { user_key: 'E6', person: person(1), unit: unit(7), engagement_type: cls(4), primary: cls(9) };
  dataset.engagements.push({
    uuid: engagement(6),
    versions: [
      // Ends the day before summer time begins (2026-03-29); the next version starts the day after it.
      { ...e6, from: '2026-01-01', to: '2026-03-28', job_function: cls(1), extensions: { '1': 'Første', '10': 'Tiende' } },
      { ...e6, from: '2026-03-30', to: '2026-12-31', job_function: cls(2) },
    ],
  });
  const unitAddress = { from: '2010-01-01', to: null, unit: unit(1), visibility: null };
  dataset.addresses.push(
    { uuid: address(7), versions: [{ ...unitAddress, address_type: cls(19), visibility: cls(13), value: 'Fake afdelingskode/Æ&1' }] },
    { uuid: address(8), versions: [{ ...unitAddress, address_type: cls(20), value: '5798000000001' }] },
    { uuid: address(9), versions: [{ ...unitAddress, address_type: cls(21), value: '1003388394' }] },
    { uuid: address(10), versions: [{ ...unitAddress, address_type: cls(22), value: 'https://example.dk/skole' }] },
  );
  dataset.managers.push({
    uuid: manager(4),
    versions: [
      { from: '2026-01-01', to: null, person: null, unit: unit(7), responsibilities: [cls(15), cls(16)], manager_type: cls(17), manager_level: cls(18) },
    ],
  });
  return dataset;
}
