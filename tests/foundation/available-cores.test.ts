import { describe, expect, it } from "vitest";
import { availableCores, cgroupCpuQuota, type ReadTextFile } from "../../foundation/available-cores.ts";

/** A file reader over a fixed set of files; any other path reads as absent. */
const files =
  (contents: Record<string, string>): ReadTextFile =>
  (file) =>
    contents[file];

describe("availableCores", () => {
  it("uses the cgroup v2 quota in whole cores", () => {
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "200000 100000\n" }), 32)).toBe(2);
  });

  it("rounds a fractional quota down, but never below one core", () => {
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "150000 100000\n" }), 8)).toBe(1);
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "250000 100000\n" }), 8)).toBe(2);
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "20000 100000\n" }), 8)).toBe(1);
  });

  it("takes the available parallelism when the v2 quota is max", () => {
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "max 100000\n" }), 6)).toBe(6);
  });

  it("never exceeds the available parallelism, however large the quota", () => {
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "1600000 100000" }), 4)).toBe(4);
  });

  it("reads cgroup v1 quota and period when there is no v2 file", () => {
    const read = files({
      "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "300000\n",
      "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
    });
    expect(availableCores(read, 16)).toBe(3);
  });

  it("finds cgroup v1 files under cpu,cpuacct", () => {
    const read = files({
      "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us": "50000",
      "/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us": "25000",
    });
    expect(availableCores(read, 16)).toBe(2);
  });

  it("treats a v1 quota of -1 as no limit", () => {
    const read = files({
      "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
      "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
    });
    expect(availableCores(read, 12)).toBe(12);
  });

  it("takes the available parallelism when no cgroup file can be read", () => {
    expect(availableCores(files({}), 5)).toBe(5);
  });

  it("ignores a quota it cannot parse", () => {
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "garbage" }), 3)).toBe(3);
    expect(availableCores(files({ "/sys/fs/cgroup/cpu.max": "100000 0" }), 3)).toBe(3);
    expect(availableCores(files({ "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "200000" }), 3)).toBe(3);
  });

  it("reads this machine without throwing and gives at least one core", () => {
    expect(availableCores()).toBeGreaterThanOrEqual(1);
  });
});

describe("cgroupCpuQuota", () => {
  it("gives the quota as a fraction of cores", () => {
    expect(cgroupCpuQuota(files({ "/sys/fs/cgroup/cpu.max": "150000 100000" }))).toBe(1.5);
    expect(cgroupCpuQuota(files({ "/sys/fs/cgroup/cpu.max": "max 100000" }))).toBeUndefined();
  });
});
