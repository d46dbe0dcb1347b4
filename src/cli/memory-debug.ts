import createDebug from 'debug';
import { getHeapSpaceStatistics } from 'node:v8';

const debug = createDebug('enid:memory');

/**
 * With `DEBUG=enid:memory`, one line at exit: the node flags the process got, its peak resident memory
 * and the young generation's size. The bin's shebang caps the young generation (README, P5); this line
 * is how a user, and test/integration/launcher.test.ts, see that the cap is in force.
 */
export function printMemoryDebug(): void {
  if (!debug.enabled) return;
  const mb = (bytes: number): number => Math.round(bytes / 1048576);
  const spaces = getHeapSpaceStatistics();
  const newSpace = spaces.find((s) => s.space_name === 'new_space');
  const m = process.memoryUsage();
  debug('execArgv=%j peakRssMb=%d newSpaceMb=%d', process.execArgv, Math.round(process.resourceUsage().maxRSS / 1024), mb(newSpace?.space_size ?? 0));
  // Where the rest of the resident memory is, for the next one who hunts it.
  debug('rssMb=%d heapUsedMb=%d heapTotalMb=%d externalMb=%d arrayBuffersMb=%d spaces=%s', mb(m.rss), mb(m.heapUsed), mb(m.heapTotal), mb(m.external), mb(m.arrayBuffers),
    spaces.filter((s) => s.space_size > 1048576).map((s) => `${s.space_name}:${mb(s.space_size)}`).join(','));
}
