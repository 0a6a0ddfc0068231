import type { AuditedContest, CastVoteRecord, ManifestBatchRow } from '@canvass/core';

/** A problem in a NIST SP 1500-103 report, located by its JSON path. */
export interface CdfProblem {
  /** JSON path of the offending value, e.g. `CVR[12].CVRSnapshot[0].CVRContest[1].ContestId`. */
  readonly path: string;
  readonly field: string;
  readonly reason: string;
}

/** How the report's ids were mapped onto the audit's contests and choices (for the ledger). */
export interface CdfMapping {
  /** Report contest id → audited contest id. */
  readonly contests: Readonly<Record<string, string>>;
  /** Report contest-selection id → audited choice id. */
  readonly selections: Readonly<Record<string, string>>;
  /** Report contests on the CVRs that are not audited (ignored). */
  readonly ignoredContests: readonly string[];
}

/** The CVRs of a report, mapped to the manifest and the audited contests. */
export interface CdfImport {
  readonly records: CastVoteRecord[];
  readonly mapping: CdfMapping;
  /** Which snapshot type each CVR's votes came from, counted. */
  readonly snapshots: Readonly<Record<string, number>>;
}

const MAX_PROBLEMS = 100;

type Json = Record<string, unknown>;

/**
 * Reads a NIST SP 1500-103 cast vote record report (JSON: `CastVoteRecordReport` with `CVR[]`,
 * `Election[]` with `Contest[]`/`ContestSelection[]`/`Candidate[]`, `GpUnit[]`,
 * `ReportingDevice[]`) into the audit's cast vote records. Each CVR is placed on the manifest:
 * batch `BatchId`; tabulator the `CreatingDeviceId` (or that device's `SerialNumber`; ignored
 * when the manifest has no tabulator for the batch); county the `county` GpUnit that contains
 * `BallotStyleUnitId`, else the one listing the creating device, else the manifest's only
 * county; position `BatchSequenceId`, else the trailing number of the imprinted id
 * (`BallotAuditId`, e.g. `T1-B7-42`). Votes come from the snapshot `CurrentSnapshotId` names
 * (else the last modified, interpreted or original one): a selection is marked when a position
 * has `HasIndication: "yes"` and is allocable; a contest with `Overvotes` keeps every indicated
 * selection so that it reads as an overvote. Report contests and selections are resolved
 * through the election's definitions to audited contests and choices by id or by name
 * (case-insensitive; a candidate selection by its candidate's name, a ballot-measure selection
 * by its `Selection` text). Every problem is reported with its path; any problem rejects the
 * whole report.
 */
