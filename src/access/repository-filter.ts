import picomatch from "picomatch";

/** Which repositories of the project a plan covers, by slug. */
export interface RepositoryPatterns { readonly include?: readonly string[]; readonly exclude?: readonly string[] }

/**
 * Slugs are lower-case but people type `Mobile-*`, so matching ignores case. `dot` lets `*` match slugs that start
 * with a dot. Extglobs (`+(a|b)`) are switched off: nobody needs them for slugs, and nested ones can make the
 * compiled regex backtrack badly on long inputs.
 */
const MATCH_OPTIONS: picomatch.PicomatchOptions = { nocase: true, dot: true, noextglob: true };

/**
 * Builds a slug predicate: an empty or absent `include` means every repository; `exclude` always wins.
 * @throws {Error} from picomatch for a pattern it cannot compile (validated earlier by {@link isValidGlob})
 */
export const repositoryFilter = (patterns: RepositoryPatterns | undefined): ((slug: string) => boolean) => {
  const include = patterns?.include ?? [];
  const exclude = patterns?.exclude ?? [];
  const included = include.length === 0 ? () => true : picomatch([...include], MATCH_OPTIONS);
  const excluded = exclude.length === 0 ? () => false : picomatch([...exclude], MATCH_OPTIONS);
  return (slug) => included(slug) && !excluded(slug);
};

/** Whether picomatch can compile the pattern; used by the request schema so a bad glob is a 400, not a 500. */
export const isValidGlob = (pattern: string): boolean => {
  try {
    picomatch(pattern, MATCH_OPTIONS);
    return true;
  } catch {
    return false;
  }
};
