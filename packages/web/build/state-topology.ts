import type { GeometryCollection, GeometryObject, Topology } from 'topojson-specification';

/** What one state's county file holds: its counties only, with just the arcs they use. */
export type CountyTopology = Topology<{ counties: GeometryCollection<{ name: string }> }>;

type Arcs = number | Arcs[];

/**
 * Cuts one state's counties out of us-atlas's national topology, keeping only the arcs those
 * counties use (renumbered), so the page downloads ~20 KB for a state instead of ~800 KB.
 * @example stateCounties(atlas, '01').objects.counties.geometries.length // 67
 */
export function stateCounties(atlas: Topology, stateFips: string): CountyTopology {
  const counties = atlas.objects['counties'] as GeometryCollection<{ name: string }> | undefined;
  if (counties === undefined) throw new Error('the topology has no counties object');
  const chosen = counties.geometries.filter((geometry) =>
    String(geometry.id).startsWith(stateFips),
  );
  const renumbered = new Map<number, number>();
  const arcs: Topology['arcs'] = [];
  const remap = (value: Arcs): Arcs => {
    if (Array.isArray(value)) return value.map(remap);
    // A negative index means the arc reversed (~index).
    const index = value < 0 ? ~value : value;
    let next = renumbered.get(index);
    if (next === undefined) {
      next = arcs.length;
      renumbered.set(index, next);
      const arc = atlas.arcs[index];
      if (arc === undefined) throw new Error(`arc ${index} is missing`);
      arcs.push(arc);
    }
    return value < 0 ? ~next : next;
  };
  const geometries = chosen.map((geometry) => {
    const withArcs = geometry as GeometryObject<{ name: string }> & { arcs?: Arcs };
    return withArcs.arcs === undefined
      ? geometry
      : ({ ...geometry, arcs: remap(withArcs.arcs) } as typeof geometry);
  });
  return {
    type: 'Topology',
    ...(atlas.transform === undefined ? {} : { transform: atlas.transform }),
    arcs,
    objects: { counties: { type: 'GeometryCollection', geometries } },
  };
}

/** The two-digit FIPS codes of the states (and territories) in the topology. */
export function stateCodes(atlas: Topology): string[] {
  const states = atlas.objects['states'] as GeometryCollection | undefined;
  return (states?.geometries ?? []).map((geometry) => String(geometry.id));
}
