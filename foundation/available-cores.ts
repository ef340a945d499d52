import fs from "node:fs";
import os from "node:os";

/**
 * How many cores this process may keep busy: the container's CPU quota when one is set, never more than
 * os.availableParallelism(). Node 20 counts the host's (or the affinity mask's) CPUs and ignores a cgroup
 * quota, so a container limited to 2 CPUs on a 32-core host would otherwise start 32 workers that share two
 * cores' worth of time and are throttled.
 */

/** Reads a text file, or undefined when it is absent or unreadable; tests pass a fake. */
export type ReadTextFile = (file: string) => string | undefined;

/** cgroup v2: "<quota> <period>" in microseconds, or "max <period>" for no limit. */
export const CGROUP_V2_CPU_MAX = "/sys/fs/cgroup/cpu.max";
/** cgroup v1: the quota (-1 for no limit) and period, each alone in its file; the folder name varies. */
export const CGROUP_V1_CPU_DIRS = ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"] as const;

const readTextFile: ReadTextFile = (file) => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/**
 * The cores available: the cgroup quota in whole cores (rounded down, at least one: a fraction of a core
 * given its own thread only adds throttling), bounded by `parallelism`.
 */
export function availableCores(
  read: ReadTextFile = readTextFile,
  parallelism: number = os.availableParallelism(),
): number {
  const quota = cgroupCpuQuota(read);
  const cores = quota === undefined ? parallelism : Math.min(parallelism, Math.floor(quota));
  return Math.max(1, cores);
}

/** The CPU quota in cores (1.5 for 150 ms per 100 ms), or undefined when no quota is set or none can be read. */
export function cgroupCpuQuota(read: ReadTextFile = readTextFile): number | undefined {
  const v2 = read(CGROUP_V2_CPU_MAX);
  if (v2 !== undefined) {
    const [quota, period] = v2.trim().split(/\s+/);
    return quotaInCores(quota, period);
  }
  for (const dir of CGROUP_V1_CPU_DIRS) {
    const quota = read(`${dir}/cpu.cfs_quota_us`);
    if (quota === undefined) continue;
    return quotaInCores(quota.trim(), read(`${dir}/cpu.cfs_period_us`)?.trim());
  }
  return undefined;
}

/** "max", -1, a missing or non-positive figure: no usable quota. */
function quotaInCores(quota: string | undefined, period: string | undefined): number | undefined {
  if (quota === undefined || period === undefined || quota === "max") return undefined;
  const q = Number(quota);
  const p = Number(period);
  if (!Number.isFinite(q) || !Number.isFinite(p) || q <= 0 || p <= 0) return undefined;
  return q / p;
}