export function parseCvrCdf(
  text: string,
  contests: readonly Omit<AuditedContest, 'ballots'>[],
  manifest: readonly ManifestBatchRow[],
): { ok: true; value: CdfImport } | { ok: false; error: CdfProblem[] } {
  const problems: CdfProblem[] = [];
  const problem = (path: string, field: string, reason: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ path, field, reason });
  };
  // The report is split into its top-level members and the text spans of its CVRs, and each
  // CVR is parsed on its own as it is placed: the whole report is never one object tree.
  const split = splitReport(text);
  if ('error' in split) {
    problem('$', split.field, split.error);
    return { ok: false, error: problems };
  }
  const report: Json = Object.fromEntries(split.members);
  const spans = split.cvrSpans;
  if (spans === null) {
    problem('$', 'CVR', 'no CVR array: not a NIST SP 1500-103 cast vote record report');
    return { ok: false, error: problems };
  }
  const cvrCount = spans.length / 2;

  // --- Election definitions: contests and selections resolved to audited contests and choices.
  const elections = new Map<string, ElectionIndex>();
  const electionList = arrayAt(report, 'Election');
  electionList.forEach((e, i) => {
    const path = `Election[${String(i)}]`;
    if (!isObject(e)) {
      problem(path, 'Election', 'not an object');
      return;
    }
    const id = str(e['@id']) ?? `#${String(i)}`;
    elections.set(id, indexElection(e, path, contests, problem));
  });
  if (elections.size === 0) problem('$', 'Election', 'no Election definitions to resolve contests');

  // --- Places: counties of GpUnits and devices, device serial numbers.
  const places = indexPlaces(report);
  const batches = new Map<string, number>();
  const tabulated = new Set<string>();
  for (const b of manifest) {
    batches.set(locKey(b.county, b.tabulator, b.batch), b.ballots);
    if (b.tabulator !== null) tabulated.add(locKey(b.county, null, b.batch));
  }
  const counties = [...new Set(manifest.map((b) => b.county))];
  const countyByLower = new Map(counties.map((c) => [c.toLowerCase(), c]));

  const mappingContests: Record<string, string> = {};
  const mappingSelections: Record<string, string> = {};
  const ignored = new Set<string>();
  const snapshots: Record<string, number> = {};
  const seen = new Map<string, number>();
  const records: CastVoteRecord[] = [];
  const audited = new Map(contests.map((c) => [c.contestId, c]));

  for (let i = 0; i < cvrCount; i++) {
    const path = `CVR[${String(i)}]`;
    let cvr: unknown;
    try {
      cvr = JSON.parse(text.slice(spans[2 * i], spans[2 * i + 1]));
    } catch (error) {
      problem(
        path,
        'json',
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    if (!isObject(cvr)) {
      problem(path, 'CVR', 'not an object');
      continue;
    }
    const electionId = str(cvr['ElectionId']);
    const election =
      electionId !== undefined
        ? elections.get(electionId)
        : elections.size === 1
          ? [...elections.values()][0]
          : undefined;
    if (election === undefined) {
      problem(
        path,
        'ElectionId',
        electionId === undefined
          ? 'no ElectionId and the report has more than one Election'
          : `no Election with @id ${electionId}`,
      );
      continue;
    }

    // Location on the manifest.
    const batch = str(cvr['BatchId']);
    if (batch === undefined) problem(path, 'BatchId', 'no BatchId: the CVR cannot be placed');
    const device = str(cvr['CreatingDeviceId']);
    const county =
      places.countyOfUnit(str(cvr['BallotStyleUnitId'])) ??
      places.countyOfDevice(device) ??
      (counties.length === 1 ? counties[0] : undefined);
    const countyName = county === undefined ? undefined : countyByLower.get(county.toLowerCase());
    if (countyName === undefined)
      problem(
        path,
        'BallotStyleUnitId',
        county === undefined
          ? 'no county: neither BallotStyleUnitId nor CreatingDeviceId lies in a GpUnit of Type "county"'
          : `county ${county} is not in the manifest`,
      );
    const position = positionOf(cvr);
    if (position === null)
      problem(
        path,
        'BatchSequenceId',
        'no ballot position: give BatchSequenceId, or a BallotAuditId ending in the position (e.g. T1-B7-42)',
      );
    let tabulator: string | null = null;
    let placed = false;
    if (batch !== undefined && countyName !== undefined && position !== null) {
      const candidates = [device, places.serialOf(device)].filter(
        (x): x is string => x !== undefined,
      );
      const found = candidates.find((t) => batches.has(locKey(countyName, t, batch)));
      if (found !== undefined) tabulator = found;
      else if (!batches.has(locKey(countyName, null, batch))) {
        problem(
          path,
          'BatchId',
          tabulated.has(locKey(countyName, null, batch))
            ? `batch ${batch} of ${countyName} is in the manifest under another tabulator than ${candidates.join(' / ') || '(none)'}`
            : `batch ${batch} of ${countyName} is not in the manifest`,
        );
      }
      const ballots = batches.get(locKey(countyName, tabulator, batch));
      if (ballots !== undefined) {
        if (position > ballots)
          problem(
            path,
            'BatchSequenceId',
            `batch ${batch} has ${String(ballots)} ballots, not ${String(position)}`,
          );
        else placed = true;
      }
    }
    const key = locKey(countyName ?? '', tabulator, batch ?? '') + `#${String(position)}`;
    if (placed) {
      const earlier = seen.get(key);
      if (earlier !== undefined)
        problem(
          path,
          'BatchSequenceId',
          `this ballot already has a record: CVR[${String(earlier)}]`,
        );
      seen.set(key, i);
    }

    // Votes from the current snapshot.
    const snapshot = currentSnapshot(cvr);
    if (snapshot === null) {
      problem(path, 'CVRSnapshot', 'no CVRSnapshot');
      continue;
    }
    snapshots[snapshot.type] = (snapshots[snapshot.type] ?? 0) + 1;
    const votes: Record<string, string[]> = {};
    const contestsOf = arrayAt(snapshot.value, 'CVRContest');
    contestsOf.forEach((cc, k) => {
      const cpath = `${path}.CVRSnapshot[${String(snapshot.index)}].CVRContest[${String(k)}]`;
      if (!isObject(cc)) {
        problem(cpath, 'CVRContest', 'not an object');
        return;
      }
      const contestRef = str(cc['ContestId']);
      const def = contestRef === undefined ? undefined : election.contests.get(contestRef);
      if (contestRef === undefined || def === undefined) {
        problem(
          `${cpath}.ContestId`,
          'ContestId',
          contestRef === undefined
            ? 'no ContestId'
            : `no Contest with @id ${contestRef} in Election ${election.id}`,
        );
        return;
      }
      if (def.audited === null) {
        ignored.add(contestRef);
        return;
      }
      const ours = audited.get(def.audited);
      if (ours === undefined) return;
      mappingContests[contestRef] = ours.contestId;
      const over = (integer(cc['Overvotes']) ?? 0) > 0;
      const marked = new Set<string>();
      arrayAt(cc, 'CVRContestSelection').forEach((sel, s) => {
        const spath = `${cpath}.CVRContestSelection[${String(s)}]`;
        if (!isObject(sel)) {
          problem(spath, 'CVRContestSelection', 'not an object');
          return;
        }
        const positions = arrayAt(sel, 'SelectionPosition');
        const indicated = positions.some(
          (p) =>
            isObject(p) &&
            (p['HasIndication'] === 'yes' ||
              (p['HasIndication'] === undefined && (integer(p['NumberVotes']) ?? 0) > 0)) &&
            p['NumberVotes'] !== 0 &&
            (over || p['IsAllocable'] !== 'no'),
        );
        if (!indicated) return;
        const selRef = str(sel['ContestSelectionId']);
        if (selRef === undefined) {
          problem(spath, 'ContestSelectionId', 'no ContestSelectionId');
          return;
        }
        const choice = def.selections.get(selRef);
        if (choice === undefined) {
          problem(
            `${spath}.ContestSelectionId`,
            'ContestSelectionId',
            def.labels.has(selRef)
              ? `selection ${selRef} (${def.labels.get(selRef) ?? ''}) is not a choice of ${ours.name} (choices: ${ours.choices.map((c) => c.name).join(', ')})`
              : `no ContestSelection ${selRef} in Contest ${contestRef}`,
          );
          return;
        }
        mappingSelections[selRef] = choice;
        marked.add(choice);
      });
      // An overvoted contest must read as one, even when the report leaves out its marks.
      const list = [...marked];
      votes[ours.contestId] =
        over && list.length <= ours.votesAllowed ? ours.choices.map((c) => c.id) : list;
    });
    if (placed && countyName !== undefined && batch !== undefined && position !== null)
      records.push({ county: countyName, tabulator, batch, position, votes });
  }
  if (cvrCount === 0) problem('CVR', 'CVR', 'the report has no cast vote records');
  if (problems.length > 0) return { ok: false, error: problems };
  return {
    ok: true,
    value: {
      records,
      mapping: {
        contests: mappingContests,
        selections: mappingSelections,
        ignoredContests: [...ignored].sort(),
      },
      snapshots,
    },
  };
}

/** A report's top-level members (parsed) and its CVRs' text spans, or why it is not one. */
type SplitReport =
  | { readonly members: Map<string, unknown>; readonly cvrSpans: number[] | null }
  | { readonly error: string; readonly field: string };

const WHITESPACE = /[^ \t\n\r]/g;
const STRING_END = /["\\]/g;
const PRIMITIVE_END = /[,\]} \t\n\r]/g;

