// Look-alike display names (docs/security.md "Look-alike names"): which names need a short member-id suffix.
import { fromBase64Url } from '../crypto/base64url.js';
import { toHex } from '../crypto/hex.js';

/** Why a name is shown with a suffix. */
export type LookAlikeReason = 'duplicate' | 'invisible' | 'empty' | 'mixed-script' | 'marks' | 'fake-suffix';

/** A member's name as displayed: the name it chose, and the suffix that tells it apart (when needed). */
export interface NameLabel {
  /** The name exactly as the member chose it (never rewritten). */
  name: string;
  /** `#` and the start of the member id in hex, when the name needs telling apart. */
  suffix?: string;
  /** Why the suffix is shown (empty when it is not). */
  why: LookAlikeReason[];
}

/** Most combining marks allowed on one character before the name counts as a mark stack. */
export const MAX_MARKS_PER_CHAR = 2;

/** Hex digits of the shortest suffix (grown until the suffixes of look-alike names differ). */
export const SUFFIX_HEX = 4;

/** Zero-width and other invisible characters: Unicode's default-ignorables (Hangul fillers included) and the braille blank. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u115f\u1160\u3164\uffa0\u2800]/gu;
const MARK = /\p{M}/u;
const MARKS = /\p{M}/gu;
const FAKE_SUFFIX = /#[0-9a-f]{2,}/iu;

/** The alphabets whose letters are mistaken for one another (mixing them in one name is flagged). */
const ALPHABETS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Coptic'] as const;
const SCRIPT_RE = ALPHABETS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'u')] as const);

/** Capital letters of other alphabets that look like Latin capitals (before case folding). */
const UPPER: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ј: 'J',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
/** Small letters of other alphabets that look like Latin small letters (after case folding). */
const LOWER: Record<string, string> = {
  а: 'a',
  е: 'e',
  і: 'i',
  ј: 'j',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ү: 'y',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  υ: 'u',
  χ: 'x',
  ı: 'i',
  ɩ: 'i',
  ɑ: 'a',
  օ: 'o',
  ս: 'u',
  ց: 'g',
};

/**
 * What a name looks like, reduced to compare with others: NFKC, look-alike letters of other alphabets mapped
 * to Latin, case-folded, invisible characters and combining marks removed, spaces collapsed, and a trailing
 * "#hex" (a copied suffix) dropped. Two names with one skeleton are told apart by their suffixes.
 */
export function nameSkeleton(name: string): string {
  const mapped = [...name.normalize('NFKC')].map((c) => UPPER[c] ?? c).join('');
  const folded = [...mapped.toLowerCase()].map((c) => LOWER[c] ?? c).join('');
  return folded
    .normalize('NFD')
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/\s*#[0-9a-f]+$/u, '');
}

/** The most combining marks stacked on one character of `name`. */
function longestMarkStack(name: string): number {
  let longest = 0;
  let run = 0;
  for (const c of name.normalize('NFD')) {
    run = MARK.test(c) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The alphabets (of ALPHABETS) whose letters `name` uses. */
export function alphabetsOf(name: string): string[] {
  const found = new Set<string>();
  for (const c of name.normalize('NFKC'))
    for (const [script, re] of SCRIPT_RE) if (re.test(c)) found.add(script);
  return [...found];
}

/** Reasons a name needs a suffix on its own, whatever the other names are. */
export function ownReasons(name: string): LookAlikeReason[] {
  const why: LookAlikeReason[] = [];
  if (nameSkeleton(name) === '') why.push('empty');
  else if (name.normalize('NFKC').match(INVISIBLE)) why.push('invisible');
  if (alphabetsOf(name).length > 1) why.push('mixed-script');
  if (longestMarkStack(name) > MAX_MARKS_PER_CHAR) why.push('marks');
  if (FAKE_SUFFIX.test(name)) why.push('fake-suffix');
  return why;
}

/** `#` and the first `hexDigits` hex digits of a member id (base64url on the wire; the id itself if it is not). */
export function idSuffix(id: string, hexDigits = SUFFIX_HEX): string {
  let hex: string;
  try {
    hex = toHex(fromBase64Url(id));
  } catch {
    hex = id;
  }
  return `#${hex.slice(0, hexDigits)}`;
}

/**
 * The label of every member: a suffix for each name that looks like another's (same skeleton) or is
 * suspicious on its own (invisible characters, empty, mixed alphabets, mark stacks, a copied suffix).
 * Suffixes of members with one skeleton grow until they differ, so no two labels look alike.
 */
export function labelNames(members: readonly { id: string; name: string }[]): Map<string, NameLabel> {
  const bySkeleton = new Map<string, { id: string; name: string }[]>();
  for (const m of members) {
    const s = nameSkeleton(m.name);
    bySkeleton.set(s, [...(bySkeleton.get(s) ?? []), m]);
  }
  const labels = new Map<string, NameLabel>();
  for (const group of bySkeleton.values()) {
    const flagged = group.map((m) => ({
      m,
      why: [...(group.length > 1 ? (['duplicate'] as const) : []), ...ownReasons(m.name)],
    }));
    const marked = flagged.filter((f) => f.why.length > 0);
    let digits = SUFFIX_HEX;
    while (
      digits < 32 &&
      new Set(marked.map((f) => idSuffix(f.m.id, digits))).size < new Set(marked.map((f) => f.m.id)).size
    )
      digits += 2;
    for (const { m, why } of flagged)
      labels.set(
        m.id,
        why.length > 0 ? { name: m.name, suffix: idSuffix(m.id, digits), why } : { name: m.name, why },
      );
  }
  return labels;
}

/** A label as one line of text: "Alice #3f2a" (or just the name). */
export function labelText(label: NameLabel): string {
  return label.suffix ? `${label.name} ${label.suffix}` : label.name;
}

/** Why a name carries its suffix, in one plain sentence for the peer card (empty when it carries none). */
export function lookAlikeNote(label: NameLabel): string {
  const parts: Record<LookAlikeReason, string> = {
    duplicate: 'looks like another member’s name',
    invisible: 'contains invisible characters',
    empty: 'has no visible letters',
    'mixed-script': `mixes letters of ${alphabetsOf(label.name).join(' and ')}`,
    marks: 'stacks many accents on one letter',
    'fake-suffix': 'contains something that looks like a member-id suffix',
  };
  if (!label.suffix) return '';
  const why = label.why.map((w) => parts[w]);
  return `This name ${why.join(', and ')}: it is shown with ${label.suffix}, the start of this member’s id, so you can tell who is who.`;
}
