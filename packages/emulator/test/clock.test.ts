import { formatMicros, nowMicros, parseRfc3339 } from '../src/clock';

describe('microsecond time (pure, no HTTP)', () => {
  test('readings are unique and increasing even when taken in a tight loop', () => {
    const readings = Array.from({ length: 10_000 }, () => nowMicros());
    expect(new Set(readings).size).toBe(readings.length);
    expect(readings.every((r, i) => i === 0 || r > readings[i - 1])).toBe(true);
  });

  test.each([
    [1795503261123456, '2026-11-24T06:54:21.123456Z'],
    [1795503261120000, '2026-11-24T06:54:21.12Z'],
    [1795503261000000, '2026-11-24T06:54:21Z'],
    [1795503261000001, '2026-11-24T06:54:21.000001Z'],
  ])('%i is written as Go writes RFC3339Nano: %s, and parses back exactly', (micros, text) => {
    expect(formatMicros(micros)).toBe(text);
    expect(parseRfc3339(text)).toBe(micros);
  });

  test('offsets and nanoseconds are accepted; malformed times are not', () => {
    expect(parseRfc3339('2026-11-24T08:54:21.123456+02:00')).toBe(1795503261123456);
    expect(parseRfc3339('2026-11-24T06:54:21.123456789Z')).toBeCloseTo(1795503261123456.789, 0);
    for (const bad of ['2026-11-24 06:54:21Z', '2026-11-24T06:54:21', '2026-02-30T00:00:00Z', '2026-11-24T24:00:00Z', 'now']) {
      expect(parseRfc3339(bad)).toBeUndefined();
    }
  });
});