class JsonShapeError extends Error {}

/**
 * Splits a JSON object into its members, except that a top-level `CVR` array is returned as the
 * [start, end) text span of each element, unparsed. Member values are checked by `JSON.parse`;
 * the structure around them by the scan.
 */
function splitReport(text: string): SplitReport {
  try {
    let i = skipSpace(text, 0);
    if (text[i] !== '{')
      return { error: 'the file is not a JSON object', field: 'CastVoteRecordReport' };
    const members = new Map<string, unknown>();
    let cvrSpans: number[] | null = null;
    i = skipSpace(text, i + 1);
    if (text[i] === '}') return { members, cvrSpans };
    for (;;) {
      if (text[i] !== '"')
        throw new JsonShapeError(`expected a member name at character ${String(i)}`);
      const keyEnd = stringEnd(text, i);
      const key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = skipSpace(text, keyEnd);
      if (text[i] !== ':') throw new JsonShapeError(`expected ":" at character ${String(i)}`);
      i = skipSpace(text, i + 1);
      if (key === 'CVR' && text[i] === '[') {
        cvrSpans = [];
        i = skipSpace(text, i + 1);
        if (text[i] === ']') i++;
        else
          for (;;) {
            const end = valueEnd(text, i);
            cvrSpans.push(i, end);
            i = skipSpace(text, end);
            if (text[i] === ',') i = skipSpace(text, i + 1);
            else if (text[i] === ']') {
              i++;
              break;
            } else throw new JsonShapeError(`expected "," or "]" at character ${String(i)}`);
          }
      } else {
        const end = valueEnd(text, i);
        members.set(key, JSON.parse(text.slice(i, end)));
        i = end;
      }
      i = skipSpace(text, i);
      if (text[i] === ',') i = skipSpace(text, i + 1);
      else if (text[i] === '}') break;
      else throw new JsonShapeError(`expected "," or "}" at character ${String(i)}`);
    }
    if (skipSpace(text, i + 1) !== text.length)
      throw new JsonShapeError(`unexpected text after the report at character ${String(i + 1)}`);
    return { members, cvrSpans };
  } catch (error) {
    if (error instanceof JsonShapeError || error instanceof SyntaxError)
      return { error: `not valid JSON: ${error.message}`, field: 'json' };
    throw error;
  }
}

