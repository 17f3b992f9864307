/**
 * Text comparison for labels: "the answer states 5 A" must not be satisfied by "7.5 A" or "50 A".
 */

/** NFKC, one kind of dash and minus, one space, lower case. */
export const normaliseText = (text: string): string =>
  text
    .normalize("NFKC")
    .replace(/[\u2010-\u2015\u2212\uFE63\uFF0D]/g, "-")
    .replace(/[\u00A0\u2007\u202F]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/**
 * Whether `text` states `fact`, compared after `normaliseText`. A fact starting with a digit or a sign must not
 * continue a number ("5 A" is not in "7.5 A"), and one ending in a letter or digit must not run into a longer
 * word or number ("5 A" is not in "5 AWG").
 */
export const containsFact = (text: string, fact: string): boolean => {
  const f = normaliseText(fact)
  if (f === "") return true
  let pattern = escapeRegExp(f)
  if (/^[\d+-]/.test(f)) pattern = `(?<![\\d.,])${pattern}`
  if (/[\p{L}\p{N}]$/u.test(f)) pattern = `${pattern}(?![\\p{L}\\p{N}])`
  if (/^[\p{L}]/u.test(f)) pattern = `(?<![\\p{L}\\p{N}])${pattern}`
  return new RegExp(pattern, "u").test(normaliseText(text))
}
