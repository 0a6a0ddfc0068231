import type { Choice, Contest } from '../../model/contest.ts';
import type { ElectionDefinition, ElectionType } from '../../model/election.ts';
import type { PseudoKind, ReportingUnit } from '../../model/reporting-unit.ts';
import type { DefinitionTarget } from './definition-target.ts';
import { STATE_NAMES } from './file-name.ts';
import { normalizeName, slugify, UniqueIds } from './normalize.ts';
import { PairTable } from './pair-table.ts';

/** The election an inferred definition is for. */
export interface InferredElection {
  readonly id: string;
  readonly name: string;
  readonly date: string;
  readonly state: string | null;
  readonly type: ElectionType;
}

interface UnitDraft {
  readonly id: string;
  readonly name: string;
  readonly kind: ReportingUnit['kind'];
  readonly parentId: string | null;
  readonly pseudoKind: PseudoKind | null;
  readonly attributes: Record<string, string>;
  /** Precincts of a county (or of the root, for a blank county), by name key. */
  readonly children: Map<string, number> | null;
}

interface ChoiceDraft {
  readonly id: string;
  readonly name: string;
  readonly lines: string[];
  readonly lineIndex: Map<string, number>;
  readonly isWriteIn: boolean;
}

interface ContestDraft {
  readonly id: string;
  readonly name: string;
  readonly office: string;
  readonly district: string | null;
  readonly primaryParty: string | null;
  readonly straightParty: boolean;
  readonly choices: ChoiceDraft[];
  readonly byName: Map<string, number>;
  readonly ids: UniqueIds;
  writeIn: number;
  readonly unitIds: string[];
}

const RETENTION = /\bRETAIN|\bRETENTION\b/;
const YES_NO = /^(YES|NO|FOR|AGAINST)\b/;
const NUMBERED_DISTRICT = /^\d+[A-Z]?$/i;

/**
 * Infers an election definition from rows as they arrive: units, contests, choices and party
 * lines are appended in order of first appearance, so a position handed out is never moved.
 * Ids are slugs (`jefferson/prec-1234`), made unique in order of appearance.
 * @example
 * const builder = new DefinitionBuilder(['town'], election);
 * const county = builder.county('Jefferson');
 * const unit = builder.unit(county, 'PREC 1234', null, null);
 */
export class DefinitionBuilder implements DefinitionTarget {
  readonly root = 0;
  readonly #election: InferredElection;
  readonly #geoNames: readonly string[];
  readonly #units: UnitDraft[] = [];
  readonly #unitIds = new UniqueIds();
  readonly #counties = new Map<string, number>();
  readonly #contests: ContestDraft[] = [];
  readonly #contestIds = new UniqueIds();
  /** office -> district -> primary party -> contest. */
  readonly #contestIndex = new Map<string, Map<string, Map<string, number>>>();
  readonly #membership = new PairTable();
  readonly partyKeyed: boolean;

