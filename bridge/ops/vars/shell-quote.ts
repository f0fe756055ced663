// POSIX single quotes: inside '…' the shell interprets nothing — no $, no backticks, no backslashes,
// no newline handling — except the closing quote itself. A quote in the value becomes '\'' (close,
// an escaped quote, reopen). This is the whole rule; shell-quote.property.test.ts has bash read back
// arbitrary values byte for byte and checks that none of them runs anything.
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