function skipSpace(text: string, from: number): number {
  WHITESPACE.lastIndex = from;
  return WHITESPACE.exec(text) === null ? text.length : WHITESPACE.lastIndex - 1;
}

// The index just past the string starting at `from` (a double quote).
function stringEnd(text: string, from: number): number {
  STRING_END.lastIndex = from + 1;
  for (;;) {
    const match = STRING_END.exec(text);
    if (match === null)
      throw new JsonShapeError(`a string starting at character ${String(from)} never ends`);
    if (match[0] === '"') return STRING_END.lastIndex;
    STRING_END.lastIndex += 1; // skip the escaped character
  }
}

// The index just past the JSON value starting at `from`.
function valueEnd(text: string, from: number): number {
  const first = text[from];
  if (first === '"') return stringEnd(text, from);
  if (first !== '{' && first !== '[') {
    PRIMITIVE_END.lastIndex = from;
    const end = PRIMITIVE_END.exec(text) === null ? text.length : PRIMITIVE_END.lastIndex - 1;
    if (end === from) throw new JsonShapeError(`expected a value at character ${String(from)}`);
    return end;
  }
  // A plain character loop: far cheaper than a regular expression per string for CVR-sized values.
  let depth = 0;
  const n = text.length;
  for (let j = from; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 34) {
      for (j++; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 92) j++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) depth++;
    else if ((c === 125 || c === 93) && --depth === 0) return j + 1;
  }
  throw new JsonShapeError(`a value starting at character ${String(from)} never ends`);
}

interface ElectionIndex {
  readonly id: string;
  /** Report contest id → its selections resolved (null `audited` when not audited). */
  readonly contests: Map<
    string,
    {
      readonly audited: string | null;
      readonly selections: Map<string, string>;
      readonly labels: Map<string, string>;
    }
  >;
}