  constructor(geoNames: readonly string[], election: InferredElection) {
    this.#election = election;
    this.#geoNames = geoNames;
    this.partyKeyed = election.type === 'primary' || election.type === 'special-primary';
    const rootId = election.state === null ? 'root' : election.state.toLowerCase();
    this.#unitIds.reserve(rootId);
    this.#units.push({
      id: rootId,
      name: (election.state === null ? undefined : STATE_NAMES[election.state]) ?? election.name,
      kind: 'state',
      parentId: null,
      pseudoKind: null,
      attributes: {},
      children: new Map(),
    });
  }

  county(name: string): number {
    if (name === '') return this.root;
    let index = this.#counties.get(name);
    if (index === undefined) {
      index = this.#units.length;
      this.#units.push({
        id: this.#unitIds.claim(slugify(name)),
        name,
        kind: 'county',
        parentId: this.#rootId(),
        pseudoKind: null,
        attributes: {},
        children: new Map(),
      });
      this.#counties.set(name, index);
    }
    return index;
  }

  unit(
    countyUnit: number,
    precinct: string,
    geo: readonly string[] | null,
    pseudoKind: PseudoKind | null,
  ): number {
    const county = this.#units[countyUnit];
    if (county?.children == null) throw new Error(`unit ${countyUnit} is not a county`);
    const key = geo === null ? precinct : `${geo.join('\u001f')}\u001f${precinct}`;
    let index = county.children.get(key);
    if (index !== undefined) return index;
    index = this.#units.length;
    const attributes: Record<string, string> = {};
    const parts: string[] = [];
    if (geo !== null)
      geo.forEach((value, at) => {
        const name = this.#geoNames[at];
        if (name !== undefined && value !== '') {
          attributes[name] = value;
          parts.push(value);
        }
      });
    if (precinct !== '') parts.push(precinct);
    const localId = parts.map(slugify).join('/');
    const id = countyUnit === this.root ? localId : `${county.id}/${localId}`;
    this.#units.push({
      id: this.#unitIds.claim(id),
      name: precinct !== '' ? precinct : parts.join(' - '),
      kind: pseudoKind === null ? 'precinct' : 'pseudo',
      parentId: county.id,
      pseudoKind,
      attributes,
      children: null,
    });
    county.children.set(key, index);
    return index;
  }

  contest(office: string, district: string, party: string, straightParty: boolean): number {
    const primaryParty = this.partyKeyed && !straightParty ? party : '';
    let byDistrict = this.#contestIndex.get(office);
    if (byDistrict === undefined) {
      byDistrict = new Map();
      this.#contestIndex.set(office, byDistrict);
    }
    let byParty = byDistrict.get(district);
    if (byParty === undefined) {
      byParty = new Map();
      byDistrict.set(district, byParty);
    }
    let index = byParty.get(primaryParty);
    if (index !== undefined) return index;
    index = this.#contests.length;
    const districtPart =
      district === ''
        ? ''
        : NUMBERED_DISTRICT.test(district)
          ? ` District ${district}`
          : ` ${district}`;
    const name = `${office}${districtPart}${primaryParty === '' ? '' : ` (${primaryParty})`}`;
    this.#contests.push({
      id: this.#contestIds.claim(slugify(name)),
      name,
      office,
      district: district === '' ? null : district,
      primaryParty: primaryParty === '' ? null : primaryParty,
      straightParty,
      choices: [],
      byName: new Map(),
      ids: new UniqueIds(),
      writeIn: -1,
      unitIds: [],
    });
    byParty.set(primaryParty, index);
    return index;
  }

  choice(contest: number, candidate: string, party: string): number {
    const draft = this.#contestDraft(contest);
    // Straight-party labels differ by county for the same party (`Alabama Democratic Party`,
    // `Democrat`); the party code is the choice's identity there.
    const key = draft.straightParty && party !== '' ? `\u0000${party}` : candidate;
    let index = draft.byName.get(key);
    if (index === undefined) {
      index = draft.choices.length;
      draft.choices.push({
        id: draft.ids.claim(slugify(candidate)),
        name: candidate,
        lines: [],
        lineIndex: new Map(),
        isWriteIn: false,
      });
      draft.byName.set(key, index);
    }
    return index;
  }

  writeIn(contest: number, name: string): number {
    const draft = this.#contestDraft(contest);
    if (draft.writeIn === -1) {
      draft.writeIn = draft.choices.length;
      draft.choices.push({
        id: draft.ids.claim('write-in'),
        name: name === '' ? 'Write-in' : name,
        lines: [],
        lineIndex: new Map(),
        isWriteIn: true,
      });
    }
    return draft.writeIn;
  }

  line(contest: number, choice: number, party: string): number {
    if (party === '') return -1;
    const draft = this.#contestDraft(contest).choices[choice];
    if (draft === undefined) throw new Error(`no choice ${choice} in contest ${contest}`);
    if (draft.isWriteIn) return -1;
    let index = draft.lineIndex.get(party);
    if (index === undefined) {
      index = draft.lines.length;
      draft.lines.push(party);
      draft.lineIndex.set(party, index);
    }
    return index;
  }

  reports(unit: number, contest: number): boolean {
    if (this.#membership.putIfAbsent(unit, contest, 1) === -1) {
      const id = this.#units[unit]?.id;
      if (id === undefined) throw new Error(`no unit ${unit}`);
      this.#contestDraft(contest).unitIds.push(id);
    }
    return true;
  }

  unitId(unit: number): string {
    return this.#units[unit]?.id ?? String(unit);
  }

  contestName(contest: number): string {
    return this.#contests[contest]?.name ?? String(contest);
  }

  finish(): ElectionDefinition {
    const units: ReportingUnit[] = this.#units.map((unit) => ({
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      parentId: unit.parentId,
      pseudoKind: unit.pseudoKind,
      attributes: { ...unit.attributes },
    }));
    const contests: Contest[] = this.#contests.map((draft) => {
      const choices: Choice[] = draft.choices.map((choice) => ({
        id: choice.id,
        name: choice.name,
        party: choice.lines[0] ?? null,
        lines: [...choice.lines],
        isWriteIn: choice.isWriteIn,
      }));
      return {
        id: draft.id,
        name: draft.name,
        office: draft.office,
        district: draft.district,
        primaryParty: draft.primaryParty,
        kind: contestKind(draft),
        votesAllowed: 1,
        seats: 1,
        choices,
        unitIds: [...draft.unitIds],
      };
    });
    return {
      id: this.#election.id,
      name: this.#election.name,
      date: this.#election.date,
      state: this.#election.state,
      type: this.#election.type,
      units,
      contests,
    };
  }

  #rootId(): string {
    const root = this.#units[this.root];
    if (root === undefined) throw new Error('no root unit');
    return root.id;
  }

  #contestDraft(contest: number): ContestDraft {
    const draft = this.#contests[contest];
    if (draft === undefined) throw new Error(`no contest ${contest}`);
    return draft;
  }
}

function contestKind(draft: ContestDraft): Contest['kind'] {
  if (draft.straightParty) return 'straight-party';
  const named = draft.choices.filter((choice) => !choice.isWriteIn);
  const yesNo =
    named.length > 0 && named.every((choice) => YES_NO.test(normalizeName(choice.name)));
  if (!yesNo) return 'candidate';
  return RETENTION.test(normalizeName(draft.office)) ? 'retention' : 'measure';
}
