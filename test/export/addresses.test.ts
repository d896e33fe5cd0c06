/** Postal addresses and the choice of a person's e-mail and phone (src/export/addresses.ts). */
import { describe, expect, it } from 'vitest';
import { activeAddresses, chosenAddress, noAddress, postalAddressOf, streetOf } from '../../src/export/addresses.js';

const none = { Gade: '', Postnr: '', By: '' };

describe('streetOf', () => {
  it('writes road and number, a floor with a dot, a door after the floor or after a comma', () => {
    expect(streetOf({ road_name: 'Vej', house_number: '2A' })).toBe('Vej 2A');
    expect(streetOf({ road_name: 'Vej', house_number: '2', floor: 'kl', door: 'mf' })).toBe('Vej 2, kl. mf');
    expect(streetOf({ road_name: 'Vej', house_number: '2', floor: '', door: 'tv' })).toBe('Vej 2, tv');
    expect(streetOf({ road_name: 'Vej', house_number: '2', floor: '3', door: '' })).toBe('Vej 2, 3.');
  });
});

describe('postalAddressOf', () => {
  it('needs both road name and house number to use the DAR fields; a missing zip code or name is empty', () => {
    expect(postalAddressOf({ road_name: 'Vej', house_number: '1' }, null)).toEqual({ Gade: 'Vej 1', Postnr: '', By: '' });
    expect(postalAddressOf({ road_name: 'Vej' }, 'Tekstvej 3, 8000 Aarhus C')).toEqual({ Gade: 'Tekstvej 3', Postnr: '8000', By: 'Aarhus C' });
    expect(postalAddressOf({ house_number: '1' }, 'Tekstvej 3, 8000 Aarhus C')).toEqual({ Gade: 'Tekstvej 3', Postnr: '8000', By: 'Aarhus C' });
  });

  it('splits text at its last comma, trimming street and city', () => {
    expect(postalAddressOf({}, '  Vej 1 ,   8800 Viborg  ')).toEqual({ Gade: 'Vej 1', Postnr: '8800', By: 'Viborg' });
    expect(postalAddressOf({}, 'Vej 1, 8800 Viborg  By')).toEqual({ Gade: 'Vej 1', Postnr: '8800', By: 'Viborg  By' });
    expect(postalAddressOf({}, 'Vej 1, 8800   Viborg')).toEqual({ Gade: 'Vej 1', Postnr: '8800', By: 'Viborg' });
  });

  it('is no address when the text has no comma, no street, no 4-digit zip code, no city, or is empty', () => {
    for (const text of [
      '8800 Viborg',
      'Vej 1 8800 Viborg',
      ', 8800 Viborg',
      '  , 8800 Viborg',
      'Vej 1, 88000 Viborg',
      'Vej 1, x8800 Viborg',
      'Vej 1, 8800',
      'Vej 1, 8800 ',
      'Vej 1, 8800Viborg',
      '',
    ]) {
      expect(postalAddressOf({}, text)).toEqual(none);
    }
    expect(noAddress).toEqual(none);
  });
});

describe('activeAddresses', () => {
  it('pairs each address active today with its UUID, leaving out those with no active version', () => {
    const version = (from: string | null, to: string | null, value: string) => ({ value, validity: { from, to } });
    const objects = [
      { uuid: 'a', validities: [version('2020-01-01', '2021-01-01', 'old'), version('2021-01-01', null, 'now')] },
      { uuid: 'b', validities: [version('2030-01-01', null, 'later')] },
      { uuid: 'c', validities: [version(null, null, 'always')] },
    ];
    expect(activeAddresses(objects, '2026-11-26')).toEqual([
      { uuid: 'a', version: objects[0]?.validities[1] },
      { uuid: 'c', version: objects[2]?.validities[0] },
    ]);
  });
});

describe('chosenAddress', () => {
  const version = (type: string, scope: string | null, value: string, visibility: string | null | 'none' = 'none') => ({
    value,
    validity: { from: null, to: null },
    address_type_response: { uuid: type, current: scope === null ? null : { scope } },
    visibility_response: visibility === 'none' ? null : { uuid: 'v', current: visibility === null ? null : { scope: visibility } },
  });

  it('leaves out an address whose type has no scope today, or whose visibility has none', () => {
    const addresses = [
      { uuid: '1', version: version('t', null, 'no type') },
      { uuid: '2', version: version('t', 'EMAIL', 'no visibility scope', null) },
      { uuid: '3', version: version('t', 'EMAIL', 'public', 'PUBLIC') },
    ];
    expect(chosenAddress(addresses, 'EMAIL', [])).toBe('public');
    expect(chosenAddress(addresses.slice(0, 2), 'EMAIL', [])).toBe('');
  });

  it('takes the earliest-listed type over a lower UUID, and the lowest UUID within a type', () => {
    const addresses = [
      { uuid: '1', version: version('work', 'PHONE', 'work-1') },
      { uuid: '0', version: version('home', 'PHONE', 'home-0') },
      { uuid: '2', version: version('home', 'PHONE', 'home-2') },
    ];
    expect(chosenAddress(addresses, 'PHONE', ['work', 'home'])).toBe('work-1');
    expect(chosenAddress(addresses, 'PHONE', ['home', 'work'])).toBe('home-0');
    expect(chosenAddress([...addresses].reverse(), 'PHONE', ['home'])).toBe('home-0');
    expect(chosenAddress(addresses, 'PHONE', [])).toBe('home-0');
    expect(chosenAddress(addresses, 'EMAIL', [])).toBe('');
  });
});
