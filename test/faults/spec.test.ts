/** parseFaultSpec: the compact text of `p2l sim --faults`, good and bad. */
import { describe, expect, it } from 'vitest';
import { faultKinds, noFaults, parseFaultSpec, type FaultSpec } from '../../src/sim/fault-spec.js';
import { SettingsError } from '../../src/util/errors.js';

const rates = (given: Partial<FaultSpec['rates']>): FaultSpec['rates'] => ({ ...noFaults.rates, ...given });

describe('parseFaultSpec', () => {
  it.each<[string, FaultSpec]>([
    ['', noFaults],
    ['  ,  ', noFaults],
    ['500=0.05', { ...noFaults, rates: rates({ '500': 0.05 }) }],
    [' 500=0.05 , 502=.01,503=0', { ...noFaults, rates: rates({ '500': 0.05, '502': 0.01, '503': 0 }) }],
    ['429=0.02,retry-after=1', { ...noFaults, rates: rates({ '429': 0.02 }), retryAfterSeconds: 1 }],
    ['429=0.02,retry-after=7s', { ...noFaults, rates: rates({ '429': 0.02 }), retryAfterSeconds: 7 }],
    ['reset=0.02,truncate=0.02,internal=0.02', { ...noFaults, rates: rates({ reset: 0.02, truncate: 0.02, internal: 0.02 }) }],
    ['latency=200ms', { ...noFaults, latencyMs: { min: 200, max: 200 } }],
    ['latency=0-300ms', { ...noFaults, latencyMs: { min: 0, max: 300 } }],
    ['latency=1-2s', { ...noFaults, latencyMs: { min: 1000, max: 2000 } }],
    ['latency=500ms-1s', { ...noFaults, latencyMs: { min: 500, max: 1000 } }],
    ['token-down=5s,token-lifetime=3s', { ...noFaults, tokenDownMs: 5000, tokenLifetimeSeconds: 3 }],
    ['token-down=750ms,token-lifetime=0', { ...noFaults, tokenDownMs: 750, tokenLifetimeSeconds: 0 }],
    ['seed=7', { ...noFaults, seed: 7 }],
    ['seed=4294967295', { ...noFaults, seed: 4294967295 }],
    ['500=1', { ...noFaults, rates: rates({ '500': 1 }) }],
  ])('reads "%s"', (text, expected) => {
    expect(parseFaultSpec(text)).toEqual(expected);
  });

  it('spreads mixed evenly over the seven kinds, leaving a kind named itself as given', () => {
    const mixed = parseFaultSpec('mixed=0.7,seed=3');
    for (const kind of faultKinds) expect(mixed.rates[kind]).toBeCloseTo(0.1, 12);
    expect(mixed.seed).toBe(3);
    const withReset = parseFaultSpec('mixed=0.7,reset=0');
    expect(withReset.rates.reset).toBe(0);
    expect(withReset.rates['500']).toBeCloseTo(0.1);
    expect(parseFaultSpec('mixed=1').rates.truncate).toBeCloseTo(1 / 7);
  });

  it.each<[string, string]>([
    ['500', '--faults: "500" is not name=value, such as 500=0.05'],
    [
      '504=0.1',
      '--faults: unknown fault "504" in "504=0.1"; known: 500, 502, 503, 429, reset, truncate, internal, mixed, latency, retry-after, token-down, token-lifetime, seed',
    ],
    ['500=0.1,500=0.2', '--faults: "500" is given twice'],
    ['500=1.5', '--faults: "500=1.5": a rate is a number from 0 to 1, such as 0.05'],
    ['reset=', '--faults: "reset=": a rate is a number from 0 to 1, such as 0.05'],
    ['truncate=-0.1', '--faults: "truncate=-0.1": a rate is a number from 0 to 1, such as 0.05'],
    ['internal=5%', '--faults: "internal=5%": a rate is a number from 0 to 1, such as 0.05'],
    ['latency=fast', '--faults: "latency=fast": latency is a duration such as 200ms, or a range such as 0-300ms'],
    ['latency=200', '--faults: "latency=200": latency is a duration such as 200ms, or a range such as 0-300ms'],
    ['latency=300-100ms', '--faults: "latency=300-100ms": the range must go from low to high'],
    ['token-down=5m', '--faults: "token-down=5m": a duration is a whole number of ms or s, such as 5s or 500ms'],
    ['token-down=1.5s', '--faults: "token-down=1.5s": a duration is a whole number of ms or s, such as 5s or 500ms'],
    ['token-lifetime=1500ms', '--faults: "token-lifetime=1500ms": token-lifetime is whole seconds from 0 to 86400, such as 3s'],
    ['retry-after=soon', '--faults: "retry-after=soon": retry-after is whole seconds from 0 to 3600, such as 3s'],
    ['seed=-1', '--faults: "seed=-1": seed is a whole number from 0 to 4294967295'],
    ['seed=4294967296', '--faults: "seed=4294967296": seed is a whole number from 0 to 4294967295'],
    ['500=0.5,503=0.4,reset=0.2', '--faults: the rates add up to 1.1, more than 1'],
    ['mixed=0.7,500=0.5', '--faults: the rates add up to 1.1, more than 1'],
  ])('refuses "%s" in one line naming the bad part', (text, message) => {
    const parse = () => parseFaultSpec(text);
    expect(parse).toThrow(SettingsError);
    expect(parse).toThrow(expect.objectContaining({ message, exitCode: 2 }));
  });
});
