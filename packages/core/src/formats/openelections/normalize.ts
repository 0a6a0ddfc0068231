/**
 * The form names are compared in: upper case, `_` read as the `.` it replaced in some
 * conversions, punctuation other than `#` and `-` dropped, runs of spaces collapsed.
 * @example normalizeName(' Write-in  ') // 'WRITE-IN'
 */
export function normalizeName(value: string): string {
  return value
    .toUpperCase()
    .replace(/[_.,;:'"()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A lowercase slug for ids: letters and digits joined by single dashes; `unnamed` when nothing
 * is left.
 * @example slugify('BROADWAY REC. CENTER') // 'broadway-rec-center'
 */
export function slugify(value: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.length === 0 ? 'unnamed' : slug;
}

/**
 * Hands out ids that are unique within one namespace and deterministic: the first name to claim
 * a slug gets it, later distinct names get `-2`, `-3`, ... in order of appearance.
 * @example const ids = new UniqueIds(); ids.claim('a-b'); ids.claim('a-b') // 'a-b-2'
 */
export class UniqueIds {
  readonly #taken = new Set<string>();

  /** Marks an id as used (ids from a given definition). */
  reserve(id: string): void {
    this.#taken.add(id);
  }

  /** Returns `base` or the first free `base-N`, and marks it used. */
  claim(base: string): string {
    let id = base;
    for (let n = 2; this.#taken.has(id); n++) id = `${base}-${n}`;
    this.#taken.add(id);
    return id;
  }
}

/**
 * A copy of a string that does not keep its source alive. Cells are slices of a whole chunk of
 * the file; a slice stored as a map key or a name would keep that chunk (up to megabytes) in
 * memory for the whole import, so stored names are detached first.
 * @example detach(chunk.slice(10, 20))
 */
export function detach(value: string): string {
  return value.length === 0 ? '' : (' ' + value).slice(1);
}
