import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** A county outline from us-atlas. */
export type CountyFeature = Feature<Geometry, { readonly name: string }>;

/** Where the build put one topology per state (see build/county-shapes-plugin.ts). */
const BASE: string =
  (import.meta.env['VITE_COUNTY_SHAPES'] as string | undefined) ?? '/assets/us-atlas';

/**
 * Loads one state's county outlines (a separate, immutable-cached asset, not part of the bundle).
 * @example const counties = await loadCountyShapes('01'); // 67 Alabama counties
 */
export async function loadCountyShapes(
  stateFips: string,
  signal?: AbortSignal,
): Promise<FeatureCollection<Geometry, { readonly name: string }>> {
  // The shapes never change at a given URL, so the browser's normal caching applies.
  const response = await fetch(
    `${BASE}/counties-${stateFips}.json`,
    signal === undefined ? {} : { signal },
  );
  if (!response.ok) throw new Error(`county shapes answered ${response.status}`);
  const topology = (await response.json()) as Topology<{
    counties: GeometryCollection<{ name: string }>;
  }>;
  return feature(topology, topology.objects.counties);
}
