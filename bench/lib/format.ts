/** Number formats the report uses everywhere, so every table reads the same. */

/** Milliseconds, e.g. "1.234 ms". */
export const ms = (value: number, digits = 1): string => `${value.toFixed(digits)} ms`;

/** Seconds from milliseconds, e.g. "25.1 s". */
export const seconds = (valueMs: number, digits = 1): string => `${(valueMs / 1000).toFixed(digits)} s`;

/** A ratio, e.g. "1.04×". */
export const ratio = (value: number, digits = 2): string =>
  value > 0 && value < 10 ** -digits ? `< ${(10 ** -digits).toFixed(digits)}×` : `${value.toFixed(digits)}×`;

/** Mebibytes from bytes or as given, e.g. "312.5 MiB". */
export const mib = (valueMiB: number, digits = 1): string => `${valueMiB.toFixed(digits)} MiB`;

/** Kibibytes from bytes, e.g. "84.2 KiB". */
export const kib = (bytes: number, digits = 1): string => `${(bytes / 1024).toFixed(digits)} KiB`;

/** A count with thousands separators. */
export const count = (value: number): string => value.toLocaleString('en');

/** A target verdict. */
export const verdict = (met: boolean): string => (met ? 'met' : '**missed**');
