/**
 * Samples the process's memory on a timer, to report the peak of a load run.
 */

export interface MemoryPeak {
  /** Resident set size before the run, MB */
  readonly baselineRssMB: number
  /** Peak resident set size, MB */
  readonly rssMB: number
  /** Peak V8 heap used, MB */
  readonly heapMB: number
  /** Peak V8 heap used, bytes */
  readonly heapUsed: number
}

const MB = 1024 * 1024

/** Starts sampling every `intervalMs`; `stop()` ends it and returns the peaks. */
export const makeMemorySampler = (intervalMs: number) => {
  const baseline = process.memoryUsage().rss
  let rss = baseline
  let heapUsed = process.memoryUsage().heapUsed
  const sample = () => {
    const usage = process.memoryUsage()
    if (usage.rss > rss) rss = usage.rss
    if (usage.heapUsed > heapUsed) heapUsed = usage.heapUsed
  }
  const timer = setInterval(sample, intervalMs)
  timer.unref()
  return {
    stop: (): MemoryPeak => {
      clearInterval(timer)
      sample()
      return {
        baselineRssMB: Math.round(baseline / MB),
        rssMB: Math.round(rss / MB),
        heapMB: Math.round(heapUsed / MB),
        heapUsed
      }
    }
  }
}
