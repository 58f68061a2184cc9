/**
 * Reads a Prometheus text exposition the way a scraper does, with an independent parser
 * (parse-prometheus-text-format, modelled on Prometheus' own), so tests check what a scrape sees,
 * not what our adapter thinks it wrote.
 */
import parsePrometheusTextFormat from "parse-prometheus-text-format";

/** One metric family as the parser returns it. */
export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: "COUNTER" | "GAUGE" | "HISTOGRAM" | "SUMMARY" | "UNTYPED";
  readonly metrics: readonly {
    readonly value?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly buckets?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }[];
}

export function parseExposition(text: string): MetricFamily[] {
  return parsePrometheusTextFormat(text) as MetricFamily[];
}

/** The value of the counter or gauge series with exactly these labels (0 when absent). */
export function sampleValue(
  families: readonly MetricFamily[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const family = families.find((f) => f.name === name);
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const series = family?.metrics.find((m) =>
    JSON.stringify(Object.entries(m.labels ?? {}).sort()) === wanted
  );
  return series?.value === undefined ? 0 : Number(series.value);
}

/** The sum of every series of a counter or gauge whose labels include these. */
export function sumOf(
  families: readonly MetricFamily[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number {
  const family = families.find((f) => f.name === name);
  return (family?.metrics ?? [])
    .filter((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
    .reduce((total, m) => total + Number(m.value ?? 0), 0);
}

/** Every value each label takes across all series of all families. */
export function labelValues(families: readonly MetricFamily[]): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const family of families) {
    for (const series of family.metrics) {
      for (const [label, value] of Object.entries(series.labels ?? {})) {
        values.set(label, (values.get(label) ?? new Set()).add(value));
      }
    }
  }
  return values;
}