function indexElection(
  e: Json,
  path: string,
  contests: readonly Omit<AuditedContest, 'ballots'>[],
  problem: (path: string, field: string, reason: string) => void,
): ElectionIndex {
  const candidates = new Map<string, string>();
  for (const c of arrayAt(e, 'Candidate'))
    if (isObject(c)) {
      const id = str(c['@id']);
      const name = str(c['Name']);
      if (id !== undefined) candidates.set(id, name ?? id);
    }
  const index: ElectionIndex = { id: str(e['@id']) ?? path, contests: new Map() };
  arrayAt(e, 'Contest').forEach((c, i) => {
    const cpath = `${path}.Contest[${String(i)}]`;
    if (!isObject(c)) {
      problem(cpath, 'Contest', 'not an object');
      return;
    }
    const id = str(c['@id']);
    if (id === undefined) {
      problem(cpath, '@id', 'a Contest without @id');
      return;
    }
    const name = str(c['Name']) ?? id;
    const ours = contests.find((x) => x.contestId === id || same(x.name, name)) ?? null;
    const selections = new Map<string, string>();
    const labels = new Map<string, string>();
    arrayAt(c, 'ContestSelection').forEach((s, k) => {
      if (!isObject(s)) {
        problem(`${cpath}.ContestSelection[${String(k)}]`, 'ContestSelection', 'not an object');
        return;
      }
      const sid = str(s['@id']);
      if (sid === undefined) {
        problem(`${cpath}.ContestSelection[${String(k)}]`, '@id', 'a ContestSelection without @id');
        return;
      }
      const candidateIds = Array.isArray(s['CandidateIds']) ? s['CandidateIds'] : [];
      const label =
        str(s['Selection']) ??
        (candidateIds.length > 0
          ? candidateIds.map((x) => candidates.get(String(x)) ?? String(x)).join(' / ')
          : s['IsWriteIn'] === true
            ? 'Write-in'
            : sid);
      labels.set(sid, label);
      if (ours === null) return;
      const choice = ours.choices.find(
        (x) => x.id === sid || same(x.name, label) || same(x.id, label),
      );
      if (choice !== undefined) selections.set(sid, choice.id);
    });
    index.contests.set(id, { audited: ours?.contestId ?? null, selections, labels });
  });
  return index;
}

function indexPlaces(report: Json): {
  countyOfUnit: (id: string | undefined) => string | undefined;
  countyOfDevice: (id: string | undefined) => string | undefined;
  serialOf: (id: string | undefined) => string | undefined;
} {
  const units = new Map<string, Json>();
  const parent = new Map<string, string>();
  const unitOfDevice = new Map<string, string>();
  for (const u of arrayAt(report, 'GpUnit')) {
    if (!isObject(u)) continue;
    const id = str(u['@id']);
    if (id === undefined) continue;
    units.set(id, u);
    for (const child of arrayAt(u, 'ComposingGpUnitIds')) parent.set(String(child), id);
    for (const d of arrayAt(u, 'ReportingDeviceIds')) unitOfDevice.set(String(d), id);
  }
  const serials = new Map<string, string>();
  for (const d of arrayAt(report, 'ReportingDevice'))
    if (isObject(d)) {
      const id = str(d['@id']);
      const serial = str(d['SerialNumber']);
      if (id !== undefined && serial !== undefined) serials.set(id, serial);
    }
  const countyOfUnit = (id: string | undefined): string | undefined => {
    for (let at = id, hops = 0; at !== undefined && hops < 50; at = parent.get(at), hops++) {
      const unit = units.get(at);
      if (unit !== undefined && str(unit['Type'])?.toLowerCase() === 'county')
        return str(unit['Name']) ?? at;
    }
    return undefined;
  };
  return {
    countyOfUnit,
    countyOfDevice: (id) => (id === undefined ? undefined : countyOfUnit(unitOfDevice.get(id))),
    serialOf: (id) => (id === undefined ? undefined : serials.get(id)),
  };
}

function currentSnapshot(cvr: Json): { value: Json; type: string; index: number } | null {
  const list = arrayAt(cvr, 'CVRSnapshot');
  const snaps = list
    .map((value, index) => ({ value, index }))
    .filter((s): s is { value: Json; index: number } => isObject(s.value));
  const current = str(cvr['CurrentSnapshotId']);
  const named = current === undefined ? undefined : snaps.find((s) => s.value['@id'] === current);
  const pick =
    named ??
    ['modified', 'interpreted', 'original']
      .map((type) => snaps.filter((s) => s.value['Type'] === type).pop())
      .find((s) => s !== undefined) ??
    snaps[snaps.length - 1];
  if (pick === undefined) return null;
  return { ...pick, type: str(pick.value['Type']) ?? 'unspecified' };
}

function positionOf(cvr: Json): number | null {
  const seq = integer(cvr['BatchSequenceId']);
  if (seq !== undefined) return seq >= 1 ? seq : null;
  const imprinted = str(cvr['BallotAuditId']);
  const match = imprinted === undefined ? null : /(?:^|[-_ ])(\d+)$/.exec(imprinted);
  const n = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  return Number.isSafeInteger(n) && n >= 1 ? n : null;
}

function arrayAt(o: Json, key: string): unknown[] {
  const v = o[key];
  return Array.isArray(v) ? (v as unknown[]) : [];
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function integer(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined;
}

function same(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function locKey(county: string, tabulator: string | null, batch: string): string {
  return JSON.stringify([county, tabulator, batch]);
}
