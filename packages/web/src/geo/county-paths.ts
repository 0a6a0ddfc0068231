import type { FeatureCollection, Geometry } from 'geojson';
import { geoCentroid, geoPath, geoTransverseMercator } from 'd3-geo';

/** One county ready to draw: its SVG path, the name it is matched on and its centre on the drawing. */
export interface CountyPath {
  readonly fips: string;
  readonly name: string;
  readonly d: string;
  readonly x: number;
  readonly y: number;
}

/** A drawn state: the viewBox size and every county's path. */
export interface StateDrawing {
  readonly width: number;
  readonly height: number;
  readonly counties: readonly CountyPath[];
}

/**
 * Projects a state's counties to fit `width`: a transverse Mercator centred on the state keeps
 * tall states (Alabama) and wide ones undistorted enough for a results map.
 */
export function drawState(
  collection: FeatureCollection<Geometry, { readonly name: string }>,
  width: number,
): StateDrawing {
  const [longitude] = geoCentroid(collection);
  const projection = geoTransverseMercator().rotate([-longitude, 0]).fitWidth(width, collection);
  const path = geoPath(projection);
  const [, [, bottom]] = path.bounds(collection);
  return {
    width,
    height: Math.ceil(bottom),
    // Alphabetical, like the table (Home and End on the map follow this order).
    counties: collection.features
      .map((feature) => {
        const [x, y] = path.centroid(feature);
        return {
          fips: String(feature.id ?? ''),
          name: feature.properties.name,
          d: path(feature) ?? '',
          x,
          y,
        };
      })
      .toSorted((a, b) => a.name.localeCompare(b.name)),
  };
}
