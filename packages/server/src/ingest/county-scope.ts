import type {
  CountBatch,
  ElectionDefinition,
  FactRecord,
  SourceError,
  SubmissionSink,
} from '@canvass/core';

/**
 * Passes a submission through while noting every county it touches that the submitter may not
 * submit for. The store rolls the submission back when `violations()` is not empty.
 */
export class CountyScope implements SubmissionSink {
  readonly #sink: SubmissionSink;
  readonly #allowedUnit: Uint8Array;
  readonly #countyName: readonly string[];
  readonly #outside = new Set<string>();

  constructor(
    sink: SubmissionSink,
    definition: ElectionDefinition,
    allowedCounties: ReadonlySet<string>,
  ) {
    this.#sink = sink;
    const byId = new Map(definition.units.map((unit) => [unit.id, unit]));
    this.#countyName = definition.units.map((unit) => {
      let current: typeof unit | undefined = unit;
      for (let depth = 0; current !== undefined && depth < 16; depth++) {
        if (current.kind === 'county') return current.name;
        current = current.parentId === null ? undefined : byId.get(current.parentId);
      }
      return '';
    });
    this.#allowedUnit = Uint8Array.from(this.#countyName, (name) =>
      allowedCounties.has(name.toLowerCase()) ? 1 : 0,
    );
  }

  counts(batch: CountBatch): void | Promise<void> {
    for (let i = 0; i < batch.length; i++) {
      const unit = batch.unit[i] ?? -1;
      if (this.#allowedUnit[unit] !== 1) this.#outside.add(this.#countyName[unit] || '(no county)');
    }
    return this.#sink.counts(batch);
  }

  facts(records: readonly FactRecord[]): void | Promise<void> {
    for (const record of records) {
      if (this.#allowedUnit[record.unit] !== 1)
        this.#outside.add(this.#countyName[record.unit] || '(no county)');
    }
    return this.#sink.facts(records);
  }

  /** One error per county the submission may not touch. */
  violations(file: string, submitter: string): SourceError[] {
    return [...this.#outside].sort().map((county) => ({
      file,
      line: null,
      column: 'county',
      code: 'forbidden-county',
      reason: `${submitter} may not submit results for ${county}`,
    }));
  }
}
