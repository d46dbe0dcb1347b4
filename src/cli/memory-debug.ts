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
  const newSpace = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  debug('execArgv=%j peakRssMb=%d newSpaceMb=%d', process.execArgv, Math.round(process.resourceUsage().maxRSS / 1024), Math.round((newSpace?.space_size ?? 0) / 1048576));
}
