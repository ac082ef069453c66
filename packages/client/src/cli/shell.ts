/**
 * Commands the CLI prints for the user to run (find a lost generate, the next page, a free
 * re-download) are quoted for POSIX shells, so that pasting them passes every argument unchanged:
 * a prompt like `a $5 coin on a "velvet" cloth` must not expand `$5` or lose its quotes.
 */

/** Characters that never need quoting in sh, bash or zsh. */
const SAFE = /^[A-Za-z0-9_\-.,:/@%+=]+$/;

/** One argument as sh reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(arg: string): string {
  if (SAFE.test(arg)) return arg;
  // Inside single quotes nothing is special but the quote itself: close, add \', reopen.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line from its words, each quoted as needed. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
