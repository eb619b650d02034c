/** Parsing and formatting of Kubernetes quantities, for quotas, heap sizing and the capacity check. */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A quantity as a plain number (cores for CPU, bytes for memory and storage). Throws on garbage. */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const match = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/.exec(value.trim());
  if (!match) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(value)}`);
  const amount = Number(match[1]);
  const suffix = match[2] ?? '';
  const factor = BINARY[suffix] ?? DECIMAL[suffix];
  if (factor === undefined) throw new Error(`unknown quantity suffix in ${JSON.stringify(value)}`);
  return amount * factor;
}

/** CPU cores as millicores string (`1500m`) or whole cores (`2`). */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest binary unit that keeps it whole (`16Gi`, `1536Mi`). */
export function formatBytes(bytes: number): string {
  const units = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;
  for (const unit of units) {
    const factor = BINARY[unit]!;
    if (bytes >= factor && Number.isInteger(bytes / factor)) return `${bytes / factor}${unit}`;
  }
  return String(Math.ceil(bytes));
}

/** A JVM heap flag value (`-Xmx`) that is `fraction` of a memory limit, in MiB. */
export function heapOf(memoryLimit: string, fraction: number): string {
  const mib = Math.floor((parseQuantity(memoryLimit) * fraction) / 2 ** 20);
  return `${mib}m`;
}
