/** Parsing and formatting of Kubernetes quantities, for quotas, heap sizing and the capacity check. */
import { quantityValue } from '../config/primitives.ts';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/**
 * A quantity as a plain number (cores for CPU, bytes for memory and storage), following the
 * Kubernetes quantity grammar (`1e9`, `.5`, `16Gi`). Throws on garbage.
 */
export function parseQuantity(value: string | number): number {
  if (typeof value === 'number') return value;
  const parsed = quantityValue(value.trim());
  if (parsed === undefined || !Number.isFinite(parsed)) throw new Error(`not a Kubernetes quantity: ${JSON.stringify(value)}`);
  return parsed;
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
